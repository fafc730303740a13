"""Leaders' learning and commitments pages end to end (L1-L3): the record with its summary and
filters, logging for oneself or (as a steward) for someone else, editing, status updates and
history; plain posts without JavaScript, an HTMX partial for the filters; query budgets."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.leadership.models import Commitment, LearningActivity
from tests.factories import PersonFactory, RoleFactory
from tests.matrix.leadership_commitments import commitment, learning, sample_records

pytestmark = pytest.mark.django_db


def counts():
    return (LearningActivity.objects.count(), Commitment.objects.count())


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(name, cast, *args, side="own"):
    return reverse(f"leadership:{name}", args=[cast.partnership(side).pk, *args])


def learning_data(**overrides):
    data = {
        "title": "Anti-bias in hiring",
        "provider": "Equity Works",
        "completed_on": "2025-05-06",
        "hours": "2.5",
        "topics": "Hiring\nBias\nhiring",
        "notes": "",
    }
    return data | overrides


def commitment_data(**overrides):
    data = {
        "kind": "resources",
        "description": "Paid internships for two students.",
        "amount": "15000",
        "unit": "US dollars",
        "starts_on": "2025-06-01",
        "ends_on": "2025-08-31",
        "status": "planned",
    }
    return data | overrides


@pytest.fixture(scope="class")
def records(cast, django_db_blocker):
    with django_db_blocker.unblock():
        return sample_records(cast)


class TestOverview:
    def test_summary_puts_the_viewers_organization_first(self, cast, client, records):
        client.force_login(cast.users["viewer"])
        response = client.get(url("commitments", cast))
        text = response.text
        assert response.status_code == 200
        assert 'aria-current="page">Leaders&#x27; commitments</a>' in text
        summary = response.context["summary"]
        assert summary.organizations[0].organization == cast.partner
        assert "Your organization" in text and 'class="table-primary"' in text
        # The whole partnership's figures: 11.5 hours, 4 people, 67% of decided commitments kept.
        assert "11.50" in text and "67%" in text and "2 of 3" in text
        assert "Alumni College" in text and "(no longer a member)" in text
        assert "20,000 US dollars" in text
        # The viewer reads but does not log.
        assert "Log learning" not in text

    def test_lists_learning_and_commitments_with_links(self, cast, client, records):
        client.force_login(cast.users["contributor"])
        text = client.get(url("commitments", cast)).text
        first = records["learning"][0]
        assert reverse("leadership:learning-detail", args=[cast.own.pk, first.pk]) in text
        assert "Log learning" in text and "Record a commitment" in text
        assert "Not kept" in text and "ongoing" in text

    def test_filters_narrow_the_lists_and_the_year_the_summary(self, cast, client, records):
        client.force_login(cast.users["viewer"])
        response = client.get(
            url("commitments", cast), {"organization": cast.host.pk, "year": "2025"}
        )
        assert [a.person.name for a in response.context["learning_page"].object_list] == [
            "Hana Host"
        ]
        assert response.context["summary"].year == 2025
        assert response.context["summary"].total.learning_count == 4
        assert "Clear filters" in response.text
        person = cast.people["project_director"].pk
        response = client.get(url("commitments", cast), {"person": person})
        assert {c.person_id for c in response.context["commitment_page"].object_list} == {person}

    def test_a_filter_value_that_is_not_offered_is_ignored(self, cast, client, records):
        client.force_login(cast.users["viewer"])
        response = client.get(url("commitments", cast), {"year": "1850", "person": "x"})
        assert response.status_code == 200
        assert response.context["learning_page"].paginator.count == 5

    def test_htmx_filters_get_only_the_results(self, cast, client, records):
        client.force_login(cast.users["viewer"])
        response = client.get(url("commitments", cast), {"year": "2024"}, HTTP_HX_REQUEST="true")
        assert "<html" not in response.text and 'id="summary-heading"' in response.text
        assert response["Vary"].count("HX-Request") == 1

    def test_each_list_has_its_own_pages(self, cast, client):
        for n in range(30):
            learning(cast, "own")  # the first one
            LearningActivity.objects.create(
                partnership=cast.own,
                person=cast.people["leader"],
                organization=cast.partner,
                title=f"Reading {n}",
                completed_on=date(2025, 1, 1),
                hours=1,
            )
        client.force_login(cast.users["viewer"])
        response = client.get(url("commitments", cast), {"lp": "2"})
        page = response.context["learning_page"]
        assert (page.number, page.paginator.num_pages) == (2, 2)
        assert 'href="?lp=1"' in response.text


class TestLogging:
    def test_a_leader_logs_learning_for_themselves(self, cast, client):
        client.force_login(cast.users["leader"])
        form = client.get(url("learning-create", cast))
        assert 'name="person"' not in form.text and "It is logged for you" in form.text
        response = client.post(url("learning-create", cast), learning_data())
        activity = LearningActivity.objects.get()
        assert response.url == url("learning-detail", cast, activity.pk)
        assert (activity.person, activity.organization) == (cast.people["leader"], cast.partner)
        assert activity.topics == ["Hiring", "Bias"]
        assert activity.hours == Decimal("2.5")

    def test_a_steward_logs_for_someone_taking_part(self, cast, client):
        client.force_login(cast.users["steward"])
        leader = cast.people["leader"]
        form = client.get(url("learning-create", cast))
        assert 'name="person"' in form.text
        client.post(url("learning-create", cast), learning_data(person=leader.pk))
        assert LearningActivity.objects.get().person == leader
        before = counts()
        response = client.post(
            url("learning-create", cast), learning_data(person=cast.people["outsider"].pk)
        )
        assert counts() == before
        assert "Choose someone who holds a role in this partnership." in response.text

    def test_a_contributor_records_a_commitment_and_updates_its_status(self, cast, client):
        client.force_login(cast.users["contributor"])
        response = client.post(url("commitment-create", cast), commitment_data())
        found = Commitment.objects.get()
        assert found.person == cast.people["contributor"]
        assert "Commitment recorded." in messages_of(client.get(response.url))
        response = client.post(url("commitment-status", cast, found.pk), {"status": "kept"})
        assert response.url == url("commitment-detail", cast, found.pk)
        found.refresh_from_db()
        assert found.status == "kept"
        text = client.get(response.url).text
        assert "History" in text and "Status: <del>" in text and "Kept</ins>" in text

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("hours", "0", "Hours must be more than zero."),
            ("hours", "-1", "Hours must be more than zero."),
            ("hours", "x", "Enter the hours as a number, e.g. 1.5."),
            ("topics", "\n".join(f"T{n}" for n in range(21)), "Name at most 20 topics"),
            ("completed_on", "", "This field is required."),
            ("hours", "25", "A day has 24 hours"),
            ("completed_on", "2999-01-01", "This date is in the future"),
        ],
    )
    def test_bad_learning_is_refused_on_its_field(self, cast, client, field, value, message):
        client.force_login(cast.users["leader"])
        before = counts()
        response = client.post(url("learning-create", cast), learning_data(**{field: value}))
        assert response.status_code == 200 and counts() == before
        error = re.search(rf'id="id_{field}_error">(.*?)</div>', response.text).group(1)
        assert message in error

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"ends_on": "2025-05-01"}, "ends_on", "The end date cannot be before the start"),
            ({"amount": "0"}, "amount", "The amount must be more than zero"),
            ({"unit": ""}, "unit", "Say what the amount counts"),
            ({"kind": "money"}, "kind", "Select a valid choice."),
        ],
    )
    def test_bad_commitment_is_refused_on_its_field(self, cast, client, data, field, message):
        client.force_login(cast.users["leader"])
        before = counts()
        response = client.post(url("commitment-create", cast), commitment_data(**data))
        assert response.status_code == 200 and counts() == before
        error = re.search(rf'id="id_{field}_error">(.*?)</div>', response.text).group(1)
        assert message in error

    def test_the_administrator_names_whose_record_it_is(self, cast, client):
        # A platform administrator has no person of their own: the form asks whose record.
        client.force_login(cast.users["admin"])
        form = client.get(url("learning-create", cast))
        assert 'name="person"' in form.text
        before = counts()
        response = client.post(url("learning-create", cast), learning_data())
        assert response.status_code == 200 and counts() == before
        assert 'id="id_person_error">This field is required.' in response.text


class TestChanging:
    def test_the_owner_edits_and_the_history_shows_it(self, cast, client):
        activity = learning(cast, "own")
        client.force_login(cast.users["leader"])
        edit = url("learning-edit", cast, activity.pk)
        data = learning_data(title="Inclusive mentoring", hours="4", topics="mentoring")
        response = client.post(edit, data)
        assert response.url == url("learning-detail", cast, activity.pk)
        activity.refresh_from_db()
        assert activity.hours == Decimal("4")
        text = client.get(response.url).text
        assert "History" in text and "Hours: <del>" in text

    def test_someone_elses_record_is_403_for_a_contributor(self, cast, client):
        activity = learning(cast, "own")
        client.force_login(cast.users["contributor"])
        response = client.post(url("learning-edit", cast, activity.pk), learning_data())
        assert response.status_code == 403
        detail = client.get(url("learning-detail", cast, activity.pk)).text
        assert ">Edit</a>" not in detail

    def test_a_steward_edits_anyones_commitment(self, cast, client):
        found = commitment(cast, "own")
        client.force_login(cast.users["steward"])
        detail = client.get(url("commitment-detail", cast, found.pk)).text
        assert "How does it stand?" in detail and ">Edit</a>" in detail
        client.post(
            url("commitment-edit", cast, found.pk), commitment_data(ends_on="", unit="dollars")
        )
        found.refresh_from_db()
        assert (found.ends_on, found.unit, found.person) == (
            None,
            "dollars",
            cast.people["leader"],
        )

    def test_a_bad_status_changes_nothing(self, cast, client):
        found = commitment(cast, "own")
        client.force_login(cast.users["leader"])
        response = client.post(url("commitment-status", cast, found.pk), {"status": "lost"})
        assert "The status was not changed" in messages_of(response)[0]
        found.refresh_from_db()
        assert found.status == "planned"

    def test_outsider_gets_404_and_viewer_403(self, cast, client):
        found = commitment(cast, "own")
        client.force_login(cast.users["outsider"])
        assert client.get(url("commitment-detail", cast, found.pk)).status_code == 404
        client.force_login(cast.users["viewer"])
        assert client.get(url("commitment-edit", cast, found.pk)).status_code == 403
        other = commitment(cast, "other")
        assert client.get(url("commitment-detail", cast, other.pk)).status_code == 404


class TestQueryBudget:
    @staticmethod
    def queries(client, address) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    def test_overview_costs_the_same_with_5_and_50_rows(self, cast, client):
        client.force_login(cast.users["leader"])

        def add(n):
            for i in range(n):
                person = PersonFactory(organization=cast.partner)
                RoleFactory(partnership=cast.own, person=person, role="leader")
                LearningActivity.objects.create(
                    partnership=cast.own,
                    person=person,
                    organization=cast.partner,
                    title=f"Course {i}",
                    completed_on=date(2020 + i % 5, 1, 1),
                    hours=1,
                    topics=[f"Topic {i}", "Bias"],
                )
                Commitment.objects.create(
                    partnership=cast.own,
                    person=person,
                    organization=cast.partner,
                    kind="time",
                    description=f"Mentoring {i}",
                    amount=2,
                    unit="hours",
                    starts_on=date(2020 + i % 5, 1, 1),
                )

        add(5)
        five = self.queries(client, url("commitments", cast))
        add(45)
        assert self.queries(client, url("commitments", cast)) == five
        assert five <= 24
