/** @odoo-module */

import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/views/fields/formatters";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * A score 0-100 (value, potential, health ...): a bar and the score with one decimal, the
 * same on lists, kanban cards and forms. Not a percentage, so no "%".
 */
export class ScoreField extends Component {
    static template = "customer_value.ScoreField";
    static props = { ...standardFieldProps };

    get score() {
        return this.props.record.data[this.props.name];
    }

    get width() {
        return Math.max(0, Math.min(100, this.score || 0));
    }

    get formatted() {
        return formatFloat(this.score || 0, { digits: [16, 1] });
    }
}

registry.category("fields").add("customer_value_score", {
    component: ScoreField,
    displayName: _t("Score 0-100"),
    supportedTypes: ["float", "integer"],
});
