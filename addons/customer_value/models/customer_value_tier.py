import math
from itertools import pairwise

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.settings import TierRule


class CustomerValueTier(models.Model):
    """A value tier (Diamond, Gold ...) and the rule a customer must meet to hold it.

    Tiers apply to one company, or to every company when the company is left empty, and
    rank by sequence: the lowest sequence is the best tier. The minimum revenue is money,
    so it is set per company, in that company's currency. Assigning tiers is a step of
    the value runs (:class:`~.customer_value_tiering.CustomerValueTiering`).
    """

    _name = "customer.value.tier"
    _description = "Customer Value Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Tiers rank by sequence: the lowest is the best tier.")
    active = fields.Boolean(default=True)
    color = fields.Integer(string="Colour", help="Colour of the tier's badge.")
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to use this tier in every company.",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    top_percent = fields.Float(
        string="Top % by Value Score",
        required=True,
        default=100.0,
        help="The tier takes the customers ranked in this top share by value score; 100 takes everybody left.",
    )
    min_revenue = fields.Float(
        string="Minimum Revenue",
        company_dependent=True,
        digits="Account",
        help="Net revenue in the RFM window a customer needs as well, in the currency of the current company "
        "(each company sets its own; 0: no minimum).",
    )
    min_invoices = fields.Integer(
        string="Minimum Invoices", help="Invoices in the RFM window a customer needs as well (0: no minimum)."
    )
    max_complaint_rate = fields.Float(
        string="Complaint Rate Below (%)",
        help="A customer's complaints in the RFM window per hundred invoices must stay below this share (0: no "
        "limit); read from the Complaint Rate figure of the value run.",
    )
    retention_watch = fields.Boolean(
        string="Watch for Inactivity",
        help="Flag customers of this tier for a retention project when they stop buying "
        "(see the retention alert delay in Settings).",
    )
    benefits = fields.Html(translate=True, help="What customers of this tier receive.")
    customer_count = fields.Integer(compute="_compute_customer_count", string="Customers")

    @api.depends_context("company")
    def _compute_currency_id(self):
        for tier in self:
            tier.currency_id = self.env.company.currency_id

    def _compute_customer_count(self):
        counts = dict(
            self.env["customer.value"]._read_group(
                [("tier_id", "in", self.ids), ("company_id", "in", self.env.companies.ids)],
                ["tier_id"],
                ["__count"],
            )
        )
        for tier in self:
            tier.customer_count = counts.get(tier, 0)

    @api.constrains("top_percent", "min_revenue", "min_invoices", "max_complaint_rate")
    def _check_rule_values(self):
        for tier in self:
            if not math.isfinite(tier.max_complaint_rate) or not 0 <= tier.max_complaint_rate <= 100:
                raise ValidationError(
                    _(
                        "“Complaint Rate Below (%%)” of tier %(tier)s is a share from 0 (no limit) to 100 (got "
                        "%(value)s).",
                        tier=tier.name,
                        value=tier.max_complaint_rate,
                    )
                )
            if not math.isfinite(tier.top_percent) or not 0 < tier.top_percent <= 100:
                raise ValidationError(_("The top share of tier %s must be above 0%% and at most 100%%.", tier.name))
            if not math.isfinite(tier.min_revenue) or tier.min_revenue < 0 or tier.min_invoices < 0:
                raise ValidationError(
                    _("The minimum revenue and invoices of tier %s must be numbers of 0 or more.", tier.name)
                )

    @api.constrains("sequence", "top_percent", "min_revenue", "min_invoices", "company_id", "active")
    def _check_tier_order(self):
        """Within the tiers of a company, a better tier must be strictly more selective."""
        companies = self.company_id
        if not all(tier.company_id for tier in self):  # a shared tier joins every company's set
            companies = self.env["res.company"].sudo().search([])
        for company in companies:
            tiers = self.sudo().with_company(company)._for_company(company)
            for better, worse in pairwise(tiers):
                if better.sequence == worse.sequence:
                    raise ValidationError(
                        _(
                            "Tiers %(a)s and %(b)s have the same sequence in %(company)s: give each tier its own rank.",
                            a=better.name,
                            b=worse.name,
                            company=company.name,
                        )
                    )
                if better.top_percent >= worse.top_percent:
                    raise ValidationError(
                        _(
                            "Tier %(a)s ranks above %(b)s but takes the top %(pa)s%% against %(pb)s%%: "
                            "the better tier must take a smaller top share (check the sequence or the top %%).",
                            a=better.name,
                            b=worse.name,
                            pa=better.top_percent,
                            pb=worse.top_percent,
                        )
                    )
                if better.min_revenue < worse.min_revenue or better.min_invoices < worse.min_invoices:
                    raise ValidationError(
                        _(
                            "Tier %(a)s ranks above %(b)s but asks for less revenue or fewer invoices in "
                            "%(company)s: raise the minimums of %(a)s or lower those of %(b)s.",
                            a=better.name,
                            b=worse.name,
                            company=company.name,
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        used = self.env["customer.value"].sudo().with_context(active_test=False).search_count(
            ["|", ("tier_id", "in", self.ids), ("tier_lock_tier_id", "in", self.ids)], limit=1
        ) or self.env["customer.value.tier.history"].sudo().search_count(
            ["|", ("from_tier_id", "in", self.ids), ("to_tier_id", "in", self.ids)], limit=1
        )
        if used:
            raise UserError(
                _(
                    "Tiers that customers hold, or that their tier history mentions, cannot be deleted: "
                    "archive them instead (Action > Archive), and the next run moves their customers on."
                )
            )

    @api.model
    def _for_company(self, company):
        """The active tiers that apply to ``company``, best first."""
        return self.search([("company_id", "in", [company.id, False])])

    @api.model
    def _rules_for_company(self, company):
        """The tiers of ``company`` as plain rules for the tiering functions, best first
        (minimum revenues in that company's currency)."""
        return [
            TierRule(tier.id, tier.top_percent, tier.min_revenue, tier.min_invoices, tier.max_complaint_rate)
            for tier in self.with_company(company)._for_company(company)
        ]

    def action_view_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_value.customer_value_action")
        action["domain"] = [("tier_id", "=", self.id)]
        return action
