/** @odoo-module */

import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as PosLoyalty from "@pos_loyalty/../tests/tours/utils/pos_loyalty_util";
import { registry } from "@web/core/registry";

function openRewards() {
    return [
        ...ProductScreen.clickControlButton("Reward"),
        { trigger: ".modal .selection-item" },
    ];
}

registry.category("web_tour.tours").add("loyalty_tiers_pos_tier_rewards_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.addOrderline("Desk Organizer", "1"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("LT Silver Member"),
            ...openRewards(),
            {
                content: "A Silver member is offered the reward for every member, not the Gold one",
                trigger: ".modal .selection-item:contains(Every Member Discount)",
            },
            {
                trigger: ".modal:not(:has(.selection-item:contains(Gold Member Discount)))",
            },
            {
                trigger: ".modal header .btn-close",
                run: "click",
            },
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("LT Gold Member"),
            ...openRewards(),
            {
                content: "A Gold member is offered the Gold reward and claims it",
                trigger: ".modal .selection-item:contains(Gold Member Discount)",
                run: "click",
            },
            PosLoyalty.hasRewardLine("Gold Member Discount"),
            PosLoyalty.finalizeOrder("Cash", "10"),
        ].flat(),
});
