"""Charter services (A2, A3): versions, editing only in draft, status moves, comments, endorsements.

Every refusal names the field and writes nothing.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.alignment.models import (
    CharterBenefit,
    CharterComment,
    CharterEndorsement,
    CharterValue,
    CharterVersion,
)
from accord.alignment.services.charter import (
    AlreadyEndorsed,
    charter_comment_add,
    charter_endorse,
    charter_version_create,
    charter_version_move,
    charter_version_update,
)
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, RoleFactory
from tests.matrix.alignment_charter import charter_version

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count()
        for model in (
            CharterVersion,
            CharterValue,
            CharterBenefit,
            CharterComment,
            CharterEndorsement,
        )
    )


def refused(call, **kwargs) -> dict:
    """Run a service that must refuse; check that nothing changed; return its errors by field."""
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert counts() == before
    return caught.value.message_dict if hasattr(caught.value, "error_dict") else {}


def values(*pairs):
    return [{"id": None, "name": name, "meaning": meaning} for name, meaning in pairs]


def write_draft(cast, version):
    return charter_version_update(
        version=version,
        vision="Every student finds a path into civil engineering.",
        values=values(("Students first", "We ask students."), ("Respect", "We listen.")),
        benefits={cast.host.pk: "New members.", cast.partner.pk: "Paid internships."},
    )


class TestNewVersion:
    def test_first_version_is_an_empty_draft_numbered_one(self, cast):
        version = charter_version_create(partnership=cast.own, created_by=cast.users["steward"])
        assert (version.number, version.status, version.vision) == (1, "draft", "")
        assert version.based_on is None and version.created_by == cast.users["steward"]

    def test_new_version_copies_the_latest_so_people_revise(self, cast):
        first = charter_version_create(partnership=cast.own)
        write_draft(cast, first)
        charter_version_move(version=first, to_status="open")
        charter_version_move(version=first, to_status="final")
        # A partner that left has no benefits to copy into the new version.
        cast.own_membership.left_on = timezone.localdate()
        cast.own_membership.save()
        second = charter_version_create(partnership=cast.own)
        assert (second.number, second.status, second.based_on) == (2, "draft", first)
        assert second.vision == first.vision
        assert [(v.name, v.meaning, v.position) for v in second.values.all()] == [
            ("Students first", "We ask students.", 0),
            ("Respect", "We listen.", 1),
        ]
        assert [b.organization for b in second.benefits.all()] == [cast.partner]
        # The copies are new records: the final version is untouched.
        assert first.values.count() == 2 and first.benefits.count() == 2

    def test_refused_while_another_version_is_worked_on(self, cast):
        charter_version_create(partnership=cast.own)
        errors = refused(charter_version_create, partnership=cast.own)
        assert "Version 1 is still draft" in errors["status"][0]

    def test_refused_in_an_archived_partnership(self, cast):
        cast.own.archived_at = timezone.now()
        cast.own.save()
        refused(charter_version_create, partnership=cast.own)


class TestEditing:
    def test_values_are_added_changed_removed_and_reordered_keeping_history(self, cast):
        version = charter_version_create(partnership=cast.own)
        write_draft(cast, version)
        students = version.values.get(name="Students first")
        charter_version_update(
            version=version,
            values=values(("Respect", "We listen first."), ("Students first", "We ask them.")),
        )
        names = list(version.values.values_list("name", "meaning", "position"))
        assert names == [("Respect", "We listen first.", 0), ("Students first", "We ask them.", 1)]
        assert version.values.get(name="Students first").pk == students.pk  # same record
        assert students.history.count() == 2  # created, then changed
        charter_version_update(version=version, values=values(("Respect", "We listen first.")))
        assert list(version.values.values_list("name", flat=True)) == ["Respect"]

    def test_rename_by_id_and_swapping_names(self, cast):
        version = charter_version_create(partnership=cast.own)
        write_draft(cast, version)
        first, second = version.values.all()
        charter_version_update(
            version=version,
            values=[
                {"id": first.pk, "name": "Respect", "meaning": "Swapped."},
                {"id": second.pk, "name": "Students first", "meaning": "Swapped too."},
            ],
        )
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.name, second.name) == ("Respect", "Students first")

    def test_benefits_are_set_and_cleared_per_member(self, cast):
        version = charter_version_create(partnership=cast.own)
        write_draft(cast, version)
        charter_version_update(version=version, benefits={cast.host.pk: ""})
        assert [b.organization for b in version.benefits.all()] == [cast.partner]

    @pytest.mark.parametrize("status", ["open", "final"])
    def test_only_a_draft_is_edited(self, cast, status):
        version = charter_version(cast, "own", status)
        errors = refused(charter_version_update, version=version, vision="Changed.")
        assert "status" in errors
        version.refresh_from_db()
        assert version.vision != "Changed."

    @pytest.mark.parametrize(
        ("change", "field", "words"),
        [
            ({"values": values(("Equity", ""))}, "values.0.meaning", "means in practice"),
            ({"values": values(("", "Something."))}, "values.0.name", "name"),
            (
                {"values": values(("Equity", "One."), ("equity", "Two."))},
                "values.1.name",
                "named twice",
            ),
            ({"values": values(("E" * 201, "Long."))}, "values.0.name", "200"),
            ({"vision": "x" * 5001}, "vision", "5000"),
        ],
    )
    def test_bad_text_is_refused_naming_the_field(self, cast, change, field, words):
        version = charter_version_create(partnership=cast.own)
        errors = refused(charter_version_update, version=version, **change)
        assert words in errors[field][0]

    def test_benefits_for_a_non_member_are_refused(self, cast):
        version = charter_version_create(partnership=cast.own)
        stranger = OrganizationFactory(name="Stranger Foundation")
        errors = refused(charter_version_update, version=version, benefits={stranger.pk: "Gifts."})
        assert "Stranger Foundation is not a current member" in errors["benefits"][0]

    def test_a_stale_edit_is_refused(self, cast):
        version = charter_version_create(partnership=cast.own)
        opened = CharterVersion.objects.get(pk=version.pk)
        opened.expect_revision(opened.revision)
        write_draft(cast, version)
        with pytest.raises(ValidationError, match="saved this charter version after you opened"):
            charter_version_update(version=opened, vision="Mine.")
        stale = CharterVersion.objects.get(pk=version.pk)
        stale.refresh_from_db()
        assert stale.vision.startswith("Every student")


class TestStatusMoves:
    def test_draft_opens_goes_back_and_becomes_final(self, cast):
        version = charter_version_create(partnership=cast.own)
        write_draft(cast, version)
        charter_version_move(version=version, to_status="open")
        assert version.status == "open" and version.opened_at is not None
        charter_version_move(version=version, to_status="draft")
        charter_version_move(version=version, to_status="open")
        charter_version_move(version=version, to_status="final")
        version.refresh_from_db()
        assert version.status == "final" and version.finalized_at is not None
        assert version.history.count() == 6

    def test_opening_needs_a_vision_and_a_value(self, cast):
        version = charter_version_create(partnership=cast.own)
        errors = refused(charter_version_move, version=version, to_status="open")
        assert set(errors) == {"vision", "values"}
        version.refresh_from_db()
        assert version.status == "draft"

    def test_final_needs_benefits_for_every_member(self, cast):
        version = charter_version_create(partnership=cast.own)
        write_draft(cast, version)
        charter_version_update(version=version, benefits={cast.host.pk: ""})
        charter_version_move(version=version, to_status="open")
        errors = refused(charter_version_move, version=version, to_status="final")
        assert errors["benefits"] == [
            "State the benefits for every member organization: missing for Host Society."
        ]

    @pytest.mark.parametrize(
        ("status", "to", "words"),
        [
            ("draft", "final", "must be open for comment"),
            ("final", "draft", "never changed"),
            ("final", "open", "never changed"),
            ("open", "open", "already"),
            ("draft", "signed", "not a status"),
        ],
    )
    def test_moves_that_are_not_allowed(self, cast, status, to, words):
        version = charter_version(cast, "own", status)
        errors = refused(charter_version_move, version=version, to_status=to)
        assert words in errors["to"][0]


class TestComments:
    def test_a_person_comments_on_an_open_version(self, cast):
        version = charter_version(cast, "own", "open")
        comment = charter_comment_add(
            version=version, person=cast.people["stakeholder"], body="  Plain words, please. "
        )
        assert comment.body == "Plain words, please." and comment.person.level == "staff"

    @pytest.mark.parametrize("status", ["draft", "final"])
    def test_comments_only_while_open(self, cast, status):
        version = charter_version(cast, "own", status)
        errors = refused(
            charter_comment_add, version=version, person=cast.people["leader"], body="Hi."
        )
        assert "open for comment" in errors["version"][0]

    def test_no_person_or_no_words_is_refused(self, cast):
        version = charter_version(cast, "own", "open")
        errors = refused(charter_comment_add, version=version, person=None, body="Hi.")
        assert "not linked to a person" in errors["person"][0]
        errors = refused(
            charter_comment_add, version=version, person=cast.people["leader"], body="   "
        )
        assert errors["body"] == ["Write your comment first."]


class TestEndorsement:
    @pytest.mark.parametrize("role", ["leader", "project_director"])
    def test_leader_or_project_director_endorses_for_their_organization(self, cast, role):
        version = charter_version(cast, "own", "final")
        endorsement = charter_endorse(version=version, person=cast.people[role], note=" Board. ")
        assert (endorsement.organization, endorsement.note) == (cast.partner, "Board.")

    def test_endorsing_twice_is_answered_and_writes_nothing(self, cast):
        version = charter_version(cast, "own", "final")
        charter_endorse(version=version, person=cast.people["leader"])
        before = counts()
        with pytest.raises(AlreadyEndorsed, match="already endorsed version 1: Leader Person"):
            charter_endorse(version=version, person=cast.people["project_director"])
        assert counts() == before

    @pytest.mark.parametrize("status", ["draft", "open"])
    def test_only_a_final_version_is_endorsed(self, cast, status):
        version = charter_version(cast, "own", status)
        errors = refused(charter_endorse, version=version, person=cast.people["leader"])
        assert "Only a final version can be endorsed." in errors["version"][0]

    def test_an_older_final_version_is_refused(self, cast):
        first = charter_version(cast, "own", "final")
        second = charter_version(cast, "own", "open")
        second.status = "final"
        second.save()
        errors = refused(charter_endorse, version=first, person=cast.people["leader"])
        assert "replaced by version 2; endorse version 2 instead" in errors["version"][0]

    @pytest.mark.parametrize("role", ["steward", "contributor", "stakeholder", "viewer"])
    def test_other_roles_may_not_endorse(self, cast, role):
        version = charter_version(cast, "own", "final")
        errors = refused(charter_endorse, version=version, person=cast.people[role])
        assert "leader or project director" in errors["person"][0]

    def test_organization_that_is_not_a_member_may_not_endorse(self, cast):
        version = charter_version(cast, "own", "final")
        person = PersonFactory(organization=OrganizationFactory(name="Elsewhere College"))
        RoleFactory(partnership=cast.own, person=person, role="leader")
        errors = refused(charter_endorse, version=version, person=person)
        assert "Elsewhere College is not a current member" in errors["organization"][0]

    def test_an_organization_that_left_may_not_endorse(self, cast):
        version = charter_version(cast, "own", "final")
        cast.partner_membership.left_on = timezone.localdate()
        cast.partner_membership.save()
        refused(charter_endorse, version=version, person=cast.people["leader"])

    def test_no_person_is_refused(self, cast):
        version = charter_version(cast, "own", "final")
        errors = refused(charter_endorse, version=version, person=None)
        assert "person" in errors

    def test_a_new_member_endorses_the_same_version(self, cast):
        version = charter_version(cast, "own", "final")
        newcomer = MembershipFactory(partnership=cast.own).organization
        person = PersonFactory(organization=newcomer)
        RoleFactory(partnership=cast.own, person=person, role="project_director")
        assert charter_endorse(version=version, person=person).organization == newcomer
