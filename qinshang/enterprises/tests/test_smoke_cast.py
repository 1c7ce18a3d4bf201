from django.urls import reverse


def test_owner_sees_own_enterprise_and_neighbour_gets_404(client, cast):
    client.force_login(cast.owner)
    assert client.get(reverse("enterprises:detail", args=[cast.enterprise.pk])).status_code == 200
    client.force_login(cast.neighbour)
    assert client.get(reverse("enterprises:detail", args=[cast.enterprise.pk])).status_code == 404
