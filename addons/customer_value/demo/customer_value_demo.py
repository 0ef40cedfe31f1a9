"""Demo data generator: customers with two years of posted invoices in two companies.

Called from ``demo/customer_value_demo.xml`` when the module is installed with demo data.
Customers follow buying patterns (steady, growing, fading, new, lost ...) drawn from a
seeded random generator, so every install gives the same spread over tiers and segments.
"""

import logging
import random
from datetime import timedelta

from odoo import Command, api, fields, models

_logger = logging.getLogger(__name__)

COMPANY_WORDS = (
    "Northwind",
    "Blue Harbor",
    "Summit",
    "Red Maple",
    "Silverline",
    "Golden Gate",
    "Evergreen",
    "Ironwood",
    "Lakeside",
    "Crescent",
    "Pioneer",
    "Harborview",
    "Brightstone",
    "Cedar",
    "Oakridge",
    "Riverbend",
    "Sunrise",
    "Stonebridge",
    "Westfield",
    "Highland",
    "Greenleaf",
    "Kingsway",
    "Bluewater",
    "Starlight",
    "Jade River",
    "Pearl",
    "Lotus",
    "Phoenix",
    "Dragon Gate",
    "Bamboo",
)
COMPANY_KINDS = (
    "Trading",
    "Logistics",
    "Foods",
    "Electronics",
    "Retail",
    "Hotels",
    "Clinics",
    "Builders",
    "Textiles",
    "Motors",
    "Studios",
    "Pharmacy",
)
FIRST_NAMES = ("Anna", "Ben", "Chen", "Diana", "Eric", "Fatima", "Grace", "Hiro", "Ivan", "Julia", "Li", "Mei")
LAST_NAMES = ("Wang", "Smith", "Zhang", "Garcia", "Liu", "Brown", "Chen", "Müller", "Huang", "Rossi")
CATEGORIES = {
    "Hardware": (("Industrial Router", 1800.0), ("Edge Server", 5200.0), ("Sensor Kit", 240.0)),
    "Software": (("Analytics Licence", 1200.0), ("ERP Seat", 450.0)),
    "Services": (("Installation Day", 800.0), ("Training Day", 650.0), ("Consulting Hour", 150.0)),
    "Consumables": (("Label Roll", 12.0), ("Printer Ink", 45.0)),
    "Support": (("Premium Support", 2400.0), ("Extended Warranty", 300.0)),
    "Spare Parts": (("Power Supply", 90.0), ("Fan Module", 60.0)),
}
# buying patterns: (weight, first purchase days ago, last purchase days ago, invoices per
# year, amount scale, growth factor over the customer's life)
PATTERNS = {
    "steady_large": (8, (450, 730), (0, 20), (10, 24), 6.0, 1.0),
    "steady": (16, (300, 730), (0, 45), (4, 10), 2.0, 1.0),
    "growing": (10, (200, 500), (0, 20), (6, 12), 1.5, 4.0),
    "fading": (10, (500, 730), (120, 260), (6, 12), 3.0, 0.6),
    "gone_quiet": (4, (500, 730), (185, 240), (12, 20), 6.0, 1.0),  # big buyers silent for six months
    "new": (8, (0, 30), (0, 10), (6, 12), 0.15, 1.0),
    "promising": (8, (20, 120), (0, 60), (1, 3), 0.1, 1.0),
    "occasional": (16, (100, 730), (0, 200), (1, 3), 0.8, 1.0),
    "hibernating": (12, (400, 730), (200, 400), (1, 4), 0.6, 1.0),
    "lost": (12, (500, 730), (400, 700), (1, 3), 0.5, 1.0),
    "won_back": (5, (600, 730), (470, 520), (4, 8), 1.0, 1.0),  # churned a year ago, buying again lately
}
RETURN_DAYS = (5, 40)  # the won back customers' new invoices are this many days old
PROSPECTS = 8  # companies marked as customers who have not bought yet
BIRTHDATE_SHARE = 0.3  # contacts whose birth date is known
NPS_SHARE = 0.4  # customers who gave NPS or CSAT answers over the last year
SURVEY_ANSWERS = 12  # of them, answers given in the NPS survey


LATE_PAYER_SHARE = 0.12  # customers who leave their recent invoices unpaid
LATE_PAYER_DAYS = 150  # their invoices of this many days are overdue
INTERACTIONS = (
    "Called about the next order.",
    "Sent the new catalogue.",
    "Visited the customer's site.",
    "Discussed a delivery delay.",
    "Quarterly check-in call.",
)


class CustomerValueDemo(models.AbstractModel):
    _name = "customer.value.demo"
    _description = "Customer Value Demo Data"

    @api.model
    def _load_demo(self, customer_count=260, second_company_share=0.3, seed=2026):
        """Create the demo companies, customers and invoices, then run four quarterly tier
        reviews and tonight's scoring so that every screen has history to show. Odoo loads
        the demo data again on each update of the module: then it is there already."""
        if self.env.ref("customer_value.company_europe_demo", raise_if_not_found=False):
            return
        rng = random.Random(seed)
        today = fields.Date.context_today(self)
        main = self.env.ref("base.main_company")
        eur, usd = self.env.ref("base.EUR"), self.env.ref("base.USD")
        other_currency = eur if main.currency_id != eur else usd
        second = self._demo_second_company(main, other_currency)
        products = self._demo_products()
        patterns = self._demo_customers(customer_count, rng, self._demo_salespeople())
        shared = {partner: pattern for partner, pattern in patterns.items() if rng.random() < second_company_share}
        late_payers = {partner for partner in patterns if rng.random() < LATE_PAYER_SHARE}
        for company, customers, foreign in ((main, patterns, other_currency), (second, shared, main.currency_id)):
            self._demo_invoices(company, customers, products, foreign, rng, today, late_payers)
        self._demo_interactions(list(patterns), rng, today)
        self._demo_prospects(rng, self._demo_salespeople_of(patterns))
        self._demo_birthdates(list(patterns), rng, today)
        Run = self.env["customer.value.run"]
        # touchpoints from tonight on: the history runs would leave their steps open
        plans = self.env["customer.value.touchpoint.plan"].search([])
        plans.active = False
        for company in (main, second):
            for days_ago in (270, 180, 90, 0):
                Run._queue(company, "review", today - timedelta(days=days_ago))._execute()
        # answered by now (and so by tier), before tonight's scoring reads them into health
        self._demo_satisfaction(main, list(patterns), rng, today)
        plans.active = True
        for company in (main, second):
            Run._queue(company, "scoring", today)._execute()
        self._demo_lock(main, today)

    def _demo_second_company(self, main, currency):
        """A second company in another currency; each company has a rate for the other's."""
        currency.active = True
        company = self.env["res.company"].create({"name": "Customer Value Demo Europe"})
        # _load rather than try_loading, which warns when called while modules are installing
        self.env["account.chart.template"]._load("generic_coa", company, install_demo=False)
        company.currency_id = currency  # the chart template sets its own; no entry exists yet
        self.env.ref("base.user_admin").company_ids = [Command.link(company.id)]
        rates = self.env["res.currency.rate"]
        rates.create({"currency_id": currency.id, "rate": 0.92, "name": "2020-01-01", "company_id": main.id})
        rates.create({"currency_id": main.currency_id.id, "rate": 1.09, "name": "2020-01-01", "company_id": company.id})
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": "customer_value.company_europe_demo", "record": company, "noupdate": True}]
        )
        return company

    def _demo_products(self):
        products = self.env["product.product"]
        for category_name, items in CATEGORIES.items():
            category = self.env["product.category"].create({"name": category_name})
            for name, price in items:
                products |= products.create(
                    {"name": name, "categ_id": category.id, "list_price": price, "type": "service", "taxes_id": False}
                )
        return products

    def _demo_salespeople(self):
        """Two salespeople with the Customer Value user rights, and the administrator."""
        group = self.env.ref("customer_value.group_customer_value_user")
        users = self.env["res.users"].create(
            [
                {"name": name, "login": login, "groups_id": [Command.link(group.id)]}
                for name, login in (("Lena Wagner", "lena.demo"), ("Wei Zhang", "wei.demo"))
            ]
        )
        return users | self.env.ref("base.user_admin")

    def _demo_customers(self, count, rng, salespeople):
        """Customer companies with one or two contacts each and a salesperson; returns
        {partner: pattern}."""
        names = [f"{word} {kind}" for word in COMPANY_WORDS for kind in COMPANY_KINDS]
        rng.shuffle(names)
        pattern_names = list(PATTERNS)
        weights = [PATTERNS[name][0] for name in pattern_names]
        vals_list, chosen = [], []
        for name in names[:count]:
            contacts = [
                Command.create(
                    {
                        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        "type": "contact",
                        "email": f"contact{rng.randint(100, 999)}@{name.lower().replace(' ', '')}.example.com",
                    }
                )
                for _i in range(rng.randint(1, 2))
            ]
            vals_list.append(
                {
                    "name": name,
                    "is_company": True,
                    "email": f"info@{name.lower().replace(' ', '')}.example.com",
                    "child_ids": contacts,
                    "user_id": rng.choice(salespeople.ids),
                }
            )
            chosen.append(rng.choices(pattern_names, weights)[0])
        partners = self.env["res.partner"].create(vals_list)
        return dict(zip(partners, chosen, strict=True))

    def _demo_invoices(self, company, patterns, products, foreign_currency, rng, today, late_payers):
        """Posted invoices following each customer's pattern, some to a contact, some in a
        foreign currency, and credit notes for a few of them. They fall due on the day the
        demo is loaded (none is overdue then), but those of the last months of late payers,
        due 30 days after their date: their overdue receivables."""
        Move = self.env["account.move"].with_company(company)
        journal = self.env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        vals_list = []
        for customer, pattern in patterns.items():
            _weight, first_range, last_range, per_year, scale, growth = PATTERNS[pattern]
            first = rng.randint(*first_range)
            last = min(first, rng.randint(*last_range))
            span = max(first - last, 1)
            count = max(1, round(rng.uniform(*per_year) * span / 365))
            base = scale * rng.lognormvariate(0, 0.8)
            days = sorted((rng.randint(last, first) for _i in range(count)), reverse=True)
            days[-1] = last
            if pattern == "won_back":
                days += sorted((rng.randint(*RETURN_DAYS) for _i in range(2)), reverse=True)
            for days_ago in days:
                progress = 1 - (days_ago - last) / span
                quantity_factor = base * (1 + (growth - 1) * progress)
                lines = [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": max(1, round(quantity_factor * rng.uniform(0.5, 1.5))),
                            "price_unit": product.lst_price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for product in rng.sample(products, rng.randint(1, 3))
                ]
                late = customer in late_payers and 30 < days_ago <= LATE_PAYER_DAYS
                due = {"invoice_date_due": today - timedelta(days=days_ago - 30)} if late else {}
                vals_list.append(
                    {
                        "move_type": "out_invoice",
                        **due,
                        "partner_id": rng.choice(customer.child_ids.ids + [customer.id]),
                        "invoice_date": today - timedelta(days=days_ago),
                        "journal_id": journal.id,
                        "currency_id": (foreign_currency if rng.random() < 0.15 else company.currency_id).id,
                        "invoice_line_ids": lines,
                    }
                )
        invoices = Move.create(vals_list)
        invoices.action_post()
        refunded = invoices.filtered(lambda _m: rng.random() < 0.05)
        refunds = refunded._reverse_moves(
            [
                {"invoice_date": min(move.invoice_date + timedelta(days=7), today), "ref": "Demo return"}
                for move in refunded
            ]
        )
        refunds.action_post()
        _logger.info(
            "Customer Value demo: %s invoices, %s credit notes for %s", len(invoices), len(refunds), company.name
        )

    def _demo_interactions(self, customers, rng, today):
        """Notes logged on the customers over the last months, some of them calls marked
        done, so that engagement differs from customer to customer."""
        note = self.env.ref("mail.mt_note")
        call = self.env.ref("mail.mail_activity_data_call")
        author = self.env.ref("base.user_admin").partner_id
        vals_list = []
        for customer in customers:
            for _i in range(rng.choice((0, 0, 1, 2, 3, 5, 8))):
                done_call = rng.random() < 0.4
                vals_list.append(
                    {
                        "model": "res.partner",
                        "res_id": customer.id,
                        "message_type": "notification" if done_call else "comment",
                        "subtype_id": note.id,
                        "mail_activity_type_id": call.id if done_call else False,
                        "author_id": author.id,
                        "body": rng.choice(INTERACTIONS),
                        "date": fields.Datetime.to_datetime(today - timedelta(days=rng.randint(1, 150))),
                    }
                )
        self.env["mail.message"].create(vals_list)

    def _demo_salespeople_of(self, patterns):
        return self.env["res.users"].browse({partner.user_id.id for partner in patterns})

    def _demo_prospects(self, rng, salespeople):
        """Companies marked as customers who have not bought yet: the prospects."""
        self.env["res.partner"].create(
            [
                {
                    "name": f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)} Prospect {index + 1}",
                    "is_company": True,
                    "customer_rank": 1,
                    "user_id": rng.choice(salespeople.ids),
                }
                for index in range(PROSPECTS)
            ]
        )

    def _demo_birthdates(self, customers, rng, today):
        """Birth dates for some contacts, three of them in the coming days (birthday care)."""
        contacts = [contact for customer in customers for contact in customer.child_ids]
        for index, contact in enumerate(contacts):
            if index < 3:
                birthday = today + timedelta(days=index + 1)
                contact.birthdate = birthday.replace(year=1976 + 4 * index)  # leap years: 29 February exists
            elif rng.random() < BIRTHDATE_SHARE:
                contact.birthdate = today.replace(year=rng.randint(1960, 1995), month=1, day=1) + timedelta(
                    days=rng.randint(0, 364)
                )

    def _demo_satisfaction(self, company, customers, rng, today):
        """NPS and CSAT answers over the last year, most entered by staff, some given in the
        NPS survey; happier customers answer higher."""
        survey = self.env.ref("customer_value.survey_customer_nps")
        question = self.env.ref("customer_value.survey_customer_nps_question_score")
        vals_list, survey_answers = [], []
        for customer in customers:
            if rng.random() >= NPS_SHARE:
                continue
            mood = rng.choice((3, 6, 8, 9, 10))
            for _i in range(rng.randint(1, 3)):
                nps = max(0, min(10, mood + rng.randint(-2, 1)))
                date = today - timedelta(days=rng.randint(1, 330))
                if len(survey_answers) < SURVEY_ANSWERS and customer.child_ids:
                    survey_answers.append((customer.child_ids[0], nps, date))
                    continue
                vals_list.append(
                    {"company_id": company.id, "partner_id": customer.id, "kind": "nps", "score": nps, "date": date}
                )
                if rng.random() < 0.5:
                    csat = max(1, min(5, round(nps / 2)))
                    vals_list.append(
                        {
                            "company_id": company.id,
                            "partner_id": customer.id,
                            "kind": "csat",
                            "score": csat,
                            "date": date,
                        }
                    )
        self.env["customer.value.satisfaction"].create(vals_list)
        survey.user_id = self.env.ref("base.user_admin")
        for contact, nps, date in survey_answers:
            user_input = survey._create_answer(partner=contact, check_attempts=False)
            user_input._save_lines(question, str(nps))
            user_input._mark_done()
            user_input.end_datetime = fields.Datetime.to_datetime(date)
            self.env["customer.value.satisfaction"].search([("survey_user_input_id", "=", user_input.id)]).date = date

    def _demo_lock(self, company, today):
        diamond = self.env.ref("customer_value.customer_value_tier_diamond")
        strategic = self.env["customer.value"].search(
            [("company_id", "=", company.id), ("tier_id", "!=", diamond.id)], order="value_score desc", limit=1
        )
        strategic._lock_tier(diamond, "Strategic partner: joint product launch", today + timedelta(days=180))
