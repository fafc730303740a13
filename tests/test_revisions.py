"""Every record's revision: it moves on with every write, and a held write is conditional on it."""

import threading
import time

import pytest
from django.db import connections, transaction

from accord.core.models import StaleRevision
from accord.core.versioning import changes_since, lock
from accord.partnerships.models import Partnership
from accord.partnerships.services import partnership_update
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def stored(partnership) -> int:
    return Partnership.objects.values_list("revision", flat=True).get(pk=partnership.pk)


class TestEveryWriteMovesTheRevision:
    def test_a_new_record_is_at_1_and_each_save_moves_it(self):
        partnership = PartnershipFactory()
        assert partnership.revision == 1
        partnership.purpose = "Changed."
        partnership.save()
        assert partnership.revision == 2 == stored(partnership)
        partnership.save(update_fields=["purpose"])  # the revision is saved with any fields
        assert partnership.revision == 3 == stored(partnership)

    def test_bulk_updates_move_it_too(self):
        partnership = PartnershipFactory()
        Partnership.objects.filter(pk=partnership.pk).update(purpose="Bulk.")
        assert stored(partnership) == 2
        partnership.refresh_from_db()
        partnership.purpose = "Bulk again."
        Partnership.objects.bulk_update([partnership], ["purpose"])
        assert stored(partnership) == 3

    def test_the_history_keeps_the_revision_of_each_state(self):
        partnership = PartnershipFactory(purpose="First.")
        partnership.purpose = "Second."
        partnership.save()
        kept = partnership.history.order_by("history_date").values_list("revision", "purpose")
        assert list(kept) == [(1, "First."), (2, "Second.")]
        changes, _ = changes_since(partnership, 1)
        assert [(name, now) for name, _, now in changes] == [("purpose", "Second.")]

    def test_touch_moves_it_without_a_history_row(self):
        partnership = PartnershipFactory()
        partnership.touch()
        assert partnership.revision == 2 == stored(partnership)
        assert partnership.history.count() == 1


class TestHeldWrites:
    def test_of_two_saves_from_the_same_reading_the_second_is_refused(self):
        partnership = PartnershipFactory()
        first, second = (Partnership.objects.get(pk=partnership.pk) for _ in range(2))
        first.expect_revision(1)
        second.expect_revision(1)
        partnership_update(partnership=first, purpose="First.")
        with pytest.raises(StaleRevision):
            partnership_update(partnership=second, purpose="Second.")
        assert Partnership.objects.get(pk=partnership.pk).purpose == "First."

    def test_a_held_object_saves_again_at_its_new_revision(self):
        partnership = Partnership.objects.get(pk=PartnershipFactory().pk)
        partnership.expect_revision(1)
        partnership_update(partnership=partnership, purpose="Once.")
        partnership_update(partnership=partnership, purpose="Twice.")
        assert stored(partnership) == 3

    def test_a_write_that_held_nothing_is_not_refused(self):
        partnership = PartnershipFactory()
        stale = Partnership.objects.get(pk=partnership.pk)
        partnership_update(partnership=partnership, purpose="First.")
        partnership_update(partnership=stale, purpose="Unheld.")  # a script's write, as before
        assert stored(partnership) == 3

    def test_a_lock_keeps_the_hold(self):
        partnership = Partnership.objects.get(pk=PartnershipFactory().pk)
        partnership.expect_revision(1)
        Partnership.objects.filter(pk=partnership.pk).update(purpose="Meanwhile.")
        with pytest.raises(StaleRevision), transaction.atomic():
            lock(partnership)

    def test_a_record_not_yet_created_is_revision_0(self):
        unsaved = Partnership(title="Not yet")
        assert unsaved.stored_revision == 0
        unsaved.expect_revision(0)
        with pytest.raises(StaleRevision):
            PartnershipFactory().expect_revision(0)


# SQLite runs one write at a time; the race is PostgreSQL's.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_held_saves_on_postgresql_exactly_one_wins():
    """Two connections read revision 1 and save at once: the database lets only one through."""
    pk = PartnershipFactory().pk
    both_read = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(purpose: str) -> None:
        try:
            copy = Partnership.objects.get(pk=pk)
            copy.expect_revision(copy.revision)
            both_read.wait(timeout=10)
            with transaction.atomic():
                copy.purpose = purpose
                copy.save()
                time.sleep(0.5)  # hold the row so that the other UPDATE waits for this commit
            outcomes[purpose] = "saved"
        except StaleRevision:
            outcomes[purpose] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(purpose,)) for purpose in ("Ann", "Bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(purpose for purpose, outcome in outcomes.items() if outcome == "saved")
    saved = Partnership.objects.get(pk=pk)
    assert (saved.purpose, saved.revision) == (winner, 2)
    assert saved.history.count() == 2  # created, and the one save that won
