from . import customer_value_demo
from . import customer_value_demo_complaints
