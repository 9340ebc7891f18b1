"""Refusals of the payments domain; the message is shown to the user (Chinese)."""


class PaymentError(Exception):
    pass
