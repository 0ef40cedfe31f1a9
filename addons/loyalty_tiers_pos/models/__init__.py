from . import loyalty_card
from . import loyalty_history
from . import pos_order
