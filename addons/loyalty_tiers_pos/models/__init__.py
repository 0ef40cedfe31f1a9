from . import loyalty_card
from . import loyalty_history
from . import loyalty_reward
from . import loyalty_tier
from . import pos_order
from . import pos_session
