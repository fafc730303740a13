"""Candidate discovery (A1): ranking with the real model, filters, exclusions, explanations,
and keeping each organization's vector in step with its text (task and query-time refresh)."""

from datetime import date

import numpy as np
import pytest
from django.db import transaction
from django.tasks.signals import task_enqueued
from django.utils import timezone

from accord.alignment import embedding
from accord.alignment.models import CharterVersion, OrganizationVector
from accord.alignment.queries import discovery as discovery_queries
from accord.alignment.queries.discovery import query_text, rank_candidates
from accord.alignment.services.discovery import organization_sentences, organization_text
from accord.alignment.tasks import refresh_organization_vector
from accord.directory import services as directory_services
from accord.directory.models import Organization
from accord.partnerships.models import Partnership
from tests.factories import MembershipFactory, OrganizationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

# The cast's partnership's purpose is "Broaden participation of under-represented students in
# civil engineering." One organization is about just that; the others are not.
CANDIDATES = {
    "pathways": {
        "name": "Pathways to Engineering Alliance",
        "kind": "external",
        "subtype": "nonprofit",
        "city": "Atlanta",
        "region": "Georgia",
        "country": "United States",
        "mission": (
            "We broaden participation in civil engineering by mentoring under-represented "
            "students from high school to their first job."
        ),
        "vision": "Engineering classrooms where every student belongs.",
        "values": ["Access", "Mentorship", "Belonging"],
        "jedi_practices": (
            "Scholarships for first-generation students. Reports the demographics of every cohort."
        ),
    },
    "structures": {
        "name": "Institute of Structural Testing",
        "kind": "internal",
        "subtype": "institute",
        "city": "Lyon",
        "region": "Auvergne-Rhône-Alpes",
        "country": "France",
        "mission": "Test the load capacity of steel and concrete structures in our laboratory.",
    },
    "bakery": {
        "name": "Harbour Bakery Cooperative",
        "kind": "external",
        "subtype": "company",
        "city": "Halifax",
        "region": "Nova Scotia",
        "country": "Canada",
        "mission": (
            "We bake sourdough bread and pastries every morning and sell them at the harbour "
            "market."
        ),
        "vision": "Fresh bread on every table in town.",
        "values": ["Craft", "Freshness"],
    },
    "chess": {
        "name": "Lakeside Chess Club",
        "kind": "external",
        "subtype": "community_group",
        "city": "Duluth",
        "region": "Minnesota",
        "country": "United States",
        "mission": (
            "A friendly club for chess players of every strength. We meet on Tuesday evenings "
            "for tournaments and lessons."
        ),
    },
    "silent": {
        "name": "Quiet Holdings",
        "kind": "external",
        "subtype": "company",
        "city": "Perth",
        "region": "Western Australia",
        "country": "Australia",
        "mission": "",
    },
}


def build_candidates() -> dict[str, Organization]:
    """The organizations above, without vectors (as after an import): discovery embeds them."""
    return {key: OrganizationFactory(**values) for key, values in CANDIDATES.items()}


@pytest.fixture(scope="class")
def candidates(cast, django_db_blocker):
    """Built once per class inside the cast's transaction, rolled back with it."""
    with django_db_blocker.unblock():
        yield build_candidates()


def names(ranking) -> list[str]:
    return [candidate.organization.name for candidate in ranking[0 : len(ranking)]]


class TestRanking:
    def test_the_organization_about_the_purpose_ranks_above_unrelated_ones(self, cast, candidates):
        ranking = rank_candidates(cast.users["viewer"], cast.own)
        ranked = names(ranking)
        assert ranked[0] == "Pathways to Engineering Alliance"
        assert ranked.index("Institute of Structural Testing") < ranked.index(
            "Harbour Bakery Cooperative"
        )
        results = ranking[0 : len(ranking)]
        scores = [candidate.score for candidate in results]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= score <= 1 for score in scores)
        top = results[0]
        assert top.score > 0.4 and top.percent == round(top.score * 100)
        assert {r.organization.name: r.score for r in results}["Harbour Bakery Cooperative"] < 0.1

    def test_every_organization_gets_a_stored_unit_vector_of_its_exact_text(self, cast, candidates):
        rank_candidates(cast.users["viewer"], cast.own)
        for organization in candidates.values():
            stored = OrganizationVector.objects.get(organization=organization)
            assert stored.model_name == embedding.MODEL_NAME
            assert stored.text_hash == embedding.text_hash(organization_text(organization))
            vector = embedding.from_bytes(bytes(stored.vector))
            assert vector.shape == (embedding.DIMENSIONS,)
            if organization_text(organization):
                assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)
            else:
                assert not vector.any()

    def test_best_matching_sentences_come_from_the_organizations_own_text(self, cast, candidates):
        results = rank_candidates(cast.users["viewer"], cast.own)[0:10]
        for result in results:
            own = organization_sentences(result.organization)
            assert len(result.matches) == min(2, len(own))
            assert all(match.sentence in own for match in result.matches)
            match_scores = [match.score for match in result.matches]
            assert match_scores == sorted(match_scores, reverse=True)
        top = results[0]
        assert top.matches[0].sentence.startswith("We broaden participation in civil engineering")
        silent = next(r for r in results if r.organization.name == "Quiet Holdings")
        assert silent.matches == [] and silent.score == 0

    def test_current_members_and_archived_organizations_are_excluded(self, cast, candidates):
        former = OrganizationFactory(name="Former Member", mission="Mentor engineering students.")
        MembershipFactory(
            partnership=cast.own,
            organization=former,
            joined_on=date(2020, 1, 1),
            left_on=date(2021, 1, 1),
        )
        archived = OrganizationFactory(name="Archived Org", mission="Mentor students.")
        directory_services.organization_archive(organization=archived)
        ranked = names(rank_candidates(cast.users["viewer"], cast.own))
        assert "Former Member" in ranked  # left the partnership: may be asked again
        for excluded in ("Host Society", "Partner University", "Archived Org"):
            assert excluded not in ranked
        # The host of the own partnership is no member of the other one: a candidate there.
        assert "Host Society" in names(rank_candidates(cast.users["admin"], cast.other))

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({"kind": "internal"}, {"Institute of Structural Testing"}),
            ({"subtype": "company"}, {"Harbour Bakery Cooperative", "Quiet Holdings"}),
            (
                {"location": "united STATES"},
                {"Pathways to Engineering Alliance", "Lakeside Chess Club"},
            ),
            ({"location": "nova sco"}, {"Harbour Bakery Cooperative"}),  # region
            ({"location": "lyon"}, {"Institute of Structural Testing"}),  # city
            ({"location": "  Canada "}, {"Harbour Bakery Cooperative"}),
            ({"kind": "external", "location": "Minnesota"}, {"Lakeside Chess Club"}),
            ({"location": "Atlantis"}, set()),
        ],
    )
    def test_filters(self, cast, candidates, filters, expected):
        ranked = names(rank_candidates(cast.users["viewer"], cast.own, **filters))
        assert set(ranked) == expected

    def test_the_query_is_the_purpose_and_the_charters_shared_vision(self, cast):
        partnership = PartnershipFactory(purpose="Clean water for every household.")
        assert query_text(partnership) == "Clean water for every household."
        CharterVersion.objects.create(
            partnership=partnership, number=1, status="final", vision="Old final vision."
        )
        CharterVersion.objects.create(
            partnership=partnership, number=2, status="final", vision="Latest final vision."
        )
        working = CharterVersion.objects.create(
            partnership=partnership, number=3, status="open", vision="Draft vision."
        )
        assert query_text(partnership) == (
            "Clean water for every household.\n\nLatest final vision."
        )
        CharterVersion.objects.filter(partnership=partnership, status="final").delete()
        assert query_text(partnership) == "Clean water for every household.\n\nDraft vision."
        working.delete()
        Partnership.objects.filter(pk=partnership.pk).update(purpose="  ")
        partnership.refresh_from_db()
        assert query_text(partnership) == ""

    def test_the_query_inputs_come_from_sql_compiled_once_and_follow_each_change(self, cast):
        """Every discovery query reads its text, the members it never proposes and the index's
        token in one statement, compiled once per process (accord/core/compiled.py)."""
        partnership = PartnershipFactory(purpose="Clean water for every household.")
        member = MembershipFactory(partnership=partnership).organization
        rows = discovery_queries._inputs.compiled(partnership.pk)
        assert rows is not None  # kept: not built again on each query
        assert rows == [tuple(row) for row in discovery_queries._inputs_query(partnership.pk)]
        text, members, _ = discovery_queries._query_inputs(partnership)
        assert (text, members) == ("Clean water for every household.", [member.pk])
        CharterVersion.objects.create(
            partnership=partnership, number=1, status="final", vision="Every tap safe."
        )
        partnership.memberships.update(archived_at=timezone.now())
        text, members, _ = discovery_queries._query_inputs(partnership)
        assert (text, members) == ("Clean water for every household.\n\nEvery tap safe.", [])
        with pytest.raises(Partnership.DoesNotExist):
            discovery_queries._query_inputs(Partnership.reference(-1))

    def test_without_purpose_or_vision_nothing_is_ranked_or_written(self, cast, candidates):
        Partnership.objects.filter(pk=cast.own.pk).update(purpose="")
        cast.own.refresh_from_db()
        before = OrganizationVector.objects.count()
        ranking = rank_candidates(cast.users["viewer"], cast.own)
        assert not ranking.has_query and len(ranking) == 0
        assert OrganizationVector.objects.count() == before


class TestRefresh:
    """Vectors follow the text: a task after each save, and a safety net at query time."""

    @staticmethod
    def vector_of(organization) -> OrganizationVector:
        return OrganizationVector.objects.get(organization=organization)

    def test_saving_an_organization_runs_the_task_after_commit(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            organization = OrganizationFactory(mission="Mentor engineering students.")
        stored = self.vector_of(organization)
        assert stored.text_hash == embedding.text_hash("Mentor engineering students.")
        assert stored.model_name == embedding.MODEL_NAME

    def test_an_edit_refreshes_the_vector_through_the_task(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            organization = OrganizationFactory(mission="We bake bread.")
        old = bytes(self.vector_of(organization).vector)
        with django_capture_on_commit_callbacks(execute=True):
            directory_services.organization_update(
                organization=organization, mission="We mentor engineering students."
            )
        stored = self.vector_of(organization)
        assert stored.text_hash == embedding.text_hash("We mentor engineering students.")
        assert bytes(stored.vector) != old

    def test_a_save_that_keeps_the_text_queues_nothing(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            organization = OrganizationFactory(mission="Mentor engineering students.")
        enqueued = []

        def record(sender, task_result, **kwargs):
            enqueued.append(task_result.task.name)

        task_enqueued.connect(record)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                directory_services.organization_update(organization=organization, city="Elsewhere")
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                directory_services.organization_archive(organization=organization)
            with django_capture_on_commit_callbacks(execute=True):
                directory_services.organization_update(organization=organization, vision="New.")
        finally:
            task_enqueued.disconnect(record)
        assert callbacks == []  # archiving touches no text: not even a check after commit
        assert enqueued == ["refresh_organization_vector"]  # only the vision change

    def test_a_rolled_back_save_queues_nothing(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            try:
                with transaction.atomic():
                    OrganizationFactory(name="Never saved", mission="Gone.")
                    raise RuntimeError("roll back")
            except RuntimeError:
                pass
        assert not OrganizationVector.objects.exists()

    def test_the_task_of_a_removed_organization_does_nothing(self):
        result = refresh_organization_vector.enqueue(2**31)
        assert result.status == "SUCCESSFUL" and result.return_value is False

    def test_query_time_refresh_embeds_missing_and_stale_vectors_in_one_batch(self, cast):
        target = OrganizationFactory(name="Changes its mind", mission="We bake bread.")
        other = OrganizationFactory(name="Stays the same", mission="We grow apples.")
        rank_candidates(cast.users["viewer"], cast.own)  # no worker ran: embedded now
        baked = bytes(self.vector_of(target).vector)
        kept = self.vector_of(other)
        # An edit whose task never ran (no worker): the vector is stale until the next query.
        Organization.objects.filter(pk=target.pk).update(
            mission="We broaden participation of under-represented students in civil engineering.",
            updated_at=timezone.now(),
        )
        ranking = rank_candidates(cast.users["viewer"], cast.own)
        assert names(ranking)[0] == "Changes its mind"
        stored = self.vector_of(target)
        assert bytes(stored.vector) != baked
        target.refresh_from_db()
        assert stored.text_hash == embedding.text_hash(organization_text(target))
        assert self.vector_of(other).updated_at == kept.updated_at  # fresh ones untouched

    def test_a_save_without_a_text_change_is_not_embedded_again(self, cast):
        organization = OrganizationFactory(mission="We grow apples.")
        rank_candidates(cast.users["viewer"], cast.own)
        before = self.vector_of(organization)
        Organization.objects.filter(pk=organization.pk).update(updated_at=timezone.now())
        rank_candidates(cast.users["viewer"], cast.own)
        after = self.vector_of(organization)
        assert bytes(after.vector) == bytes(before.vector)
        assert after.updated_at > before.updated_at  # checked, so not looked at again

    def test_vectors_of_another_model_are_recomputed(self, cast):
        organization = OrganizationFactory(mission="We grow apples.")
        rank_candidates(cast.users["viewer"], cast.own)
        # As a process running an older model would write it (every write sets updated_at).
        OrganizationVector.objects.filter(organization=organization).update(
            model_name="an older model", vector=b"\0" * 16, updated_at=timezone.now()
        )
        ranking = rank_candidates(cast.users["viewer"], cast.own)
        assert len(ranking) == 1
        stored = self.vector_of(organization)
        assert stored.model_name == embedding.MODEL_NAME
        assert len(bytes(stored.vector)) == embedding.DIMENSIONS * 4
