"""A mail backend for tests that counts the connections opened to it."""

from django.core.mail.backends.locmem import EmailBackend


class CountingBackend(EmailBackend):
    opened = 0

    def open(self):
        type(self).opened += 1
        return True
