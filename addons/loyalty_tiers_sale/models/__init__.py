from . import account_move
from . import loyalty_program
from . import sale_order
