{
    "name": "Customer Value and Loyalty Membership",
    "summary": "Loyalty activity as a health component, complaint compensation paid in points",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/customer-value/customer-value",
    "author": "Customer Value Team",
    "license": "LGPL-3",
    "depends": ["customer_value", "loyalty_tiers"],
    "data": [
        "security/ir.model.access.csv",
        "data/customer_value_component_data.xml",
        "views/customer_value_compensation_views.xml",
        "views/res_partner_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
