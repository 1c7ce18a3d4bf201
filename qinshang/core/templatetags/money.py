"""``{% load money %}``: ``amount|yuan``, ``amount|wan``, ``amount|yi``, ``amount|money``."""

from __future__ import annotations

from django import template

from qinshang.core import money as written

register = template.Library()

register.filter("yuan", written.yuan)
register.filter("wan", written.in_wan)
register.filter("yi", written.in_yi)
register.filter("money", written.as_written)
