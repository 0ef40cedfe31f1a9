# The birth date of contacts, beside the value figures of partners (res_partner.py):
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResPartner(models.Model):
    """The birth date of a contact, for the birthday care of touchpoint plans."""

    _inherit = "res.partner"

    birthdate = fields.Date(
        string="Birth Date", help="The contact's date of birth, for birthday greetings and bonuses."
    )
