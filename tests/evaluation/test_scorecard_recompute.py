"""The scorecard over time: snapshots kept only on change, the pillar rule, the recompute task
coalesced to one pending per partnership, the triggers on the records' changes, and the command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.tasks import default_task_backend
from django.test.utils import CaptureQueriesContext

from accord.core.access import Role
from accord.evaluation import services
from accord.evaluation.criteria import PILLARS, pillar_status
from accord.evaluation.models import ScorecardPending, ScorecardSnapshot
from accord.leadership.services.directors import director_name
from accord.relationships.models import Body, Seat
from accord.relationships.models_ledger import Input
from tests.factories import PersonFactory, RoleFactory

from .helpers import as_if_a_new_transaction, members, partnership_with

pytestmark = pytest.mark.django_db
MEMBERS = ("Carver Heights University", "Eastside Neighbors")


def run_queue(queue):
    done = [result.task.call(*result.args, **result.kwargs) for result in list(queue)]
    default_task_backend.clear()
    return done


def with_one_director_missing(names=MEMBERS):
    partnership = partnership_with(*names)
    carver, eastside = members(partnership)
    RoleFactory(
        partnership=partnership,
        person=PersonFactory(organization=eastside),
        role=Role.PROJECT_DIRECTOR,
    )
    return partnership, carver


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "not_yet"),
        (["not_yet", "not_yet"], "not_yet"),
        (["good", "not_yet"], "good"),
        (["good", "watch", "not_yet"], "watch"),
        (["watch", "act", "good"], "act"),
    ],
)
def test_a_pillar_is_its_worst_criterion_that_applies(statuses, expected):
    assert pillar_status(statuses) == expected


class TestSnapshots:
    def test_the_first_computation_is_kept_with_each_pillar(self):
        partnership, _ = with_one_director_missing()
        snapshot = services.scorecard_recompute(partnership=partnership)
        assert set(snapshot.pillars) == set(PILLARS)
        assert snapshot.pillars["leadership"] == "act"
        assert snapshot.results["leadership.directors"]["evidence"] == (
            "Carver Heights University has no project director."
        )

    def test_a_snapshot_is_kept_only_when_something_changed(self):
        partnership, carver = with_one_director_missing()
        assert services.scorecard_recompute(partnership=partnership) is not None
        assert services.scorecard_recompute(partnership=partnership) is None
        RoleFactory(
            partnership=partnership,
            person=PersonFactory(organization=carver),
            role=Role.PROJECT_DIRECTOR,
        )
        changed = services.scorecard_recompute(partnership=partnership)
        assert changed.results["leadership.directors"]["status"] == "good"
        assert ScorecardSnapshot.objects.filter(partnership=partnership).count() == 2

    def test_recompute_all_reports_what_changed(self):
        first, _ = with_one_director_missing()
        second, _ = with_one_director_missing(("Red Cedar Tribal College", "Rio Bravo"))
        ids = [first.pk, second.pk]
        assert services.scorecard_recompute_all(partnership_ids=ids) == (2, 2)
        assert services.scorecard_recompute_all(partnership_ids=ids) == (2, 0)


class TestCoalescedTask:
    def test_one_pending_recompute_per_partnership(self, queue):
        partnership, _ = with_one_director_missing()
        assert services.scorecard_request(partnership_id=partnership.pk) is True
        assert services.scorecard_request(partnership_id=partnership.pk) is False
        assert services.scorecard_request(partnership_id=partnership.pk) is False
        assert len(queue) == 1
        assert run_queue(queue) == [True]
        assert not ScorecardPending.objects.exists()
        # Once it ran, the next change queues again.
        assert services.scorecard_request(partnership_id=partnership.pk) is True
        assert run_queue(queue) == [False]  # nothing changed since

    def test_a_lost_pending_mark_is_queued_again(self, queue):
        partnership, _ = with_one_director_missing()
        services.scorecard_request(partnership_id=partnership.pk)
        ScorecardPending.objects.update(requested_at="2020-01-01T00:00:00Z")
        assert services.scorecard_request(partnership_id=partnership.pk) is True
        assert len(queue) == 2

    def test_changes_in_one_transaction_ask_once_after_the_commit(
        self, queue, django_capture_on_commit_callbacks
    ):
        partnership, _ = with_one_director_missing()
        as_if_a_new_transaction()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            for index in range(3):
                Input.objects.create(
                    partnership=partnership,
                    subject=f"Question {index}",
                    text="When is the next meeting?",
                    received_at="2026-01-01T00:00:00Z",
                )
        assert len(callbacks) == 1
        assert [result.args for result in queue] == [[partnership.pk]]

    def test_a_record_whose_partnership_is_not_loaded_is_looked_up_after_the_commit(
        self, queue, django_capture_on_commit_callbacks
    ):
        partnership, carver = with_one_director_missing()
        body = Body.objects.create(partnership=partnership, name="Planning committee")
        as_if_a_new_transaction()
        with django_capture_on_commit_callbacks(execute=True):
            with CaptureQueriesContext(connection) as inside:
                Seat.objects.create(
                    body_id=body.pk,  # the body is not loaded: no query to find its partnership
                    person=PersonFactory(organization=carver),
                    organization=carver,
                    since="2026-01-01",
                )
            assert not any("relationships_body" in q["sql"] for q in inside.captured_queries)
        assert [result.args for result in queue] == [[partnership.pk]]

    def test_a_rolled_back_change_asks_nothing(self, queue, django_capture_on_commit_callbacks):
        partnership, _ = with_one_director_missing()
        as_if_a_new_transaction()
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            Input.objects.create(
                partnership=partnership,
                subject="Question",
                text="When is the next meeting?",
                received_at="2026-01-01T00:00:00Z",
            )
            raise RuntimeError("rolled back")
        assert callbacks == []
        assert queue == []

    def test_naming_the_missing_director_turns_the_criterion_good(
        self, django_capture_on_commit_callbacks
    ):
        """The immediate backend of the tests runs the queued recompute at once."""
        partnership, carver = with_one_director_missing()
        services.scorecard_recompute(partnership=partnership)
        as_if_a_new_transaction()
        with django_capture_on_commit_callbacks(execute=True):
            director_name(
                partnership=partnership,
                organization=carver,
                person=PersonFactory(organization=carver),
            )
        latest = ScorecardSnapshot.objects.filter(partnership=partnership).first()
        assert latest.results["leadership.directors"]["status"] == "good"
        assert latest.pillars["leadership"] != "act"


class TestCommand:
    def test_all_recomputes_every_partnership(self):
        with_one_director_missing()
        out = StringIO()
        call_command("scorecard", "--all", stdout=out)
        assert "Computed 1 scorecard in" in out.getvalue()
        assert "1 changed" in out.getvalue()

    def test_it_says_which_scorecards(self):
        with pytest.raises(CommandError, match="--all"):
            call_command("scorecard")
