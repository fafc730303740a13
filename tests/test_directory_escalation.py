"""A person's account, organization and address open doors: only an administrator changes them.

Before the policy said so, any steward could link another partnership's steward's person to an
account of their own choosing (that account then read the other partnership), or move their own
person into an unrelated organization (whose culture profile then opened to them).
"""

import json

import pytest
from django.urls import reverse

from accord.directory.models import Person
from tests.factories import OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def api_patch(client, person, body):
    return client.patch(
        f"/api/v1/people/{person.pk}", json.dumps(body), content_type="application/json"
    )


def edit_form(person, **changes) -> dict:
    data = {
        "name": person.name,
        "email": person.email,
        "organization": person.organization_id or "",
        "title": person.title,
        "level": person.level,
        "user": person.user_id or "",
    }
    return {**data, **changes}


@pytest.mark.usefixtures("cast")
class TestLinkingAnAccount:
    def test_a_steward_cannot_hand_another_partnerships_steward_to_their_own_account(
        self, cast, client
    ):
        spare = UserFactory(username="spare")  # an account with no person of its own
        target = cast.people["other_steward"]
        target.user = None
        target.save()
        client.force_login(cast.users["steward"])
        client.post(
            reverse("directory:person-edit", args=[target.pk]), edit_form(target, user=spare.pk)
        )
        target.refresh_from_db()
        assert target.user_id is None
        response = api_patch(client, target, {"user_id": spare.pk})
        assert response.status_code == 403
        assert "platform administrator" in response.json()["detail"]
        target.refresh_from_db()
        assert target.user_id is None
        client.force_login(spare)
        assert client.get(f"/partnerships/{cast.other.pk}/").status_code == 404

    def test_the_form_shows_the_account_as_read_only_and_says_why(self, cast, client):
        client.force_login(cast.users["steward"])
        page = client.get(reverse("directory:person-edit", args=[cast.people["viewer"].pk]))
        html = page.content.decode()
        assert 'name="user"' in html and "disabled" in html
        assert "Only a platform administrator links a person to a user account" in html

    def test_a_new_person_is_not_linked_to_an_account_by_a_steward(self, cast, client):
        spare = UserFactory(username="spare2")
        client.force_login(cast.users["steward"])
        response = client.post(
            "/api/v1/people",
            json.dumps({"name": "New", "email": "new@example.org", "user_id": spare.pk}),
            content_type="application/json",
        )
        assert response.status_code == 403
        assert not Person.objects.filter(email="new@example.org").exists()

    def test_an_administrator_links_an_account(self, cast, client):
        spare = UserFactory(username="spare3")
        person = PersonFactory(organization=cast.partner)
        client.force_login(cast.users["admin"])
        assert api_patch(client, person, {"user_id": spare.pk}).status_code == 200
        person.refresh_from_db()
        assert person.user_id == spare.pk


@pytest.mark.usefixtures("cast")
class TestMovingAPerson:
    def test_a_steward_cannot_move_their_own_person_into_an_unrelated_organization(
        self, cast, client
    ):
        unrelated = OrganizationFactory(name="Unrelated Institute")
        me = cast.people["steward"]
        client.force_login(cast.users["steward"])
        client.post(
            reverse("directory:person-edit", args=[me.pk]), edit_form(me, organization=unrelated.pk)
        )
        me.refresh_from_db()
        assert me.organization_id == cast.partner.pk
        assert api_patch(client, me, {"organization_id": unrelated.pk}).status_code == 403
        me.refresh_from_db()
        assert me.organization_id == cast.partner.pk
        culture = reverse("directory:organization-culture", args=[unrelated.pk])
        assert client.get(culture).status_code == 404

    def test_a_person_with_an_account_but_no_role_is_not_moved_by_a_steward(self, cast, client):
        client.force_login(cast.users["steward"])
        outsider = cast.people["outsider"]
        elsewhere = OrganizationFactory()
        assert api_patch(client, outsider, {"organization_id": elsewhere.pk}).status_code == 403

    def test_a_person_without_role_or_account_is_moved_by_a_steward(self, cast, client):
        person = PersonFactory(organization=cast.partner)
        elsewhere = OrganizationFactory()
        client.force_login(cast.users["steward"])
        assert api_patch(client, person, {"organization_id": elsewhere.pk}).status_code == 200


@pytest.mark.usefixtures("cast")
class TestChangingAnAddress:
    def test_a_steward_cannot_change_the_address_of_someone_holding_roles(self, cast, client):
        viewer = cast.people["viewer"]
        client.force_login(cast.users["steward"])
        response = api_patch(client, viewer, {"email": "attacker@example.org"})
        assert response.status_code == 403
        viewer.refresh_from_db()
        assert viewer.email != "attacker@example.org"

    def test_a_person_changes_their_own_address(self, cast, client):
        me = cast.people["steward"]
        client.force_login(cast.users["steward"])
        assert api_patch(client, me, {"email": "steward.new@example.org"}).status_code == 200

    def test_other_details_stay_open_to_stewards(self, cast, client):
        viewer = cast.people["viewer"]
        client.force_login(cast.users["steward"])
        assert api_patch(client, viewer, {"title": "Board member"}).status_code == 200


@pytest.mark.usefixtures("cast")
class TestArchivingAPerson:
    def test_a_steward_cannot_archive_someone_whose_roles_it_would_end(self, cast, client):
        client.force_login(cast.users["steward"])
        other = cast.people["other_steward"]
        assert client.post(f"/api/v1/people/{other.pk}/archive").status_code == 403
        other.refresh_from_db()
        assert other.archived_at is None
