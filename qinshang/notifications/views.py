"""Placeholder: being built."""

from django.http import Http404


def notification_list(request, **kwargs):
    raise Http404


def notification_open(request, **kwargs):
    raise Http404


def notifications_read(request, **kwargs):
    raise Http404

