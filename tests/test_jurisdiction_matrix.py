"""The jurisdiction matrix (DESIGN.md §6, §8): every URL of the project against the whole cast.

``ROUTES`` below is the one table: for each named URL pattern, how to fill its kwargs from the
cast, the methods to try, the data a write sends, and the status each member of the cast must get.
A URL pattern missing from the table fails ``test_every_url_pattern_is_in_the_matrix``, so a new
view cannot ship without saying who may reach it.

Members: ``owner`` (officer of 历下区 370102, owns the enterprise), ``reader`` (leader of that
county, read-only), ``neighbour`` (市中区 370103), ``city`` (Jinan), ``province`` (Shandong),
``other_city`` (Weifang), ``department`` (Jinan commerce liaison), ``portal`` (portal user of the
enterprise) and ``anonymous`` (not logged in).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from qinshang.accounts.models import Membership, User
from qinshang.appeals.models import Appeal, Assignment, Attachment, Category, Extension
from qinshang.enterprises.models import Affiliation, Enterprise, Person, SupportMeasure
from qinshang.events.models import Event
from qinshang.notifications.models import Notification
from qinshang.testing.cast import (
    OWNER_COUNTY,
    Cast,
    build_appeal_cast,
    build_campaign_cast,
    build_cast,
    build_liaison_cast,
)
from qinshang.testing.factories import credit_code
from qinshang.testing.reference import next_year_calendar_ensure, reference_data_ensure
from tests import (
    matrix_api_tokens,
    matrix_donations,
    matrix_gatherings,
    matrix_open311,
    matrix_policies,
    matrix_projects,
)
from tests.matrix_common import (
    ADMIN_LOGIN,
    APPEAL_FORM,
    APPEAL_READ,
    APPEAL_WRITE,
    LOGIN,
    MEMBERS,
    OBJECT_FORM,
    OBJECT_READ,
    OBJECT_WRITE,
    OUTSIDERS,
    OWN_PAGE,
    PORTAL_PAGE,
    PORTAL_POST_ONLY,
    STAFF_LIST,
    STAFF_POST_ONLY,
    XLSX,
    Route,
    everyone,
    expect,
)

# The apps whose routes, snapshots and parts of the cast live in a module of their own.
APP_MATRICES = (matrix_gatherings, matrix_projects, matrix_policies, matrix_donations,
                matrix_api_tokens, matrix_open311)

def enterprise_kwargs(cast: Cast) -> dict:
    return {"pk": cast.enterprise.pk}


def person_kwargs(cast: Cast) -> dict:
    return {"pk": cast.enterprise.pk, "person_pk": cast.person.pk}


def measure_kwargs(cast: Cast) -> dict:
    return {"pk": cast.enterprise.pk, "measure_pk": cast.measure.pk}


def appeal_kwargs(cast: Cast) -> dict:
    return {"pk": cast.appeals.appeal.pk}


def appeal_note_kwargs(cast: Cast) -> dict:
    return {"pk": cast.appeals.appeal.pk, "action": "note"}


def attachment_kwargs(cast: Cast) -> dict:
    return {"pk": cast.appeals.appeal.pk, "attachment_pk": cast.appeals.attachment.pk}


def person_register_kwargs(cast: Cast) -> dict:
    return {"person_pk": cast.person.pk}


def enterprise_register_kwargs(cast: Cast) -> dict:
    return {"enterprise_pk": cast.enterprise.pk}


def owner_notification_kwargs(cast: Cast) -> dict:
    return {"pk": Notification.objects.filter(recipient=cast.owner).values_list(
        "pk", flat=True).first()}


def owner_user_kwargs(cast: Cast) -> dict:
    return {"object_id": cast.owner.pk}


# --- valid data for each write (so that a refusal is about access, never validation) ---------

NEW_ADDRESS = "济南市历下区泉城路188号"
NEW_ENTERPRISE = "济南海峡两岸新材料有限公司"
NEW_CREDIT_CODE = credit_code(OWNER_COUNTY, 424242)
NEW_PERSON = "林美玲"
NEW_PHONE = "13911112222"
NEW_MEASURE = "协调办理台胞居住证"
CHANGED_MEASURE = "协调解决厂房用电扩容"


def _blank(value) -> str:
    return "" if value is None else str(value)


def enterprise_data(cast: Cast) -> dict:
    enterprise = Enterprise.objects.get(pk=cast.enterprise.pk)
    return {
        "name": enterprise.name, "trade_name": enterprise.trade_name,
        "credit_code": enterprise.credit_code, "region": enterprise.region_id,
        "address": NEW_ADDRESS, "industry": enterprise.industry, "origin": enterprise.origin,
        "registered_capital": _blank(enterprise.registered_capital),
        "total_investment": _blank(enterprise.total_investment), "employees": "120",
        "status": enterprise.status, "liaison_officer": _blank(enterprise.liaison_officer_id),
        "version": str(enterprise.version),
    }


def new_enterprise_data(cast: Cast) -> dict:
    return {
        "name": NEW_ENTERPRISE, "trade_name": "海峽新材", "credit_code": NEW_CREDIT_CODE,
        "region": OWNER_COUNTY, "address": "济南市历下区经十路9999号", "industry": "29",
        "origin": "710000", "registered_capital": "500", "total_investment": "800",
        "employees": "40", "status": Enterprise.Status.OPERATING, "liaison_officer": "",
    }


def new_person_data(cast: Cast) -> dict:
    return {"name": NEW_PERSON, "origin": "710000", "document_kind": "", "document_number": "",
            "phone": "13800001111", "region": OWNER_COUNTY,
            "relation": Affiliation.Relation.SHAREHOLDER}


def person_data(cast: Cast) -> dict:
    person = Person.objects.get(pk=cast.person.pk)
    return {"name": person.name, "origin": person.origin, "document_kind": person.document_kind,
            "document_number": person.document_number, "phone": NEW_PHONE,
            "region": person.region_id}


def new_measure_data(cast: Cast) -> dict:
    return {"title": NEW_MEASURE, "detail": "人社局牵头", "department": "",
            "status": SupportMeasure.Status.PLANNED, "due_date": "2030-06-30"}


def measure_data(cast: Cast) -> dict:
    measure = SupportMeasure.objects.get(pk=cast.measure.pk)
    return {"title": CHANGED_MEASURE, "detail": measure.detail,
            "department": _blank(measure.department_id),
            "status": SupportMeasure.Status.IN_PROGRESS, "due_date": ""}


NEW_APPEAL = "厂区道路维修需要协调"
EDITED_APPEAL = "厂房用电扩容审批（已补充材料）"
TRACKING_NOTE = "已电话联系商务局，约定下周现场办公"
PORTAL_APPEAL = "子女入學需要協助辦理學籍"
PORTAL_COMMENT = "補充：已上傳供電公司回函"


def new_appeal_data(cast: Cast) -> dict:
    return {"kind": "request", "channel": "visit", "priority": "normal",
            "category": str(Category.objects.get(code="logistics").pk), "title": NEW_APPEAL,
            "description": "厂区门前道路破损，货车进出困难。", "contact_phone": ""}


def appeal_edit_data(cast: Cast) -> dict:
    appeal = Appeal.objects.get(pk=cast.appeals.appeal.pk)
    return {"kind": appeal.kind, "channel": appeal.channel, "priority": appeal.priority,
            "category": str(appeal.category_id), "title": EDITED_APPEAL,
            "description": appeal.description, "contact_phone": appeal.contact_phone,
            "version": str(appeal.version)}


def note_data(cast: Cast) -> dict:
    return {"text": TRACKING_NOTE,
            "version": str(Appeal.objects.get(pk=cast.appeals.appeal.pk).version)}


def portal_appeal_data(cast: Cast) -> dict:
    return {"kind": "request", "category": str(Category.objects.get(code="schooling").pk),
            "title": PORTAL_APPEAL, "description": "小孩明年九月入學，請協助說明所需材料。",
            "contact_phone": "13800002222"}


def portal_comment_data(cast: Cast) -> dict:
    return {"text": PORTAL_COMMENT}


def portal_rate_data(cast: Cast) -> dict:
    return {"rating": "5", "comment": "",
            "version": str(Appeal.objects.get(pk=cast.appeals.appeal.pk).version)}


def portal_reopen_data(cast: Cast) -> dict:
    return {"reason": "仍未解決",
            "version": str(Appeal.objects.get(pk=cast.appeals.appeal.pk).version)}


def language_data(cast: Cast) -> dict:
    return {"language": "en", "next": "/"}


# --- what a successful write must have done ---------------------------------------------------

def enterprise_edited(cast: Cast, response) -> None:
    enterprise = Enterprise.objects.get(pk=cast.enterprise.pk)
    assert (enterprise.address, enterprise.employees) == (NEW_ADDRESS, 120)
    assert enterprise.version == cast.enterprise.version + 1


def enterprise_created(cast: Cast, response) -> None:
    created = Enterprise.objects.get(credit_code=NEW_CREDIT_CODE)
    assert created.region_id == OWNER_COUNTY
    assert response["Location"] == reverse("enterprises:detail", args=[created.pk])


def person_added(cast: Cast, response) -> None:
    assert Affiliation.objects.filter(enterprise=cast.enterprise, person__name=NEW_PERSON).exists()


def person_edited(cast: Cast, response) -> None:
    assert Person.objects.get(pk=cast.person.pk).phone == NEW_PHONE


def document_revealed(cast: Cast, response) -> None:
    assert cast.person.document_number in response.content.decode()
    assert Event.objects.filter(verb="person.document_viewed",
                                target_id=str(cast.person.pk)).count() == 1


def measure_added(cast: Cast, response) -> None:
    assert cast.enterprise.measures.filter(title=NEW_MEASURE).exists()


def measure_edited(cast: Cast, response) -> None:
    assert SupportMeasure.objects.get(pk=cast.measure.pk).title == CHANGED_MEASURE


def appeal_registered(cast: Cast, response) -> None:
    created = Appeal.objects.get(title=NEW_APPEAL)
    assert created.region_id == OWNER_COUNTY
    assert response["Location"] == reverse("appeals:detail", args=[created.pk])


def appeal_edited(cast: Cast, response) -> None:
    assert Appeal.objects.get(pk=cast.appeals.appeal.pk).title == EDITED_APPEAL


def appeal_noted(cast: Cast, response) -> None:
    assert Event.objects.filter(verb="appeal.noted", note=TRACKING_NOTE,
                                target_id=str(cast.appeals.appeal.pk)).count() == 1


def portal_appeal_submitted(cast: Cast, response) -> None:
    created = Appeal.objects.get(title=PORTAL_APPEAL)
    assert (created.enterprise_id, created.channel) == (cast.enterprise.pk, "portal")


def portal_commented(cast: Cast, response) -> None:
    assert Event.objects.filter(verb="appeal.commented", note=PORTAL_COMMENT).count() == 1


def notifications_all_read(cast: Cast, response) -> None:
    reader = response.wsgi_request.user
    assert not Notification.objects.filter(recipient=reader, read_at__isnull=True).exists()


# --- surveys (campaigns/survey_views.py) and the invitation page (portal/survey_views.py) -----
# The cast's campaign is Jinan's (scope 370100): the counties below read its survey, Weifang and
# the department do not. Its copies belong to the owner county (the paper copy is used).

SURVEY_READ = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                     other_city=404, department=404, portal=404, anonymous=LOGIN)
# Starting a survey is for the offices that run the campaign: the city and the province.
SURVEY_CREATE_FORM = expect(owner=403, reader=403, neighbour=403, city=200, province=200,
                            other_city=404, department=404, portal=404, anonymous=LOGIN)
SURVEY_CREATE_WRITE = expect(owner=403, reader=403, neighbour=403, city=302, province=302,
                             other_city=404, department=404, portal=404, anonymous=LOGIN)
# Handing out: every officer hands the form to the targets of their own counties. The owner
# county's one target has its copies already, so "all remaining" is refused there (400); the
# neighbour county's target gets its copy (from the neighbour, the city or the province).
DISTRIBUTE_FORM = expect(owner=200, reader=403, neighbour=200, city=200, province=200,
                         other_city=404, department=404, portal=404, anonymous=LOGIN)
DISTRIBUTE_WRITE = expect(owner=400, reader=403, neighbour=302, city=302, province=302,
                          other_city=404, department=404, portal=404, anonymous=LOGIN)
# A new invitation link is shown on the answer to the POST itself (200), once.
LINK_WRITE = expect(owner=200, reader=403, neighbour=404, city=200, province=200,
                    other_city=404, department=404, portal=404, anonymous=LOGIN)
SURVEY_DEADLINE = "2026-06-25"
PAPER_RETURNED_ON = "2026-06-20"


def campaign_kwargs(cast: Cast) -> dict:
    return {"campaign_pk": cast.campaigns.campaign.pk}


# --- campaign coverage (figures/campaign_views.py) --------------------------------------------
# Everyone who sees the Jinan campaign gets its coverage, each for their own part of it: the
# owner county, its reader and the neighbour county their county's figures, the city and the
# province the city's. Weifang, the department and the portal do not find the campaign.
COVERAGE_READ = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                       other_city=404, department=404, portal=404, anonymous=LOGIN)


def coverage_kwargs(cast: Cast) -> dict:
    return {"pk": cast.campaigns.campaign.pk}


def survey_kwargs(cast: Cast) -> dict:
    return {"pk": cast.campaigns.survey.pk}


def paper_copy_kwargs(cast: Cast) -> dict:
    return {"pk": cast.campaigns.paper_copy.pk}


def online_copy_kwargs(cast: Cast) -> dict:
    return {"pk": cast.campaigns.online_copy.pk}


def invitation_kwargs(cast: Cast) -> dict:
    return {"token": cast.campaigns.token}


def opinion_answers(cast: Cast) -> dict:
    first, second = cast.campaigns.opinion_form.questions.order_by("order")
    return {f"q{first.pk}": "yes", f"q{second.pk}": "希望简化台胞证办理流程"}


def survey_create_data(cast: Cast) -> dict:
    return {"form": str(cast.campaigns.opinion_form.pk), "deadline": SURVEY_DEADLINE}


def distribute_data(cast: Cast) -> dict:
    return {"reach": "all", "method": "paper", "distributed_on": "2026-06-12"}


def paper_return_data(cast: Cast) -> dict:
    from qinshang.campaigns.models import Distribution

    copy = Distribution.objects.get(pk=cast.campaigns.paper_copy.pk)
    return {"returned_on": PAPER_RETURNED_ON, "version": str(copy.version),
            **opinion_answers(cast)}


def survey_created(cast: Cast, response) -> None:
    created = cast.campaigns.campaign.surveys.exclude(pk=cast.campaigns.survey.pk).get()
    assert created.deadline.isoformat() == SURVEY_DEADLINE
    assert response["Location"] == reverse("campaigns:survey_detail", args=[created.pk])


def copy_handed_out(cast: Cast, response) -> None:
    copies = cast.campaigns.survey.distributions
    assert copies.filter(enterprise=cast.foreign_enterprise, method="paper").count() == 1
    assert copies.filter(enterprise=cast.enterprise).count() == 2  # the cast's, untouched


def paper_returned(cast: Cast, response) -> None:
    from qinshang.campaigns.models import Distribution

    copy = Distribution.objects.select_related("response").get(pk=cast.campaigns.paper_copy.pk)
    assert (copy.returned_on.isoformat(), copy.return_method) == (PAPER_RETURNED_ON, "paper")
    assert copy.response.answers[str(cast.campaigns.opinion_form.questions.get(order=1).pk)]


def link_reissued(cast: Cast, response) -> None:
    from qinshang.campaigns.services import InvitationRefused, invitation_open

    with pytest.raises(InvitationRefused):
        invitation_open(cast.campaigns.token)  # the old link stopped working
    assert "/portal/survey/" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def invitation_answered(cast: Cast, response) -> None:
    from qinshang.campaigns.models import Distribution
    from qinshang.questionnaires.models import FormResponse

    copy = Distribution.objects.get(pk=cast.campaigns.online_copy.pk)
    assert copy.return_method == "online"
    assert FormResponse.objects.filter(distribution=copy).count() == 1


# --- campaigns (campaigns/views.py): the cast's Jinan campaign (scope 370100, launched) ------
# A campaign is read by the offices at and above its scope and by the counties below it (a
# county sees only its own county's targets and visits); Weifang, department liaisons and
# portal users find nothing, not even the list (campaign pages need an office).

CAMPAIGN_LIST = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                       other_city=200, department=404, portal=404, anonymous=LOGIN)
CAMPAIGN_READ = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                       other_city=404, department=404, portal=404, anonymous=LOGIN)
# Changing the campaign itself (edit, targets, launch, close, teams) needs write reach over its
# whole scope: get_for_user(write=True) on the campaign. The counties below read the campaign,
# so they get 403 (seen, not theirs to change), never 404; the service would refuse them too.
CAMPAIGN_FORM = expect(owner=403, reader=403, neighbour=403, city=200, province=200,
                       other_city=404, department=404, portal=404, anonymous=LOGIN)
CAMPAIGN_WRITE = expect(owner=403, reader=403, neighbour=403, city=302, province=302,
                        other_city=404, department=404, portal=404, anonymous=LOGIN)
# Launch and close are POST only; the method is refused before anything is looked up (the
# office check comes first: department and portal 404).
CAMPAIGN_POST_ONLY = expect(owner=405, reader=405, neighbour=405, city=405, province=405,
                            other_city=405, department=404, portal=404, anonymous=LOGIN)
# Visits and symposiums are recorded by any officer who sees the campaign, where they write.
RECORD_FORM = expect(owner=200, reader=403, neighbour=200, city=200, province=200,
                     other_city=404, department=404, portal=404, anonymous=LOGIN)

NEW_CAMPAIGN = "2026济南市台企服务季"
EDITED_CAMPAIGN = "2026济南市精准服务台企月（调整）"
NEW_TEAM = "市台办第二走访组"
NEW_VISIT_SUMMARY = "了解企业扩产用地需求"
NEW_VISIT_PROBLEM = "扩产项目用地指标紧张"
NEW_SYMPOSIUM_PLACE = "历下区台办会议室"


def campaign_pk_kwargs(cast: Cast) -> dict:
    return {"pk": cast.campaigns.campaign.pk}


def draft_campaign_kwargs(cast: Cast) -> dict:
    """A draft Jinan campaign with the cast's enterprises as targets, ready to launch."""
    from qinshang.campaigns import services
    from qinshang.campaigns.models import CampaignKind
    from qinshang.offices.models import Office
    from qinshang.regions.models import Region
    from qinshang.testing.cast import CAMPAIGN_AT, CITY

    draft = services.campaign_create(
        actor=cast.city, scope=Region.objects.get(code=CITY),
        offices=[Office.objects.get(region_id=CITY)], at=CAMPAIGN_AT,
        data={"name": NEW_CAMPAIGN, "kind": CampaignKind.VISIT_SEASON,
              "starts_on": datetime.date(2026, 9, 1), "ends_on": datetime.date(2026, 9, 30)})
    services.campaign_set_targets(actor=cast.city, campaign=draft, at=CAMPAIGN_AT,
                                  enterprises=[cast.enterprise, cast.foreign_enterprise],
                                  criteria={"region": CITY})
    cast.draft_campaign = draft
    return {"pk": draft.pk}


def visit_kwargs(cast: Cast) -> dict:
    return {"pk": cast.campaigns.visit.pk}


def _city_office_pk() -> str:
    from qinshang.offices.models import Office
    from qinshang.testing.cast import CITY

    return str(Office.objects.get(region_id=CITY).pk)


def new_campaign_data(cast: Cast) -> dict:
    return {"name": NEW_CAMPAIGN, "kind": "visit_season", "starts_on": "2026-09-01",
            "ends_on": "2026-09-30", "scope": "370100", "offices": [_city_office_pk()],
            "description": "", "visit_form": "", "quota_symposiums": "1",
            "quota_counties": "2", "quota_enterprises": "6",
            "phases-TOTAL_FORMS": "1", "phases-INITIAL_FORMS": "0",
            "phases-MIN_NUM_FORMS": "0", "phases-MAX_NUM_FORMS": "12",
            "phases-0-name": "全面走访", "phases-0-starts_on": "2026-09-01",
            "phases-0-ends_on": "2026-09-15"}


def campaign_edit_data(cast: Cast) -> dict:
    from qinshang.campaigns.models import Campaign

    campaign = Campaign.objects.get(pk=cast.campaigns.campaign.pk)
    data = {"name": EDITED_CAMPAIGN, "kind": campaign.kind, "starts_on": "2026-06-01",
            "ends_on": "2026-06-30", "offices": [_city_office_pk()],
            "description": "", "visit_form": str(campaign.visit_form_id),
            "quota_symposiums": "1", "quota_counties": "2", "quota_enterprises": "6",
            "version": str(campaign.version), "phases-INITIAL_FORMS": "2",
            "phases-MIN_NUM_FORMS": "0", "phases-MAX_NUM_FORMS": "12"}
    phases = list(campaign.phases.all())
    data["phases-TOTAL_FORMS"] = str(len(phases))
    for number, phase in enumerate(phases):
        data |= {f"phases-{number}-name": phase.name,
                 f"phases-{number}-starts_on": phase.starts_on.isoformat(),
                 f"phases-{number}-ends_on": phase.ends_on.isoformat()}
    return data


def campaign_version_data(cast: Cast) -> dict:
    from qinshang.campaigns.models import Campaign

    campaign = getattr(cast, "draft_campaign", None) or cast.campaigns.campaign
    return {"version": str(Campaign.objects.get(pk=campaign.pk).version)}


def set_targets_data(cast: Cast) -> dict:
    return {"region": "370100", "count": "2"}


def new_team_data(cast: Cast) -> dict:
    return {"name": NEW_TEAM, "office": _city_office_pk(), "area": "370100",
            "members": [str(cast.city.pk)]}


def new_visit_data(cast: Cast) -> dict:
    """A visit to the owner county's enterprise raising one problem; the visiting staff is the
    owner (the city and the province record visits of the counties below them)."""
    question = cast.campaigns.visit_form.questions.get(order=1)
    return {"enterprise": str(cast.enterprise.pk), "visited_on": "2026-06-20",
            "method": "on_site", "staff": [str(cast.owner.pk)], "team": "",
            "people_met": "2", "persons": [str(cast.person.pk)], "summary": NEW_VISIT_SUMMARY,
            f"report-q{question.pk}": "一般",
            "problems-TOTAL_FORMS": "3", "problems-INITIAL_FORMS": "0",
            "problems-MIN_NUM_FORMS": "0", "problems-MAX_NUM_FORMS": "20",
            "problems-0-category": str(Category.objects.get(code="land").pk),
            "problems-0-kind": "request", "problems-0-title": NEW_VISIT_PROBLEM,
            "problems-0-description": "希望协调新增用地指标。"}


def new_symposium_data(cast: Cast) -> dict:
    return {"held_on": "2026-06-18", "region": OWNER_COUNTY, "place": NEW_SYMPOSIUM_PLACE,
            "attendees": "9", "enterprises": [str(cast.enterprise.pk)], "team": "",
            "summary": "座谈交流"}


def campaign_created(cast: Cast, response) -> None:
    from qinshang.campaigns.models import Campaign

    created = Campaign.objects.get(name=NEW_CAMPAIGN)
    assert (created.scope_id, created.state, created.phases.count()) == ("370100", "draft", 1)
    assert response["Location"] == reverse("campaigns:detail", args=[created.pk])


def campaign_edited(cast: Cast, response) -> None:
    from qinshang.campaigns.models import Campaign

    campaign = Campaign.objects.get(pk=cast.campaigns.campaign.pk)
    assert (campaign.name, campaign.version) == (EDITED_CAMPAIGN,
                                                 cast.campaigns.campaign.version + 1)


def campaign_launched(cast: Cast, response) -> None:
    from qinshang.campaigns.models import Campaign

    launched = Campaign.objects.get(pk=cast.draft_campaign.pk)
    assert launched.state == "launched" and launched.launched_at is not None
    assert launched.targets.count() == 2


def campaign_closed(cast: Cast, response) -> None:
    from qinshang.campaigns.models import Campaign

    assert Campaign.objects.get(pk=cast.campaigns.campaign.pk).state == "closed"


def team_formed(cast: Cast, response) -> None:
    team = cast.campaigns.campaign.teams.get(name=NEW_TEAM)
    assert list(team.members.all()) == [cast.city]


def visit_recorded(cast: Cast, response) -> None:
    from qinshang.campaigns.models import Visit

    visit = Visit.objects.get(summary=NEW_VISIT_SUMMARY)
    assert (visit.enterprise_id, visit.campaign_id) == (cast.enterprise.pk,
                                                        cast.campaigns.campaign.pk)
    assert [raised.appeal.title for raised in visit.raised_appeals.all()] == [NEW_VISIT_PROBLEM]
    assert response["Location"] == reverse("campaigns:visit_detail", args=[visit.pk])


def symposium_recorded(cast: Cast, response) -> None:
    symposium = cast.campaigns.campaign.gatherings.get(place=NEW_SYMPOSIUM_PLACE)
    assert symposium.region_id == OWNER_COUNTY
    assert list(symposium.enterprises.all()) == [cast.enterprise]


# --- the summary report (reports/views.py) ----------------------------------------------------
# Whoever sees the Jinan campaign gets its report for their part of it (their county, or the
# city for the city and province officers); Weifang, the department and the portal do not.
SUMMARY_READ = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                      other_city=404, department=404, portal=404, anonymous=LOGIN)


def summary_kwargs(cast: Cast) -> dict:
    return {"pk": cast.campaigns.campaign.pk}


# --- imports (imports/views.py): spreadsheets into the cast's campaign and survey -----------
# Visits and survey returns: any officer who sees the campaign and may write opens the upload
# page (each row is then checked against the uploader's own reach, so a county imports its own
# county's rows into a city campaign); the read-only leader 403. A target list replaces the
# campaign's list, so only the offices that run it (write reach over the scope) may upload one.
# An upload answers 302 to its job page. The neighbour's upload of the owner county's rows is
# taken in and fails row by row (nothing written); the owner's, city's and province's import.
IMPORT_UPLOAD_WRITE = expect(owner=302, reader=403, neighbour=302, city=302, province=302,
                             other_city=404, department=404, portal=404, anonymous=LOGIN)
# A job is its uploader's alone (and a superuser's): everyone else does not find it.
OWN_IMPORT_JOB = expect(owner=200, reader=404, neighbour=404, city=404, province=404,
                        other_city=404, department=404, portal=404, anonymous=LOGIN)
IMPORT_VISIT_SUMMARY = "导入的走访记录"


def _import_file(name: str, rows: list[list[str]]):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "".join(",".join(row) + "\r\n" for row in rows)
    return SimpleUploadedFile(name, text.encode("gb18030"), "text/csv")


def visit_import_data(cast: Cast) -> dict:
    return {"file": _import_file("走访.csv", [
        ["统一社会信用代码", "走访日期", "走访方式", "走访人员", "走访台商人数", "情况摘要"],
        [cast.enterprise.credit_code, "2026-06-22", "实地", "owner", "1",
         IMPORT_VISIT_SUMMARY]])}


def return_import_data(cast: Cast) -> dict:
    return {"file": _import_file("回收.csv", [
        ["统一社会信用代码", "收回日期", "方式", "是否了解惠台政策"],
        [cast.enterprise.credit_code, "2026-06-20", "纸质", "是"]])}


def target_import_data(cast: Cast) -> dict:
    return {"file": _import_file("名单.csv", [["统一社会信用代码"], [cast.enterprise.credit_code]])}


def _posted_job(cast: Cast, response):
    from qinshang.imports.models import ImportJob

    job = ImportJob.objects.get(actor=response.wsgi_request.user)
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    return job


def visits_imported(cast: Cast, response) -> None:
    from qinshang.campaigns.models import Visit

    job = _posted_job(cast, response)
    imported = Visit.objects.filter(summary=IMPORT_VISIT_SUMMARY)
    if response.wsgi_request.user == cast.neighbour:  # not their county: refused row by row
        assert (job.state, job.problem_count, imported.count()) == ("failed", 1, 0)
    else:
        assert job.state == "done", (job.message, job.problems)
        assert imported.get().campaign_id == cast.campaigns.campaign.pk


def returns_imported(cast: Cast, response) -> None:
    from qinshang.campaigns.models import Distribution

    job = _posted_job(cast, response)
    copy = Distribution.objects.get(pk=cast.campaigns.paper_copy.pk)
    if response.wsgi_request.user == cast.neighbour:
        assert (job.state, job.problem_count, copy.returned_on) == ("failed", 1, None)
    else:
        assert job.state == "done", (job.message, job.problems)
        assert (copy.returned_on, copy.return_method) == (datetime.date(2026, 6, 20), "paper")


def targets_imported(cast: Cast, response) -> None:
    job = _posted_job(cast, response)
    assert job.state == "done", (job.message, job.problems)
    assert list(cast.draft_campaign.targets.values_list("enterprise_id", flat=True)) == [
        cast.enterprise.pk]


def visit_template_kwargs(cast: Cast) -> dict:
    return {"kind": "visits", "pk": cast.campaigns.campaign.pk}


def owner_import_job_kwargs(cast: Cast) -> dict:
    """The owner's import of a file with a bad date: failed, with its problem report."""
    from django.core.files.base import ContentFile

    from qinshang.imports.services import import_job_create, import_job_run

    text = (f"统一社会信用代码,走访日期,走访方式,走访人员,走访台商人数\r\n"
            f"{cast.enterprise.credit_code},2026-02-30,实地,owner,1\r\n")
    job = import_job_create(actor=cast.owner, kind="visits", campaign=cast.campaigns.campaign,
                            upload=ContentFile(text.encode(), name="走访.csv"))
    import_job_run(job=job)
    assert job.report
    return {"pk": job.pk}


# --- the liaison system (liaison/views.py, figures/liaison_views.py) ---------------------------
# The cast's plans belong to the owner county's office; the leader plan's member of staff is the
# county's leader (``reader``), the contact is with the owner county's enterprise. Liaison pages
# need an office: department liaisons and portal users find nothing, not even the lists. A plan
# is written by whoever writes for its office; a contact by whoever writes where the counterpart
# is, and by a leader for their own duty. The writes name a department of the owner county (the
# enterprise's name and credit code are secrets an outsider's refused form must not echo).
LIAISON_LIST = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                      other_city=200, department=404, portal=404, anonymous=LOGIN)
LIAISON_CREATE_FORM = expect(owner=200, reader=403, neighbour=200, city=200, province=200,
                             other_city=200, department=404, portal=404, anonymous=LOGIN)
# Other counties and cities may not choose the owner county's office or department (400).
LIAISON_CREATE_WRITE = expect(owner=302, reader=403, neighbour=400, city=302, province=302,
                              other_city=400, department=404, portal=404, anonymous=LOGIN)
# The leader records a contact for their own duty like the officers who write for the county.
LEADER_DUTY_WRITE = expect(owner=302, reader=302, neighbour=404, city=302, province=302,
                           other_city=404, department=404, portal=404, anonymous=LOGIN)
CONTACT_CREATE_WRITE = expect(owner=302, reader=302, neighbour=400, city=302, province=302,
                              other_city=400, department=404, portal=404, anonymous=LOGIN)
NEW_PLAN_PURPOSE = "每季度与区商务局会商台企用工问题"
RULE_PLAN_PURPOSE = "领导干部联系职能部门"
EDITED_PLAN_PURPOSE = "联系重点台资企业（调整为走访与座谈）"
PLAN_CONTACT_CONTENT = "实地走访，了解扩产进展"
NEW_CONTACT_CONTENT = "与区商务局沟通台企招工补贴"


def leader_plan_kwargs(cast: Cast) -> dict:
    return {"pk": cast.liaison.leader_plan.pk}


def liaison_contact_kwargs(cast: Cast) -> dict:
    return {"pk": cast.liaison.contact.pk}


def _owner_department():
    from qinshang.testing.factories import department_at

    return department_at(OWNER_COUNTY)


def _owner_office_pk() -> str:
    from qinshang.offices.models import Office

    return str(Office.objects.get(region_id=OWNER_COUNTY).pk)


def new_plan_data(cast: Cast) -> dict:
    return {"office": _owner_office_pk(), "staff": str(cast.owner.pk), "kind": "department",
            "enterprise": "", "person": "", "department": str(_owner_department().pk),
            "interval": "quarterly", "every_days": "", "method": "meeting",
            "purpose": NEW_PLAN_PURPOSE, "starts_on": "2026-01-01", "ends_on": ""}


def plan_rule_data(cast: Cast) -> dict:
    _owner_department()
    return {"offices": [_owner_office_pk()], "role": "leader", "sectors": ["commerce"],
            "interval": "quarterly", "every_days": "", "method": "meeting",
            "purpose": RULE_PLAN_PURPOSE, "starts_on": "2026-01-01", "ends_on": "",
            "confirm": "1"}


def plan_edit_data(cast: Cast) -> dict:
    from qinshang.liaison.models import LiaisonPlan

    plan = LiaisonPlan.objects.get(pk=cast.liaison.leader_plan.pk)
    return {"interval": plan.interval, "every_days": "", "method": plan.method,
            "purpose": EDITED_PLAN_PURPOSE, "starts_on": plan.starts_on.isoformat(),
            "ends_on": "", "version": str(plan.version)}


def plan_contact_data(cast: Cast) -> dict:
    """Yesterday (the cast's plan runs from 70 days ago), a visit, as the plan asks."""
    from django.utils import timezone

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return {"contacted_on": yesterday.isoformat(), "method": "visit",
            "content": PLAN_CONTACT_CONTENT, "outcome": "",
            "problems-TOTAL_FORMS": "3", "problems-INITIAL_FORMS": "0",
            "problems-MIN_NUM_FORMS": "0", "problems-MAX_NUM_FORMS": "20"}


def new_contact_data(cast: Cast) -> dict:
    return {"kind": "department", "enterprise": "", "person": "",
            "department": str(_owner_department().pk), "contacted_on": "2026-11-02",
            "method": "meeting", "content": NEW_CONTACT_CONTENT, "outcome": "",
            "problems-TOTAL_FORMS": "3", "problems-INITIAL_FORMS": "0",
            "problems-MIN_NUM_FORMS": "0", "problems-MAX_NUM_FORMS": "20"}


def plan_created(cast: Cast, response) -> None:
    from qinshang.liaison.models import LiaisonPlan

    created = LiaisonPlan.objects.get(purpose=NEW_PLAN_PURPOSE)
    assert (created.region_id, created.staff_id, created.department_id) == (
        OWNER_COUNTY, cast.owner.pk, _owner_department().pk)
    assert response["Location"] == reverse("liaison:plan_detail", args=[created.pk])


def plans_created_by_rule(cast: Cast, response) -> None:
    from qinshang.liaison.models import LiaisonPlan

    (created,) = LiaisonPlan.objects.filter(purpose=RULE_PLAN_PURPOSE)
    assert (created.staff_id, created.department_id) == (cast.reader.pk,
                                                         _owner_department().pk)


def plan_edited(cast: Cast, response) -> None:
    from qinshang.liaison.models import LiaisonPlan

    plan = LiaisonPlan.objects.get(pk=cast.liaison.leader_plan.pk)
    assert (plan.purpose, plan.version) == (EDITED_PLAN_PURPOSE,
                                            cast.liaison.leader_plan.version + 1)


def duty_contact_recorded(cast: Cast, response) -> None:
    from django.utils import timezone

    from qinshang.liaison.models import Contact, LiaisonPlan
    from qinshang.liaison.selectors import standings

    contact = Contact.objects.get(content=PLAN_CONTACT_CONTENT)
    assert (contact.staff_id, contact.enterprise_id) == (cast.reader.pk, cast.enterprise.pk)
    assert contact.recorded_by == response.wsgi_request.user
    (row,) = standings(LiaisonPlan.objects.filter(pk=cast.liaison.leader_plan.pk),
                       timezone.localdate())
    assert row.standing == "kept"
    assert response["Location"] == reverse("liaison:plan_detail",
                                           args=[cast.liaison.leader_plan.pk])


def contact_recorded(cast: Cast, response) -> None:
    from qinshang.liaison.models import Contact

    contact = Contact.objects.get(content=NEW_CONTACT_CONTENT)
    assert (contact.staff, contact.department_id, contact.region_id) == (
        response.wsgi_request.user, _owner_department().pk, OWNER_COUNTY)
    assert response["Location"] == reverse("liaison:contact_detail", args=[contact.pk])


# --- the service hotlines (hotlines/views.py, figures/hotline_views.py, portal) ---------------
# The cast's hotline belongs to the owner county (24 hours) with one logged call; the province's
# test-call round covers it. Hotline pages are the offices' own work: department liaisons and
# portal users find nothing, not even the lists. A line and its calls are read and written like
# the enterprise's file (the county, the city, the province; the leader reads). The province's
# round is seen from below: every office under Shandong opens its page (Weifang included, which
# sees none of its lines). Test calls in the round are recorded by whoever may write over the
# round's whole scope, which is what test_call_record checks: only the province; the owner
# county and the city see the round and the line, so they get 403 (a county records test calls
# on its own lines outside any round). The public directory answers everyone.
HOTLINE_LIST = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                      other_city=200, department=404, portal=404, anonymous=LOGIN)
HOTLINE_CREATE_FORM = expect(owner=200, reader=403, neighbour=200, city=200, province=200,
                             other_city=200, department=404, portal=404, anonymous=LOGIN)
# The writes name the owner county's office, which other counties and cities may not choose.
HOTLINE_CREATE_WRITE = expect(owner=302, reader=403, neighbour=400, city=302, province=302,
                              other_city=400, department=404, portal=404, anonymous=LOGIN)
ROUND_READ = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                    other_city=200, department=404, portal=404, anonymous=LOGIN)
TEST_CALL_FORM = expect(owner=403, reader=403, neighbour=404, city=403, province=200,
                        other_city=404, department=404, portal=404, anonymous=LOGIN)
TEST_CALL_WRITE = expect(owner=403, reader=403, neighbour=404, city=403, province=302,
                         other_city=404, department=404, portal=404, anonymous=LOGIN)
NEW_HOTLINE = "0531-86069999"
EDITED_HOTLINE_PURPOSE = "台胞台企服务热线（24小时）"
NEW_CALL_TOPIC = "咨询台胞购房政策"
NEW_ROUND = "历下区热线自查"


def hotline_kwargs(cast: Cast) -> dict:
    return {"pk": cast.liaison.hotline.pk}


def call_kwargs(cast: Cast) -> dict:
    return {"pk": cast.liaison.call.pk}


def hotline_round_kwargs(cast: Cast) -> dict:
    return {"pk": cast.liaison.test_round.pk}


def probe_query(cast: Cast) -> dict:
    return {"hotline": cast.liaison.hotline.pk, "round": cast.liaison.test_round.pk}


def _owner_office_pk() -> str:
    from qinshang.offices.models import Office

    return str(Office.objects.get(region_id=OWNER_COUNTY).pk)


def _week(always_open: bool) -> dict:
    data = {"hours-TOTAL_FORMS": "7", "hours-INITIAL_FORMS": "0", "hours-MIN_NUM_FORMS": "7",
            "hours-MAX_NUM_FORMS": "7", "always_open": "on" if always_open else ""}
    for day in range(7):
        working = day < 5 and not always_open
        data |= {f"hours-{day}-opens": "09:00" if working else "",
                 f"hours-{day}-closes": "17:00" if working else "",
                 f"hours-{day}-opens_2": "", f"hours-{day}-closes_2": ""}
    return data


def new_hotline_data(cast: Cast) -> dict:
    return {"office": _owner_office_pk(), "number": NEW_HOTLINE, "purpose": "台商投资服务热线",
            "starts_on": "2026-05-01", "status": "active", **_week(False)}


def hotline_edit_data(cast: Cast) -> dict:
    from qinshang.hotlines.models import Hotline

    hotline = Hotline.objects.get(pk=cast.liaison.hotline.pk)
    return {"number": hotline.number, "purpose": EDITED_HOTLINE_PURPOSE,
            "starts_on": hotline.starts_on.isoformat(), "status": hotline.status,
            "version": str(hotline.version), **_week(True)}


def new_call_data(cast: Cast) -> dict:
    return {"received_at": "2026-05-06T09:30", "caller_name": "林先生",
            "caller_phone": "13905310000", "enterprise": "", "person": "",
            "topic": NEW_CALL_TOPIC, "summary": "询问台胞在济购房所需材料。",
            "outcome": "answered", "appeal-kind": "request"}


def new_round_data(cast: Cast) -> dict:
    return {"name": NEW_ROUND, "office": _owner_office_pk(), "starts_on": "2026-05-01",
            "ends_on": "2026-05-31", "lines-region": "", "lines-status": "active",
            "lines-since_from": "", "lines-since_to": "", "count": "1"}


def new_test_call_data(cast: Cast) -> dict:
    from django.utils import timezone

    moment = timezone.localtime() - datetime.timedelta(hours=1)
    return {"called_at": moment.strftime("%Y-%m-%dT%H:%M"), "answered": "yes",
            "seconds_to_answer": "9", "courtesy": "5", "knowledge": "5", "ownership": "4",
            "accuracy": "4", "notes": "拨测"}


def hotline_created(cast: Cast, response) -> None:
    from qinshang.hotlines.models import Hotline

    created = Hotline.objects.get(number=NEW_HOTLINE)
    assert (created.region_id, created.always_open, created.hours.count()) == (
        OWNER_COUNTY, False, 5)
    assert response["Location"] == reverse("hotlines:detail", args=[created.pk])


def hotline_edited(cast: Cast, response) -> None:
    from qinshang.hotlines.models import Hotline

    hotline = Hotline.objects.get(pk=cast.liaison.hotline.pk)
    assert (hotline.purpose, hotline.version) == (EDITED_HOTLINE_PURPOSE,
                                                  cast.liaison.hotline.version + 1)


def call_logged(cast: Cast, response) -> None:
    from qinshang.hotlines.models import Call

    call = Call.objects.get(topic=NEW_CALL_TOPIC)
    assert (call.hotline_id, call.taken_by) == (cast.liaison.hotline.pk,
                                                response.wsgi_request.user)
    assert response["Location"] == reverse("hotlines:call_detail", args=[call.pk])


def round_created(cast: Cast, response) -> None:
    from qinshang.hotlines.models import TestCallRound

    created = TestCallRound.objects.get(name=NEW_ROUND)
    assert (created.scope_id, list(created.hotlines.all())) == (OWNER_COUNTY,
                                                               [cast.liaison.hotline])
    assert response["Location"] == reverse("hotlines:round_detail", args=[created.pk])


def probe_recorded(cast: Cast, response) -> None:
    from qinshang.hotlines.models import TestCall

    call = TestCall.objects.exclude(pk=cast.liaison.test_call.pk).get()
    assert (call.round_id, call.inspector, call.within_hours) == (
        cast.liaison.test_round.pk, cast.province, True)
    assert response["Location"] == reverse("hotlines:round_detail",
                                           args=[cast.liaison.test_round.pk])


ROUTES: dict[str, Route] = {
    # Public: the office's monitoring polls it without logging in.
    "core:healthz": Route(get=everyone(200)),
    # The overview: staff see their figures; portal users are sent on to the portal.
    "core:home": Route(get=expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                                  other_city=200, department=200, portal=302, anonymous=LOGIN)),
    # Logged-in users are sent on to the overview (redirect_authenticated_user=True).
    "accounts:login": Route(get=expect(owner=302, reader=302, neighbour=302, city=302,
                                       province=302, other_city=302, department=302, portal=302,
                                       anonymous=200)),
    # Logging out is POST only (Django 5).
    "accounts:logout": Route(get=everyone(405), post=everyone(302)),
    # Django's i18n view: anyone may switch the language; it writes no rows.
    "set_language": Route(post=everyone(302), data=language_data),
    "enterprises:list": Route(get=STAFF_LIST),
    "enterprises:export": Route(get=STAFF_LIST),
    # One search box: every staff member gets the page; outsiders searching for the owner
    # county's enterprise by a word of its name find nothing of it (the secrets check below).
    "search:results": Route(get=STAFF_LIST, query=lambda cast: {"q": "精密"}),
    # The pickers of the forms ask the same search: outsiders typing a word of the owner
    # county's enterprise or person are offered nothing of them.
    "search:pick": Route(kwargs=lambda cast: {"kind": "enterprise"}, get=STAFF_LIST,
                         query=lambda cast: {"q": "精密"}),
    # Creating: any officer may open the form (to file under their own counties); filing the
    # owner county's enterprise is refused by the form (400) outside that jurisdiction.
    # Read-only colleagues and department liaisons may not create at all.
    "enterprises:create": Route(
        get=expect(owner=200, reader=403, neighbour=200, city=200, province=200, other_city=200,
                   department=403, portal=404, anonymous=LOGIN),
        post=expect(owner=302, reader=403, neighbour=400, city=302, province=302,
                    other_city=400, department=403, portal=404, anonymous=LOGIN),
        data=new_enterprise_data, writes_on=302, effect=enterprise_created),
    "enterprises:detail": Route(kwargs=enterprise_kwargs, get=OBJECT_READ),
    "enterprises:edit": Route(kwargs=enterprise_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                              data=enterprise_data, writes_on=302, effect=enterprise_edited),
    "enterprises:person_create": Route(kwargs=enterprise_kwargs, get=OBJECT_FORM,
                                       post=OBJECT_WRITE, data=new_person_data, writes_on=302,
                                       effect=person_added),
    "enterprises:person_edit": Route(kwargs=person_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                                     data=person_data, writes_on=302, effect=person_edited),
    # Showing a full document number is POST only and recorded as an event (answer: 200 with
    # the number). GET is refused before anything is looked up.
    "enterprises:person_document": Route(
        kwargs=person_kwargs,
        get=expect(owner=405, reader=405, neighbour=405, city=405, province=405, other_city=405,
                   department=405, portal=404, anonymous=LOGIN),
        post=expect(owner=200, reader=403, neighbour=404, city=200, province=200,
                    other_city=404, department=404, portal=404, anonymous=LOGIN),
        writes_on=200, effect=document_revealed),
    "enterprises:measure_create": Route(kwargs=enterprise_kwargs, get=OBJECT_FORM,
                                        post=OBJECT_WRITE, data=new_measure_data, writes_on=302,
                                        effect=measure_added),
    "enterprises:measure_edit": Route(kwargs=measure_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                                      data=measure_data, writes_on=302, effect=measure_edited),
    # Appeals. The list is every staff member's inbox, filtered to their reach; the department
    # sees the one appeal routed to it.
    "appeals:list": Route(get=STAFF_LIST, insiders=("department",)),
    "appeals:export": Route(get=STAFF_LIST, insiders=("department",)),
    "appeals:register": Route(kwargs=enterprise_register_kwargs, get=OBJECT_FORM,
                              post=OBJECT_WRITE, data=new_appeal_data, writes_on=302,
                              effect=appeal_registered),
    "appeals:register_person": Route(kwargs=person_register_kwargs, get=OBJECT_FORM,
                                     post=OBJECT_WRITE, data=new_appeal_data, writes_on=302,
                                     effect=appeal_registered),
    "appeals:detail": Route(kwargs=appeal_kwargs, get=APPEAL_READ, insiders=("department",)),
    "appeals:edit": Route(kwargs=appeal_kwargs, get=APPEAL_FORM, post=APPEAL_WRITE,
                          data=appeal_edit_data, writes_on=302, effect=appeal_edited,
                          insiders=("department",)),
    # A tracking note: the office and the lead department may add one to an assigned appeal.
    "appeals:act": Route(kwargs=appeal_note_kwargs, get=STAFF_POST_ONLY,
                         post=expect(owner=302, reader=403, neighbour=404, city=302,
                                     province=302, other_city=404, department=302, portal=404,
                                     anonymous=LOGIN),
                         data=note_data, writes_on=302, effect=appeal_noted,
                         insiders=("department",)),
    "appeals:attachment": Route(kwargs=attachment_kwargs, get=APPEAL_READ,
                                insiders=("department",)),
    # Figures are counts: every staff member gets their own reach's.
    "figures:appeals": Route(get=STAFF_LIST),
    "figures:appeals_export": Route(get=STAFF_LIST),
    "figures:campaign_coverage": Route(kwargs=coverage_kwargs, get=COVERAGE_READ),
    "figures:campaign_coverage_export": Route(kwargs=coverage_kwargs, get=COVERAGE_READ),
    # The summary report: the page (a form and a preview) for everyone who sees the campaign,
    # each for their own part; the file downloads are tried in qinshang/reports/tests.
    "reports:campaign_summary": Route(kwargs=summary_kwargs, get=SUMMARY_READ),
    # Each user's own notifications: the department's and the portal user's are about the
    # appeal routed to them or submitted by them.
    "notifications:list": Route(get=OWN_PAGE, insiders=("department", "portal")),
    "notifications:read": Route(get=expect(owner=405, reader=405, neighbour=405, city=405,
                                           province=405, other_city=405, department=405,
                                           portal=405, anonymous=LOGIN),
                                post=expect(owner=302, reader=302, neighbour=302, city=302,
                                            province=302, other_city=302, department=302,
                                            portal=302, anonymous=LOGIN),
                                writes_on=302, effect=notifications_all_read),
    # Opening a notification marks it read and follows its link: the recipient's own only.
    "notifications:open": Route(kwargs=owner_notification_kwargs,
                                get=expect(owner=302, reader=404, neighbour=404, city=404,
                                           province=404, other_city=404, department=404,
                                           portal=404, anonymous=LOGIN)),
    "portal:home": Route(get=PORTAL_PAGE, insiders=("portal",)),
    "portal:appeal_create": Route(get=PORTAL_PAGE,
                                  post=expect(owner=404, reader=404, neighbour=404, city=404,
                                              province=404, other_city=404, department=404,
                                              portal=302, anonymous=LOGIN),
                                  data=portal_appeal_data, writes_on=302,
                                  effect=portal_appeal_submitted, insiders=("portal",)),
    "portal:appeal": Route(kwargs=appeal_kwargs, get=PORTAL_PAGE, insiders=("portal",)),
    # The cast's appeal is assigned, not answered: rating and reopening are refused (403)
    # even to its appellant; everyone else does not find it.
    "portal:rate": Route(kwargs=appeal_kwargs, get=PORTAL_POST_ONLY,
                         post=expect(owner=404, reader=404, neighbour=404, city=404,
                                     province=404, other_city=404, department=404, portal=403,
                                     anonymous=LOGIN),
                         data=portal_rate_data, insiders=("portal",)),
    "portal:reopen": Route(kwargs=appeal_kwargs, get=PORTAL_POST_ONLY,
                           post=expect(owner=404, reader=404, neighbour=404, city=404,
                                       province=404, other_city=404, department=404,
                                       portal=403, anonymous=LOGIN),
                           data=portal_reopen_data, insiders=("portal",)),
    "portal:comment": Route(kwargs=appeal_kwargs, get=PORTAL_POST_ONLY,
                            post=expect(owner=404, reader=404, neighbour=404, city=404,
                                        province=404, other_city=404, department=404,
                                        portal=302, anonymous=LOGIN),
                            data=portal_comment_data, writes_on=302, effect=portal_commented,
                            insiders=("portal",)),
    "portal:attachment": Route(kwargs=attachment_kwargs, get=PORTAL_PAGE, insiders=("portal",)),
    # Campaigns (campaigns/views.py). Reads follow the campaign, seen from below; the counties
    # see only their own county's targets and visits on these pages.
    "campaigns:list": Route(get=CAMPAIGN_LIST),
    # Any officer may open the form, for a campaign within their own reach; the Jinan scope is
    # not among the counties' and Weifang's choices (400). Read-only leaders may not create.
    "campaigns:create": Route(
        get=expect(owner=200, reader=403, neighbour=200, city=200, province=200, other_city=200,
                   department=404, portal=404, anonymous=LOGIN),
        post=expect(owner=400, reader=403, neighbour=400, city=302, province=302,
                    other_city=400, department=404, portal=404, anonymous=LOGIN),
        data=new_campaign_data, writes_on=302, effect=campaign_created),
    "campaigns:detail": Route(kwargs=campaign_pk_kwargs, get=CAMPAIGN_READ),
    "campaigns:edit": Route(kwargs=campaign_pk_kwargs, get=CAMPAIGN_FORM, post=CAMPAIGN_WRITE,
                            data=campaign_edit_data, writes_on=302, effect=campaign_edited,
                            notes="owner/neighbour: 403 (they read the city campaign)"),
    # Launching needs a draft: the kwargs build one (Jinan, both cast enterprises as targets).
    "campaigns:launch": Route(kwargs=draft_campaign_kwargs, get=CAMPAIGN_POST_ONLY,
                              post=CAMPAIGN_WRITE, data=campaign_version_data, writes_on=302,
                              effect=campaign_launched),
    "campaigns:close": Route(kwargs=campaign_pk_kwargs, get=CAMPAIGN_POST_ONLY,
                             post=CAMPAIGN_WRITE, data=campaign_version_data, writes_on=302,
                             effect=campaign_closed),
    # The launched campaign's list is frozen: its writers' POST is refused too (403).
    "campaigns:targets": Route(kwargs=campaign_pk_kwargs, get=CAMPAIGN_READ,
                               post=expect(owner=403, reader=403, neighbour=403, city=403,
                                           province=403, other_city=404, department=404,
                                           portal=404, anonymous=LOGIN),
                               data=set_targets_data),
    "campaigns:targets_export": Route(kwargs=campaign_pk_kwargs, get=CAMPAIGN_READ),
    "campaigns:team_create": Route(kwargs=campaign_pk_kwargs, get=CAMPAIGN_FORM,
                                   post=CAMPAIGN_WRITE, data=new_team_data, writes_on=302,
                                   effect=team_formed),
    "campaigns:visits": Route(kwargs=campaign_pk_kwargs, get=CAMPAIGN_READ),
    "campaigns:visits_export": Route(kwargs=campaign_pk_kwargs, get=CAMPAIGN_READ),
    # A visit to the owner county's enterprise: its county, the city and the province record
    # it; the neighbour does not find the enterprise (404), the leader only reads (403).
    "campaigns:visit_create": Route(kwargs=campaign_pk_kwargs, get=RECORD_FORM,
                                    post=expect(owner=302, reader=403, neighbour=404,
                                                city=302, province=302, other_city=404,
                                                department=404, portal=404, anonymous=LOGIN),
                                    data=new_visit_data, writes_on=302, effect=visit_recorded),
    # The owner's visit: the neighbour sees the campaign but not this visit.
    "campaigns:visit_detail": Route(kwargs=visit_kwargs, get=OBJECT_READ),
    # A symposium placed in the owner county: the neighbour may not choose that division (400).
    "campaigns:symposium_create": Route(kwargs=campaign_pk_kwargs, get=RECORD_FORM,
                                        post=expect(owner=302, reader=403, neighbour=400,
                                                    city=302, province=302, other_city=404,
                                                    department=404, portal=404,
                                                    anonymous=LOGIN),
                                        data=new_symposium_data, writes_on=302,
                                        effect=symposium_recorded),
    # Surveys follow the campaign's reach; copies, the county of their enterprise.
    "campaigns:survey_create": Route(kwargs=campaign_kwargs, get=SURVEY_CREATE_FORM,
                                     post=SURVEY_CREATE_WRITE, data=survey_create_data,
                                     writes_on=302, effect=survey_created),
    "campaigns:survey_detail": Route(kwargs=survey_kwargs, get=SURVEY_READ),
    "campaigns:survey_chase_export": Route(kwargs=survey_kwargs, get=SURVEY_READ),
    "campaigns:survey_distribute": Route(kwargs=survey_kwargs, get=DISTRIBUTE_FORM,
                                         post=DISTRIBUTE_WRITE, data=distribute_data,
                                         writes_on=302, effect=copy_handed_out),
    "campaigns:distribution_detail": Route(kwargs=paper_copy_kwargs, get=OBJECT_READ),
    "campaigns:distribution_return": Route(kwargs=paper_copy_kwargs, get=OBJECT_FORM,
                                           post=OBJECT_WRITE, data=paper_return_data,
                                           writes_on=302, effect=paper_returned),
    "campaigns:distribution_link": Route(kwargs=online_copy_kwargs, get=STAFF_POST_ONLY,
                                         post=LINK_WRITE, writes_on=200, effect=link_reissued),
    # The invitation page is public: the link is the key, and everyone holding it (logged in
    # or not, whoever they are) gets the same page, which names the enterprise it was sent to.
    # Each case has a fresh cast, so every member's POST answers that cast's open link.
    "portal:survey": Route(kwargs=invitation_kwargs, get=everyone(200), post=everyone(200),
                           data=opinion_answers, writes_on=200, effect=invitation_answered,
                           insiders=OUTSIDERS),
    # Imports (see IMPORT_UPLOAD_WRITE). The cast's campaign is launched: its target list is
    # frozen, so the target upload is tried on a draft campaign of the same scope.
    "imports:visits": Route(kwargs=campaign_pk_kwargs, get=RECORD_FORM, post=IMPORT_UPLOAD_WRITE,
                            data=visit_import_data, writes_on=302, effect=visits_imported),
    "imports:survey_returns": Route(kwargs=survey_kwargs, get=RECORD_FORM,
                                    post=IMPORT_UPLOAD_WRITE, data=return_import_data,
                                    writes_on=302, effect=returns_imported),
    "imports:targets": Route(kwargs=draft_campaign_kwargs, get=CAMPAIGN_FORM,
                             post=CAMPAIGN_WRITE, data=target_import_data, writes_on=302,
                             effect=targets_imported),
    # The template follows its upload page.
    "imports:template": Route(kwargs=visit_template_kwargs, get=RECORD_FORM),
    "imports:job": Route(kwargs=owner_import_job_kwargs, get=OWN_IMPORT_JOB),
    "imports:job_progress": Route(kwargs=owner_import_job_kwargs, get=OWN_IMPORT_JOB),
    "imports:job_report": Route(kwargs=owner_import_job_kwargs, get=OWN_IMPORT_JOB),
    # The liaison system (see LIAISON_LIST and what follows it).
    "liaison:plans": Route(get=LIAISON_LIST),
    "liaison:plans_export": Route(get=LIAISON_LIST),
    "liaison:plan_create": Route(get=LIAISON_CREATE_FORM, post=LIAISON_CREATE_WRITE,
                                 data=new_plan_data, writes_on=302, effect=plan_created),
    # A rule giving the owner county's leader a plan with the county's commerce department,
    # confirmed with the count of plans (1) the preview showed.
    "liaison:plan_rule": Route(get=LIAISON_CREATE_FORM, post=LIAISON_CREATE_WRITE,
                               data=plan_rule_data, writes_on=302,
                               effect=plans_created_by_rule),
    "liaison:plan_detail": Route(kwargs=leader_plan_kwargs, get=OBJECT_READ),
    # The leader's own plan is still the office's to change: the leader reads it (403).
    "liaison:plan_edit": Route(kwargs=leader_plan_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                               data=plan_edit_data, writes_on=302, effect=plan_edited),
    "liaison:plan_contact": Route(kwargs=leader_plan_kwargs, get=OBJECT_READ,
                                  post=LEADER_DUTY_WRITE, data=plan_contact_data,
                                  writes_on=302, effect=duty_contact_recorded),
    "liaison:contacts": Route(get=LIAISON_LIST),
    "liaison:contacts_export": Route(get=LIAISON_LIST),
    # Anyone on duty records a contact of their own with a counterpart they see.
    "liaison:contact_create": Route(get=LIAISON_LIST, post=CONTACT_CREATE_WRITE,
                                    data=new_contact_data, writes_on=302,
                                    effect=contact_recorded),
    "liaison:contact_detail": Route(kwargs=liaison_contact_kwargs, get=OBJECT_READ),
    # Compliance figures and the quarterly table: every office member, for their own reach.
    "figures:liaison_compliance": Route(get=LIAISON_LIST),
    "figures:liaison_quarter": Route(get=LIAISON_LIST),
    "figures:liaison_quarter_export": Route(get=LIAISON_LIST),
    # The service hotlines (see HOTLINE_LIST and what follows it).
    "hotlines:list": Route(get=HOTLINE_LIST),
    "hotlines:export": Route(get=HOTLINE_LIST),
    "hotlines:create": Route(get=HOTLINE_CREATE_FORM, post=HOTLINE_CREATE_WRITE,
                             data=new_hotline_data, writes_on=302, effect=hotline_created),
    "hotlines:detail": Route(kwargs=hotline_kwargs, get=OBJECT_READ),
    "hotlines:edit": Route(kwargs=hotline_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                           data=hotline_edit_data, writes_on=302, effect=hotline_edited),
    "hotlines:call_create": Route(kwargs=hotline_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                                  data=new_call_data, writes_on=302, effect=call_logged),
    "hotlines:calls": Route(get=HOTLINE_LIST),
    "hotlines:calls_export": Route(get=HOTLINE_LIST),
    "hotlines:call_detail": Route(kwargs=call_kwargs, get=OBJECT_READ),
    "hotlines:rounds": Route(get=HOTLINE_LIST),
    "hotlines:round_create": Route(get=HOTLINE_CREATE_FORM, post=HOTLINE_CREATE_WRITE,
                                   data=new_round_data, writes_on=302, effect=round_created),
    "hotlines:round_detail": Route(kwargs=hotline_round_kwargs, get=ROUND_READ,
                                   notes="the province's round, seen from below by every "
                                         "office under Shandong"),
    "hotlines:test_call_create": Route(
        query=probe_query, get=TEST_CALL_FORM, post=TEST_CALL_WRITE,
        data=new_test_call_data, writes_on=302, effect=probe_recorded,
        notes="owner/city: 403, they read the province's round but do not write over all of "
              "Shandong (test_call_record's rule); neighbour/Weifang do not find the line"),
    "figures:hotline_ranking": Route(get=HOTLINE_LIST),
    "figures:hotline_ranking_export": Route(get=HOTLINE_LIST),
    # Public: the directory of the lines in service, for everyone, logged in or not.
    "portal:hotlines": Route(get=everyone(200)),
}
for _matrix in APP_MATRICES:
    assert not set(_matrix.ROUTES) & set(ROUTES), f"{_matrix.LABEL} repeats routes"
    ROUTES.update(_matrix.ROUTES)

# Framework URL groups, matched by namespace rather than one by one. The Django admin bypasses
# jurisdiction, so it is for superusers only; nobody in the cast is one. A sample of its pages is
# tried for everyone; the rest of the namespace is covered by the same site-wide has_permission.
FRAMEWORK_NAMESPACES = {"admin": "Django admin: superusers only (restrict_admin_to_administrators)"}
# The JSON API's patterns (ninja's, token authentication, JSON answers) have a matrix of their
# own, which enumerates them from the API's routes: tests/test_api_matrix.py.
API_NAMESPACES = {"api-v1": "tests/test_api_matrix.py"}
ADMIN_SAMPLES: dict[str, Route] = {
    "admin:index": Route(get=everyone(ADMIN_LOGIN)),
    "admin:accounts_user_changelist": Route(get=everyone(ADMIN_LOGIN)),
    "admin:hotlines_hotline_changelist": Route(get=everyone(ADMIN_LOGIN)),
    "admin:accounts_user_change": Route(kwargs=owner_user_kwargs, get=everyone(ADMIN_LOGIN),
                                        post=everyone(ADMIN_LOGIN),
                                        data=lambda cast: {"username": "owner",
                                                           "is_superuser": "on"}),
}
# Static files are served by WhiteNoise's middleware (DEBUG is off), not by a URL pattern; a
# django.views.static.serve pattern appearing would have to be added to ROUTES like any other.


# --- walking the URL configuration ------------------------------------------------------------

@dataclass(frozen=True)
class Pattern:
    route: str
    name: str | None      # "namespace:name", or None for an unnamed pattern
    namespace: str        # the full namespace ("" at the top level)


def walk(patterns=None, prefix: str = "", namespace: str = "") -> list[Pattern]:
    if patterns is None:
        patterns = get_resolver().url_patterns
    found = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            found += walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            name = None
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            found.append(Pattern(route="/" + route, name=name, namespace=namespace))
    return found


def covered(pattern: Pattern) -> bool:
    if pattern.namespace.split(":")[0] in FRAMEWORK_NAMESPACES:
        return True
    if pattern.namespace in API_NAMESPACES:
        return True
    return pattern.name is not None and pattern.name in ROUTES


def test_every_url_pattern_is_in_the_matrix():
    uncovered = sorted(f"{pattern.name or '(unnamed pattern)'}  {pattern.route}"
                       for pattern in walk() if not covered(pattern))
    assert not uncovered, (
        "These URL patterns are not in the jurisdiction matrix. Add each to ROUTES in "
        "tests/test_jurisdiction_matrix.py with its kwargs, methods and the status every cast "
        "member must get:\n  " + "\n  ".join(uncovered))


def test_the_matrix_lists_only_existing_patterns():
    names = {pattern.name for pattern in walk() if pattern.name}
    stale = sorted(set(ROUTES) - names)
    assert not stale, f"ROUTES lists patterns the project no longer has: {stale}"
    samples_elsewhere = sorted(name for name in ADMIN_SAMPLES
                               if name not in names or not name.startswith("admin:"))
    assert not samples_elsewhere, f"Admin samples that are not admin patterns: {samples_elsewhere}"
    assert any(p.namespace == "admin" for p in walk()), "the admin namespace is not mounted"


def test_the_walk_sees_the_project():
    """Guard against a walk that silently finds nothing."""
    names = {pattern.name for pattern in walk()}
    assert {"core:home", "enterprises:detail", "set_language", "admin:index"} <= names


# --- the matrix itself --------------------------------------------------------------------------

# The routes that read or write the liaison cast's plans, contacts and hotlines; the other
# routes' cases do without it, which keeps the matrix (over 1,300 cases, each with its own
# cast) within CI's time on PostgreSQL.
LIAISON_ROUTES = ("liaison:", "hotlines:", "figures:liaison", "figures:hotline",
                  "portal:hotlines", "core:home", "admin:liaison", "admin:hotlines")


def _route_name(request) -> str | None:
    callspec = getattr(request.node, "callspec", None)
    return callspec.params.get("name") if callspec is not None else None


def _needs(request, prefixes: tuple[str, ...]) -> bool:
    name = _route_name(request)
    return name is None or name.startswith(prefixes)


def build_matrix_cast(liaison: bool, extras: tuple[bool, ...]) -> Cast:
    """The cast with its appeal, routed to the cast's department, and its campaign; with its
    liaison duties and hotline, and each app's part, when asked for."""
    reference_data_ensure()
    next_year_calendar_ensure()
    members = build_cast()
    members.appeals = build_appeal_cast(members)
    members.campaigns = build_campaign_cast(members)
    if liaison:
        members.liaison = build_liaison_cast(members)
    for matrix, needed in zip(APP_MATRICES, extras, strict=True):
        if needed:
            members.extras[matrix.LABEL] = matrix.build(members)
    return members


@pytest.fixture
def shared_cast(request, shared_records) -> Cast:
    """Built once for each run of cases that need the same parts (qinshang.testing.shared);
    requested before the test's transaction opens."""
    liaison = _needs(request, LIAISON_ROUTES)
    extras = tuple(_needs(request, matrix.PREFIXES) for matrix in APP_MATRICES)
    return shared_records.get((liaison, extras), lambda: build_matrix_cast(liaison, extras))


@pytest.fixture
def cast(shared_cast, divisions, next_year_calendar) -> Cast:
    """The cast the case needs; every case starts from the same rows, in its own savepoint."""
    return shared_cast


def _cases():
    for table in (ROUTES, ADMIN_SAMPLES):
        for name, route in table.items():
            for method, expected in (("GET", route.get), ("POST", route.post)):
                if expected is None:
                    continue
                for member in MEMBERS:
                    yield pytest.param(name, method, member, id=f"{name}-{method}-{member}")


def snapshot_database() -> dict:
    """Every row a view of the matrix could change, field by field."""
    return {
        "enterprises": list(Enterprise.objects.order_by("pk").values()),
        "enterprise_tags": list(Enterprise.tags.through.objects.order_by("pk").values()),
        "persons": list(Person.objects.order_by("pk").values()),
        "affiliations": list(Affiliation.objects.order_by("pk").values()),
        "measures": list(SupportMeasure.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "appeals": list(Appeal.objects.order_by("pk").values()),
        "assignments": list(Assignment.objects.order_by("pk").values()),
        "extensions": list(Extension.objects.order_by("pk").values()),
        "attachments": list(Attachment.objects.order_by("pk").values()),
        **snapshot_surveys(),
        **snapshot_campaigns(),
        **snapshot_imports(),
        **snapshot_liaison(),
        **snapshot_hotlines(),
        **{name: rows for matrix in APP_MATRICES for name, rows in matrix.snapshot().items()},
    }


def snapshot_hotlines() -> dict:
    from qinshang.hotlines.models import Call, Hotline, OpeningHours, TestCall, TestCallRound

    return {
        "hotlines": list(Hotline.objects.order_by("pk").values()),
        "opening_hours": list(OpeningHours.objects.order_by("pk").values()),
        "calls": list(Call.objects.order_by("pk").values()),
        "test_call_rounds": list(TestCallRound.objects.order_by("pk").values()),
        "test_call_round_lines": list(TestCallRound.hotlines.through.objects.order_by("pk")
                                      .values()),
        "test_calls": list(TestCall.objects.order_by("pk").values()),
    }


def snapshot_liaison() -> dict:
    from qinshang.liaison.models import Contact, LiaisonPlan

    return {
        "liaison_plans": list(LiaisonPlan.objects.order_by("pk").values()),
        "contacts": list(Contact.objects.order_by("pk").values()),
        "contact_appeals": list(Contact.appeals.through.objects.order_by("pk").values()),
    }


def snapshot_imports() -> dict:
    from qinshang.imports.models import ImportJob

    return {"import_jobs": list(ImportJob.objects.order_by("pk").values())}


def snapshot_campaigns() -> dict:
    from qinshang.campaigns.models import Campaign, Phase, Target, Team, Visit
    from qinshang.gatherings.models import Gathering

    return {
        "campaigns": list(Campaign.objects.order_by("pk").values()),
        "phases": list(Phase.objects.order_by("pk").values()),
        "targets": list(Target.objects.order_by("pk").values()),
        "teams": list(Team.objects.order_by("pk").values()),
        "team_members": list(Team.members.through.objects.order_by("pk").values()),
        "visits": list(Visit.objects.order_by("pk").values()),
        "visit_staff": list(Visit.staff.through.objects.order_by("pk").values()),
        "visit_persons": list(Visit.persons_met.through.objects.order_by("pk").values()),
        "symposiums": list(Gathering.objects.filter(campaign__isnull=False).order_by("pk")
                           .values()),
    }


def snapshot_surveys() -> dict:
    from qinshang.campaigns.models import Distribution, RaisedAppeal, Survey
    from qinshang.questionnaires.models import FormResponse

    return {
        "surveys": list(Survey.objects.order_by("pk").values()),
        "distributions": list(Distribution.objects.order_by("pk").values()),
        "form_responses": list(FormResponse.objects.order_by("pk").values()),
        "raised_appeals": list(RaisedAppeal.objects.order_by("pk").values()),
    }


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def workbook_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return "\n".join(" ".join("" if value is None else str(value) for value in row)
                     for row in sheet.iter_rows(values_only=True))


def secrets_of(cast: Cast) -> list[str]:
    """What the owner county's file shows that outsiders must never see."""
    return [cast.enterprise.name, cast.enterprise.trade_name, cast.enterprise.credit_code,
            cast.person.name, cast.measure.title, cast.appeals.appeal.title,
            cast.appeals.unrouted.title, cast.appeals.attachment.name]


def readable_text(response, content: bytes) -> str:
    if response.get("Content-Type", "").startswith(XLSX):
        return workbook_text(content)
    return content.decode(errors="replace")


@pytest.mark.parametrize(("name", "method", "member"), list(_cases()))
def test_matrix(client, cast, name, method, member):
    route = ROUTES.get(name) or ADMIN_SAMPLES[name]
    expected = (route.get if method == "GET" else route.post)[member]
    if member != "anonymous":
        client.force_login(getattr(cast, member))
    url = reverse(name, kwargs=route.kwargs(cast))
    if route.query is not None:
        url += "?" + urlencode(route.query(cast))
    data = route.data(cast) if route.data else {}
    before = snapshot_database()

    response = client.get(url) if method == "GET" else client.post(url, data)

    where = f"{method} {url} as {member}"
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, expected login"
        location = urlsplit(response["Location"])
        assert location.path == reverse("accounts:login"), f"{where}: to {response['Location']}"
        assert parse_qs(location.query).get("next") == [url], f"{where}: {response['Location']}"
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, expected login"
        assert urlsplit(response["Location"]).path == reverse("admin:login"), where
    else:
        assert response.status_code == expected, (
            f"{where}: got {response.status_code}, expected {expected}")

    content = body(response)
    if member in OUTSIDERS and member not in route.insiders:
        text = readable_text(response, content)
        leaked = [secret for secret in secrets_of(cast) if secret and secret in text]
        assert not leaked, f"{where}: the answer shows {leaked}"

    if method == "POST":
        if route.writes_on is not None and expected == route.writes_on:
            route.effect(cast, response)
        else:
            assert snapshot_database() == before, f"{where}: refused, yet the database changed"
    else:
        assert snapshot_database() == before, f"{where}: a GET changed the database"


# --- what the pages with 200 for everyone show ------------------------------------------------

@pytest.mark.parametrize("member", ["neighbour", "other_city", "department"])
@pytest.mark.parametrize("name", ["enterprises:list", "enterprises:export"])
def test_lists_leave_out_what_is_outside_the_jurisdiction(client, cast, name, member):
    client.force_login(getattr(cast, member))
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = readable_text(response, body(response))
    assert cast.enterprise.name not in text
    # The neighbour's own county is in reach: the filtering is by jurisdiction, not blanket.
    assert (cast.foreign_enterprise.name in text) == (member == "neighbour")


@pytest.mark.parametrize("member", ["owner", "reader", "city", "province"])
def test_export_holds_the_enterprise_for_its_jurisdiction(client, cast, member):
    client.force_login(getattr(cast, member))
    response = client.get(reverse("enterprises:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(XLSX)
    text = workbook_text(body(response))
    assert cast.enterprise.name in text
    assert (cast.foreign_enterprise.name in text) == (member in ("city", "province"))


def test_neighbour_export_has_no_row_of_the_enterprise(client, cast):
    client.force_login(cast.neighbour)
    response = client.get(reverse("enterprises:export"))
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    cells = {str(value) for row in rows for value in row if value is not None}
    assert cast.enterprise.name not in cells
    assert cast.enterprise.credit_code not in cells
    assert cast.foreign_enterprise.name in cells
    assert len(rows) == 2  # the header and the neighbour county's one enterprise


@pytest.mark.parametrize("member", ["owner", "department"])
def test_overview_is_the_staff_home_for_staff(client, cast, member):
    client.force_login(getattr(cast, member))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "core/home.html" in [used.name for used in response.templates]


def test_overview_sends_portal_users_to_the_portal(client, cast):
    client.force_login(cast.portal)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


@pytest.mark.parametrize("member", ["neighbour", "other_city"])
def test_the_department_inbox_holds_only_what_was_routed_to_it(client, cast, member):
    """A department sees the appeal routed to it and not the county's other appeal; officers
    of other counties see neither."""
    client.force_login(cast.department)
    text = client.get(reverse("appeals:list")).content.decode()
    assert cast.appeals.appeal.title in text
    assert cast.appeals.unrouted.title not in text
    assert client.get(reverse("appeals:detail", args=[cast.appeals.unrouted.pk])).status_code \
        == 404
    client.force_login(getattr(cast, member))
    text = client.get(reverse("appeals:list")).content.decode()
    assert cast.appeals.appeal.title not in text
    assert cast.appeals.unrouted.title not in text


def build_foreign_appeal(cast: Cast) -> Appeal:
    from qinshang.appeals import services
    from qinshang.testing.cast import APPEAL_REGISTERED_AT

    return services.appeal_register(
        actor=cast.neighbour, enterprise=cast.foreign_enterprise, at=APPEAL_REGISTERED_AT,
        data={"kind": "request", "channel": "visit",
              "category": Category.objects.get(code="financing"),
              "title": "流动资金贷款续贷", "description": "希望协调银行续贷。"})


def test_a_portal_user_cannot_reach_another_enterprises_appeal_by_its_id(client, cast):
    client.force_login(cast.portal)
    other = cast.appeals.unrouted
    assert client.get(reverse("portal:appeal", args=[cast.appeals.appeal.pk])).status_code == 200
    foreign = build_foreign_appeal(cast)
    for name in ("portal:appeal",):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    for name in ("portal:rate", "portal:reopen", "portal:comment"):
        assert client.post(reverse(name, args=[foreign.pk]),
                           {"text": "x", "reason": "x", "rating": "5"}).status_code == 404
    assert client.get(reverse("portal:attachment", kwargs={
        "pk": foreign.pk, "attachment_pk": cast.appeals.attachment.pk})).status_code == 404
    assert other.enterprise_id == cast.enterprise.pk  # the county's other appeal is theirs too


@pytest.mark.parametrize("member", MEMBERS)
def test_a_wrong_invitation_token_is_not_found_for_everyone(client, cast, member):
    from qinshang.campaigns.models import Distribution

    if member != "anonymous":
        client.force_login(getattr(cast, member))
    token = cast.campaigns.token
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    for url in (reverse("portal:survey", args=[wrong]), reverse("portal:survey", args=["x"])):
        assert client.get(url).status_code == 404
        assert client.post(url, opinion_answers(cast)).status_code == 404
    assert not Distribution.objects.get(pk=cast.campaigns.online_copy.pk).returned
