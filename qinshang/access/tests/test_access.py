"""Who sees and changes what, decided in qinshang.access and nowhere else."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from qinshang.access import can_write, get_for_user, visible, writable
from qinshang.accounts.models import Membership, Role
from qinshang.enterprises.models import Enterprise, Person, SupportMeasure
from qinshang.testing import factories as f

SEE_IT = ["owner", "reader", "city", "province"]
DO_NOT = ["neighbour", "other_city", "department"]
MISSING_PK = 987654


# --- visible / get_for_user ---------------------------------------------------------------

@pytest.mark.parametrize("who", SEE_IT)
def test_the_county_and_the_offices_above_it_see_the_enterprise(cast, who):
    user = getattr(cast, who)
    assert cast.enterprise in visible(user, Enterprise)
    assert get_for_user(user, Enterprise, cast.enterprise.pk) == cast.enterprise


@pytest.mark.parametrize("who", DO_NOT)
def test_others_get_nothing_and_the_same_404_as_for_a_missing_record(cast, who):
    user = getattr(cast, who)
    assert cast.enterprise not in visible(user, Enterprise)
    with pytest.raises(Http404) as outside:
        get_for_user(user, Enterprise, cast.enterprise.pk)
    with pytest.raises(Http404) as missing:
        get_for_user(user, Enterprise, MISSING_PK)
    assert str(outside.value) == str(missing.value)


def test_county_officer_sees_own_county_only(cast):
    assert set(visible(cast.owner, Enterprise)) == {cast.enterprise}
    assert set(visible(cast.neighbour, Enterprise)) == {cast.foreign_enterprise}


def test_city_and_province_see_both_counties(cast):
    weifang = f.EnterpriseFactory(region_id="370702")
    both = {cast.enterprise, cast.foreign_enterprise}
    assert set(visible(cast.city, Enterprise)) == both
    assert set(visible(cast.province, Enterprise)) == both | {weifang}
    assert set(visible(cast.other_city, Enterprise)) == {weifang}


def test_department_sees_no_enterprise_file(cast):
    assert not visible(cast.department, Enterprise).exists()
    assert not visible(cast.department, Person).exists()


def test_portal_user_sees_exactly_their_enterprise(cast):
    assert list(visible(cast.portal, Enterprise)) == [cast.enterprise]
    assert list(visible(cast.portal, Person)) == [cast.person]
    assert list(visible(cast.portal, SupportMeasure)) == [cast.measure]
    with pytest.raises(Http404):
        get_for_user(cast.portal, Enterprise, cast.foreign_enterprise.pk)


def test_portal_user_never_writes(cast):
    assert not can_write(cast.portal, cast.enterprise)
    with pytest.raises(PermissionDenied):
        get_for_user(cast.portal, Enterprise, cast.enterprise.pk, write=True)


def test_person_reached_through_two_enterprises_is_listed_once(cast):
    # given a compatriot who works for two enterprises, both with the same portal user
    second = f.EnterpriseFactory()
    f.affiliate(cast.person, second)
    Membership.objects.create(user=cast.portal, role=Role.PORTAL, enterprise=second)
    portal = type(cast.portal).objects.get(pk=cast.portal.pk)
    # then the person is listed once and both enterprises are visible
    assert list(visible(portal, Person)) == [cast.person]
    assert set(visible(portal, Enterprise)) == {cast.enterprise, second}


def test_reader_may_read_but_not_write(cast):
    assert get_for_user(cast.reader, Enterprise, cast.enterprise.pk) == cast.enterprise
    with pytest.raises(PermissionDenied):
        get_for_user(cast.reader, Enterprise, cast.enterprise.pk, write=True)
    assert not can_write(cast.reader, cast.enterprise)


@pytest.mark.parametrize("who", ["owner", "city", "province"])
def test_officers_of_the_county_and_above_may_write(cast, who):
    user = getattr(cast, who)
    assert get_for_user(user, Enterprise, cast.enterprise.pk, write=True) == cast.enterprise


def test_write_outside_the_jurisdiction_is_404_not_403(cast):
    with pytest.raises(Http404):
        get_for_user(cast.neighbour, Enterprise, cast.enterprise.pk, write=True)
    assert not writable(cast.neighbour, Enterprise).filter(pk=cast.enterprise.pk).exists()


def test_inactive_membership_sees_nothing(cast):
    # given an officer of the owner county whose membership was ended
    former = f.member("former", Role.OFFICER, office=f.office_at("370102"))
    Membership.objects.filter(user=former).update(active=False)
    # then nothing of the county is visible to them any more
    assert not visible(former, Enterprise).exists()
    with pytest.raises(Http404):
        get_for_user(former, Enterprise, cast.enterprise.pk)


def test_deactivated_user_sees_nothing(cast):
    cast.owner.is_active = False
    cast.owner.save()
    owner = type(cast.owner).objects.get(pk=cast.owner.pk)
    assert not visible(owner, Enterprise).exists()


def test_anonymous_sees_nothing(cast):
    assert not visible(AnonymousUser(), Enterprise).exists()
    with pytest.raises(Http404):
        get_for_user(AnonymousUser(), Enterprise, cast.enterprise.pk)


@pytest.mark.parametrize("pk", ["abc", None, "1 OR 1=1"])
def test_malformed_key_is_404(cast, pk):
    with pytest.raises(Http404):
        get_for_user(cast.owner, Enterprise, pk)


# --- the Django admin ---------------------------------------------------------------------

@pytest.mark.parametrize("who", ["owner", "province", "portal"])
def test_admin_sends_non_superusers_to_the_admin_login(client, cast, who):
    user = getattr(cast, who)
    user.is_staff = True  # even with Django's staff flag set
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    listing = client.get(reverse("admin:accounts_user_changelist"))
    assert listing.status_code == 302


def test_admin_sends_anonymous_users_to_the_admin_login(client, cast):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_opens_for_a_superuser(client, cast):
    root = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(reverse("admin:index")).status_code == 200
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    assert "neighbour" in response.content.decode()
