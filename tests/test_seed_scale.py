"""`accord seed --scale N`: counts, history, determinism, reruns and refusals (a module apart
from tests/test_seed.py, so that each stays within the module time limit)."""

from collections import Counter

import pytest
from django.core.management import CommandError
from django.db import connection, transaction

from accord.accounts.models import User
from accord.core.access import Role
from accord.directory.models import Organization, Person
from accord.partnerships.models import (
    Membership,
    Partnership,
    PartnershipRole,
    Stage,
    StageChange,
)
from tests.test_seed import HISTORIED, seed, snapshot

pytestmark = pytest.mark.django_db


def scale_fingerprint() -> dict[str, list]:
    """Everything the generator decides, by natural keys, sorted."""
    return {
        "organizations": sorted(Organization.objects.values_list("name", "kind", "subtype")),
        "people": sorted(Person.objects.values_list("email", "name", "level")),
        "partnerships": sorted(Partnership.objects.values_list("title", "stage", "scope")),
        "memberships": sorted(
            Membership.objects.values_list("partnership__title", "organization__name", "kind")
        ),
        "roles": sorted(
            PartnershipRole.objects.values_list("partnership__title", "person__email", "role")
        ),
        "stage changes": sorted(
            StageChange.objects.values_list("partnership__title", "from_stage", "to_stage")
        ),
    }


def seeded_fingerprint(*args: str) -> dict[str, list]:
    with transaction.atomic():
        seed("--scale", *args)
        fingerprint = scale_fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_scale_is_deterministic_for_a_seed():
    first = seeded_fingerprint("20", "--seed", "5")
    assert first == seeded_fingerprint("20", "--seed", "5")
    assert first["organizations"] != seeded_fingerprint("20", "--seed", "6")["organizations"]


class TestScale:
    def test_counts_are_as_promised(self):
        output = seed("--scale", "20")
        assert "Scale data written" in output
        assert Partnership.objects.count() == 20
        assert Organization.objects.count() == 40
        assert 40 * 2 <= Person.objects.count() <= 40 * 4
        members = Counter(Membership.objects.values_list("partnership", flat=True))
        assert set(members.values()) <= {4, 5, 6, 7}
        assert 4.5 <= sum(members.values()) / 20 <= 5.6
        for partnership in Partnership.objects.prefetch_related("memberships", "roles"):
            roles = Counter(r.role for r in partnership.roles.all())
            assert roles[Role.STEWARD] == 1
            assert roles[Role.PROJECT_DIRECTOR] == len(partnership.memberships.all())
            assert roles[Role.CONTRIBUTOR] >= 1 and roles[Role.VIEWER] == 1
            assert [m.kind for m in partnership.memberships.all()].count("host") == 1
            last = partnership.stage_changes.last()
            assert last.to_stage == partnership.stage
            assert partnership.stage in {Stage.EXPLORING, Stage.FORMING, Stage.CONCLUDED}

    def test_every_row_has_its_history(self):
        seed("--scale", "20")
        for model in HISTORIED:
            assert model.history.count() == model.objects.count() > 0, model
            assert model.history.filter(history_type="+").count() == model.objects.count()
        reasons = set(Organization.history.values_list("history_change_reason", flat=True))
        assert reasons == {"accord seed --scale 20 --seed 2026"}

    def test_pillar_three_rows_are_written_with_their_history(self):
        """Affected groups, bodies, seats, meetings, attendance, engagements and attendees, each
        row with its history row, and values the services would accept."""
        from accord.relationships import scale as relationships_scale
        from accord.relationships.models import AffectedGroup, EngagementAttendee, Seat
        from accord.relationships.queries_bodies import analyses_of

        output = seed("--scale", "20")
        for model in relationships_scale.MODELS:
            assert model.history.count() == model.objects.count() > 0, model
            assert model.history.filter(history_type="+").count() == model.objects.count()
        for name in ("affected groups", "bodies", "seats", "attendance records", "attendees"):
            assert name in output
        assert AffectedGroup.objects.values("partnership").distinct().count() == 20
        for seat in Seat.objects.select_related("body"):  # held by a role holder of a member
            assert PartnershipRole.objects.filter(
                partnership=seat.body.partnership_id, person=seat.person_id
            ).exists()
            assert Membership.objects.filter(
                partnership=seat.body.partnership_id, organization=seat.organization_id
            ).exists()
        for attendee in EngagementAttendee.objects.select_related("engagement")[:50]:
            assert Membership.objects.filter(
                partnership=attendee.engagement.partnership_id,
                organization=attendee.organization_id,
            ).exists()
        partnership = Partnership.objects.filter(bodies__isnull=False).first()
        assert analyses_of(partnership)[0].analysis.seats > 0

    def test_running_it_again_changes_nothing(self):
        seed("--scale", "20")
        before = snapshot()
        assert "already there" in seed("--scale", "20")
        assert snapshot() == before

    def test_overlapping_scale_data_is_refused_and_writes_nothing(self):
        seed("--scale", "20")
        before = snapshot()
        with pytest.raises(CommandError, match="Use an empty database"):
            seed("--scale", "40")
        assert snapshot() == before

    def test_planner_statistics_are_refreshed_on_postgresql(self):
        # Without them PostgreSQL takes the new tables for empty (docs/performance.md).
        output = seed("--scale", "20")
        if connection.vendor != "postgresql":
            assert "statistics" not in output
            return
        # The foundation's 11 tables and pillar 3's 11, each with its history table; shared
        # measurement's 11, nine of them with a history table.
        assert "Planner statistics refreshed (ANALYZE of 53 tables)." in output
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s",
                [PartnershipRole._meta.db_table],
            )
            assert cursor.fetchone()[0] == PartnershipRole.objects.count()

    def test_scale_data_sits_beside_the_demo(self):
        seed("--demo")
        seed("--scale", "10")
        assert Partnership.objects.count() == 13
        steward = User.objects.get(username="steward")
        assert Partnership.objects.visible_to(steward).count() == 2
