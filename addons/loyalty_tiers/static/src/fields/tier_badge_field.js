/** @odoo-module */

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { BadgeField, badgeField } from "@web/views/fields/badge/badge_field";

/**
 * A badge in the colour of the record it shows (a membership tier): the
 * colour index is read from ``options.color_field`` of the same record.
 */
export class TierBadgeField extends BadgeField {
    static template = "loyalty_tiers.TierBadgeField";
    static props = {
        ...BadgeField.props,
        colorField: { type: String },
    };

    get colorClass() {
        return `o_tag o_tag_color_${this.props.record.data[this.props.colorField] || 0}`;
    }
}

export const tierBadgeField = {
    ...badgeField,
    component: TierBadgeField,
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

registry.category("fields").add("loyalty_tiers_tier_badge", tierBadgeField);
