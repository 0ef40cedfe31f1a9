from odoo import api, models


class LoyaltyTier(models.Model):
    """The till loads the tiers of its programs, so that it offers a tier-only reward to the
    members of that tier alone."""

    _name = "loyalty.tier"
    _inherit = ["loyalty.tier", "pos.load.mixin"]

    @api.model
    def _load_pos_data_domain(self, data):
        return [("program_id", "in", [program["id"] for program in data["loyalty.program"]["data"]])]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["name", "sequence", "program_id"]
