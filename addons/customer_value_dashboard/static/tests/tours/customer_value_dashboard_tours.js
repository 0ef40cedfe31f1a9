/** @odoo-module */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_value_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        {
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='spreadsheet_dashboard.spreadsheet_dashboard_menu_root']",
            run: "click",
        },
        {
            content: "The Customer Value section lists the dashboard the salesperson may read",
            trigger: ".o_search_panel_section:contains(Customer Value) .o_search_panel_category_value:contains(Customer Value)",
            run: "click",
        },
        {
            trigger: ".o_search_panel:not(:contains(Points Liability)):not(:contains(Complaints))",
        },
        {
            content: "The dashboard renders, with its churn chart",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet .o-figure .o-chart-container canvas, .o_spreadsheet_dashboard_action .o-spreadsheet .o-figure canvas",
        },
        {
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
