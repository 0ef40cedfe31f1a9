# Follow-up activities of the value records, beside their figures (customer_value.py):
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta
from typing import NamedTuple

import pandas as pd

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.bulk import insert_frame

# the columns of mail_activity the follow-ups fill (the rest: constants, or empty)
ACTIVITY_COLUMNS = {
    "res_model_id": "integer",
    "res_model": "varchar",
    "res_id": "integer",
    "res_name": "varchar",
    "activity_type_id": "integer",
    "summary": "varchar",
    "note": "text",
    "date_deadline": "date",
    "user_id": "integer",
    "user_tz": "varchar",
}


class FollowUp(NamedTuple):
    """An activity to schedule on a value record (see ``customer.value._create_follow_ups``):
    ``summary(value)`` and ``note(value)`` write its texts, ``value`` being in the language
    of the user who gets it; ``user_id`` False: the customer's salesperson."""

    value_id: int
    activity_type: models.BaseModel
    deadline: object
    summary: object
    note: object = None
    user_id: int = False


class CustomerValue(models.Model):
    """Follow-up work on customers (retention projects, churn warnings, touchpoints) as
    ``mail.activity`` on their value records, scheduled in bulk for the right user."""

    _inherit = "customer.value"

    @api.model
    def _schedule_follow_ups(self, values, activity_type, note=None):
        """Schedule one activity of ``activity_type`` on each of ``values`` for the
        customer's salesperson, else the company's follow-up user (none without either),
        in bulk; a record that has one open already gets none, so a second run adds
        nothing. ``note(value)`` writes its note, in the language of the environment, which
        is the user's."""
        if not values:
            return self.env["mail.activity"]
        self.env["mail.activity"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT v.id FROM unnest(%(ids)s::int[]) v(id)
                 WHERE v.id NOT IN (SELECT a.res_id FROM mail_activity a
                                     WHERE a.res_id = ANY(%(ids)s) AND a.res_model = %(model)s
                                       AND a.activity_type_id = %(type)s)
                 ORDER BY v.id
                """,
                ids=values.ids,
                model=self._name,
                type=activity_type.id,
            )
        )
        pending = [value_id for (value_id,) in self.env.cr.fetchall()]
        deadline = fields.Date.context_today(self) + timedelta(days=activity_type.delay_count)
        activities = self._create_follow_ups(
            [
                FollowUp(
                    value_id, activity_type, deadline, lambda value: activity_type.with_env(value.env).summary, note
                )
                for value_id in pending
            ]
        )
        return self.env["mail.activity"].concat(*activities)

    @api.model
    def _follow_up_user(self, value):
        """SQL: who gets the follow-ups of the value record ``value`` (an alias of
        ``customer_value``) that name no user: its customer's salesperson, else its
        company's follow-up user, if active; NULL without."""
        return SQL(
            """(SELECT u.id FROM res_partner p
                  JOIN res_company c ON c.id = %(value)s.company_id
                  JOIN res_users u ON u.id = COALESCE(p.user_id, c.customer_value_user_id) AND u.active
                 WHERE p.id = %(value)s.partner_id)""",
            value=value,
        )

    @api.model
    def _create_follow_ups(self, follow_ups):
        """Create the activities of ``follow_ups`` (:class:`FollowUp`) on their value
        records, in bulk, each for its user, else the customer's salesperson, else the
        company's follow-up user; one without any of them is left out. Summaries and notes
        are written in the language of the user who gets them. Return the activity of each
        follow-up, in their order (an empty recordset for one left out)."""
        if not follow_ups:
            return []
        self.env.cr.execute(
            SQL(
                "SELECT v.id, %s FROM customer_value v WHERE v.id = ANY(%s)",
                self._follow_up_user(SQL("v")),
                list({follow_up.value_id for follow_up in follow_ups if not follow_up.user_id}),
            )
        )
        customer_users = {value_id: user_id for value_id, user_id in self.env.cr.fetchall() if user_id}
        user_ids = [follow_up.user_id or customer_users.get(follow_up.value_id) for follow_up in follow_ups]
        # one prefetch set each, so that reading users and notes is a query per field, not per row
        users = {user.id: user for user in self.env["res.users"].browse({user_id for user_id in user_ids if user_id})}
        values = self.browse([follow_up.value_id for follow_up in follow_ups])
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list, created = [], []
        for follow_up, value, user_id in zip(follow_ups, values, user_ids, strict=True):
            created.append(bool(user_id))
            if not user_id:
                continue
            in_lang = value.with_context(lang=users[user_id].lang)
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": value.id,
                    "activity_type_id": follow_up.activity_type.id,
                    "user_id": user_id,
                    "date_deadline": follow_up.deadline,
                    "summary": follow_up.summary(in_lang),
                    "note": follow_up.note(in_lang) if follow_up.note else False,
                }
            )
        activities = iter(self._create_activities(vals_list))
        return [next(activities) if made else self.env["mail.activity"] for made in created]

    @api.model
    def _create_activities(self, vals_list):
        """Create the activities of ``vals_list`` (``mail.activity`` values of records of
        this model) in bulk, in their order, set-based: what ``mail.activity.create`` does
        for them, without its work per row (a first run schedules tens of thousands): the
        activity rows, named after their record and in their user's timezone, and each user
        a follower of the record with the default subtypes. No notification is sent, as
        with ``mail_activity_quick_update``."""
        Activity = self.env["mail.activity"]
        if not vals_list:
            return Activity
        Activity.flush_model()
        self.env["mail.followers"].flush_model()
        records = self.browse({vals["res_id"] for vals in vals_list}).sudo()
        names = dict(zip(records.ids, records.mapped("display_name"), strict=True))
        users = self.env["res.users"].sudo().browse({vals["user_id"] for vals in vals_list})
        timezones = {user.id: user.tz or None for user in users}
        rows = pd.DataFrame(vals_list)
        rows["res_model"] = self._name
        rows["res_name"] = rows["res_id"].map(names)
        rows["user_tz"] = rows["user_id"].map(timezones)
        rows["note"] = rows["note"].map(lambda note: str(note) if note else None)
        now = fields.Datetime.now()
        constants = {
            "active": True,
            "automated": True,
            "create_uid": self.env.uid,
            "create_date": now,
            "write_uid": self.env.uid,
            "write_date": now,
        }
        ids = insert_frame(self.env.cr, Activity._table, ACTIVITY_COLUMNS, rows, constants)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_followers (res_model, res_id, partner_id)
                SELECT DISTINCT a.res_model, a.res_id, u.partner_id
                  FROM mail_activity a
                  JOIN res_users u ON u.id = a.user_id
                 WHERE a.id = ANY(%s)
                    ON CONFLICT (res_model, res_id, partner_id) DO NOTHING
                RETURNING id
                """,
                ids,
            )
        )
        followers = [row[0] for row in self.env.cr.fetchall()]
        subtypes, _internal, _external = self.env["mail.message.subtype"]._default_subtypes(self._name)
        if followers and subtypes:
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)
                    SELECT f, s FROM unnest(%s::int[]) f CROSS JOIN unnest(%s::int[]) s
                    """,
                    followers,
                    subtypes,
                )
            )
        Activity.invalidate_model()
        self.env["mail.followers"].invalidate_model()
        self.invalidate_model(["activity_ids", "message_follower_ids"])
        return Activity.browse(ids)
