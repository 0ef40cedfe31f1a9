# The mail gateway of the complaints, beside their closed loop (customer_value_complaint.py):
# pylint: disable=consider-merging-classes-inherited
from odoo import _, api, fields, models
from odoo.tools import email_normalize, html2plaintext


class CustomerValueComplaint(models.Model):
    """Complaints from e-mails: a mail to a team's alias creates one (the sender's contact
    complaining, or the sender flagged as unknown), replies thread into it, a customer's
    reply restarts a clock that waited for it, and the first message staff send the
    customer is the answer the response target measures."""

    _inherit = "customer.value.complaint"

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        defaults = {
            "name": msg_dict.get("subject") or _("No Subject"),
            "email_from": msg_dict.get("email_from") or msg_dict.get("from"),
            "description": msg_dict.get("body"),
            "contact_id": author.id,
            "unknown_sender": not author,
            "user_id": False,  # the gateway's user does not handle it: the team assigns it
        }
        return super().message_new(msg_dict, custom_values=dict(defaults, **(custom_values or {})))

    def message_update(self, msg_dict, update_vals=None):
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if author:  # a customer's contact, not staff
            answered = self if all(user.share for user in author.user_ids) else self.browse()
        else:  # an unknown address answers only for the complaints it sent
            sender = email_normalize(msg_dict.get("email_from") or "")
            answered = self.filtered(lambda c: sender and email_normalize(c.email_from or "") == sender)
        answered.filtered("is_waiting")._resume_clock(
            fields.Datetime.now(), _("The customer answered: %s", html2plaintext(msg_dict.get("body") or "")[:200])
        )
        return super().message_update(msg_dict, update_vals=update_vals)

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        staff = any(not user.share for user in message.author_id.user_ids)
        public = message.message_type == "comment" and message.subtype_id == self.env.ref("mail.mt_comment")
        unanswered = self.filtered(lambda complaint: not complaint.responded_on)
        if staff and public and unanswered:
            now = fields.Datetime.now()
            unanswered._recording().write({"responded_on": now})
            unanswered._sla_update(now)
        return result
