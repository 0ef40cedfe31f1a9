{
    "name": "Loyalty Membership Tiers on Sales",
    "summary": "Credit notes take points back, cancelled orders reverse their entries, tier-only rewards",
    "version": "18.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/customer-value/customer-value",
    "author": "Customer Value Team",
    "license": "LGPL-3",
    "depends": ["loyalty_tiers", "sale_loyalty"],
    "demo": ["demo/loyalty_tiers_sale_demo.xml"],
    "auto_install": True,
    "installable": True,
}
