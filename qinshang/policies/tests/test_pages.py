"""The policy pages as users meet them: the library with its search, the form refusing bad
input with nothing written, the push preview and push, the portal inbox in Traditional Chinese
with its read receipt, and the push figures."""

import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from qinshang.accounts.models import Role
from qinshang.policies import services
from qinshang.policies.models import Delivery, Policy, PolicyAttachment, PolicyPush
from qinshang.testing import factories as f

from .conftest import make_policy

FORM = {"title": "关于台资企业稳岗返还的通知", "issuer": "济南市人力资源和社会保障局",
        "document_number": "济人社发〔2020〕8号", "issued_on": "2020-03-05",
        "valid_from": "2020-03-05", "valid_until": "2020-12-31", "topics": ["employment"],
        "industries": ["39"], "summary": "稳岗返还政策。", "full_text": ""}


def written() -> tuple[int, int]:
    return Policy.objects.count(), PolicyAttachment.objects.count()


def test_a_new_policy_with_its_attachment(client, cast):
    client.force_login(cast.owner)
    upload = SimpleUploadedFile("通知.pdf", b"%PDF-1.4 x\n", "application/pdf")
    response = client.post(reverse("policies:create"), {**FORM, "files": [upload]})
    policy = Policy.objects.get()
    assert response.status_code == 302
    assert (policy.region_id, policy.attachments.get().name) == ("370102", "通知.pdf")
    download = client.get(reverse("policies:attachment", args=[policy.pk,
                                                               policy.attachments.get().pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_bad_input_is_refused_beside_the_field_and_nothing_is_written(client, cast):
    client.force_login(cast.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    cases = [
        ({"files": [SimpleUploadedFile("措施.pdf", b"%PDF-1.4\n"),
                    SimpleUploadedFile("附件.pdf", b"MZ\x90\x00program")]}, "附件.pdf"),
        ({"valid_until": "2020-01-01"}, "cannot stop being valid before it starts"),
        ({"topics": ["astrology"]}, "Unknown topic"),
    ]
    for change, message in cases:
        response = client.post(reverse("policies:create"), {**FORM, **change})
        assert response.status_code == 400, change
        assert message in response.content.decode(), change
        assert written() == (0, 0)


def test_search_with_markup_or_sql_is_just_text(client, cast, policy):
    client.force_login(cast.owner)
    for text in ("<script>alert(1)</script>", "'; DROP TABLE policies_policy; --"):
        response = client.get(reverse("policies:list"), {"q": text})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert Policy.objects.count() == 1
    found = client.get(reverse("policies:list"), {"q": "臺資"}).content.decode()
    assert policy.title in found


def test_the_library_takes_the_same_queries_for_3_and_12_policies(client, cast):
    client.force_login(cast.owner)
    counts = []
    for total in (3, 12):
        while Policy.objects.count() < total:
            make_policy(cast.province, title=f"政策{Policy.objects.count()}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("policies:list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 12, counts


def test_the_push_page_shows_how_many_and_which_then_pushes(client, cast, targets, policy):
    client.force_login(cast.owner)
    url = reverse("policies:push", args=[policy.pk])
    preview = client.get(url, {"industries": "39"}).content.decode()
    assert cast.enterprise.name in preview and targets.tagged.name in preview
    assert targets.other_industry.name not in preview
    assert cast.foreign_enterprise.name not in preview
    response = client.post(url, {"industries": "39", "expected": "2", "note": "请申报"})
    push = PolicyPush.objects.get()
    assert response.status_code == 302
    assert push.deliveries.count() == 2
    # a stale number pushes nothing
    response = client.post(url, {"industries": "39", "expected": "7"})
    assert response.status_code == 400
    assert PolicyPush.objects.count() == 1


def test_the_portal_user_reads_in_traditional_once(client, cast, targets, policy):
    push = services.policy_push(actor=cast.owner, policy=policy,
                                criteria=services.PushCriteria(industries=["39"]))
    mine = push.deliveries.get(enterprise=cast.enterprise)
    client.force_login(cast.portal)
    inbox = client.get(reverse("portal:policies")).content.decode()
    assert "臺資企業" in inbox and "台资企业" not in inbox
    page = client.get(reverse("portal:policy", args=[mine.pk])).content.decode()
    assert "受疫情影響的臺資企業" in page
    mine.refresh_from_db()
    first = mine.read_at
    assert first is not None and mine.read_by == cast.portal
    client.get(reverse("portal:policy", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.read_at == first
    # another enterprise's delivery answers like one that does not exist
    theirs = push.deliveries.get(enterprise=targets.tagged)
    assert client.get(reverse("portal:policy", args=[theirs.pk])).status_code == 404
    assert Delivery.objects.get(pk=theirs.pk).read_at is None


def test_a_portal_user_of_another_enterprise_cannot_download_the_attachment(client, cast,
                                                                           targets):
    upload = SimpleUploadedFile("附件.pdf", b"%PDF-1.4 x\n", "application/pdf")
    policy = make_policy(cast.province, files=[upload])
    push = services.policy_push(actor=cast.owner, policy=policy,
                                criteria=services.PushCriteria(industries=["39"]))
    mine = push.deliveries.get(enterprise=cast.enterprise)
    attachment = policy.attachments.get()
    url = reverse("portal:policy_attachment", args=[mine.pk, attachment.pk])
    stranger = f.member("stranger", Role.PORTAL, enterprise=targets.other_industry)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(cast.portal)
    assert client.get(url).status_code == 200


def test_the_figures_count_what_was_read(client, cast, targets, policy):
    push = services.policy_push(actor=cast.owner, policy=policy,
                                criteria=services.PushCriteria(industries=["39"]))
    services.delivery_open(actor=cast.portal,
                           delivery=push.deliveries.get(enterprise=cast.enterprise))
    client.force_login(cast.city)
    page = client.get(reverse("figures:policy_pushes")).content.decode()
    assert 'id="figure-read">1<' in page and 'id="figure-read-rate">50.0%<' in page
    export = client.get(reverse("figures:policy_pushes_export"))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:7] == (policy.title, 2, 0, 2, 0, 1, 0.5)
    # the neighbour sees none of it
    client.force_login(cast.neighbour)
    page = client.get(reverse("figures:policy_pushes")).content.decode()
    assert policy.title not in page
