# The SLA clock of the complaints, beside their closed loop (customer_value_complaint.py):
# pylint: disable=consider-merging-classes-inherited
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .customer_value_complaint import SLA_STATES, UNRESOLVED_STAGES

# complaints the scheduled check handles per transaction
SLA_CHECK_BATCH = 500


class CustomerValueComplaint(models.Model):
    """The SLA of a complaint: its two deadlines in working hours (the pauses not
    counted), the warning at a share of the time, the breach, and the escalation ladder.

    What has been sent is stored (``response_warned``, ``escalation_level`` ...), and
    ``sla_next_check`` holds the next moment something is due; the scheduled check reads
    the complaints whose moment has come, in one indexed query, so it can run every few
    minutes, twice in a row, and send nothing twice."""

    _inherit = "customer.value.complaint"

    sla_id = fields.Many2one(
        "customer.value.complaint.sla",
        string="SLA Policy",
        compute="_compute_sla_id",
        store=True,
        readonly=False,
        tracking=True,
        check_company=True,
        help="The first policy that matches the priority, the customer's tier and the category, until resolution.",
    )
    response_deadline = fields.Datetime(string="Answer By", compute="_compute_deadlines", store=True)
    resolution_deadline = fields.Datetime(string="Resolve By", compute="_compute_deadlines", store=True)
    response_warn_at = fields.Datetime(compute="_compute_deadlines", store=True)
    resolution_warn_at = fields.Datetime(compute="_compute_deadlines", store=True)
    sla_status = fields.Selection(SLA_STATES, string="SLA", default="none", readonly=True, copy=False, index=True)
    sla_breached_on = fields.Datetime(
        string="Breached On", readonly=True, copy=False, help="The first deadline the complaint missed."
    )
    response_warned = fields.Boolean(readonly=True, copy=False)
    resolution_warned = fields.Boolean(readonly=True, copy=False)
    emergency_alerted = fields.Boolean(readonly=True, copy=False, help="The emergency team heard of this P0.")
    escalation_level = fields.Integer(
        readonly=True, copy=False, help="How many levels of the team's escalation ladder have been notified."
    )
    sla_next_check = fields.Datetime(readonly=True, copy=False, index="btree_not_null")
    sla_attained = fields.Float(
        string="SLA Attained (%)",
        compute="_compute_sla_attained",
        store=True,
        aggregator="avg",
        help="100 for a complaint resolved within its SLA, 0 for a breached one; its mean over a group is the share "
        "of the complaints met or breached that met their SLA (those still running do not count).",
    )
    sla_color = fields.Integer(compute="_compute_sla_color", help="The kanban card's colour: the SLA state.")
    sla_deadline = fields.Datetime(
        string="Deadline", compute="_compute_sla_time", help="The deadline running now: to answer, then to resolve."
    )
    sla_hours_used = fields.Float(string="Working Hours Used", compute="_compute_sla_time")
    sla_hours_left = fields.Float(string="Working Hours Left", compute="_compute_sla_time")
    sla_used_percent = fields.Float(string="SLA Time Used (%)", compute="_compute_sla_time")

    @api.depends("sla_status")
    def _compute_sla_attained(self):
        for complaint in self:
            complaint.sla_attained = {"met": 100.0, "breached": 0.0}.get(complaint.sla_status, False)

    def _read_group_select(self, aggregate_spec, query):
        """The mean attainment counts only the complaints that met or missed their SLA,
        not those still running (which store 0)."""
        if aggregate_spec == "sla_attained:avg":
            super()._read_group_select(aggregate_spec, query)  # checks the access to the field
            return SQL(
                "AVG(%s) FILTER (WHERE %s IN ('met', 'breached'))",
                self._field_to_sql(self._table, "sla_attained", query),
                self._field_to_sql(self._table, "sla_status", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.depends("sla_status")
    def _compute_sla_color(self):
        colors = {"at_risk": 3, "breached": 1, "paused": 4}  # yellow, red, light blue
        for complaint in self:
            complaint.sla_color = colors.get(complaint.sla_status, 0) if complaint.is_open else 0

    @api.depends("priority", "tier_id", "category_id", "company_id")
    def _compute_sla_id(self):
        policies = self.env["customer.value.complaint.sla"]
        for complaint in self:
            if complaint.is_open or not complaint.sla_id:
                complaint.sla_id = policies._policy_for(complaint)

    @api.depends("sla_id", "received_on", "pause_ids.start", "pause_ids.end", "company_id.complaint_warning_percent")
    def _compute_deadlines(self):
        for complaint in self:
            policy = complaint.sla_id
            share = complaint.company_id.complaint_warning_percent / 100
            if not policy:
                complaint.update(dict.fromkeys(("response_deadline", "resolution_deadline"), False))
                complaint.update(dict.fromkeys(("response_warn_at", "resolution_warn_at"), False))
                continue
            complaint.response_deadline = complaint._sla_moment(policy.response_hours)
            complaint.resolution_deadline = complaint._sla_moment(policy.resolution_hours)
            complaint.response_warn_at = complaint._sla_moment(policy.response_hours * share)
            complaint.resolution_warn_at = complaint._sla_moment(policy.resolution_hours * share)

    def _sla_moment(self, hours):
        """When ``hours`` working hours of the SLA calendar will have run since the complaint
        came in, the pauses that began before then not counted; False while such a pause
        lasts, since the moment is not known until it ends."""
        calendar, start = self.sla_id.calendar_id, self.received_on
        moment = calendar.plan_hours(hours, start, compute_leaves=True)
        paused = 0.0
        for pause in self.pause_ids.sorted("start"):
            if not moment or pause.start >= moment:
                break
            if not pause.end:
                return False
            paused += calendar.get_work_hours_count(max(pause.start, start), pause.end)
            moment = calendar.plan_hours(hours + paused, start, compute_leaves=True)
        return moment

    def _sla_calendar_hours(self, start, end):
        """The working hours of the SLA calendar from ``start`` to ``end``; 0 without a policy."""
        return self.sla_id.calendar_id.get_work_hours_count(start, end) if self.sla_id else 0.0

    def _sla_hours_between(self, start, end):
        """The working hours of the SLA calendar from ``start`` to ``end``, pauses not counted."""
        calendar = self.sla_id.calendar_id
        if end <= start:
            return 0.0
        hours = calendar.get_work_hours_count(start, end)
        for pause in self.pause_ids:
            pause_start, pause_end = max(pause.start, start), min(pause.end or end, end)
            if pause_end > pause_start:
                hours -= calendar.get_work_hours_count(pause_start, pause_end)
        return hours

    @api.depends("sla_id", "response_deadline", "resolution_deadline", "responded_on", "resolved_on", "pause_ids")
    @api.depends_context("uid")
    def _compute_sla_time(self):
        now = fields.Datetime.now()
        for complaint in self:
            answering = not complaint.responded_on
            target = complaint.sla_id.response_hours if answering else complaint.sla_id.resolution_hours
            if not complaint.sla_id or not complaint.is_open:
                complaint.update(
                    {"sla_deadline": False, "sla_hours_used": 0.0, "sla_hours_left": 0.0, "sla_used_percent": 0.0}
                )
                continue
            used = complaint._sla_hours_between(complaint.received_on, now)
            complaint.sla_deadline = complaint.response_deadline if answering else complaint.resolution_deadline
            complaint.sla_hours_used = used
            complaint.sla_hours_left = target - used
            complaint.sla_used_percent = 100 * used / target

    def _sla_update(self, now):
        """Bring the SLA of the complaints up to ``now``: record a breach, send the warning
        and escalations that are due, each once, and set the next moment to look."""
        for complaint in self:
            progress, notices = complaint._sla_progress(now)
            changed = {fname: value for fname, value in progress.items() if complaint[fname] != value}
            if changed:
                complaint._recording().write(changed)
            if notices:
                lang = complaint.company_id.partner_id.lang or self.env.lang
                complaint.with_context(lang=lang)._sla_post_notices(notices)

    def _sla_progress(self, now):
        """The SLA fields of the complaint at ``now``, and the notices due: ("warning",
        target) or ("escalation", level)."""
        self.ensure_one()
        recorded = ("sla_breached_on", "response_warned", "resolution_warned", "emergency_alerted")
        progress = {fname: self[fname] for fname in recorded}
        notices, pending = [], []
        targets = (
            ("response", self.response_deadline, self.response_warn_at, self.responded_on),
            ("resolution", self.resolution_deadline, self.resolution_warn_at, self.resolved_on),
        )
        for target, deadline, warn_at, met_on in targets:
            if not deadline:  # no policy, or paused
                continue
            if (met_on or now) > deadline:
                progress["sla_breached_on"] = min(filter(None, (progress["sla_breached_on"], deadline)))
            elif not met_on:
                pending.append(deadline)
                if now >= warn_at and not progress[f"{target}_warned"]:
                    progress[f"{target}_warned"] = True
                    notices.append(("warning", target))
                elif not progress[f"{target}_warned"]:
                    pending.append(warn_at)
        level, ladder = self.escalation_level, self.team_id.escalation_level_ids
        if self.priority == "p0" and self.is_open and not self.emergency_alerted:
            progress["emergency_alerted"] = True
            notices.append(("emergency", self.team_id))
            if ladder and not level:
                notices.append(("escalation", ladder[0]))
                level = 1
        calendar = self.sla_id.calendar_id or self.company_id.resource_calendar_id
        if progress["sla_breached_on"] and self.is_open and calendar:
            due_at = progress["sla_breached_on"]
            for index, rung in enumerate(ladder):
                if rung.delay_hours:  # planned from a moment outside working hours, 0 hours would wait for the next
                    due_at = calendar.plan_hours(rung.delay_hours, due_at, compute_leaves=True)
                if not due_at:  # the calendar runs out of working time
                    break
                if index < level:
                    continue
                if due_at > now:
                    pending.append(due_at)
                    break
                notices.append(("escalation", rung))
                level = index + 1
        progress["escalation_level"] = level
        progress["sla_status"] = self._sla_state(progress)
        progress["sla_next_check"] = self.is_open and not self.is_waiting and min(pending, default=False)
        return progress, notices

    def _sla_state(self, progress):
        if not self.sla_id:
            return "none"
        if not self.is_open:
            return "breached" if progress["sla_breached_on"] else "met"
        if progress["sla_breached_on"]:
            return "breached"
        if self.is_waiting:
            return "paused"
        at_risk = (progress["response_warned"] and not self.responded_on) or progress["resolution_warned"]
        return "at_risk" if at_risk else "on_track"

    def _sla_post_notices(self, notices):
        """One note for the notices due at once, to the users concerned, in the language
        of the environment (the company's), and an activity for each user escalated to;
        the note notifies them already, so the activity sends no second e-mail."""
        lines, notified, escalated = [], self.env["res.users"], {}
        for kind, subject in notices:
            users, line = self._sla_notice(kind, subject)
            lines.append(line)
            notified |= users
            if kind != "warning":
                escalated.update(dict.fromkeys(users, line))
        self.message_post(
            body=Markup("<br/>").join(lines), partner_ids=notified.partner_id.ids, subtype_xmlid="mail.mt_note"
        )
        for user, line in escalated.items():
            self.with_context(mail_activity_quick_update=True).activity_schedule(
                "customer_value.mail_activity_type_complaint_escalation", user_id=user.id, summary=line
            )

    def _sla_notice(self, kind, subject):
        """The users a notice goes to, and its line."""
        if kind == "warning":
            target = _("answer") if subject == "response" else _("resolution")
            return (self.user_id | self.team_id.leader_id).filtered("active"), _(
                "SLA warning: %(percent)s%% of the time to the %(target)s of this complaint has been used.",
                percent=round(self.company_id.complaint_warning_percent),
                target=target,
            )
        if kind == "emergency":
            return self.team_id.emergency_user_ids, _("Major incident (P0): the emergency team is alerted.")
        users = self.team_id._escalation_users(subject)
        return users, _(
            "Escalated to %(level)s (%(users)s): the complaint has missed its SLA.",
            level=subject.with_env(self.env).name,
            users=", ".join(users.mapped("name")),
        )

    @api.model
    def _cron_check_sla(self):
        """Handle the complaints whose next SLA moment has come, a batch per transaction;
        the cron runs again at once while some are left."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM customer_value_complaint
                 WHERE sla_next_check <= %(now)s AND stage IN %(open)s
                 ORDER BY sla_next_check
                 LIMIT %(limit)s
                   FOR UPDATE SKIP LOCKED
                """,
                now=fields.Datetime.now(),
                open=UNRESOLVED_STAGES,
                limit=SLA_CHECK_BATCH + 1,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        due = self.browse(ids[:SLA_CHECK_BATCH])
        due._sla_update(fields.Datetime.now())
        self.env["ir.cron"]._notify_progress(done=len(due), remaining=len(ids) - len(due))

    def _pause_clock(self, reason):
        """Stop the SLA clock until the customer answers, with who and why on record."""
        now = fields.Datetime.now()
        for complaint in self:
            if not complaint.is_open:
                raise UserError(
                    _("Only an unresolved complaint waits for the customer: %s is resolved.", complaint.display_name)
                )
            if complaint.is_waiting:
                raise UserError(_("Complaint %s is already waiting for the customer.", complaint.display_name))
        self.env["customer.value.complaint.pause"].sudo().create(
            [{"complaint_id": c.id, "start": now, "user_id": self.env.user.id, "reason": reason} for c in self]
        )
        for complaint in self:
            complaint.message_post(body=_("Waiting for the customer: %s", reason), subtype_xmlid="mail.mt_note")
        self._sla_update(now)

    def _resume_clock(self, now, note):
        pauses = self.pause_ids.filtered(lambda pause: not pause.end)
        for pause in pauses.sudo():
            pause.write(
                {
                    "end": now,
                    "resumed_by_id": self.env.user.id,
                    "working_hours": pause.complaint_id._sla_calendar_hours(pause.start, now),
                }
            )
        for complaint in pauses.complaint_id:
            complaint.message_post(body=_("The SLA clock runs again. %s", note), subtype_xmlid="mail.mt_note")
        pauses.complaint_id._sla_update(now)
