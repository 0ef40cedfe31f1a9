{
    "name": "Loyalty Membership Tiers",
    "summary": "Membership tiers, points lots with expiry, birthday bonus and an append-only points ledger "
    "on top of Odoo's loyalty programmes",
    "version": "18.0.1.1.0",
    "category": "Sales",
    "website": "https://github.com/customer-value/customer-value",
    "author": "Customer Value Team",
    "license": "LGPL-3",
    "depends": ["loyalty", "account", "mail"],
    "data": [
        "security/loyalty_tiers_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/loyalty_tier_views.xml",
        "views/loyalty_points_adjustment_views.xml",
        "views/loyalty_card_views.xml",
        "views/loyalty_ledger_views.xml",
        "views/res_partner_views.xml",
        "views/loyalty_tiers_menus.xml",
    ],
    "assets": {
        "web.assets_backend": ["loyalty_tiers/static/src/fields/*"],
    },
    "application": True,
    "installable": True,
}
