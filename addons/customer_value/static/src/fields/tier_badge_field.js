/** @odoo-module */

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { BadgeField, badgeField } from "@web/views/fields/badge/badge_field";

/**
 * A badge in the colour of the record it shows (a value tier, a health band ...): the
 * colour index is read from ``options.color_field`` of the same record.
 */
export class ColoredBadgeField extends BadgeField {
    static template = "customer_value.ColoredBadgeField";
    static props = {
        ...BadgeField.props,
        colorField: { type: String },
    };

    get colorClass() {
        return `o_tag o_tag_color_${this.props.record.data[this.props.colorField] || 0}`;
    }
}

export const coloredBadgeField = {
    ...badgeField,
    component: ColoredBadgeField,
    displayName: _t("Badge in the record's colour"),
    supportedOptions: [
        {
            label: _t("Colour field"),
            name: "color_field",
            type: "field",
            availableTypes: ["integer"],
        },
    ],
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...badgeField.extractProps(fieldInfo, dynamicInfo),
        colorField: fieldInfo.options.color_field,
    }),
};

registry.category("fields").add("customer_value_colored_badge", coloredBadgeField);
