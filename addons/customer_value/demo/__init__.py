from . import customer_value_demo
