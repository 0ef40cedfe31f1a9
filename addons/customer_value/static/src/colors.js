/** @odoo-module */

/**
 * The colours of Odoo's colour picker ($o-colors in web's secondary_variables.scss), by
 * index: the same the badges (o_tag_color_N) and kanban cards (highlight_color) show.
 */
export const PICKER_COLORS = [
    "#a2a2a2",
    "#ee2d2d",
    "#dc8534",
    "#e8bb1d",
    "#5794dd",
    "#9f628f",
    "#db8865",
    "#41a9a2",
    "#304be0",
    "#ee2f8a",
    "#61c36e",
    "#9872e6",
];

export function pickerColor(index) {
    return PICKER_COLORS[index % PICKER_COLORS.length] || PICKER_COLORS[0];
}
