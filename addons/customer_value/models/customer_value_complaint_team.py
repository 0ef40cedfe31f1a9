from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

UNKNOWN_SENDER_POLICIES = [
    ("flag", "Create the complaint and flag the sender"),
    ("refuse", "Refuse the e-mail, with a reply"),
]


class CustomerValueComplaintTeam(models.Model):
    """A team that handles complaints: its members see its complaints, its escalation
    ladder says who hears of a breach, its emergency users hear of every P0 at once, and
    its e-mail alias turns customers' e-mails into its complaints."""

    _name = "customer.value.complaint.team"
    _inherit = ["mail.thread", "mail.alias.mixin"]
    _description = "Complaint Team"
    _order = "sequence, id"
    _check_company_domain = models.check_company_domain_parent_of  # branches use their parent's

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        domain="[('share', '=', False)]",
        help="Hears of the team's SLA warnings, and of breaches on the ladder's levels that name no one.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "customer_value_complaint_team_member_rel",
        string="Members",
        domain="[('share', '=', False)]",
        help="Complaint users see the complaints of the teams they lead or belong to.",
    )
    emergency_user_ids = fields.Many2many(
        "res.users",
        "customer_value_complaint_team_emergency_rel",
        string="Emergency Team",
        domain="[('share', '=', False)]",
        help="Alerted as soon as a P0 (major incident) complaint is created for this team.",
    )
    escalation_level_ids = fields.One2many(
        "customer.value.complaint.escalation.level", "team_id", string="Escalation Ladder", copy=True
    )
    unknown_sender_policy = fields.Selection(
        UNKNOWN_SENDER_POLICIES,
        string="E-mails From Unknown Senders",
        required=True,
        default="flag",
        help="An e-mail to the alias from an address that belongs to no known contact either creates a "
        "complaint marked Unknown Sender, for someone to link it to a customer, or is refused with a reply.",
    )
    complaint_ids = fields.One2many("customer.value.complaint", "team_id", string="Complaints")
    open_complaint_count = fields.Integer(compute="_compute_open_complaint_count", string="Open Complaints")

    @api.depends("complaint_ids.stage")
    def _compute_open_complaint_count(self):
        counts = dict(
            self.env["customer.value.complaint"]._read_group(
                [("team_id", "in", self.ids), ("is_open", "=", True)], ["team_id"], ["__count"]
            )
        )
        for team in self:
            team.open_complaint_count = counts.get(team, 0)

    @api.constrains("leader_id", "escalation_level_ids")
    def _check_escalation_ladder(self):
        for team in self:
            for level in team.escalation_level_ids:
                if not (level.user_ids or team.leader_id):
                    raise ValidationError(
                        _(
                            "The escalation level “%(level)s” of the team %(team)s names no user, and the team has no "
                            "Team Leader to notify instead: set one of them.",
                            level=level.name,
                            team=team.name,
                        )
                    )

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("customer.value.complaint")
        if self.id:
            values["alias_defaults"] = {"team_id": self.id, "company_id": self.company_id.id}
            values["alias_contact"] = "partners" if self.unknown_sender_policy == "refuse" else "everyone"
        return values

    def write(self, vals):
        result = super().write(vals)
        if "unknown_sender_policy" in vals:
            for team in self.filtered("alias_id"):
                team.alias_id.sudo().alias_contact = team._alias_get_creation_values()["alias_contact"]
        return result

    def _escalation_users(self, level):
        """The users a level of the ladder notifies: its own, else the team leader."""
        return level.user_ids or self.leader_id
