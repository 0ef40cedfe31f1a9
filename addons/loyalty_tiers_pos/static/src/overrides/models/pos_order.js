/** @odoo-module */

import { PosOrder } from "@point_of_sale/app/models/pos_order";
import { patch } from "@web/core/utils/patch";

patch(PosOrder.prototype, {
    /** A tier-only reward is offered to the members of its tiers alone. */
    getClaimableRewards() {
        return super.getClaimableRewards(...arguments).filter(({ coupon_id, reward }) => {
            if (!reward.tier_ids.length) {
                return true;
            }
            const tier = this.models["loyalty.card"].get(coupon_id)?.tier_id;
            return Boolean(tier) && reward.tier_ids.some((rewardTier) => rewardTier.id === tier.id);
        });
    },
});
