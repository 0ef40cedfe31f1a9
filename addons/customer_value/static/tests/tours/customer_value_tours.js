/** @odoo-module */

import { registry } from "@web/core/registry";

const openCustomerValueApp = [
    {
        content: "Open the apps menu",
        trigger: ".o_navbar_apps_menu button",
        run: "click",
    },
    {
        content: "Open Customer Value",
        trigger: ".o_app[data-menu-xmlid='customer_value.customer_value_menu_root']",
        run: "click",
    },
];

registry.category("web_tour.tours").add("customer_value_salesperson_tour", {
    url: "/odoo",
    steps: () => [
        ...openCustomerValueApp,
        {
            content: "The customer list shows tiers and segments",
            trigger: ".o_list_view .o_data_row .o_field_badge:contains(Diamond)",
        },
        {
            content: "A salesperson cannot recompute",
            trigger: ".o_list_view:not(:has(button[name=action_recompute_now]))",
        },
        {
            content: "Group the customers by segment",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_group_by_menu .o_menu_item:contains(Segment)",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:contains(Loyal), .o_list_view .o_group_header:contains(Champions)",
        },
        {
            content: "Back to the plain list",
            trigger: ".o_facet_remove",
            run: "click",
        },
        {
            content: "Open the best customer",
            trigger: ".o_data_row:first .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "Its tier history is there, without the manager's lock button",
            trigger: ".o_form_view:not(:has(button[name=action_lock_tier])) .o_field_widget[name=tier_history_ids] .o_data_row",
        },
        {
            content: "Go to the contact",
            trigger: "button[name=action_open_partner]",
            run: "click",
        },
        {
            content: "Open its Customer Value tab",
            trigger: ".o_notebook .nav-link:contains(Customer Value)",
            run: "click",
        },
        {
            content: "Scores and history of the current company",
            trigger: ".o_notebook .o_field_widget[name=customer_value_score]",
        },
        {
            trigger: ".o_field_widget[name=customer_value_history_ids] .o_data_row",
        },
        {
            content: "The smart button shows the tier",
            trigger: "button[name=action_open_customer_value]:contains(Diamond)",
        },
    ],
});

registry.category("web_tour.tours").add("customer_value_manager_tour", {
    url: "/odoo/action-customer_value.customer_value_action",
    steps: () => [
        {
            content: "Recompute the current company",
            trigger: ".o_list_view button[name=action_recompute_now]",
            run: "click",
        },
        {
            trigger: ".o_notification:contains(scored)",
        },
        {
            content: "Open the last customer",
            trigger: ".o_data_row:last .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "Lock its tier",
            trigger: ".o_form_view button[name=action_lock_tier]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=tier_id] input",
            run: "edit Diamond",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains(Diamond)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=reason] input",
            run: "edit Strategic partner",
        },
        {
            trigger: ".modal .o_field_widget[name=lock_until] input",
            run: "edit 12/31/2099",
        },
        {
            trigger: ".modal button[name=action_lock]",
            run: "click",
        },
        {
            content: "The customer is locked at Diamond",
            trigger: ".o_form_view button[name=action_unlock_tier]",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=tier_id]:contains(Diamond)",
        },
        {
            trigger: ".o_field_widget[name=tier_history_ids] .o_data_row:contains(Strategic partner)",
        },
    ],
});

registry.category("web_tour.tours").add("customer_value_accountant_tour", {
    url: "/odoo",
    steps: () => [
        ...openCustomerValueApp,
        {
            content: "Open the reports",
            trigger: ".o_menu_sections button:contains(Reporting)",
            run: "click",
        },
        {
            trigger: ".dropdown-menu .dropdown-item:contains(Tier Migration)",
            run: "click",
        },
        {
            content: "The last two reviews are chosen",
            trigger: ".modal .o_field_widget[name=to_run_id] input:value(Tier Review)",
        },
        {
            trigger: ".modal button[name=action_show]",
            run: "click",
        },
        {
            content: "The migration matrix shows tiers before and after",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(Diamond)",
        },
        {
            content: "Open the tier report",
            trigger: ".o_menu_sections button:contains(Reporting)",
            run: "click",
        },
        {
            trigger: ".dropdown-menu .dropdown-item:contains(Customers and Revenue by Tier)",
            run: "click",
        },
        {
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(Gold)",
        },
    ],
});
