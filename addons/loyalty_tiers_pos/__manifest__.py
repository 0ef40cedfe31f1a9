{
    "name": "Loyalty Membership Tiers on the Point of Sale",
    "summary": "Point of sale orders on the points ledger: tier bonuses, tier-only rewards, returns take points back",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/customer-value/customer-value",
    "author": "Customer Value Team",
    "license": "LGPL-3",
    "depends": ["loyalty_tiers", "pos_loyalty"],
    "data": ["security/ir.model.access.csv"],
    "assets": {
        "point_of_sale._assets_pos": ["loyalty_tiers_pos/static/src/**/*"],
        "web.assets_tests": ["loyalty_tiers_pos/static/tests/tours/**/*"],
    },
    "auto_install": True,
    "installable": True,
}
