/** @odoo-module */

import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { graphView } from "@web/views/graph/graph_view";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { onWillStart } from "@odoo/owl";
import { pickerColor } from "../colors";

const TIER_MODEL = "customer.value.tier";

/**
 * Graphs grouped by value tier draw each tier in its own colour (the colour of its badges
 * and kanban cards) instead of the next colour of the chart palette.
 */
export class TierGraphRenderer extends GraphRenderer {
    setup() {
        super.setup();
        this.orm = useService("orm");
        this.tierColors = new Map();
        onWillStart(async () => {
            const tiers = await this.orm.searchRead(TIER_MODEL, [], ["display_name", "color"], {
                context: { active_test: false },
            });
            for (const tier of tiers) {
                this.tierColors.set(tier.display_name, pickerColor(tier.color));
            }
        });
    }

    /** Index (0: labels, 1: datasets) of the group-by on tiers, or -1. */
    tierGroupBy() {
        const { groupBy, fields } = this.model.metaData;
        return groupBy.findIndex((spec) => fields[spec.fieldName]?.relation === TIER_MODEL);
    }

    colorOf(label) {
        return this.tierColors.get(label);
    }

    getBarChartData() {
        return this.recolor(super.getBarChartData(), "bar");
    }

    getLineChartData() {
        return this.recolor(super.getLineChartData(), "line");
    }

    getPieChartData() {
        return this.recolor(super.getPieChartData(), "pie");
    }

    recolor(data, mode) {
        const axis = this.tierGroupBy();
        if (axis === -1) {
            return data;
        }
        if (mode === "pie" || (axis === 0 && data.datasets.length === 1 && mode === "bar")) {
            const colors = data.labels.map((label) => this.colorOf(label));
            for (const dataset of data.datasets) {
                if (colors.every(Boolean) && dataset.data.length === colors.length) {
                    dataset.backgroundColor = colors;
                }
            }
        } else if (axis === 1 || mode !== "pie") {
            for (const dataset of data.datasets) {
                const color = this.colorOf(dataset.label);
                if (color) {
                    dataset.backgroundColor = color;
                    dataset.borderColor = color;
                }
            }
        }
        return data;
    }
}

registry.category("views").add("customer_value_tier_graph", {
    ...graphView,
    Renderer: TierGraphRenderer,
});
