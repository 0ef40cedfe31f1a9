from . import customer_value_component_loyalty_activity
from . import customer_value_compensation
