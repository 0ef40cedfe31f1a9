from odoo import api, models


class LoyaltyReward(models.Model):
    _inherit = "loyalty.reward"

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + ["tier_ids"]
