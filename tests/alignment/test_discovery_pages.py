"""The candidate discovery page and API (A1): results, explanations, access, filters, bad input,
the "Start assessment" link, empty states and query budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from accord.alignment import discovery_index
from accord.alignment.models import OrganizationVector
from accord.directory.models import Organization
from accord.partnerships.models import Partnership
from tests.alignment.test_discovery_ranking import build_candidates
from tests.factories import MembershipFactory, OrganizationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture(scope="class")
def candidates(cast, django_db_blocker):
    with django_db_blocker.unblock():
        yield build_candidates()


def page_url(partnership) -> str:
    return reverse("alignment:candidates", args=[partnership.pk])


def api_url(partnership) -> str:
    return f"/api/v1/partnerships/{partnership.pk}/candidates"


def start_url(partnership) -> str | None:
    """The assessment page's URL, once the assessments area provides it."""
    try:
        return reverse("alignment:assessment-create", args=[partnership.pk])
    except NoReverseMatch:
        return None


def counts():
    return OrganizationVector.objects.count(), Organization.objects.count()


@pytest.mark.usefixtures("candidates")
class TestPage:
    def test_viewer_sees_ranked_candidates_explained(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(page_url(cast.own))
        assert response.status_code == 200
        text = response.text
        assert text.count("<h1") == 1 and "Candidate partners" in text
        results = list(response.context["page_obj"])
        assert results[0].organization.name == "Pathways to Engineering Alliance"
        top = results[0]
        assert f"{top.percent}%" in text
        assert top.matches[0].sentence in text
        assert "How to read the match score" in text
        assert "a starting point, not a verdict" in text
        assert 'href="/directory/organizations/' in text  # names link to the directory
        assert "Nonprofit" in text and "Atlanta, Georgia, United States" in text
        # Members are not candidates.
        assert "Host Society" not in text and "Partner University" not in text
        assert "Start assessment" not in text  # a viewer cannot bring partners in

    def test_start_assessment_is_offered_to_stewards_only(self, cast, client):
        start = start_url(cast.own)
        for actor in ("steward", "admin"):
            client.force_login(cast.users[actor])
            response = client.get(page_url(cast.own))
            assert response.context["can_start"] is True
            if start:  # the assessments area's page exists
                pathways = response.context["page_obj"][0].organization
                assert f'href="{start}?candidate={pathways.pk}"' in response.text
        for actor in ("viewer", "stakeholder", "contributor", "leader", "project_director"):
            client.force_login(cast.users[actor])
            response = client.get(page_url(cast.own))
            assert response.context["can_start"] is False
            assert "Start assessment" not in response.text

    @pytest.mark.parametrize("actor", ["outsider", "other_steward"])
    def test_people_outside_the_partnership_get_404(self, cast, client, actor):
        client.force_login(cast.users[actor])
        assert client.get(page_url(cast.own)).status_code == 404
        assert client.get(page_url(cast.own), headers=HTMX).status_code == 404

    def test_anonymous_is_sent_to_sign_in(self, cast, client):
        response = client.get(page_url(cast.own))
        assert response.status_code == 302 and "/accounts/" in response["Location"]

    def test_filters_narrow_the_ranking(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(page_url(cast.own), {"kind": "external", "location": "united states"})
        assert [r.organization.name for r in response.context["page_obj"]] == [
            "Pathways to Engineering Alliance",
            "Lakeside Chess Club",
        ]
        assert "2 candidates match the filters" in response.text
        assert "Clear filters" in response.text

    def test_htmx_request_gets_only_the_results(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(page_url(cast.own), {"subtype": "company"}, headers=HTMX)
        assert response.status_code == 200
        assert "<html" not in response.text and "Harbour Bakery Cooperative" in response.text
        clear = f'<a href="{page_url(cast.own)}" class="fw-normal">Clear filters</a>'
        assert clear in response.text  # the partial knows its own URL
        assert "HX-Request" in response["Vary"]
        full = client.get(page_url(cast.own), {"subtype": "company"})
        assert "<html" in full.text and f'hx-get="{page_url(cast.own)}"' in full.text
        assert 'aria-live="polite"' in full.text and 'method="get"' in full.text

    @pytest.mark.parametrize(
        ("query", "field", "label"),
        [
            ({"kind": "sideways"}, "kind", "Internal or external"),
            ({"subtype": "castle"}, "subtype", "Type"),
            ({"location": "x" * 101}, "location", "Location"),
        ],
    )
    def test_bad_filters_are_shown_on_their_field_and_nothing_is_written(
        self, cast, client, query, field, label
    ):
        OrganizationFactory(name="Not yet embedded")
        client.force_login(cast.users["viewer"])
        before = counts()
        response = client.get(page_url(cast.own), query)
        assert response.status_code == 200
        form = response.context["form"]
        assert field in form.errors
        assert f"{label}: {form.errors[field][0]}" in response.text
        assert 'aria-invalid="true"' in response.text or "is-invalid" in response.text
        assert response.context["page_obj"] is None
        assert counts() == before

    def test_a_bad_page_number_shows_the_first_page(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(page_url(cast.own), {"page": "zz"})
        assert response.status_code == 200
        assert response.context["page_obj"].number == 1

    def test_pagination_follows_the_page_size(self, cast, client, settings):
        settings.ACCORD_PAGE_SIZE = 2
        client.force_login(cast.users["viewer"])
        first = client.get(page_url(cast.own))
        assert len(first.context["page_obj"]) == 2 and "Page 1 of 3" in first.text
        third = client.get(page_url(cast.own), {"page": 3})
        assert len(third.context["page_obj"]) == 1
        assert third.context["page_obj"].start_index() == 5
        assert "5." in third.text

    def test_empty_states(self, cast, client):
        client.force_login(cast.users["steward"])
        nothing = client.get(page_url(cast.own), {"location": "Atlantis"})
        assert "No candidates match these filters." in nothing.text
        lonely = PartnershipFactory(title="Lonely", purpose="Mentor students.")
        for organization in Organization.objects.exclude(pk=cast.partner.pk):
            MembershipFactory(partnership=lonely, organization=organization)
        Organization.objects.filter(pk=cast.partner.pk).update(archived_at="2024-01-01T00:00Z")
        client.force_login(cast.users["admin"])
        response = client.get(page_url(lonely))
        assert "There are no candidates" in response.text
        Partnership.objects.filter(pk=lonely.pk).update(purpose="")
        response = client.get(page_url(lonely))
        assert "no purpose or shared vision written down yet" in response.text
        assert reverse("partnerships:edit", args=[lonely.pk]) in response.text


@pytest.mark.usefixtures("candidates")
class TestApi:
    def test_lists_candidates_best_first_with_their_matches(self, cast, client):
        client.force_login(cast.users["viewer"])
        body = client.get(api_url(cast.own)).json()
        assert body["count"] == 5 and body["page"] == 1 and body["page_size"] == 25
        top = body["items"][0]
        pathways = Organization.objects.get(name="Pathways to Engineering Alliance")
        assert top["organization"] == {
            "id": pathways.pk,
            "name": "Pathways to Engineering Alliance",
            "kind": "external",
            "subtype": "nonprofit",
            "location": "Atlanta, Georgia, United States",
        }
        assert isinstance(top["score"], float) and 0.4 < top["score"] <= 1
        assert next(m["sentence"] for m in top["matches"]).startswith("We broaden participation")
        scores = [item["score"] for item in body["items"]]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        quiet = next(i for i in body["items"] if i["organization"]["name"] == "Quiet Holdings")
        assert quiet["matches"] == []

    def test_filters_and_paging(self, cast, client):
        client.force_login(cast.users["viewer"])
        body = client.get(api_url(cast.own), {"subtype": "company", "page_size": 1}).json()
        assert body["count"] == 2 and len(body["items"]) == 1
        second = client.get(
            api_url(cast.own), {"subtype": "company", "page_size": 1, "page": 2}
        ).json()
        found = {
            body["items"][0]["organization"]["name"],
            second["items"][0]["organization"]["name"],
        }
        assert found == {"Harbour Bakery Cooperative", "Quiet Holdings"}
        body = client.get(api_url(cast.own), {"location": "  MINNESOTA "}).json()
        assert [i["organization"]["name"] for i in body["items"]] == ["Lakeside Chess Club"]
        body = client.get(api_url(cast.own), {"page": 9}).json()
        assert body["count"] == 5 and body["items"] == []

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ({"kind": "sideways"}, "kind"),
            ({"subtype": "castle"}, "subtype"),
            ({"location": "x" * 101}, "location"),
            ({"page_size": "1000"}, "page_size"),
            ({"page": "0"}, "page"),
        ],
    )
    def test_bad_filters_are_422_naming_the_field_and_write_nothing(
        self, cast, client, query, field
    ):
        OrganizationFactory(name="Not yet embedded")
        client.force_login(cast.users["viewer"])
        before = counts()
        response = client.get(api_url(cast.own), query)
        assert response.status_code == 422
        assert field in [error["field"] for error in response.json()["errors"]]
        assert counts() == before

    def test_outsiders_get_404_and_anonymous_401(self, cast, client):
        assert client.get(api_url(cast.own)).status_code == 401
        client.force_login(cast.users["outsider"])
        assert client.get(api_url(cast.own)).status_code == 404
        assert client.get(api_url(cast.other)).json()["detail"] == "Not found."
        assert client.get("/api/v1/partnerships/999999999/candidates").status_code == 404

    def test_no_purpose_gives_an_empty_list(self, cast, client):
        Partnership.objects.filter(pk=cast.own.pk).update(purpose="")
        client.force_login(cast.users["viewer"])
        assert client.get(api_url(cast.own)).json() == {
            "count": 0,
            "page": 1,
            "page_size": 25,
            "items": [],
        }


class TestQueryBudget:
    """The same number of queries with 5 candidates and with 50, warm or just embedded."""

    @staticmethod
    def measure(client, url, query=None) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, query or {})
            assert response.status_code == 200
        return len(captured)

    @pytest.mark.parametrize("kind", ["page", "api"])
    def test_same_queries_with_5_and_50_candidates(self, cast, client, kind):
        url = page_url(cast.own) if kind == "page" else api_url(cast.own)
        query = {} if kind == "page" else {"page_size": 100}
        client.force_login(cast.users["steward"])
        discovery_index.reset()  # the process's index starts from the database, as after a start
        OrganizationFactory.create_batch(5)
        embedding_5 = self.measure(client, url, query)  # builds the index, embeds the 5
        assert self.measure(client, url, query) <= 10  # warm, as the new 45 will be compared
        OrganizationFactory.create_batch(1)
        embedding_5 = self.measure(client, url, query)  # catches up: embeds the new one
        warm_5 = self.measure(client, url, query)
        OrganizationFactory.create_batch(45)
        embedding_50 = self.measure(client, url, query)
        warm_50 = self.measure(client, url, query)
        assert embedding_50 == embedding_5
        assert warm_50 == warm_5
        assert warm_5 <= 10
