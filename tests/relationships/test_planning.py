"""Left out of planning (R3): hand-made cases of each flag with its evidence, Hypothesis
invariance under renaming groups and reordering engagements, the Stakeholders page and the API
endpoint with their sources and evidence, and constant query counts at two sizes."""

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.audit import acting_as
from accord.relationships.planning import PlanningEngagement, planning_flags
from accord.relationships.representation import Thresholds
from accord.relationships.services import affected_group_add
from accord.relationships.services_engagements import engagement_create
from tests.factories import StakeholderGroupFactory

LEVELS = ["inform", "consult", "involve", "collaborate", "empower"]
DAY = date(2026, 1, 5)


def held(key, days, level="involve", groups=()):
    return PlanningEngagement(key, DAY + timedelta(days=days), level, frozenset(groups), key)


def kinds(flags, group=None):
    return sorted((f.kind, f.level) for f in flags if group is None or f.group == group)


# --- The pure functions -----------------------------------------------------------------------
def test_a_group_absent_from_every_recent_planning_session_is_flagged_with_them_as_evidence():
    sessions = [held(f"e{i}", 30 * i, groups={"residents"}) for i in range(3)]
    sessions += [held(f"f{i}", 100 + 30 * i, groups={"staff"}) for i in range(6)]
    flags = planning_flags(sessions, {"residents": "Residents", "staff": "Staff"})
    assert kinds(flags) == [("left_out", "flag")]
    [flag] = flags
    assert flag.group == "residents" and "none of the last 6" in flag.message
    assert [e.key for e in flag.evidence] == [f"f{i}" for i in range(6)]
    assert "Invite the group" in flag.next_action


def test_a_group_absent_from_some_recent_sessions_is_warned_of_naming_them():
    sessions = [held("a", 0, groups={"g"}), held("b", 10), held("c", 20, groups={"g"})]
    [flag] = planning_flags(sessions, {"g": "G"})
    assert (flag.kind, flag.level) == ("left_out", "warning")
    assert [(e.key, e.held_on) for e in flag.evidence] == [("b", DAY + timedelta(days=10))]
    assert "1 of the last 3" in flag.message


def test_the_window_is_the_setting_so_old_absences_do_not_count():
    sessions = [held("old", 0), *[held(f"n{i}", 10 + i, groups={"g"}) for i in range(6)]]
    assert planning_flags(sessions, {"g": "G"}) == ()
    wider = Thresholds(planning_engagements=7)
    assert kinds(planning_flags(sessions, {"g": "G"}, wider)) == [("left_out", "warning")]


def test_a_group_only_ever_informed_or_consulted_is_flagged_with_every_such_session():
    sessions = [
        held("a", 0, "inform", {"g", "h"}),
        held("b", 10, "consult", {"g", "h"}),
        held("c", 20, "collaborate", {"h"}),
    ]
    flags = planning_flags(sessions, {"g": "G", "h": "H"})
    assert kinds(flags, "h") == []
    assert kinds(flags, "g") == [("left_out", "warning"), ("token_level", "flag")]
    token = next(f for f in flags if f.kind == "token_level")
    assert [(e.key, e.level) for e in token.evidence] == [("a", "inform"), ("b", "consult")]
    assert "“consult” or “inform”" in token.message and "Involve the group" in token.next_action


def test_no_sessions_and_no_groups_give_no_flags():
    assert planning_flags([], {"g": "G"}) == ()
    assert planning_flags([held("a", 0)], {}) == ()


def test_a_group_never_present_is_left_out_not_token():
    flags = planning_flags([held("a", 0, "inform"), held("b", 5, "consult")], {"g": "G"})
    assert kinds(flags) == [("left_out", "flag")]


sessions_strategy = st.lists(
    st.tuples(
        st.integers(0, 400),
        st.sampled_from(LEVELS),
        st.sets(st.sampled_from(["a", "b", "c", "d"])),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(sessions_strategy, st.randoms(use_true_random=False))
def test_flags_are_invariant_under_renaming_groups_and_reordering_sessions(rows, rng):
    sessions = [held(f"e{i}", d, level, groups) for i, (d, level, groups) in enumerate(rows)]
    names = {"a": "A", "b": "B", "c": "C", "d": "D"}
    before = planning_flags(sessions, names)
    rename = {"a": "z1", "b": "z2", "c": "z3", "d": "z4"}
    shuffled = list(sessions)
    rng.shuffle(shuffled)
    renamed = [replace(e, groups=frozenset(rename[g] for g in e.groups)) for e in shuffled]
    after = planning_flags(renamed, {rename[k]: v for k, v in names.items()})
    assert [(f.kind, f.level, rename[f.group], f.message, f.evidence) for f in before] == [
        (
            f.kind,
            f.level,
            f.group,
            f.message,
            tuple(next(s for s in sessions if s.key == e.key) for e in f.evidence),
        )
        for f in after
    ]


@settings(max_examples=60, deadline=None)
@given(sessions_strategy)
def test_every_flag_has_evidence_and_a_next_action(rows):
    sessions = [held(f"e{i}", d, level, groups) for i, (d, level, groups) in enumerate(rows)]
    for flag in planning_flags(sessions, {"a": "A", "b": "B"}):
        assert flag.evidence and flag.next_action
        if flag.kind == "token_level":
            assert all(
                e.level in ("inform", "consult") and flag.group in e.groups for e in flag.evidence
            )
        else:
            assert all(flag.group not in e.groups for e in flag.evidence)


# --- Pages, API and queries -------------------------------------------------------------------
def _session(partnership, title, days_ago, level, groups):
    with acting_as(None):
        return engagement_create(
            partnership=partnership,
            title=title,
            kind="planning",
            level=level,
            starts_at=timezone.now() - timedelta(days=days_ago),
            time_zone="UTC",
            groups=groups,
        )


@pytest.fixture
def story(cast):
    residents = StakeholderGroupFactory(name="Residents")
    students = StakeholderGroupFactory(name="Students")
    for group in (residents, students):
        affected_group_add(partnership=cast.own, group=group)
    _session(cast.own, "Design session one", 60, "consult", [students])
    _session(cast.own, "Design session two", 30, "inform", [students])
    _session(cast.own, "Future session", -10, "empower", [])  # not held yet: not counted
    return residents, students


@pytest.mark.django_db
class TestPlanningPages:
    def test_the_stakeholders_page_shows_each_flag_with_evidence_sources_and_action(
        self, cast, client, story
    ):
        client.force_login(cast.users["viewer"])
        page = client.get(reverse("relationships:stakeholders", args=[cast.own.pk])).text
        assert "Left out of planning" in page
        assert "Residents took part in none of the last 2 planning or design engagements" in page
        assert "Students only ever take part at the “consult” or “inform” level" in page
        assert "Design session one" in page and "Future session" not in page
        assert "Arnstein (1969)" in page and "IAP2" in page and "planning_engagements" in page
        assert "Next action:" in page

    def test_the_api_gives_the_flags_with_their_evidence(self, cast, client, story):
        residents, students = story
        client.force_login(cast.users["viewer"])
        response = client.get(f"/api/v1/partnerships/{cast.own.pk}/stakeholders/planning")
        assert response.status_code == 200
        body = response.json()
        assert body["engagements_held"] == 2 and body["token_levels"] == ["inform", "consult"]
        found = {(f["kind"], f["group_id"]): f for f in body["flags"]}
        assert set(found) == {("left_out", residents.pk), ("token_level", students.pk)}
        evidence = found[("token_level", students.pk)]["evidence"]
        assert [e["title"] for e in evidence] == ["Design session one", "Design session two"]
        assert [e["level"] for e in evidence] == ["consult", "inform"]

    def test_outsiders_get_404(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(f"/api/v1/partnerships/{cast.other.pk}/stakeholders/planning")
        assert response.status_code == 404

    def test_queries_are_constant_in_sessions_and_groups(self, cast, client):
        client.force_login(cast.users["viewer"])
        url = reverse("relationships:stakeholders", args=[cast.own.pk])
        api = f"/api/v1/partnerships/{cast.own.pk}/stakeholders/planning"

        def grow(start, n):
            groups = [StakeholderGroupFactory() for _ in range(n)]
            for group in groups:
                affected_group_add(partnership=cast.own, group=group)
            for i in range(n):
                _session(cast.own, f"Session {start + i}", 5 + i, LEVELS[i % 5], groups[: i % 3])

        def count(address):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(address).status_code == 200
            return len(queries)

        grow(0, 2)
        small = count(url), count(api)
        grow(10, 12)
        assert (count(url), count(api)) == small


def test_the_api_schema_names_the_endpoint(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert "/api/v1/partnerships/{partnership_id}/stakeholders/planning" in schema["paths"]


@pytest.mark.django_db
def test_a_planning_engagement_names_the_affected_groups_not_present(cast, client, story):
    client.force_login(cast.users["viewer"])
    session = cast.own.engagements.get(title="Design session one")
    page = client.get(session.get_absolute_url()).text
    assert "Affected groups not present" in page and "Residents" in page
    assert "See the planning flags" in page
