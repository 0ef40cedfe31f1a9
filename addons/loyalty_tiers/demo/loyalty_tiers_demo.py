from datetime import datetime, time, timedelta

from odoo import api, fields, models

# (partner xml id, [(days ago, points earned, points spent)], birthday this month)
MEMBERS = [
    ("base.res_partner_1", [(330, 2500, 0), (200, 3000, 0), (90, 2500, 500), (20, 1500, 0)], False),
    ("base.res_partner_2", [(300, 1500, 0), (150, 1200, 0), (40, 900, 1000)], True),
    ("base.res_partner_3", [(240, 1800, 0), (60, 1400, 0)], False),
    ("base.res_partner_4", [(345, 700, 0), (120, 500, 0)], False),
    ("base.res_partner_10", [(350, 600, 0), (100, 350, 0), (15, 200, 0)], False),
    ("base.res_partner_12", [(180, 1100, 200)], False),
    ("base.res_partner_18", [(340, 300, 0), (50, 150, 0)], True),
    ("base.res_partner_5", [(420, 800, 0), (30, 120, 0)], False),
]


class LoyaltyTiersDemo(models.AbstractModel):
    _name = "loyalty.tiers.demo"
    _description = "Loyalty Membership Demo Data"

    @api.model
    def _load_demo(self):
        """Members of the Customer Club with a year of points: some in each tier, lots about to
        expire, an expired one, a birthday this month and an adjustment waiting for approval.
        Odoo loads demo data again on each update of the module: then it is there already."""
        self = self.with_context(lang=self.env.user.lang or "en_US")  # noqa: PLW0642 -- ledger texts in the admin's language
        program = self.env.ref("loyalty_tiers.loyalty_program_club_demo")
        if program.coupon_ids.partner_id & self.env.ref(MEMBERS[0][0]):
            return
        today = fields.Date.context_today(self)
        History = self.env["loyalty.history"]
        cards = self.env["loyalty.card"]
        for xml_id, moves, birthday in MEMBERS:
            partner = self.env.ref(xml_id)
            if birthday:
                partner.birthdate = today.replace(year=1985, day=min(today.day, 28))
            card = self.env["loyalty.card"].create({"program_id": program.id, "partner_id": partner.id})
            for days_ago, earned, spent in moves:
                moment = datetime.combine(today - timedelta(days=days_ago), time(11))
                History.create(
                    {
                        "card_id": card.id,
                        "date": moment,
                        "issued": earned,
                        "used": spent,
                        "description": f"Order of {moment:%d %b %Y}",
                        "order_model": "res.partner",
                        "order_id": partner.id,
                    }
                )
                card.points += earned - spent
            cards |= card
        self.env["loyalty.point.lot"]._cron_expire()
        program._update_member_tiers(cards, today)
        # Marc Demo, a loyalty user, asks for more points than he may give alone
        demo_user = self.env.ref("base.user_demo")
        demo_user.groups_id |= self.env.ref("loyalty_tiers.group_loyalty_tiers_user")
        self.env["loyalty.points.adjustment"].with_user(demo_user).create(
            {"card_id": cards[2].id, "points": 800, "reason": "Goodwill: the sofa was delivered three weeks late"}
        ).action_post()
