"""Placeholder: being built."""

from django.http import Http404


def appeal_act(request, **kwargs):
    raise Http404


def appeal_detail(request, **kwargs):
    raise Http404


def appeal_edit(request, **kwargs):
    raise Http404


def appeal_export(request, **kwargs):
    raise Http404


def appeal_list(request, **kwargs):
    raise Http404


def appeal_register(request, **kwargs):
    raise Http404


def appeal_register_person(request, **kwargs):
    raise Http404


def attachment_download(request, **kwargs):
    raise Http404

