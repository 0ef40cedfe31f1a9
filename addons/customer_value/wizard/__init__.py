from . import customer_value_lock_wizard
from . import customer_value_migration_wizard
from . import customer_value_migration_line
from . import base_partner_merge_automatic_wizard
from . import customer_value_complaint_reason_wizard
from . import customer_value_tier_report_wizard
