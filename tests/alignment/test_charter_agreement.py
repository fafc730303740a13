"""The "agreed" rule of the charter (A3), as properties of the pure function and on real data.

Agreed means: every current member organization has endorsed the latest final version.
"""

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accord.alignment.models import CharterEndorsement
from accord.alignment.queries.charter import agreement_for, charter_agreed
from accord.alignment.services.charter import charter_endorse
from tests.factories import MembershipFactory, PersonFactory, RoleFactory
from tests.matrix.alignment_charter import charter_version

organizations = st.integers(min_value=1, max_value=12)
versions = st.integers(min_value=1, max_value=4)
members_st = st.sets(organizations, max_size=8)
endorsements_st = st.lists(st.tuples(versions, organizations), max_size=30)


def endorsers(endorsements, version) -> set:
    return {organization for v, organization in endorsements if v == version}


class TestAgreedRule:
    @given(members_st, endorsements_st, versions)
    def test_agreed_iff_every_member_endorsed_the_latest_final(self, members, endorsements, final):
        expected = bool(members) and members <= endorsers(endorsements, final)
        assert charter_agreed(members, endorsements, final) is expected

    @given(members_st, endorsements_st, versions, organizations)
    def test_a_member_who_has_not_endorsed_breaks_agreement(
        self, members, endorsements, final, newcomer
    ):
        if newcomer in endorsers(endorsements, final):
            endorsements = [(v, o) for v, o in endorsements if o != newcomer or v != final]
        assert not charter_agreed(members | {newcomer}, endorsements, final)

    @given(members_st, endorsements_st, versions, st.lists(st.tuples(versions, organizations)))
    def test_endorsements_of_other_versions_never_count(self, members, endorsements, final, others):
        others = [(v, o) for v, o in others if v != final]
        assert charter_agreed(members, endorsements + others, final) == charter_agreed(
            members, endorsements, final
        )
        # Endorsing only other versions, however many, never agrees a charter.
        assert not charter_agreed(members, others, final)

    @given(members_st, endorsements_st, versions, st.randoms())
    def test_order_of_endorsements_is_irrelevant(self, members, endorsements, final, random):
        shuffled = list(endorsements)
        random.shuffle(shuffled)
        assert charter_agreed(members, shuffled, final) == charter_agreed(
            members, endorsements, final
        )
        # Endorsing twice changes nothing either.
        assert charter_agreed(members, endorsements * 2, final) == charter_agreed(
            members, endorsements, final
        )

    @given(members_st, endorsements_st)
    def test_no_final_version_is_never_agreed(self, members, endorsements):
        assert not charter_agreed(members, endorsements, None)

    @given(endorsements_st, versions)
    def test_no_members_is_not_agreed(self, endorsements, final):
        # Nobody is left to agree: an empty partnership has no agreed charter.
        assert not charter_agreed(set(), endorsements, final)

    @given(members_st.filter(bool), versions)
    def test_a_new_final_version_asks_everyone_again(self, members, final):
        endorsements = [(final, organization) for organization in members]
        assert charter_agreed(members, endorsements, final)
        assert not charter_agreed(members, endorsements, final + 1)

    @given(members_st.filter(bool), versions, st.sets(organizations))
    def test_endorsements_of_former_members_do_not_matter(self, members, final, former):
        endorsements = [(final, o) for o in members | former]
        assert charter_agreed(members, endorsements, final)


@pytest.mark.django_db
class TestAgreementOnRecords:
    """`agreement_for` recomputes the rule from the partnership's current members."""

    def endorse_all(self, cast, version):
        for organization in (cast.host, cast.partner):
            CharterEndorsement.objects.create(
                version=version,
                organization=organization,
                person=PersonFactory(organization=organization),
            )

    def test_agreed_when_every_current_member_endorsed(self, cast):
        version = charter_version(cast, "own", "final")
        assert not agreement_for(cast.own).agreed
        charter_endorse(version=version, person=cast.people["leader"])  # for cast.partner
        agreement = agreement_for(cast.own)
        assert not agreement.agreed and agreement.endorsed_count == 1
        assert agreement.waiting == [cast.host]
        CharterEndorsement.objects.create(
            version=version, organization=cast.host, person=PersonFactory(organization=cast.host)
        )
        agreement = agreement_for(cast.own)
        assert agreement.agreed and agreement.latest_final == version

    def test_a_new_member_must_endorse_too(self, cast):
        version = charter_version(cast, "own", "final")
        self.endorse_all(cast, version)
        assert agreement_for(cast.own).agreed
        newcomer = MembershipFactory(partnership=cast.own)
        agreement = agreement_for(cast.own)
        assert not agreement.agreed and agreement.waiting == [newcomer.organization]
        # When it leaves again, the others' endorsements are enough once more.
        newcomer.left_on = timezone.localdate()
        newcomer.save()
        assert agreement_for(cast.own).agreed

    def test_a_newer_final_version_asks_again(self, cast):
        first = charter_version(cast, "own", "final")
        self.endorse_all(cast, first)
        second = charter_version(cast, "own", "open")
        assert agreement_for(cast.own).agreed  # a version open for comment changes nothing
        second.status, second.finalized_at = "final", timezone.now()
        second.save()
        agreement = agreement_for(cast.own)
        assert not agreement.agreed and agreement.latest_final == second
        assert agreement.endorsed_count == 0

    def test_partnership_without_members_is_not_agreed(self, cast):
        charter_version(cast, "other", "final")
        cast.other_membership.left_on = timezone.localdate()
        cast.other_membership.save()
        assert not agreement_for(cast.other).agreed

    def test_endorser_needs_a_role_that_speaks_for_the_organization(self, cast):
        version = charter_version(cast, "own", "final")
        person = PersonFactory(organization=cast.host)
        RoleFactory(partnership=cast.own, person=person, role="leader")
        charter_endorse(version=version, person=person)
        assert agreement_for(cast.own).endorsed_count == 1
