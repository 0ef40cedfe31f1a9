from . import loyalty_tiers_sale_demo
