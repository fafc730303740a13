"""The directory's change token (A1's index freshness, accord/alignment/triggers.py): every kind
of write to organizations and their vectors sets it, in the same transaction, so that another
connection (another process) sees the change with one read of one row, and only once it commits.
"""

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.alignment import discovery_index, embedding
from accord.alignment.models import OrganizationVector
from accord.alignment.queries.discovery import rank_candidates
from accord.directory.models import Organization
from tests.factories import OrganizationFactory, PartnershipFactory, UserFactory


def token():
    return discovery_index.change_token()


@pytest.mark.django_db
class TestEveryWriteSetsTheToken:
    def changes(self, write) -> bool:
        before = token()
        write()
        return token() != before

    def test_organization_writes(self):
        organization = OrganizationFactory()
        assert token() is not None
        assert self.changes(lambda: OrganizationFactory())  # create
        assert self.changes(lambda: organization.save())  # save
        assert self.changes(
            lambda: Organization.objects.filter(pk=organization.pk).update(city="X")
        )
        assert self.changes(
            lambda: Organization.objects.bulk_create([Organization(name="Bulk", kind="external")])
        )
        assert self.changes(lambda: Organization.objects.filter(name="Bulk").delete())
        with connection.cursor() as cursor:  # raw SQL too: no signal involved
            assert self.changes(
                lambda: cursor.execute(
                    "UPDATE directory_organization SET city = 'Y' WHERE id = %s", [organization.pk]
                )
            )

    def test_vector_writes(self):
        organization = OrganizationFactory()
        vector = embedding.to_bytes(embedding.embed(["text"])[0])

        def insert():
            OrganizationVector.objects.create(
                organization=organization, model_name="m", text_hash="h", vector=vector
            )

        assert self.changes(insert)
        assert self.changes(lambda: OrganizationVector.objects.update(text_hash="other"))
        assert self.changes(lambda: OrganizationVector.objects.all().delete())

    def test_a_rolled_back_write_never_brings_back_a_token(self):
        from django.db import transaction

        OrganizationFactory()
        before = token()
        with transaction.atomic():
            OrganizationFactory()
            inside = token()
            transaction.set_rollback(True)
        assert token() == before != inside
        OrganizationFactory()
        assert token() not in (before, inside)


@pytest.mark.django_db(transaction=True)
class TestAcrossConnections:
    """Another connection stands for another process: its committed writes are seen by the
    next query here, its uncommitted ones are not."""

    @pytest.fixture
    def other(self):
        other = connections.create_connection("default")
        yield other
        other.close()

    def test_a_committed_change_elsewhere_is_seen_by_the_next_query(self, other):
        organization = OrganizationFactory(mission="We teach engineering to students.")
        discovery_index.reset()
        index = discovery_index.snapshot()
        position = int(index.ids.tolist().index(organization.pk))
        assert not index.archived[position]
        assert discovery_index.snapshot() is index  # nothing changed: the same snapshot

        # In-memory SQLite (the tests') locks a table for its other connections while a write
        # is not committed: there the other connection writes in autocommit.
        uncommitted = connection.vendor == "postgresql"
        other.set_autocommit(not uncommitted)
        with other.cursor() as cursor:
            # As a save does: the index reads again what changed since (updated_at).
            cursor.execute(
                "UPDATE directory_organization SET archived_at = %s, updated_at = %s WHERE id = %s",
                [timezone.now(), timezone.now(), organization.pk],
            )
            if uncommitted:
                # Not committed yet: this connection sees neither the row nor the token move.
                assert discovery_index.snapshot() is index
                other.commit()
        other.set_autocommit(True)
        index = discovery_index.snapshot()
        assert index.archived[position]

    def test_a_warm_ranking_reads_one_query(self):
        user = UserFactory()
        partnership = PartnershipFactory(purpose="Broaden participation in engineering.")
        OrganizationFactory.create_batch(3)
        discovery_index.reset()
        rank_candidates(user, partnership)  # builds the index, embeds
        rank_candidates(user, partnership)  # records the token
        with CaptureQueriesContext(connection) as captured:
            rank_candidates(user, partnership)
        assert len(captured) == 1  # the text, the members and the token together
