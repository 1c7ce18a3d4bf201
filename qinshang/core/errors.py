"""Refusals every app's services share."""


class StaleEdit(Exception):
    """Someone changed the record after this page was opened; the later save is refused, and
    the message says so (the form keeps the user's input)."""
