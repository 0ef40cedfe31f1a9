{
    "name": "Customer Value: Refund Rate (test component)",
    "summary": "A score component added from outside customer_value, as any addon adds one",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "author": "Customer Value Team",
    "license": "LGPL-3",
    "depends": ["customer_value"],
    "data": ["data/customer_value_component_data.xml"],
    "installable": True,
}
