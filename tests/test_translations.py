"""Every user-facing string has a Simplified Chinese translation, and the catalogues are current."""

import io
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

ADDONS = Path(__file__).resolve().parent.parent / "addons"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_catalogues_are_current_and_fully_translated(self):
        for module in (
            "customer_value",
            "loyalty_tiers",
            "loyalty_tiers_sale",
            "loyalty_tiers_pos",
            "customer_value_loyalty",
            "customer_value_dashboard",
        ):
            with self.subTest(module=module):
                buffer = io.BytesIO()
                trans_export(None, [module], buffer, "po", self.env.cr)
                current = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
                template = {entry.msgid for entry in polib.pofile(str(ADDONS / module / "i18n" / f"{module}.pot"))}
                self.assertEqual(current, template, f"re-export addons/{module}/i18n/{module}.pot")
                chinese = polib.pofile(str(ADDONS / module / "i18n" / "zh_CN.po"))
                translated = {entry.msgid for entry in chinese if entry.msgstr and not entry.obsolete}
                self.assertEqual(translated, current, f"translate the new strings in addons/{module}/i18n/zh_CN.po")

    def test_chinese_users_see_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_value"], ["zh_CN"], overwrite=True)
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        self.assertEqual(env.ref("customer_value.customer_value_tier_diamond").name, "钻石")
        segments = dict(env["customer.value"]._fields["rfm_segment"]._description_selection(env))
        self.assertEqual(segments["champions"], "冠军客户")
        self.assertEqual(env.ref("customer_value.customer_value_menu_root").name, "客户价值")

    def test_loyalty_members_see_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["loyalty_tiers"], ["zh_CN"], overwrite=True)
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        kinds = dict(env["loyalty.history"]._fields["kind"]._description_selection(env))
        self.assertEqual(kinds["expiry"], "过期")
        self.assertNotEqual(env.ref("loyalty_tiers.menu_loyalty_tiers_root").name, "Membership")
