"""A mail server that takes its time: a round of emails lasts long enough to kill
the worker in the middle of it."""

import time

from django.core.mail.backends import filebased


class SlowFileBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(0.03)
        return super().send_messages(email_messages)
