"""The appeal forms of the staff pages: the inbox filters, intake and edit, and one small form
per workflow action. Forms check input; the services check the business rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import principal_of, visible
from qinshang.appeals import selectors
from qinshang.appeals.models import (
    Appeal,
    Category,
    Channel,
    Kind,
    Outcome,
    Priority,
    Rating,
    State,
)
from qinshang.appeals.uploads import AttachmentsField, attachments_help
from qinshang.core.forms import DayField, check_date_range
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.enterprises.forms import RegionChoiceField
from qinshang.enterprises.selectors import regions_in_reach
from qinshang.offices.models import Department
from qinshang.regions.models import Region

# Appeals arrive through the portal and the Open311 API on their own; staff record the rest.
STAFF_CHANNELS = [(value, label) for value, label in Channel.choices
                  if value not in (Channel.PORTAL, Channel.API)]
EVERYTHING = ("", _("All"))
TEXTAREA = {"rows": 4}


def _all(choices) -> list:
    return [EVERYTHING, *choices]


class DepartmentChoiceField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, department: Department) -> str:
        return department.name


# --- the inbox ----------------------------------------------------------------------------------

class AppealFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False, widget=FastSelect,
                              choices=_all(State.choices))
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all(),
                                      required=False, empty_label=_("All"), widget=FastSelect)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=FastSelect,
                             choices=_all(Kind.choices))
    priority = forms.ChoiceField(label=_("Priority"), required=False, widget=FastSelect,
                                 choices=_all(Priority.choices))
    channel = forms.ChoiceField(label=_("Channel"), required=False, widget=FastSelect,
                                choices=_all(Channel.choices))
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code", empty_label=_("All"))
    department = DepartmentChoiceField(label=_("Department"), queryset=Department.objects.none(),
                                       required=False, empty_label=_("All"))
    registered_from = DayField(label=_("Registered from"), required=False,
                                      widget=DateInput())
    registered_to = DayField(label=_("Registered to"), required=False,
                                    widget=DateInput())
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    supervised = forms.BooleanField(label=_("Supervised only"), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        principal = principal_of(user)
        if principal.read_ranges:
            self.fields["region"].queryset = regions_in_reach(user)
            self.fields["department"].queryset = selectors.departments_in_reach(user)
        else:
            # A department liaison sees only their own department's appeals: a division or a
            # department filter would offer nothing to choose.
            del self.fields["region"]
            del self.fields["department"]
        self.fields["category"].label_from_instance = lambda category: category.label

    def clean(self) -> dict:
        data = super().clean()
        check_date_range(self, data, "registered_from", "registered_to")
        return data

    def criteria(self) -> selectors.AppealFilter:
        """The valid filters; an invalid one is left out and its message shown beside it."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.AppealFilter(
            state=data.get("state", ""), overdue=bool(data.get("overdue")),
            supervised=bool(data.get("supervised")), category=data.get("category"),
            kind=data.get("kind", ""), region=data.get("region"),
            department=data.get("department"), channel=data.get("channel", ""),
            priority=data.get("priority", ""), registered_from=data.get("registered_from"),
            registered_to=data.get("registered_to"), text=data.get("q", ""))


# --- intake and edit ----------------------------------------------------------------------------

class AppealForm(forms.ModelForm):
    """Intake by staff: what the appellant said, by which channel."""

    class Meta:
        model = Appeal
        fields = ["kind", "channel", "category", "priority", "title", "description",
                  "contact_phone"]
        widgets = {"kind": FastSelect, "channel": FastSelect, "category": FastSelect,
                   "priority": FastSelect, "description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "priority": _("Emergency assistance is always urgent (green channel)."),
            "description": _("What the appellant asks for, in their words: who, what, since "
                             "when, what has been tried."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        channel = self.fields["channel"]
        current = self.instance.channel if self.instance.pk else ""
        # An appeal that came in through the portal keeps its channel when staff edit it.
        channel.choices = [("", "---------"), *STAFF_CHANNELS,
                           *[(v, label) for v, label in Channel.choices
                             if v == current and (v, label) not in STAFF_CHANNELS]]
        categories = selectors.categories_active()
        if self.instance.pk:
            categories = categories | Category.objects.filter(pk=self.instance.category_id)
        self.fields["category"].queryset = categories
        self.fields["category"].label_from_instance = lambda category: category.label
        self.fields["kind"].choices = [("", "---------"), *Kind.choices]
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "off"

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()


class AppealRegisterForm(AppealForm):
    files = AttachmentsField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = attachments_help()


class AppealEditForm(AppealForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


# --- one form per action ------------------------------------------------------------------------

class ActionForm(forms.Form):
    """The version of the appeal the page showed: a later action by someone else makes this
    one stale, and it is refused rather than applied to a state the user did not see."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, appeal: Appeal, user, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"id_{self.slug}_%s")
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = appeal.version
        self.appeal = appeal
        self.user = user

    slug = ""


def _text(label, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ContactForm(ActionForm):
    slug = "contact"
    note = _text(_("How and with whom (optional)"), required=False, rows=2)


class RejectForm(ActionForm):
    slug = "reject"
    reason = _text(_("Reason for not accepting"))


class AssessForm(ActionForm):
    slug = "assess"
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(),
                                      widget=FastSelect)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices,
                                 widget=FastSelect)
    plan = _text(_("Handling plan"), rows=4)
    answer_days = forms.IntegerField(
        label=_("Answer within (working days)"), required=False, min_value=1, max_value=120,
        help_text=_("Leave empty for the office's limit for this priority."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        appeal = self.appeal
        self.fields["category"].queryset = (selectors.categories_active()
                                            | Category.objects.filter(pk=appeal.category_id))
        self.fields["category"].label_from_instance = lambda category: category.label
        self.fields["category"].initial = appeal.category_id
        self.fields["priority"].initial = appeal.priority
        self.fields["plan"].initial = appeal.plan


class AssignForm(ActionForm):
    slug = "assign"
    lead = DepartmentChoiceField(label=_("Lead department"), queryset=Department.objects.none())
    co_handlers = forms.ModelMultipleChoiceField(
        label=_("Co-handling departments"), queryset=Department.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        departments = selectors.departments_for_appeal(self.appeal)
        self.fields["lead"].queryset = departments
        self.fields["co_handlers"].queryset = departments
        self.fields["co_handlers"].label_from_instance = lambda department: department.name


class AcceptForm(ActionForm):
    slug = "accept"


class NoteForm(ActionForm):
    slug = "note"
    text = _text(_("Tracking note"))


class AnswerForm(ActionForm):
    slug = "answer"
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices,
                                widget=forms.RadioSelect)
    reply = _text(_("Reply to the appellant"), rows=5)


class RequestExtensionForm(ActionForm):
    slug = "request_extension"
    days = forms.IntegerField(label=_("Working days asked for"), min_value=1, max_value=60)
    reason = _text(_("Reason"))


GRANT_CHOICES = [("yes", _("Grant")), ("no", _("Refuse"))]


class DecideExtensionForm(ActionForm):
    slug = "decide_extension"
    grant = forms.ChoiceField(label=_("Decision"), choices=GRANT_CHOICES,
                              widget=forms.RadioSelect)
    note = _text(_("Note (optional)"), required=False, rows=2)


class ReturnForm(ActionForm):
    slug = "return"
    reason = _text(_("Why this assignment is wrong"))


class RateForm(ActionForm):
    slug = "rate"
    rating = forms.TypedChoiceField(
        label=_("The appellant's rating"), choices=Rating.choices, coerce=int,
        widget=forms.RadioSelect,
        help_text=_("As the appellant gave it on the follow-up call (回访)."))
    comment = _text(_("What the appellant said (optional)"), required=False, rows=2)


class ReopenForm(ActionForm):
    slug = "reopen"
    reason = _text(_("What is still not resolved"))


class CloseForm(ActionForm):
    slug = "close"


class SuperviseForm(ActionForm):
    slug = "supervise"
    reason = _text(_("Reason for supervision"))


class AppealNumberInput(forms.NumberInput):
    def format_value(self, value):
        return value


class MergeForm(ActionForm):
    slug = "merge"
    original = forms.ModelChoiceField(
        label=_("Merge into appeal No."), queryset=Appeal.objects.none(),
        widget=AppealNumberInput(attrs={"min": 1}),
        error_messages={"invalid_choice": _("There is no such appeal that you can see.")})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = visible(self.user, Appeal)


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.slug: form for form in (
        ContactForm, RejectForm, AssessForm, AssignForm, AcceptForm, NoteForm, AnswerForm,
        RequestExtensionForm, DecideExtensionForm, ReturnForm, RateForm, ReopenForm, CloseForm,
        SuperviseForm, MergeForm)
}
