/** @odoo-module */

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { graphView } from "@web/views/graph/graph_view";
import { GraphRenderer } from "@web/views/graph/graph_renderer";

const PARETO_AXIS = "pareto";

/**
 * A Pareto chart: the bars of a single series, sorted from the largest by the view's
 * order="desc", and a line of their cumulative share (0-100%, on its own axis at the
 * right), so that the few groups making most of the total stand out. Other modes and
 * several series draw as usual.
 */
export class ParetoGraphRenderer extends GraphRenderer {
    isPareto() {
        const { mode } = this.model.metaData;
        return mode === "bar" && this.model.data.datasets.length === 1;
    }

    getBarChartData() {
        const data = super.getBarChartData();
        if (!this.isPareto()) {
            return data;
        }
        const [bars] = data.datasets;
        const total = bars.data.reduce((sum, value) => sum + value, 0) || 1;
        let running = 0;
        const shares = bars.data.map((value) => {
            running += value;
            return Math.round((1000 * running) / total) / 10;
        });
        const line = {
            type: "line",
            label: _t("Cumulative share (%)"),
            data: shares,
            yAxisID: PARETO_AXIS,
            order: -1,
            tension: 0,
            fill: false,
            pointRadius: 4,
            borderWidth: 2,
            borderColor: "#d9534f",
            backgroundColor: "#d9534f",
        };
        return { ...data, datasets: [...data.datasets, line] };
    }

    getScaleOptions() {
        const scales = super.getScaleOptions();
        if (this.isPareto()) {
            scales[PARETO_AXIS] = {
                type: "linear",
                position: "right",
                min: 0,
                max: 100,
                ticks: { callback: (value) => `${value}%` },
                grid: { display: false },
                border: { display: false },
            };
        }
        return scales;
    }
}

registry.category("views").add("customer_value_pareto_graph", {
    ...graphView,
    Renderer: ParetoGraphRenderer,
});
