{
    "name": "Loyalty Membership Tiers on the Point of Sale",
    "summary": "Point of sale orders on the points ledger: tier bonuses, returns take points back",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/customer-value/customer-value",
    "author": "Customer Value Team",
    "license": "LGPL-3",
    "depends": ["loyalty_tiers", "pos_loyalty"],
    "auto_install": True,
    "installable": True,
}
