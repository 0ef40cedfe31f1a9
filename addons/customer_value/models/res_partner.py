from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from .customer_value import RFM_SEGMENTS
from .customer_value_health import HEALTH_BANDS
from .customer_value_lifecycle import LIFECYCLE_STAGES

READERS = "customer_value.group_customer_value_user,account.group_account_invoice"
# fields of res.partner read from the customer's value record in the current company
VALUE_FIELDS = {
    "customer_value_tier_id": "tier_id",
    "customer_value_segment": "rfm_segment",
    "customer_value_health_band": "health_band",
    "customer_value_lifecycle_stage": "lifecycle_stage",
}


class ResPartner(models.Model):
    """The customer's tier, segment, health band and lifecycle stage on partners, for lists,
    kanban, search and group-by.

    They are read from the value record of the customer in the current company whenever
    they are shown, searched or grouped by (also in SQL, see :meth:`_field_to_sql`), never
    copied onto the partners: nothing goes stale when a contact is detached, partners are
    merged or a customer is archived, and a run writes no partner. Only a commercial
    partner has them, so contacts never count as customers. A commercial partner marked
    as a customer (``customer_rank``) who has no value record here yet is a prospect.
    """

    _inherit = "res.partner"

    customer_value_tier_id = fields.Many2one(
        "customer.value.tier",
        string="Value Tier",
        compute="_compute_customer_value_fields",
        search="_search_customer_value_tier_id",
        groups=READERS,
    )
    customer_value_segment = fields.Selection(
        RFM_SEGMENTS,
        string="RFM Segment",
        compute="_compute_customer_value_fields",
        search="_search_customer_value_segment",
        groups=READERS,
    )
    customer_value_health_band = fields.Selection(
        HEALTH_BANDS,
        string="Health",
        compute="_compute_customer_value_fields",
        search="_search_customer_value_health_band",
        groups=READERS,
    )
    customer_value_lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        string="Lifecycle Stage",
        compute="_compute_customer_value_fields",
        search="_search_customer_value_lifecycle_stage",
        groups=READERS,
    )
    customer_value_tier_color = fields.Integer(related="customer_value_tier_id.color", groups=READERS)
    # The value records of the customer (or of the contact's company): in the current
    # company for the smart button, in the companies selected for the partner's tab.
    customer_value_id = fields.Many2one(
        "customer.value",
        compute="_compute_customer_value_id",
        search="_search_customer_value_id",
        groups=READERS,
    )
    customer_value_ids = fields.Many2many(
        "customer.value", string="Customer Values", compute="_compute_customer_value_ids", groups=READERS
    )

    @api.depends("commercial_partner_id")
    @api.depends_context("company")
    def _compute_customer_value_fields(self):
        values = self.env["customer.value"].search(
            [("partner_id", "in", self.ids), ("company_id", "=", self.env.company.id), ("active", "=", True)]
        )
        by_partner = {value.partner_id: value for value in values}
        for partner in self:
            value = by_partner.get(partner) if partner.commercial_partner_id == partner else None
            for fname, source in VALUE_FIELDS.items():
                partner[fname] = value[source] if value else False
            if not value and partner._is_customer_value_prospect():
                partner.customer_value_lifecycle_stage = "prospect"

    def _is_customer_value_prospect(self):
        return self.commercial_partner_id == self and self.customer_rank > 0

    def _search_customer_value_tier_id(self, operator, value):
        return self._search_customer_value("tier_id", operator, value)

    def _search_customer_value_segment(self, operator, value):
        return self._search_customer_value("rfm_segment", operator, value)

    def _search_customer_value_health_band(self, operator, value):
        return self._search_customer_value("health_band", operator, value)

    def _search_customer_value_lifecycle_stage(self, operator, value):
        domain = self._search_customer_value("lifecycle_stage", operator, value)
        prospects = [("id", "in", self._customer_value_prospects())]
        if (
            self.env["customer.value"]
            .new({"lifecycle_stage": "prospect"})
            .filtered_domain([("lifecycle_stage", operator, value)])
        ):
            return expression.OR([domain, prospects])
        return expression.AND([domain, ["!", *prospects]])

    @api.model
    def _customer_value_prospects(self):
        """SQL of the ids of the prospects: commercial partners marked as customers, without
        an active value record in the current company."""
        self.env["customer.value"].flush_model()
        self.flush_model(["commercial_partner_id", "customer_rank"])
        return SQL(
            """(SELECT p.id FROM res_partner p
                 WHERE p.commercial_partner_id = p.id AND p.customer_rank > 0
                   AND NOT EXISTS (SELECT 1 FROM customer_value v
                                    WHERE v.partner_id = p.id AND v.company_id = %s AND v.active))""",
            self.env.company.id,
        )

    @api.model
    def _search_customer_value(self, source, operator, value):
        """Partners whose ``source`` field of their value record here matches; a partner
        without one (a contact, a partner who never bought) counts as an empty value."""
        Value = self.env["customer.value"]
        Value.flush_model()
        self.flush_model(["commercial_partner_id"])
        condition = [(source, operator, value)]
        empty_matches = bool(Value.new({}).filtered_domain(condition))
        own = SQL(
            """(SELECT v.partner_id FROM customer_value v
                  JOIN res_partner own ON own.id = v.partner_id AND own.commercial_partner_id = own.id
                 WHERE v.company_id = %s AND v.active AND v.id %s %s)""",
            self.env.company.id,
            SQL("NOT IN") if empty_matches else SQL("IN"),
            Value._search(condition).subselect(),
        )
        if empty_matches:  # all partners but those whose value does not match
            return [("id", "not in", own)]
        return [("id", "in", own)]

    @api.model
    def _customer_value_subquery(self, alias, source):
        """SQL of the value of ``source`` in the current company's active value record of the
        partner ``alias``, if it is a commercial partner (NULL otherwise)."""
        return SQL(
            """(SELECT v.%(source)s FROM customer_value v
                 WHERE v.partner_id = %(partner)s AND v.company_id = %(company)s AND v.active
                   AND %(commercial)s = %(partner)s)""",
            source=SQL.identifier(source),
            partner=SQL.identifier(alias, "id"),
            company=self.env.company.id,
            commercial=SQL.identifier(alias, "commercial_partner_id"),
        )

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        if fname == "customer_value_lifecycle_stage":
            self.check_field_access_rights("read", [fname])
            return SQL(
                "COALESCE(%s, CASE WHEN %s = %s AND %s > 0 THEN 'prospect' END)",
                self._customer_value_subquery(alias, "lifecycle_stage"),
                SQL.identifier(alias, "commercial_partner_id"),
                SQL.identifier(alias, "id"),
                SQL.identifier(alias, "customer_rank"),
            )
        if fname in VALUE_FIELDS:
            self.check_field_access_rights("read", [fname])
            return self._customer_value_subquery(alias, VALUE_FIELDS[fname])
        return super()._field_to_sql(alias, fname, query, flush)

    @api.depends("commercial_partner_id")
    @api.depends_context("company")
    def _compute_customer_value_id(self):
        values = self.env["customer.value"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        by_partner = {value.partner_id: value for value in values}
        for partner in self:
            partner.customer_value_id = by_partner.get(partner.commercial_partner_id, False)

    def _search_customer_value_id(self, operator, value):
        if operator in ("=", "!=") and not value:  # with or without a value record here
            valued = self.env["customer.value"]._search([("company_id", "=", self.env.company.id)])
            having = [("commercial_partner_id", "in", valued.subselect("partner_id"))]
            return having if operator == "!=" else ["!", *having]
        values = self.env["customer.value"]._search([("id", operator, value), ("company_id", "=", self.env.company.id)])
        return [("commercial_partner_id", "in", values.subselect("partner_id"))]

    @api.depends("commercial_partner_id")
    @api.depends_context("allowed_company_ids")
    def _compute_customer_value_ids(self):
        values = self.env["customer.value"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "in", self.env.companies.ids),
            ]
        )
        for partner in self:
            partner.customer_value_ids = values.filtered(lambda v, p=partner: v.partner_id == p.commercial_partner_id)

    def action_open_customer_value(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.value",
            "res_id": self.customer_value_id.id,
            "view_mode": "form",
        }
