from odoo import models
from odoo.tools.translate import code_translations

MODULE = "customer_value_dashboard"


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    def get_readonly_dashboard(self):
        """The web client translates a dashboard's texts (cells, chart titles), but writes
        each pivot's own name, in the corner of its table, as stored: give the names of this
        addon's pivots in the user's language, from its translations of the section titles
        they repeat."""
        result = super().get_readonly_dashboard()
        lang = self.env.lang
        if not lang or lang == "en_US" or not self.get_external_id()[self.id].startswith(f"{MODULE}."):
            return result
        translated = {
            message["id"]: message["string"]
            for message in code_translations.get_web_translations(MODULE, lang)["messages"]
        }
        for pivot in result["snapshot"].get("pivots", {}).values():
            pivot["name"] = translated.get(pivot["name"], pivot["name"])
        return result
