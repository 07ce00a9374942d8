"""A test mail backend that refuses every address starting with "fail", like an SMTP server
answering 550 for one recipient; the others land in mail.outbox."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            for address in message.recipients():
                if address.startswith("fail"):
                    raise smtplib.SMTPRecipientsRefused(
                        {address: (550, b"5.1.1 Mailbox unavailable")}
                    )
        return super().send_messages(messages)
