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
    "appeal.registered": _("registered the appeal"),
    "appeal.updated": _("edited the appeal"),
    "appeal.contacted": _("contacted the appellant"),
    "appeal.rejected": _("declined to accept the appeal"),
    "appeal.assessed": _("assessed the appeal"),
    "appeal.assigned": _("assigned the appeal"),
    "appeal.accepted": _("accepted the assignment"),
    "appeal.noted": _("added a tracking note"),
    "appeal.answered": _("answered the appeal"),
    "appeal.extension_requested": _("asked for an extension"),
    "appeal.extended": _("granted an extension"),
    "appeal.extension_refused": _("refused an extension"),
    "appeal.returned": _("returned the assignment"),
    "appeal.rated": _("rated the outcome"),
    "appeal.reopened": _("asked for the appeal to be handled again"),
    "appeal.commented": _("added information"),
    "appeal.closed": _("closed the appeal"),
    "appeal.supervised": _("put the appeal under supervision"),
    "appeal.overdue": _("the appeal is overdue"),
    "appeal.merged": _("merged the appeal into another"),
    "appeal.merged_in": _("took in a duplicate appeal"),
    "campaign.created": _("created the campaign"),
    "campaign.updated": _("edited the campaign"),
    "campaign.targets_set": _("chose the target enterprises"),
    "campaign.launched": _("launched the campaign"),
    "campaign.closed": _("closed the campaign"),
    "campaign.team_created": _("formed a visiting team"),
    "campaign.symposium_recorded": _("recorded a symposium"),
    "campaign.survey_created": _("started an opinion survey"),
    "campaign.survey_distributed": _("handed out opinion forms"),
    "campaign.survey_link_issued": _("issued a new invitation link"),
    "campaign.survey_returned": _("received a returned opinion form"),
    "visit.recorded": _("recorded a visit"),
    "regions.loaded": _("loaded a division list"),
    "workdays.loaded": _("loaded the holiday calendar"),
    "demo.loaded": _("loaded the demo data"),
}

# Verbs whose changes hold [before, after] pairs (the others hold values as recorded).
PAIRED_CHANGES = frozenset({
    "enterprise.updated", "enterprise.status_changed", "person.updated", "measure.updated",
    "appeal.updated", "appeal.assessed", "appeal.extended", "campaign.updated",
})

# Keys of the changes column that are not a column of the object (a service's own words).
CHANGE_LABELS = {
    "attachments": _("attachments"),
    "tags": _("tags"),
    "relation": _("relation"),
    "lead": _("lead department"),
    "co_handlers": _("co-handling departments"),
    "department": _("department"),
    "days": _("working days"),
    "granted": _("granted"),
    "into": _("merged into"),
    "duplicate": _("duplicate"),
    "office": _("office"),
    "limit": _("limit passed"),
    "scope": _("scope"),
    "phases": _("phases"),
    "targets": _("target enterprises"),
    "criteria": _("chosen by"),
    "campaign": _("campaign"),
    "staff": _("visiting staff"),
    "appeals": _("appeals raised"),
    "team": _("team"),
    "area": _("area assigned"),
    "members": _("members"),
    "form": _("form"),
    "copies": _("copies"),
    "enterprise": _("enterprise"),
}


def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))
