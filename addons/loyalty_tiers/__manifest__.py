{
    "name": "Loyalty Membership Tiers",
    "summary": "Membership tiers, points expiry and points liability on top of Odoo's loyalty programs",
    "version": "18.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/customer-value/customer-value",
    "author": "Customer Value Team",
    "license": "LGPL-3",
    "depends": ["loyalty"],
    "data": [],
    "installable": True,
}
