from . import loyalty_tiers_demo
