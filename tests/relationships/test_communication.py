"""The communication map (R6): the pure function's rule for the levels where a partnership works
and its gaps, with Hypothesis invariance under renaming and reordering; the page and the API
built from roles, seats and engagement attendees; constant query counts at two sizes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.relationships.analysis_communication import Contact, Limits, communication_map
from accord.relationships.models import Engagement, EngagementAttendee
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, RoleFactory

LEVELS = ["executive", "manager", "staff", "student", "community_member"]


def contact(key, org, level, channels=("email",)):
    return Contact(key, org, f"Person {key}", level, frozenset(channels))


def test_a_level_two_organizations_share_is_worked_and_the_third_without_it_is_a_gap():
    orgs = {"a": "Alpha", "b": "Beta", "c": "Gamma"}
    contacts = [
        contact(1, "a", "executive"),
        contact(2, "b", "executive"),
        contact(3, "c", "staff"),
        contact(4, "a", "staff"),
        contact(5, "b", "student"),  # only one organization: not a level where it works
    ]
    result = communication_map(orgs, contacts)
    assert result.levels_worked == ("executive", "staff")
    assert [(g.organization, g.level) for g in result.gaps] == [
        ("b", "staff"),
        ("c", "executive"),
    ]
    gap = result.gaps[1]
    assert gap.evidence == ("a", "b")
    assert "Gamma has no contact at the executive level" in gap.message
    assert "Ask Gamma to name someone" in gap.next_action


def test_an_organization_with_no_contact_has_a_gap_at_every_level_worked():
    orgs = {"a": "A", "b": "B", "c": "C"}
    contacts = [contact(1, "a", "manager"), contact(2, "b", "manager")]
    result = communication_map(orgs, contacts)
    assert [(g.organization, g.level) for g in result.gaps] == [("c", "manager")]
    assert result.rows[2].contacts == []


def test_the_rule_is_a_setting():
    orgs = {"a": "A", "b": "B", "c": "C"}
    contacts = [contact(1, "a", "manager"), contact(2, "b", "staff")]
    assert communication_map(orgs, contacts).gaps == ()
    one = communication_map(orgs, contacts, rule=Limits(level_organizations=1))
    assert len(one.gaps) == 4  # b and c lack a manager, a and c lack staff


def test_contacts_of_organizations_that_are_not_members_are_left_out():
    result = communication_map({"a": "A"}, [contact(1, "x", "staff")])
    assert result.rows[0].contacts == [] and result.gaps == ()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from(LEVELS)), max_size=15),
    st.randoms(use_true_random=False),
)
def test_gaps_are_invariant_under_renaming_organizations_and_reordering_contacts(rows, rng):
    orgs = {"a": "A", "b": "B", "c": "C", "d": "D"}
    contacts = [contact(i, org, level) for i, (org, level) in enumerate(rows)]
    before = communication_map(orgs, contacts)
    rename = {"a": 10, "b": 20, "c": 30, "d": 40}
    shuffled = [
        Contact(c.key, rename[c.organization], c.name, c.level, c.channels) for c in contacts
    ]
    rng.shuffle(shuffled)
    after = communication_map({rename[k]: v for k, v in orgs.items()}, shuffled)
    assert before.levels_worked == after.levels_worked
    assert [(rename[g.organization], g.level, g.message) for g in before.gaps] == [
        (g.organization, g.level, g.message) for g in after.gaps
    ]
    for gap in before.gaps:  # a gap is a level worked the organization has no contact at
        assert gap.level in before.levels_worked
        assert all(c.level != gap.level for c in contacts if c.organization == gap.organization)


# --- Page, API and queries --------------------------------------------------------------------
def _grow(cast, n, start):
    """`n` member organizations, each with a role holder, an attendee and a named guest."""
    engagement = Engagement.objects.create(
        partnership=cast.own, title=f"Meeting {start}", starts_at=timezone.now() - timedelta(1)
    )
    for i in range(n):
        organization = OrganizationFactory()
        MembershipFactory(partnership=cast.own, organization=organization)
        RoleFactory(
            partnership=cast.own,
            person=PersonFactory(organization=organization, level=LEVELS[i % 2]),
        )
        EngagementAttendee.objects.create(
            engagement=engagement,
            person=PersonFactory(organization=organization, level="staff"),
            organization=organization,
        )
        EngagementAttendee.objects.create(
            engagement=engagement,
            organization=organization,
            name=f"Guest {start + i}",
            level="community_member",
        )


def _count(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.django_db
class TestCommunicationPages:
    def test_the_page_shows_contacts_by_level_and_channel_and_the_gaps(self, cast, client):
        guest = OrganizationFactory(name="Quiet Neighbours")
        MembershipFactory(partnership=cast.own, organization=guest)
        # Staff of the host join the partner's staff: staff is a level where it works.
        RoleFactory(partnership=cast.own, person=PersonFactory(organization=cast.host))
        engagement = Engagement.objects.create(
            partnership=cast.own, title="Walk", starts_at=timezone.now() - timedelta(days=3)
        )
        EngagementAttendee.objects.create(
            engagement=engagement, organization=guest, name="Ada Elder", level="community_member"
        )
        client.force_login(cast.users["viewer"])
        page = client.get(reverse("relationships:communication", args=[cast.own.pk])).text
        assert "Communication map" in page and "Ada Elder" in page
        assert "Not in the directory" in page and "Engagements" in page
        assert "Quiet Neighbours has no contact at the staff level" in page
        assert "How the map is built" in page and "level_organizations" in page

    def test_the_api_gives_each_organization_its_contacts_and_gaps(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(f"/api/v1/partnerships/{cast.own.pk}/communication")
        assert response.status_code == 200
        body = response.json()
        by_name = {row["name"]: row for row in body["organizations"]}
        partner = by_name["Partner University"]
        steward = next(c for c in partner["contacts"] if c["name"] == "Steward Person")
        assert "role" in steward["channels"] and "email" in steward["channels"]
        assert steward["roles"] == ["Steward"]
        assert body["level_organizations"] == 2

    def test_outsiders_get_404(self, cast, client):
        client.force_login(cast.users["viewer"])
        assert client.get(f"/api/v1/partnerships/{cast.other.pk}/communication").status_code == 404
        url = reverse("relationships:communication", args=[cast.other.pk])
        assert client.get(url).status_code == 404

    def test_queries_are_constant_in_organizations_people_and_attendees(self, cast, client):
        client.force_login(cast.users["viewer"])
        page = reverse("relationships:communication", args=[cast.own.pk])
        api = f"/api/v1/partnerships/{cast.own.pk}/communication"
        _grow(cast, 2, 0)
        small = _count(client, page), _count(client, api)
        _grow(cast, 15, 100)
        assert (_count(client, page), _count(client, api)) == small
