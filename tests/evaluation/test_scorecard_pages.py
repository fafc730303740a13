"""The Scorecard section, the page that explains it and the API: what they show, and a constant
number of queries however long the history (they read the stored snapshots, never the criteria)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accord.evaluation.criteria import CRITERIA, import_criteria
from accord.evaluation.models import ScorecardSnapshot
from accord.evaluation.services import scorecard_recompute

pytestmark = pytest.mark.django_db
import_criteria()


def snapshots(partnership, count: int) -> None:
    """`count` stored snapshots, alternating the leadership pillar between act and good."""
    results = {key: {"status": "good", "evidence": "Fine.", "action": ""} for key in CRITERIA}
    start = timezone.now() - timedelta(days=count)
    for index in range(count):
        status = "act" if index % 2 else "good"
        ScorecardSnapshot.objects.create(
            partnership=partnership,
            computed_at=start + timedelta(days=index),
            results=results | {"leadership.directors": {"status": status, "evidence": f"#{index}"}},
            pillars={"alignment": "good", "leadership": status, "relationships": "good"},
        )


def queries_for(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


class TestScorecardPage:
    def test_it_shows_each_pillar_criterion_evidence_and_next_action(self, cast, client):
        snapshot = scorecard_recompute(partnership=cast.own)
        client.force_login(cast.users["viewer"])
        page = client.get(reverse("evaluation:scorecard", args=[cast.own.pk])).content.decode()
        for title in ("Alignment", "Leadership", "Relationships", "Shared measurement"):
            assert title in page
        for key, item in CRITERIA.items():
            assert item.title in page
            assert escape(snapshot.results[key]["evidence"]) in page
        # A member without a project director: the gap, and the link to the page that closes it.
        directors = snapshot.results["leadership.directors"]
        assert directors["status"] == "act"
        assert reverse(directors["url_name"], args=directors["args"]) in page
        assert "How the scorecard is computed" in page
        assert f'href="/partnerships/{cast.own.pk}/scorecard/"' in page  # in the navigation

    def test_before_any_computation_it_says_so(self, cast, client):
        client.force_login(cast.users["steward"])
        page = client.get(reverse("evaluation:scorecard", args=[cast.own.pk])).content.decode()
        assert "Not computed yet." in page

    def test_the_history_shows_each_pillar_at_each_snapshot(self, cast, client):
        snapshots(cast.own, 3)
        client.force_login(cast.users["steward"])
        page = client.get(reverse("evaluation:scorecard", args=[cast.own.pk])).content.decode()
        assert "in the last 3 snapshots" in page

    def test_constant_queries_however_long_the_history(self, cast, client):
        client.force_login(cast.users["steward"])
        address = reverse("evaluation:scorecard", args=[cast.own.pk])
        snapshots(cast.own, 2)
        few = queries_for(client, address)
        snapshots(cast.own, 40)
        assert queries_for(client, address) == few


class TestCriteriaPage:
    def test_it_lists_every_criterion_with_its_description_and_the_rule(self, cast, client):
        client.force_login(cast.users["outsider"])
        page = client.get(reverse("evaluation:criteria")).content.decode()
        for item in CRITERIA.values():
            assert item.key in page
            assert item.description.replace("'", "&#x27;")[:40] in page
        assert "none of whose criteria can be computed" in page


class TestApi:
    def test_the_scorecard_by_pillar(self, cast, client):
        scorecard_recompute(partnership=cast.own)
        client.force_login(cast.users["contributor"])
        body = client.get(f"/api/v1/partnerships/{cast.own.pk}/scorecard").json()
        assert [p["pillar"] for p in body["pillars"]] == [
            "alignment",
            "leadership",
            "relationships",
            "measurement",
        ]
        leadership = body["pillars"][1]
        directors = next(c for c in leadership["criteria"] if c["key"] == "leadership.directors")
        assert directors["status"] == "act"
        assert directors["link"].startswith(f"/partnerships/{cast.own.pk}/project-directors/")
        assert leadership["status"] == "act"
        assert body["computed_at"] is not None

    def test_the_history_is_paged_newest_first(self, cast, client):
        snapshots(cast.own, 5)
        client.force_login(cast.users["viewer"])
        body = client.get(
            f"/api/v1/partnerships/{cast.own.pk}/scorecard/history?page_size=2"
        ).json()
        assert body["count"] == 5
        assert [item["leadership"] for item in body["items"]] == ["good", "act"]
        assert body["items"][0]["measurement"] == "not_yet"

    def test_constant_queries_however_long_the_history(self, cast, client):
        client.force_login(cast.users["steward"])
        address = f"/api/v1/partnerships/{cast.own.pk}/scorecard"
        snapshots(cast.own, 2)
        few = queries_for(client, address)
        snapshots(cast.own, 30)
        assert queries_for(client, address) == few
        history = address + "/history"
        few = queries_for(client, history)
        snapshots(cast.own, 30)
        assert queries_for(client, history) == few

    def test_the_criteria(self, client, cast):
        client.force_login(cast.users["outsider"])
        body = client.get("/api/v1/scorecard-criteria").json()
        assert [c["key"] for c in body][:2] == ["alignment.charter", "leadership.mou"]
        assert len(body) == len(CRITERIA)
