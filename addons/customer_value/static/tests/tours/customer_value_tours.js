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
            trigger: ".o_list_view .o_data_row .o_tag.o_tag_color_8:contains(Diamond)",
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
            content: "Only my customers",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .o_menu_item:contains(My Customers)",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(CV Customer 000)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(CV Customer 001)))",
        },
        {
            trigger: ".o_facet_remove",
            run: "click",
        },
        {
            content: "Open the best customer",
            trigger: ".o_data_row:first .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "The day it got its tier and its tier history are there, without the manager's lock button",
            trigger: ".o_form_view:not(:has(button[name=action_lock_tier])) .o_field_widget[name=tier_since]:contains(/)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=tier_history_ids]",
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
            content: "The tab shows the value record of the current company, tier in its colour",
            trigger: ".o_field_widget[name=customer_value_ids] .o_kanban_record .o_tag_color_8:contains(Diamond)",
        },
        {
            trigger: ".o_field_widget[name=customer_value_ids] .o_customer_value_score",
        },
        {
            content: "The smart button shows the tier",
            trigger: "button[name=action_open_customer_value]:contains(Diamond)",
        },

    ],
});

const openMenu = (section, item) => [
    {
        content: `Open ${section}`,
        trigger: `.o_menu_sections button:contains(${section})`,
        run: "click",
    },
    {
        content: `Open ${item}`,
        trigger: `.dropdown-menu .dropdown-item:contains(${item})`,
        run: "click",
    },
];

const lockWizard = (reason) => [
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
        run: `edit ${reason}`,
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
        content: "The manager is told the lock worked",
        trigger: ".o_notification:contains(locked at Diamond)",
    },
];

/**
 * Click a list button that queues a run, see the notification, and wait for the list to
 * be reloaded: a click on the old list while it reloads would be lost.
 */
const queueFromList = (button, notification, content) => [
    {
        content,
        trigger: `.o_list_view:not(.o_cv_before_reload) button[name=${button}]`,
        run() {
            // mark the list and click in one step, so that nothing can render it anew in between
            this.anchor.closest(".o_list_view").classList.add("o_cv_before_reload");
            this.anchor.click();
        },
    },
    {
        content: "It is queued, not computed in the request",
        trigger: `.o_notification:contains(${notification})`,
    },
    {
        content: "The list is reloaded",
        trigger: ".o_list_view:not(.o_cv_before_reload)",
    },
];

registry.category("web_tour.tours").add("customer_value_manager_tour", {
    url: "/odoo/action-customer_value.customer_value_action",
    steps: () => [
        ...queueFromList(
            "action_recompute_now",
            "queued",
            "Recompute the current company from the customer list"
        ),
        {
            content: "Select the last customer",
            trigger: ".o_data_row:last .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Lock its tier from the list",
            trigger: ".o_list_selection_container button:contains(Lock Tier)",
            run: "click",
        },
        ...lockWizard("Pilot customer"),
        {
            content: "Open the first customer",
            trigger: ".o_data_row:first .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "Open the lock wizard, then change one's mind",
            trigger: ".o_form_view button[name=action_lock_tier]",
            run: "click",
        },
        {
            trigger: ".modal button:contains(Cancel)",
            run: "click",
        },
        {
            content: "Lock its tier from the form",
            trigger: ".o_form_view:not(:has(.modal)) button[name=action_lock_tier]",
            run: "click",
        },
        ...lockWizard("Strategic partner"),
        {
            content: "The customer is locked",
            trigger: ".o_field_widget[name=tier_history_ids] .o_data_row:contains(Strategic partner)",
        },
        {
            content: "The note is in the value record's chatter",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(Strategic partner)",
        },
        {
            content: "Unlock it",
            trigger: ".o_form_view button[name=action_unlock_tier]",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_lock_tier]",
        },
        {
            content: "Go to the customer's contact form",
            trigger: ".o_form_view button[name=action_open_partner]",
            run: "click",
        },
        {
            content: "And back through its smart button",
            trigger: ".o_form_view button[name=action_open_customer_value]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=tier_history_ids]",
        },
        ...openMenu("Reporting", "Value Runs"),
        ...queueFromList("action_recompute_now", "Scoring of", "Recompute from the run list"),
        ...queueFromList("action_review_now", "Tier review of", "Review the tiers ahead of schedule"),
        {
            content: "The queued runs are listed",
            trigger: ".o_data_row .o_field_widget[name=state]:contains(Queued)",
        },
        {
            content: "Open a finished run",
            trigger: ".o_data_row:contains(Done) .o_data_cell[name=date]",
            run: "click",
        },
        {
            content: "It says how lifetime value was computed, in plain words",
            trigger: ".o_form_view .o_field_widget[name=clv_explanation]:contains(model)",
        },
        ...openMenu("Configuration", "Value Tiers"),
        {
            trigger: ".o_data_row .o_data_cell:contains(Gold)",
            run: "click",
        },
        {
            content: "Open the customers of the tier",
            trigger: ".o_form_view button[name=action_view_customers]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row",
        },
        ...openMenu("Configuration", "Score Components"),
        {
            content: "The weights of the value and potential scores",
            trigger: ".o_list_view .o_data_row:contains(Monetary Value) .o_data_cell[name=name]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=weight] input",
            run: "edit 60",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        ...openMenu("Configuration", "Settings"),
        {
            content: "The Customer Value settings, without being an administrator",
            trigger: ".o_form_view .o_field_widget[name=rfm_window_days] input",
            run: "edit 400",
        },
        {
            trigger: ".o_form_view button[name=action_save]",
            run: "click",
        },
        {
            trigger: ".o_notification:contains(settings of)",
        },
        ...openMenu("Reporting", "Tier Migration"),
        {
            trigger: ".modal button[name=action_show]",
            run: "click",
        },
        {
            content: "The migration matrix",
            trigger: ".o_customer_value_migration_table td.o_customer_value_cell",
        },
        {
            content: "Other reviews",
            trigger: "button:contains(Other Reviews)",
            run: "click",
        },
        {
            trigger: ".modal button:contains(Cancel)",
            run: "click",
        },
        ...openMenu("Reporting", "Customers and Revenue by Tier"),
        {
            content: "The revenue by tier, each tier in its colour",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_renderer canvas",
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
            content: "The migration matrix labels its axes and its new customers",
            trigger: ".o_customer_value_migration_table th:contains(Before)",
        },
        {
            trigger: ".o_customer_value_migration_table tbody th:contains(New)",
        },
        {
            content: "A cell opens the customers who moved that way",
            trigger: ".o_customer_value_migration_table td.o_customer_value_cell",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row",
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
            content: "The report counts the customers of each tier by ABC class",
            trigger: ".o_pivot thead .o_pivot_header_cell_closed:contains(B)",
        },
        {
            content: "A cell of the Gold tier opens the customers it counts",
            trigger: ".o_pivot tr:has(th:contains(Gold)) td.o_pivot_cell_value:not(:empty)",
            run: "click",
        },
        {
            content: "The customers open, not the summary rows",
            trigger: ".o_list_view th[data-name=rfm_segment]",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=tier_id]:contains(Gold)",
        },
        {
            trigger: ".o_breadcrumb:contains(Customers and Revenue by Tier)",
        },
    ],
});

registry.category("web_tour.tours").add("customer_value_churn_warning_tour", {
    url: "/odoo",
    steps: () => [
        ...openCustomerValueApp,
        {
            content: "Open the customers at risk",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_value.customer_value_menu_at_risk']",
            run: "click",
        },
        {
            content: "The red customer is listed with its reasons",
            trigger: ".o_list_view .o_data_row:contains(CV Red Customer):contains(Health is red) .badge.text-bg-danger",
        },
        {
            trigger: ".o_data_row:contains(CV Red Customer) .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "The form says why the customer is at risk",
            trigger: ".o_form_view .o_field_widget[name=churn_reasons]:contains(Health is red)",
        },
        {
            content: "Open the health breakdown",
            trigger: ".o_notebook .nav-link[name=health_breakdown]",
            run: "click",
        },
        {
            trigger: ".o_customer_value_health_breakdown tr:contains(Purchase Rhythm) .text-danger",
        },
        {
            content: "Mark the churn warning done",
            trigger: ".o-mail-Activity:contains(Customer at risk) .o-mail-Activity-markDone",
            run: "click",
        },
        {
            trigger: ".o-mail-ActivityMarkAsDone textarea",
            run: "edit Called them: a new order is coming",
        },
        {
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label=Done]",
            run: "click",
        },
        {
            content: "The warning is done and logged",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Activity)) .o-mail-Message:contains(a new order is coming)",
        },
    ],
});

registry.category("web_tour.tours").add("customer_value_satisfaction_tour", {
    url: "/odoo",
    steps: () => [
        ...openCustomerValueApp,
        {
            content: "Open the NPS and CSAT answers",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_value.customer_value_menu_satisfaction']",
            run: "click",
        },
        {
            content: "Enter what a customer said",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit CV Customer 000",
        },
        {
            trigger: ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-menu li:contains(CV Customer 000)",
            run: "click",
        },
        {
            content: "An NPS of 9: a promoter",
            trigger: ".o_form_view .o_field_widget[name=score] input",
            run: "edit 9",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=comment] textarea",
            run: "edit Very happy with the installation",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=nps_category]:contains(Promoter)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Back to the answers",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(CV Customer 000) .badge:contains(Promoter)",
        },
        {
            content: "The NPS by tier and quarter",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            trigger: ".o_pivot .o_pivot_measure_row:contains(NPS)",
        },
    ],
});

registry.category("web_tour.tours").add("customer_value_touchpoint_tour", {
    url: "/odoo",
    steps: () => [
        ...openCustomerValueApp,
        {
            content: "Open the touchpoints the night scheduled",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_value.customer_value_menu_touchpoints']",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(CV Newcomer):contains(First week call)",
        },
        {
            content: "Open the plans",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_value.customer_value_menu_config']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='customer_value.customer_value_menu_touchpoint_plans']",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(New Customer Activation) .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "The activation steps",
            trigger: ".o_form_view .o_field_widget[name=step_ids] .o_data_row:contains(First week call)",
        },
        {
            content: "Each step is scheduled ahead of its deadline",
            trigger: ".o_field_widget[name=step_ids] .o_data_row:contains(30-day value review) .o_data_cell[name=name]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=lead_days] input",
            run: "edit 5",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "What the plan scheduled",
            trigger: ".o_form_view button[name=action_open_touchpoints]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(CV Newcomer)",
        },
    ],
});

const openComplaints = [
    ...openCustomerValueApp,
    {
        content: "Open the complaints",
        trigger: ".o_menu_sections [data-menu-xmlid='customer_value.customer_value_menu_complaints']",
        run: "click",
    },
    {
        trigger: ".dropdown-menu [data-menu-xmlid='customer_value.customer_value_menu_complaints_all']",
        run: "click",
    },
];

const confirmReason = (reason) => [
    {
        trigger: ".modal .o_field_widget[name=reason] textarea",
        run: `edit ${reason}`,
    },
    {
        trigger: ".modal button[name=action_confirm]",
        run: "click",
    },
];

const closedLoopStep = (field, value, button, stage) => [
    {
        trigger: `.o_form_view .o_field_widget[name=${field}] textarea`,
        run: `edit ${value}`,
    },
    {
        trigger: `.o_form_view .o_form_statusbar button[name=${button}]`,
        run: "click",
    },
    {
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current:contains(${stage})`,
    },
];

registry.category("web_tour.tours").add("customer_value_complaint_agent_tour", {
    url: "/odoo",
    steps: () => [
        ...openComplaints,
        {
            content: "The kanban shows the steps of the closed loop",
            trigger: ".o_kanban_view .o_kanban_group .o_column_title:contains(Received)",
        },
        {
            content: "Record a complaint",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit The router arrived broken",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=contact_id] input",
            run: "edit Gus Grumpy",
        },
        {
            trigger: ".o_field_widget[name=contact_id] .o-autocomplete--dropdown-menu li:contains(Gus Grumpy)",
            run: "click",
        },
        {
            content: "A high priority: answered within 2 working hours",
            trigger: ".o_form_view .o_field_widget[name=priority] input[data-value=p1]",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The SLA clock runs",
            trigger: ".o_form_view .o_field_widget[name=sla_status]:contains(On Track)",
        },
        {
            content: "Ask the customer for photos: the clock stops",
            trigger: ".o_form_view .o_form_statusbar button[name=action_open_pause_wizard]",
            run: "click",
        },
        ...confirmReason("Asked for photos of the box"),
        {
            trigger: ".o_form_view .ribbon:contains(Waiting)",
        },
        {
            content: "The photos came: resume the clock",
            trigger: ".o_form_view .o_form_statusbar button[name=action_resume]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link:contains(Pauses)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=pause_ids] td:contains(Asked for photos of the box)",
        },
        {
            content: "Diagnosing needs a root cause",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Closed Loop)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=root_cause_id] input",
            run: "edit Logistics",
        },
        {
            trigger: ".o_field_widget[name=root_cause_id] .o-autocomplete--dropdown-menu li:contains(Logistics and Carrier)",
            run: "click",
        },
        ...closedLoopStep("diagnosis", "The carrier dropped the parcel", "action_diagnose", "Diagnosed"),
        ...closedLoopStep("resolution", "Sent a new router by courier", "action_resolve", "Resolved"),
        {
            content: "The customer is satisfied: 4 of 5",
            trigger: ".o_form_view .o_field_widget[name=csat_score] input[data-value='4']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_follow_up_done]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Follow-up Visit)",
        },
        ...closedLoopStep("corrective_action", "Sturdier packaging", "action_improvement_done", "Improvement Action"),
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_close]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Closed)",
        },
        {
            content: "The new router broke too: reopen, saying why",
            trigger: ".o_form_view .o_form_statusbar button[name=action_open_reopen_wizard]",
            run: "click",
        },
        ...confirmReason("The new router is broken too"),
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Received)",
        },
        {
            content: "Offer a coupon",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Compensations)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=compensation_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=kind] input[data-value=coupon]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=amount] input",
            run: "edit 80",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=compensation_ids] td:contains(Coupon)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("customer_value_complaint_manager_tour", {
    url: "/odoo",
    steps: () => [
        ...openCustomerValueApp,
        {
            content: "Open the compensations",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_value.customer_value_menu_complaints']",
            run: "click",
        },
        {
            trigger: ".dropdown-menu [data-menu-xmlid='customer_value.customer_value_menu_compensations']",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td:contains(To Approve)",
            run: "click",
        },
        {
            content: "Above the limit for the customer's tier: approve it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_give]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Given)",
        },
        ...[
            ["customer_value_menu_complaint_sla_report", ".o_pivot_view"],
            ["customer_value_menu_complaint_root_causes", ".o_graph_view canvas"],
            ["customer_value_menu_complaint_steps", ".o_pivot_view"],
            ["customer_value_menu_complaint_pauses", ".o_list_view"],
            ["customer_value_menu_compensation_report", ".o_pivot_view"],
        ].flatMap(([menu, view]) => [
            {
                content: `Open the report ${menu}`,
                trigger: ".o_menu_sections [data-menu-xmlid='customer_value.customer_value_menu_reporting']",
                run: "click",
            },
            {
                trigger: `.dropdown-menu [data-menu-xmlid='customer_value.${menu}']`,
                run: "click",
            },
            {
                trigger: view,
            },
        ]),
    ],
});

registry.category("web_tour.tours").add("customer_value_kpi_tour", {
    url: "/odoo",
    steps: () => [
        ...openCustomerValueApp,
        ...openMenu("Reporting", "Retention KPIs"),
        {
            content: "A row per month, with retention, churn and repurchase",
            trigger: ".o_list_view .o_data_row:first td[name=repurchase_rate]:contains(50.0)",
        },
        {
            content: "The month without buyers the month before shows no retention rather than 0",
            trigger: ".o_list_view .o_data_row:last td[name=retention_rate]:empty",
        },
        {
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_view canvas",
        },
        ...openMenu("Reporting", "Cohort Retention"),
        {
            content: "The cohort table: cohorts down, periods since across",
            trigger: ".o_pivot_view .o_pivot_header_cell_closed:contains(1)",
        },
        {
            content: "A cell opens the cohort's rows",
            trigger: ".o_pivot_view td.o_pivot_cell_value:not(:empty)",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row",
        },
        ...openMenu("Reporting", "Tier Report (PDF, Spreadsheet)"),
        {
            trigger: ".modal .o_field_widget[name=date_from] input",
            run: "edit 06/01/2026",
        },
        {
            trigger: ".modal .o_field_widget[name=date_to] input",
            run: "edit 06/30/2026",
        },
        {
            content: "Download the tier report as a spreadsheet",
            trigger: ".modal footer button[name=action_export_xlsx]",
            run: "click",
        },
        {
            content: "Print it",
            trigger: ".modal footer button[name=action_print]",
            run: "click",
        },
        {
            trigger: ".o_action_manager .o_report_iframe, .o_notification:contains(wkhtmltopdf)",
        },
    ],
});

registry.category("web_tour.tours").add("customer_value_acquisition_cost_tour", {
    url: "/odoo",
    steps: () => [
        ...openCustomerValueApp,
        {
            content: "The app has opened on its customers",
            trigger: ".o_list_view .o_data_row",
        },
        ...openMenu("Configuration", "Acquisition Costs"),
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_field_widget[name=date] input",
            run: "edit 06/18/2026",
        },
        {
            trigger: ".o_data_row .o_field_widget[name=name] input",
            run: "edit Trade fair",
        },
        {
            trigger: ".o_data_row .o_field_widget[name=amount] input",
            run: "edit 300",
        },
        {
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(Trade fair)",
        },
        ...openMenu("Configuration", "Settings"),
        {
            content: "The KPI settings, with the 3:1 warning shipped as default",
            trigger: ".o_form_view .o_field_widget[name=kpi_ltv_cac_warning_ratio] input:value(3.00)",
        },
    ],
});
