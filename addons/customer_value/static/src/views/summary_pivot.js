/** @odoo-module */

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { pivotView } from "@web/views/pivot/pivot_view";
import { PivotRenderer } from "@web/views/pivot/pivot_renderer";

const CUSTOMER_MODEL = "customer.value";

/**
 * A pivot of the customer value summary whose cells open the customers they count, not the
 * summary rows: the summary's dimensions (company, tier, ABC class, health band, lifecycle
 * stage, quadrant) are fields of the value records under the same names, so a cell's domain
 * selects its customers as it stands.
 */
export class SummaryPivotRenderer extends PivotRenderer {
    openView(domain, _views, context) {
        this.actionService.doAction({
            type: "ir.actions.act_window",
            name: _t("Customers"),
            res_model: CUSTOMER_MODEL,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            view_mode: "list",
            target: "current",
            context,
            domain,
        });
    }
}

registry.category("views").add("customer_value_summary_pivot", {
    ...pivotView,
    Renderer: SummaryPivotRenderer,
});
