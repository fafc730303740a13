"""The single access path: visible_to / editable_by and the role -> permission table."""

import pytest

from accord.core.access import ROLE_PERMISSIONS, Perm, Role, can
from accord.partnerships.models import Membership, Partnership

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("cast")
class TestVisibleTo:
    def test_every_role_sees_its_own_partnership_only(self, cast):
        for role in Cast_roles():
            visible = set(Partnership.objects.visible_to(cast.users[role]))
            assert visible == {cast.own}, role

    def test_outsider_sees_nothing(self, cast):
        assert not Partnership.objects.visible_to(cast.users["outsider"]).exists()
        assert not Membership.objects.visible_to(cast.users["outsider"]).exists()

    def test_admin_sees_everything(self, cast):
        assert set(Partnership.objects.visible_to(cast.users["admin"])) == {cast.own, cast.other}

    def test_only_stewards_and_project_directors_may_change(self, cast):
        editors = {
            role
            for role in Cast_roles()
            if Partnership.objects.editable_by(cast.users[role], Perm.CHANGE).exists()
        }
        assert editors == {"steward", "project_director"}

    def test_archived_role_gives_no_access(self, cast):
        from django.utils import timezone

        role = cast.own.roles.get(role="viewer")
        role.archived_at = timezone.now()
        role.save()
        assert not Partnership.objects.visible_to(cast.users["viewer"]).exists()
        assert not can(cast.users["viewer"], Perm.VIEW, cast.own)


def Cast_roles():
    return [r.value for r in Role]


def test_every_role_has_a_permission_row():
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    assert all(Perm.VIEW in perms for perms in ROLE_PERMISSIONS.values())


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/partnerships/{id}/members/1",
        "/api/v1/partnerships/{id}/charter/versions/1",
        "/api/v1/rubrics/{id}/criteria/1",
    ],
)
def test_an_id_past_64_bits_is_404(cast, client, url):
    # No row has such an id; SQLite's driver refuses it in a foreign-key filter (was a 500).
    client.force_login(cast.users["admin"])
    response = client.get(url.format(id=2**64))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
