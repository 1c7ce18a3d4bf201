"""Placeholder: being built."""

from django.http import Http404


def appeal_comment(request, **kwargs):
    raise Http404


def appeal_create(request, **kwargs):
    raise Http404


def appeal_page(request, **kwargs):
    raise Http404


def appeal_rate(request, **kwargs):
    raise Http404


def appeal_reopen(request, **kwargs):
    raise Http404


def attachment_download(request, **kwargs):
    raise Http404


def portal_home(request, **kwargs):
    raise Http404

