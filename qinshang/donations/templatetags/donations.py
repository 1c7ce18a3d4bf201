"""``{% load donations %}``: ``amount|wan_about`` — a total in 万元 as a report writes it
("18.7")."""

from __future__ import annotations

from django import template

from qinshang.donations.selectors import wan_rounded

register = template.Library()

register.filter("wan_about", wan_rounded)
