"""Forms of the compatriots' portal: they check the input; the appeal services decide."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.appeals import selectors
from qinshang.appeals.models import Category, Kind, Rating
from qinshang.appeals.uploads import AttachmentsField, attachments_help
from qinshang.enterprises.models import Enterprise, Person


@dataclass(frozen=True)
class Party:
    """Whom a portal user may file an appeal for: one of their enterprises, or themselves."""

    key: str
    enterprise: Enterprise | None = None
    person: Person | None = None

    @property
    def label(self) -> str:
        if self.enterprise is not None:
            return self.enterprise.name
        return str(_("%(name)s (in my own name)") % {"name": self.person.name})


class CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, category: Category) -> str:
        return category.label


class AppealForm(forms.Form):
    party = forms.ChoiceField(label=_("On behalf of"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.REQUEST,
                             widget=forms.RadioSelect)
    category = CategoryField(label=_("Category"), queryset=Category.objects.none(),
                             empty_label=None)
    title = forms.CharField(label=_("Subject"), max_length=120,
                            error_messages={"required": _("Give your appeal a subject.")})
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("What happened, what you need, and since when."),
        error_messages={"required": _("Describe what the appeal is about.")})
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=32, required=False,
                                    help_text=_("Where the office can reach you about it."))
    files = AttachmentsField()

    def __init__(self, *args, parties: list[Party], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {party.key: party for party in parties}
        self.fields["party"].choices = [(party.key, party.label) for party in parties]
        if len(parties) == 1:
            # Nothing to choose: the form says for whom, and an empty value means that one.
            self.fields["party"].initial = parties[0].key
            self.fields["party"].required = False
            self.fields["party"].widget = forms.HiddenInput()
        self.fields["category"].queryset = selectors.categories_active()
        self.fields["files"].help_text = attachments_help()

    def clean_party(self) -> Party:
        key = self.cleaned_data["party"] or self.fields["party"].initial
        return self.parties[key]

    def appeal_data(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("kind", "category", "title", "description",
                                              "contact_phone")}


class VersionedForm(forms.Form):
    """An action on the appeal as it was when the page was opened: a later change refuses it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RateForm(VersionedForm):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the outcome?"), choices=Rating.choices, coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the five levels.")})
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label=_("What is still not resolved?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what is still not resolved.")})


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Information to add"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Write what you want to add.")})
    files = AttachmentsField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = attachments_help()
