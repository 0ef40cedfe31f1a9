from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

PRIORITIES = [
    ("p0", "P0 - Major Incident"),
    ("p1", "P1 - High"),
    ("p2", "P2 - Standard"),
    ("p3", "P3 - Low"),
]
# the closed loop, in its order: a complaint goes one step at a time
STAGES = [
    ("received", "Received"),
    ("diagnosed", "Diagnosed"),
    ("resolved", "Resolved"),
    ("follow_up", "Follow-up Visit"),
    ("improvement", "Improvement Action"),
    ("closed", "Closed"),
]
STAGE_ORDER = [stage for stage, _label in STAGES]
# the steps before the resolution: the SLA clock runs in them
UNRESOLVED_STAGES = ("received", "diagnosed")
# what a complaint needs before it may enter a step
STEP_REQUIREMENTS = {
    "diagnosed": "root_cause_id",
    "resolved": "resolution",
    "follow_up": "csat_score",
    "improvement": "corrective_action",
}
CSAT_SCORES = [
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]
# what the complaint itself records, as its steps and its SLA clock go: never written by hand
RECORDED_FIELDS = (
    "reference",
    "received_on",
    "responded_on",
    "resolved_on",
    "closed_on",
    "reopen_count",
    "satisfaction_id",
    "sla_status",
    "sla_breached_on",
    "response_warned",
    "resolution_warned",
    "emergency_alerted",
    "escalation_level",
    "sla_next_check",
)
SLA_STATES = [
    ("none", "No SLA"),
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("paused", "Waiting for Customer"),
    ("breached", "Breached"),
    ("met", "Met"),
]


class _Recording:
    """The context mark of the complaint's own writes (of a reopening, with its reason): an
    object, which no RPC call can send, so a client can neither write what the complaint
    records nor take a complaint back without Reopen."""

    __slots__ = ("reason",)

    def __init__(self, reason=None):
        self.reason = reason


class CustomerValueComplaint(models.Model):
    """A customer's complaint, taken through the closed loop: received, diagnosed (a root
    cause found), resolved, a follow-up visit that records the customer's satisfaction,
    an improvement action that fixes the cause, closed. Its SLA policy sets how soon it
    must be answered and resolved in working hours (customer_value_complaint_clock.py);
    e-mails to a team's alias create and thread complaints (customer_value_complaint_mail.py)."""

    _name = "customer.value.complaint"
    _inherit = ["rating.mixin", "mail.activity.mixin"]
    _description = "Customer Complaint"
    _order = "priority, received_on desc, id desc"
    _rec_names_search = ["reference", "name", "partner_id.name"]
    _mail_post_access = "read"
    _check_company_auto = True

    reference = fields.Char(readonly=True, copy=False, default=lambda self: _("New"), index="trigram")
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html(help="What the customer reported.")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Complained By",
        tracking=True,
        index="btree_not_null",
        help="The person who complained; the customer is the company they belong to.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
        help="The commercial partner of the contact.",
    )
    email_from = fields.Char(string="E-mail", help="Where the complaint came from, when it came by e-mail.")
    unknown_sender = fields.Boolean(
        help="The complaint came by e-mail from an address no known contact has: link it to the customer."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handled By",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
    )
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson", store=True)
    team_id = fields.Many2one(
        "customer.value.complaint.team",
        required=True,
        tracking=True,
        index=True,
        default=lambda self: self._default_team(),
        check_company=True,
    )
    invoice_id = fields.Many2one(
        "account.move",
        check_company=True,
        domain="[('move_type', 'in', ('out_invoice', 'out_refund')), ('commercial_partner_id', '=', partner_id)]",
        help="The invoice the complaint is about, if any.",
    )
    order_ref = fields.Reference(
        selection="_selection_order_ref",
        string="Order",
        help="The sale order the complaint is about, if any (with the Sales app).",
    )
    category_id = fields.Many2one("customer.value.complaint.category", tracking=True, check_company=True)
    priority = fields.Selection(PRIORITIES, required=True, default="p2", tracking=True, index=True)
    stage = fields.Selection(
        STAGES,
        string="Step",
        required=True,
        default="received",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_expand_stages",
    )
    is_open = fields.Boolean(
        string="Unresolved", compute="_compute_is_open", store=True, help="Received or diagnosed: not resolved yet."
    )
    tier_id = fields.Many2one(
        "customer.value.tier",
        string="Customer Tier",
        compute="_compute_tier_id",
        store=True,
        help="The customer's value tier when the complaint came in: the SLA and compensation limits depend on it.",
    )
    received_on = fields.Datetime(
        required=True, readonly=True, copy=False, default=fields.Datetime.now, help="When the SLA clock started."
    )
    responded_on = fields.Datetime(
        string="Answered On",
        readonly=True,
        copy=False,
        help="The first answer to the customer: a message sent from the complaint, or its diagnosis.",
    )
    resolved_on = fields.Datetime(readonly=True, copy=False)
    closed_on = fields.Datetime(readonly=True, copy=False)
    diagnosis = fields.Text(help="What the investigation found.")
    root_cause_id = fields.Many2one(
        "customer.value.complaint.root.cause",
        tracking=True,
        check_company=True,
        help="Needed to mark the complaint diagnosed.",
    )
    resolution = fields.Text(help="What was done for the customer; needed to mark the complaint resolved.")
    csat_score = fields.Selection(
        CSAT_SCORES,
        string="Customer Satisfaction",
        tracking=True,
        copy=False,
        help="The customer's satisfaction with the resolution (1-5), as the follow-up visit or the customer's "
        "rating found it; needed to complete the follow-up visit. It counts in the customer's CSAT.",
    )
    satisfaction_id = fields.Many2one("customer.value.satisfaction", readonly=True, copy=False)
    corrective_action = fields.Text(
        string="Improvement Action",
        help="What was changed so that the cause does not come back; needed to complete the improvement step.",
    )
    step_ids = fields.One2many("customer.value.complaint.step", "complaint_id", string="Steps", readonly=True)
    pause_ids = fields.One2many("customer.value.complaint.pause", "complaint_id", string="Pauses", readonly=True)
    is_waiting = fields.Boolean(
        string="Waiting for Customer",
        compute="_compute_is_waiting",
        store=True,
        help="The SLA clock stands still until the customer answers.",
    )
    reopen_count = fields.Integer(string="Reopened", readonly=True, copy=False)
    compensation_ids = fields.One2many("customer.value.compensation", "complaint_id", string="Compensations")

    _sql_constraints = [
        ("reference_company_uniq", "UNIQUE (reference, company_id)", "A complaint reference is unique per company.")
    ]

    @api.model
    def _default_team(self):
        teams = self.env["customer.value.complaint.team"].search([("company_id", "parent_of", self.env.company.id)])
        user = self.env.user
        return teams.filtered(lambda team: user in team.member_ids or user == team.leader_id)[:1] or teams[:1]

    @api.model
    def _expand_stages(self, stages, domain):
        """Every step of the loop is a kanban column, empty or not."""
        return list(STAGE_ORDER)

    @api.model
    def _selection_order_ref(self):
        return [(model, self.env[model]._description) for model in ("sale.order",) if model in self.env]

    @api.depends("contact_id")
    def _compute_partner_id(self):
        for complaint in self.filtered("contact_id"):
            complaint.partner_id = complaint.contact_id.commercial_partner_id

    @api.depends("stage")
    def _compute_is_open(self):
        for complaint in self:
            complaint.is_open = complaint.stage in UNRESOLVED_STAGES

    @api.depends("pause_ids.end")
    def _compute_is_waiting(self):
        for complaint in self:
            complaint.is_waiting = any(not pause.end for pause in complaint.pause_ids)

    @api.depends("partner_id", "company_id")
    def _compute_tier_id(self):
        tiers = self.env["customer.value"]._tiers_of(self.partner_id, self.company_id)
        for complaint in self:
            complaint.tier_id = tiers.get((complaint.partner_id, complaint.company_id), False)

    @api.constrains("partner_id")
    def _check_partner_is_customer(self):
        for complaint in self.filtered("partner_id"):
            if complaint.partner_id.commercial_partner_id != complaint.partner_id:
                raise ValidationError(
                    _(
                        "The Customer of complaint %(complaint)s is the company %(company)s, not its contact "
                        "%(contact)s: put the contact in “Complained By”.",
                        complaint=complaint.display_name,
                        company=complaint.partner_id.commercial_partner_id.display_name,
                        contact=complaint.partner_id.display_name,
                    )
                )

    @api.constrains("stage", *STEP_REQUIREMENTS.values())
    def _check_step_requirements(self):
        """What a step needed stays filled in while the complaint is past it."""
        for complaint in self:
            reached = STAGE_ORDER.index(complaint.stage)
            for stage, needed in STEP_REQUIREMENTS.items():
                if STAGE_ORDER.index(stage) <= reached and not complaint[needed]:
                    raise ValidationError(
                        _(
                            "Complaint %(complaint)s is past “%(step)s”, which needs “%(field)s”: it cannot be "
                            "emptied. Reopen the complaint to change its course.",
                            complaint=complaint.display_name,
                            step=dict(complaint._fields["stage"]._description_selection(self.env))[stage],
                            field=complaint._fields[needed].get_description(self.env)["string"],
                        )
                    )

    def _check_protected_fields(self, vals):
        """Refuse a write of what the complaint records itself (its dates, its SLA
        progress, its reopenings), unless the complaint writes it or the superuser does;
        and a choice of SLA policy by anyone but a complaint manager."""
        if self.env.su:
            return
        if "sla_id" in vals and not self.env.user.has_group("customer_value.group_complaint_manager"):
            raise AccessError(
                _(
                    "Only a complaint manager can change the SLA policy of a complaint; it follows the priority, "
                    "the customer's tier and the category."
                )
            )
        written = [fname for fname in RECORDED_FIELDS if fname in vals]
        if written and not isinstance(self.env.context.get("complaint_recording"), _Recording):
            labels = [self._fields[fname].get_description(self.env)["string"] for fname in written]
            raise UserError(
                _(
                    "“%s” of a complaint are recorded as the complaint goes through its steps and its SLA clock "
                    "runs; they cannot be set by hand.",
                    "”, “".join(labels),
                )
            )

    def _recording(self, reason=None):
        """The complaints, to write what they record themselves."""
        return self.with_context(complaint_recording=_Recording(reason))

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for complaint in self:
            complaint.display_name = " ".join(filter(None, (complaint.reference, complaint.name)))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_protected_fields(vals)
            if vals.get("stage", "received") != "received" and not self.env.su:
                raise UserError(
                    _("A new complaint starts “Received”: create it there, then take it through its steps.")
                )
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            vals["reference"] = self.env["ir.sequence"].with_company(company).next_by_code(
                "customer.value.complaint"
            ) or _("New")
        complaints = super().create(vals_list)
        now = fields.Datetime.now()
        complaints._log_step_entries(now)
        complaints._sla_update(now)
        return complaints

    def write(self, vals):
        self._check_protected_fields(vals)
        if "stage" not in vals:
            return super().write(vals) and self._after_write(vals)
        target = vals["stage"]
        moving = self.filtered(lambda complaint: complaint.stage != target)
        for complaint in moving:
            complaint._check_step(target, vals)
        now = fields.Datetime.now()
        moving.filtered("is_waiting")._resume_clock(now, _("The complaint moved on to “%s”.", dict(STAGES)[target]))
        super().write(vals)
        moving._stamp_step(target, now)
        moving._log_step_entries(now)
        if target == "resolved":
            moving._schedule_follow_up_visit()
            moving._ask_for_rating()
        elif target == "follow_up":
            moving.activity_feedback(["customer_value.mail_activity_type_complaint_follow_up"])
        return self._after_write(vals)

    def _after_write(self, vals):
        if "csat_score" in vals:
            self._record_satisfaction("manual")
        if {"stage", "sla_id", "priority", "team_id"} & set(vals):
            self._sla_update(fields.Datetime.now())
        return True

    def _check_step(self, target, vals):
        """Refuse a move that skips a step, goes back without a reopening, or lacks what the
        step needs; the message names the step or the field."""
        self.ensure_one()
        current, wanted = STAGE_ORDER.index(self.stage), STAGE_ORDER.index(target)
        labels = dict(self._fields["stage"]._description_selection(self.env))
        if wanted < current and not self._reopening_reason():
            raise UserError(
                _(
                    "Complaint %(complaint)s is already past “%(target)s”: use Reopen, which asks why, to take it "
                    "back.",
                    complaint=self.display_name,
                    target=labels[target],
                )
            )
        if wanted > current + 1:
            raise UserError(
                _(
                    "Complaint %(complaint)s cannot go to “%(target)s”: the step “%(missing)s” is not done yet. The "
                    "steps go in order: %(steps)s.",
                    complaint=self.display_name,
                    target=labels[target],
                    missing=labels[STAGE_ORDER[current + 1]],
                    steps=" → ".join(labels[stage] for stage in STAGE_ORDER),
                )
            )
        needed = STEP_REQUIREMENTS.get(target) if wanted > current else None
        if needed and not vals.get(needed, self[needed]):
            raise UserError(
                _(
                    "Complaint %(complaint)s needs “%(field)s” before it can be marked “%(target)s”: fill it in first.",
                    complaint=self.display_name,
                    field=self._fields[needed].get_description(self.env)["string"],
                    target=labels[target],
                )
            )

    def _stamp_step(self, target, now):
        """Date the moments the SLA and the reports read: the diagnosis counts as the first
        answer when none was sent; a reopening takes back the resolution and the closing."""
        for complaint in self:
            stamps = {}
            if target != "received" and not complaint.responded_on:
                stamps["responded_on"] = now
            if target == "resolved" and not complaint.resolved_on:
                stamps["resolved_on"] = now
            if target == "closed":
                stamps["closed_on"] = now
            if target in UNRESOLVED_STAGES:
                stamps.update(resolved_on=False, closed_on=False)
            if stamps:
                complaint._recording().write(stamps)

    def _log_step_entries(self, now):
        """End the step each complaint leaves and start the one it enters."""
        steps = self.env["customer.value.complaint.step"].sudo()
        steps.search([("complaint_id", "in", self.ids), ("left_on", "=", False)]).write({"left_on": now})
        reason = self._reopening_reason()
        steps.create(
            [
                {
                    "complaint_id": complaint.id,
                    "stage": complaint.stage,
                    "entered_on": now,
                    "user_id": self.env.user.id,
                    "is_reopening": bool(reason),
                    "reason": reason or False,
                }
                for complaint in self
            ]
        )

    def _reopening_reason(self):
        """The reason of the reopening under way, if Reopen is writing."""
        recording = self.env.context.get("complaint_recording")
        return isinstance(recording, _Recording) and recording.reason

    def _schedule_follow_up_visit(self):
        for complaint in self:
            days = complaint.company_id.complaint_follow_up_days
            complaint.activity_schedule(
                "customer_value.mail_activity_type_complaint_follow_up",
                date_deadline=fields.Date.context_today(complaint) + timedelta(days=days),
                user_id=(complaint.user_id or self.env.user).id,
                summary=_("Visit the customer about %s", complaint.display_name),
            )

    def _ask_for_rating(self):
        template = self.env.ref("customer_value.mail_template_complaint_rating", raise_if_not_found=False)
        for complaint in self.filtered(lambda c: template and (c.contact_id or c.partner_id).email):
            complaint.rating_send_request(template, force_send=False)

    def _rating_get_partner(self):
        return self.contact_id or self.partner_id

    def _record_satisfaction(self, source):
        """Count the complaint's satisfaction score in the customer's CSAT, as one answer
        per complaint that follows the score."""
        for complaint in self.filtered(lambda c: c.csat_score and c.partner_id):
            values = {
                "company_id": complaint.company_id.id,
                "partner_id": complaint.partner_id.id,
                "contact_id": complaint.contact_id.id,
                "kind": "csat",
                "score": int(complaint.csat_score),
                "source": source,
                "comment": complaint.display_name,
            }
            answer = complaint.satisfaction_id.sudo()
            if answer:
                answer.write(values)
            else:
                complaint._recording().satisfaction_id = answer.create(values)

    def rating_apply(self, rate, token=None, rating=None, feedback=None, subtype_xmlid=None, notify_delay_send=False):
        rating = super().rating_apply(
            rate, token=token, rating=rating, feedback=feedback, subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )  # fmt: skip
        if rate >= 1:
            complaint = self.sudo()
            super(CustomerValueComplaint, complaint).write({"csat_score": str(round(rate))})
            complaint._record_satisfaction("rating")
        return rating

    # actions of the form's buttons

    def _advance(self, target):
        self.write({"stage": target})
        return True

    def action_diagnose(self):
        return self._advance("diagnosed")

    def action_resolve(self):
        return self._advance("resolved")

    def action_follow_up_done(self):
        return self._advance("follow_up")

    def action_improvement_done(self):
        return self._advance("improvement")

    def action_close(self):
        return self._advance("closed")

    def action_open_reopen_wizard(self):
        return self._open_reason_wizard("reopen", _("Reopen Complaint"))

    def action_open_pause_wizard(self):
        return self._open_reason_wizard("pause", _("Wait for the Customer"))

    def _open_reason_wizard(self, purpose, title):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "customer.value.complaint.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id, "default_purpose": purpose},
        }

    def action_resume(self):
        self._resume_clock(fields.Datetime.now(), _("Resumed by hand."))
        return True

    def _reopen(self, reason):
        """Take resolved or later complaints back to Received, with the reason on record;
        their resolution clock runs again from where it stood: the time spent resolved is
        kept as a pause, which does not count."""
        done = self.filtered(lambda complaint: complaint.stage not in UNRESOLVED_STAGES)
        if done != self:
            raise UserError(
                _(
                    "Only a resolved complaint can be reopened; %s is not resolved yet.",
                    ", ".join((self - done).mapped("display_name")),
                )
            )
        now = fields.Datetime.now()
        self.env["customer.value.complaint.pause"].sudo().create(
            [
                {
                    "complaint_id": complaint.id,
                    "kind": "resolved",
                    "start": complaint.resolved_on,
                    "end": now,
                    "user_id": self.env.user.id,
                    "resumed_by_id": self.env.user.id,
                    "reason": reason,
                    "working_hours": complaint._sla_calendar_hours(complaint.resolved_on, now),
                }
                for complaint in done.filtered("resolved_on")
            ]
        )
        for complaint in done:
            complaint._recording(reason).write({"stage": "received", "reopen_count": complaint.reopen_count + 1})
            complaint.message_post(body=_("Reopened: %s", reason), subtype_xmlid="mail.mt_note")
