"""How each recorded verb reads in the timeline."""

from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "enterprise.created": _("created the enterprise file"),
    "enterprise.updated": _("edited the enterprise file"),
    "enterprise.status_changed": _("changed the status"),
    "person.added": _("added a person"),
    "person.updated": _("edited a person"),
    "person.linked": _("linked a person already on file"),
    "person.document_viewed": _("viewed a full document number"),
    "measure.added": _("added a support measure"),
    "measure.updated": _("updated a support measure"),
    "regions.loaded": _("loaded a division list"),
    "demo.loaded": _("loaded the demo data"),
}


def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))
