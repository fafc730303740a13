"""The one bulk path (accord/core/bulk.py): COPY on PostgreSQL, batched inserts on SQLite."""

from datetime import UTC, datetime

import pytest

from accord.core.bulk import BulkWriter
from accord.directory.models import Organization, Person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_rows_defaults_and_references_land_as_written():
    with BulkWriter(Organization, history_reason="bulk test") as organizations:
        org_id = organizations.add(
            {"name": "Bulk Institute", "subtype": "institute", "values": ["Respect", "Care"]}
        )
    with BulkWriter(Person, history_reason="bulk test") as people:
        people.add({"name": "Ada", "email": "ada@example.org", "organization_id": org_id})
    organization = Organization.objects.get(pk=org_id)
    # Defaults come from the model: kind, revision, empty text, time stamps.
    assert organization.kind == Organization.Kind.EXTERNAL
    assert organization.revision == 1 and organization.mission == ""
    assert organization.values == ["Respect", "Care"]  # JSON on both databases
    assert organization.created_at is not None and organization.archived_at is None
    assert Person.objects.get(email="ada@example.org").organization == organization


def test_every_row_gets_its_history_row_with_reason_user_and_date():
    user = UserFactory()
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with BulkWriter(
        Organization, history_reason="import", history_user=user, history_date=when
    ) as writer:
        ids = [writer.add({"name": f"Org {i}", "subtype": "nonprofit"}) for i in range(7)]
    history = Organization.history.filter(id__in=ids)
    assert history.count() == 7
    assert set(history.values_list("history_type", "history_change_reason", "history_user")) == {
        ("+", "import", user.pk)
    }
    assert {row.history_date for row in history} == {when}
    assert sorted(history.values_list("name", flat=True)) == [f"Org {i}" for i in range(7)]


def test_rows_stream_in_batches_so_memory_does_not_grow():
    writer = BulkWriter(Organization, batch_size=10)
    for i in range(25):
        writer.add({"name": f"Streamed {i}", "subtype": "company"})
        assert len(writer.rows) < 10  # never more than one batch held
    assert writer.written == 20
    assert writer.close() == 25
    assert Organization.objects.filter(name__startswith="Streamed ").count() == 25


def test_ids_are_handed_out_before_writing_and_never_twice():
    first = BulkWriter(Organization)
    ids = {first.new_id() for _ in range(2500)}
    assert len(ids) == 2500
    # The database's counter moved on: a row the ORM inserts meanwhile comes after the block.
    later = Organization.objects.create(name="Made by the ORM", subtype="company")
    assert later.pk > max(ids)
    first.add({"id": min(ids), "name": "Written with a handed-out id", "subtype": "company"})
    first.close()
    assert Organization.objects.get(pk=min(ids)).name == "Written with a handed-out id"
