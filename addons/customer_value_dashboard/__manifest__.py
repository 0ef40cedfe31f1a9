{
    "name": "Customer Value Dashboards",
    "summary": "Customer value, complaints and points liability dashboards in Odoo's Dashboards app",
    "version": "18.0.1.0.0",
    "category": "Productivity/Dashboard",
    "website": "https://github.com/customer-value/customer-value",
    "author": "Customer Value Team",
    "license": "LGPL-3",
    "depends": ["customer_value", "loyalty_tiers", "spreadsheet_dashboard"],
    "data": ["data/dashboards.xml"],
    "assets": {"web.assets_tests": ["customer_value_dashboard/static/tests/tours/**/*"]},
    "auto_install": True,
    "installable": True,
}
