"""Two redemptions racing on one card, each in its own database transaction: the card's
ledger lock lets one through and fails the other, so the points are never spent twice.

The card must be committed for the second connection to see it, so this test writes with
real cursors and removes what it wrote at the end."""

import threading

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import committed
from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestRedemptionRace(LoyaltyCase):
    def _create_card(self, env):
        program = env["loyalty.program"].create({"name": "LT Race Club", "program_type": "loyalty"})
        partner = env["res.partner"].create({"name": "LT Racer"})
        card = env["loyalty.card"].create({"program_id": program.id, "partner_id": partner.id})
        env["loyalty.card"]._post_ledger(
            [{"card_id": card.id, "kind": "adjustment", "issued": 100, "description": "Opening"}]
        )
        return program.id, partner.id, card.id

    def _cleanup(self, program_id, partner_id, card_id):
        def remove(env):
            env["loyalty.card"].browse(card_id).unlink()  # its history and lots go with it
            program = env["loyalty.program"].browse(program_id)
            program.active = False
            program.unlink()
            env["res.partner"].browse(partner_id).unlink()

        committed(self.registry, remove)

    def test_two_redemptions_cannot_overspend_a_card(self):
        program_id, partner_id, card_id = committed(self.registry, self._create_card)
        self.addCleanup(self._cleanup, program_id, partner_id, card_id)
        both_inside = threading.Barrier(2, timeout=30)
        outcomes = []

        def redeem():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    card = env["loyalty.card"].browse(card_id)
                    card.points  # noqa: B018 -- both transactions read the balance before either spends
                    both_inside.wait()
                    env["loyalty.history"].create({"card_id": card_id, "used": 80, "description": "Reward"})
                    card.points -= 80
                    cr.commit()
                outcomes.append("spent")
            except (errors.SerializationFailure, errors.LockNotAvailable, UserError) as error:
                outcomes.append(type(error).__name__)

        threads = [threading.Thread(target=redeem) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual(len(outcomes), 2, outcomes)
        self.assertEqual(outcomes.count("spent"), 1, outcomes)

        def balances(env):
            card = env["loyalty.card"].browse(card_id)
            lots = sum(card.lot_ids.mapped("remaining"))
            ledger = sum(card.history_ids.mapped("issued")) - sum(card.history_ids.mapped("used"))
            return card.points, lots, ledger

        self.assertEqual(committed(self.registry, balances), (20, 20, 20))
