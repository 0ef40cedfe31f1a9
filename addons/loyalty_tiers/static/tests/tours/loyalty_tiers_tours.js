/** @odoo-module */

import { registry } from "@web/core/registry";

const openMembershipApp = [
    {
        content: "Open the apps menu",
        trigger: ".o_navbar_apps_menu button",
        run: "click",
    },
    {
        content: "Open Membership",
        trigger: ".o_app[data-menu-xmlid='loyalty_tiers.menu_loyalty_tiers_root']",
        run: "click",
    },
];

function openMenu(section, item) {
    return [
        {
            trigger: `.o_main_navbar .dropdown-toggle:contains(${section})`,
            run: "click",
        },
        {
            trigger: `.o_popover .dropdown-item:contains(${item})`,
            run: "click",
        },
        {
            content: "The action is open (the next step must not click in the view before it)",
            trigger: `.o_last_breadcrumb_item:contains(${item}), .modal-title:contains(${item})`,
        },
    ];
}

function toggleSearchItem(menu, item) {
    return [
        {
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: `${menu} .o_menu_item:contains(${item})`,
            run: "click",
        },
        {
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
    ];
}

function adjustPoints(points, reason) {
    return [
        {
            content: `Adjust the card's points by ${points}`,
            trigger: ".o_form_view .o_form_statusbar button:contains(Adjust Points)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=points] input",
            run: `edit ${points}`,
        },
        {
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: `edit ${reason}`,
        },
        {
            trigger: ".modal footer button[name=action_post]",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("loyalty_tiers_staff_tour", {
    url: "/odoo",
    steps: () => [
        ...openMembershipApp,
        {
            content: "Members are grouped by tier, each badge in its tier's colour",
            trigger: ".o_kanban_group:has(.o_column_title:contains(Gold)) .o_kanban_record:contains(LT Member) .badge.o_tag_color_3:contains(Gold)",
        },
        {
            trigger: ".o_kanban_group:has(.o_column_title:contains(Silver)) .o_kanban_record:contains(LT Second Member)",
        },
        {
            content: "Staff see neither the configuration nor the accountants' reports",
            trigger: ".o_main_navbar:not(:has(.dropdown-toggle:contains(Configuration))):not(:has(.dropdown-toggle:contains(Reporting)))",
        },
        ...toggleSearchItem(".o_filter_menu", "Points Expiring Soon"),
        {
            content: "Only the member whose points expire soon is left",
            trigger: ".o_kanban_record:contains(LT Member):contains(expiring soon)",
        },
        {
            trigger: ".o_kanban_renderer:not(:has(.o_kanban_record:contains(LT Second Member)))",
        },
        {
            content: "The member list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(LT Member) .badge.o_tag_color_3:contains(Gold)",
            run: "click",
        },
        {
            content: "The card shows the tier, its lots and its tier history",
            trigger: ".o_form_view .o_field_widget[name=tier_id] .badge:contains(Gold)",
        },
        {
            trigger: ".o_form_view:not(:has(.o_field_widget[name=tier_manual_id]))",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Points Lots)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=lot_ids] .o_data_row",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Tier History)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=tier_history_ids] .o_data_row:contains(Gold)",
        },
        ...adjustPoints(50, "Goodwill after a late delivery"),
        ...adjustPoints(600, "Compensation for a lost parcel"),
        {
            content: "A large one waits for a manager, and its form says so",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(To Approve)",
        },
        {
            trigger: ".o_form_view:not(:has(button[name=action_approve]))",
        },
        {
            content: "Odoo's own Balance button goes through an adjustment too",
            trigger: ".o_breadcrumb .breadcrumb-item:last-child a",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_loyalty_update_balance]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=new_balance] input",
            run: "edit 3560",
        },
        {
            trigger: ".modal .o_field_widget[name=description] input",
            run: "edit Rounded up",
        },
        {
            trigger: ".modal footer button.btn-primary",
            run: "click",
        },
        ...openMenu("Members", "Points Adjustments"),
        ...toggleSearchItem(".o_filter_menu", "My Requests"),
        {
            trigger: ".o_list_view .o_data_row:contains(lost parcel) .badge:contains(To Approve)",
        },
        ...openMenu("Points", "Points History"),
        ...toggleSearchItem(".o_filter_menu", "Earned"),
        {
            trigger: ".o_list_view .o_data_row:contains(LT Member):contains(Award)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Adjustment)))",
        },
        ...openMenu("Points", "Points Lots"),
        ...toggleSearchItem(".o_filter_menu", "Expiring in 30 Days"),
        {
            content: "Only the lot that expires within 30 days is left",
            trigger: ".o_list_view .o_data_row:contains(LT Member)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(LT Second Member)))",
        },
        ...openMenu("Points", "Tier Changes"),
        {
            trigger: ".o_list_view .o_data_row:contains(LT Member):contains(Gold)",
        },
    ],
});

registry.category("web_tour.tours").add("loyalty_tiers_manager_tour", {
    url: "/odoo",
    steps: () => [
        ...openMembershipApp,
        ...openMenu("Members", "Points Adjustments"),
        ...toggleSearchItem(".o_filter_menu", "To Approve"),
        {
            content: "Approve the large goodwill adjustment",
            trigger: ".o_list_view .o_data_row:contains(large goodwill) td.o_data_cell",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Posted)",
        },
        {
            trigger: ".breadcrumb-item a:contains(Points Adjustments)",
            run: "click",
        },
        {
            content: "Refuse the other one",
            trigger: ".o_list_view .o_data_row:contains(too generous) td.o_data_cell",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_refuse]",
            run: "click",
        },
        {
            trigger: ".o_form_view .ribbon:contains(Refused)",
        },
        ...openMenu("Configuration", "Membership Tiers"),
        {
            content: "Tiers are listed by program",
            trigger: ".o_list_view .o_group_header:contains(LT Club)",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(Black) td.o_data_cell",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(Gold) td.o_data_cell",
            run: "click",
        },
        {
            content: "The Gold tier's members",
            trigger: ".o_form_view button[name=action_view_members]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(LT Member) .badge:contains(Gold)",
            run: "click",
        },
        {
            content: "Hold the member in Black by hand, with a reason and an end date",
            trigger: ".o_form_view .o_field_widget[name=tier_manual_id] input",
            run: "edit Black",
        },
        {
            trigger: ".o_field_widget[name=tier_manual_id] .dropdown-item:contains(Black)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=tier_manual_reason] input",
            run: "edit Ambassador of the shop",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=tier_manual_until] input",
            run: "edit 12/31/2099",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=tier_id] .badge:contains(Black)",
        },
        ...openMenu("Configuration", "Loyalty Programs"),
        {
            content: "A membership manager opens the program form (no sales or point of sale rights)",
            trigger: ".o_data_row:contains(LT Club) td.o_data_cell",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Membership)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=tier_ids] .o_data_row:contains(Black)",
        },

    ],
});

registry.category("web_tour.tours").add("loyalty_tiers_accountant_tour", {
    url: "/odoo",
    steps: () => [
        ...openMembershipApp,
        ...openMenu("Reporting", "Points Liability"),
        {
            content: "The points liability, by program and month",
            trigger: ".o_pivot_view .o_pivot",
        },
        {
            trigger: ".o_main_navbar:not(:has(.dropdown-toggle:contains(Members))):not(:has(.dropdown-toggle:contains(Configuration)))",
        },
        {
            trigger: ".o_pivot_view th:contains(LT Club)",
        },
        {
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_view canvas",
        },
        {
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(LT Club)",
        },
        ...openMenu("Reporting", "Points Liability by Period"),
        {
            trigger: ".modal .o_field_widget[name=date_from] input",
            run: "edit 01/01/2026",
        },
        {
            trigger: ".modal .o_field_widget[name=date_to] input",
            run: "edit 12/31/2026",
        },
        {
            content: "Download the spreadsheet",
            trigger: ".modal footer button[name=action_export_xlsx]",
            run: "click",
        },
        {
            content: "Print the period's report",
            trigger: ".modal footer button[name=action_print]",
            run: "click",
        },
        {
            trigger: ".o_action_manager .o_report_iframe, .o_notification:contains(wkhtmltopdf)",
        },
    ],
});
