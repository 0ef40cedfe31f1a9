from . import loyalty_point_lot
from . import loyalty_history
from . import loyalty_tier
from . import loyalty_tier_history
from . import loyalty_program
from . import loyalty_card
from . import loyalty_points_adjustment
from . import res_partner
