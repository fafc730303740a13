"""MOU drafts (L5): drafting from a template with the partnership's plain data, re-generating,
versions, edits (an edit out for signature voids and continues in a new draft), amendments, the
diff, and the rule that an executed MOU is never edited."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.alignment.models import CharterBenefit, CharterEndorsement, CharterValue, CharterVersion
from accord.leadership import diff
from accord.leadership.models import Commitment, Mou, MouSection, MouVersion, Signatory
from accord.leadership.mou_context import mou_context
from accord.leadership.services import mous as services
from accord.leadership.services import signing
from accord.leadership.services.templates import mou_template_create
from tests.factories import PersonFactory, RoleFactory
from tests.matrix.leadership_mous import drafted, make_mou, sent

pytestmark = pytest.mark.django_db
EDITED = services.EDITED_WHILE_OUT


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def counts():
    return tuple(m.objects.count() for m in (Mou, MouVersion, MouSection, Signatory))


def plain(value) -> bool:
    """Only dicts, lists, strings, numbers, booleans and None, all the way down."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return value is None or isinstance(value, str | int | bool)


class TestContext:
    def test_is_plain_data_with_parties_hosts_first(self, cast):
        context = mou_context(cast.own)
        assert plain(context)
        assert [p["name"] for p in context["parties"]] == ["Host Society", "Partner University"]
        assert [p["kind"] for p in context["parties"]] == ["Host", "Partner"]
        assert context["host"]["name"] == "Host Society"
        partner = context["parties"][1]
        assert partner["project_director"]["name"] == "Project Director Person"
        assert context["parties"][0]["project_director"] is None
        assert context["charter"] is None and context["measures"] == []
        assert context["partnership"]["title"] == "Own partnership"

    def test_charter_commitments_and_term(self, cast):
        final = CharterVersion.objects.create(
            partnership=cast.own, number=1, status="final", vision="Every student finds a path."
        )
        CharterValue.objects.create(version=final, name="Students first", meaning="We ask them.")
        CharterBenefit.objects.create(version=final, organization=cast.partner, benefits="Jobs.")
        for organization in (cast.host, cast.partner):
            CharterEndorsement.objects.create(
                version=final, organization=organization, person=PersonFactory()
            )
        Commitment.objects.create(
            partnership=cast.own,
            person=cast.people["leader"],
            organization=cast.partner,
            kind="resources",
            description="Lab space",
            amount=Decimal("2500.00"),
            unit="USD",
            starts_on=date(2026, 1, 1),
        )
        version = drafted(cast, effective_on=date(2026, 9, 1), expires_on=date(2029, 8, 31))
        context = mou_context(cast.own, version)
        assert plain(context)
        assert context["charter"] == {
            "version": 1,
            "vision": "Every student finds a path.",
            "values": [{"name": "Students first", "meaning": "We ask them."}],
            "benefits": [{"organization": "Partner University", "benefits": "Jobs."}],
            "agreed": True,
        }
        assert context["commitments"] == [
            {
                "organization": "Partner University",
                "description": "Lab space",
                "amount": "2,500",
                "unit": "USD",
            }
        ]
        assert context["term"] == {
            "effective_on": "1 September 2026",
            "expires_on": "31 August 2029",
        }
        sections = {s.key: s.body for s in version.sections.all()}
        assert (
            "version 1 of their charter, which every Partner has endorsed"
            in sections["vision-and-values"]
        )
        assert "- Partner University: Lab space (2,500 USD)" in sections["resources"]
        assert "takes effect on 1 September 2026" in sections["term"]


class TestDrafting:
    def test_version_one_is_drafted_from_the_default_template(self, cast):
        version = drafted(cast)
        assert version.status == "draft" and version.mou.status == "drafting"
        assert version.sections.count() == 12
        parties = version.sections.get(key="parties").body
        assert "1. Host Society (Host)" in parties and "2. Partner University (Partner)" in parties
        roles = version.sections.get(key="roles").body
        assert "- Partner University: Project Director Person" in roles
        assert "- Host Society: to be named" in roles

    def test_a_template_section_that_fails_is_named_and_nothing_is_written(self, cast):
        broken = mou_template_create(name="Breaks", sections=[{"heading": "Ok", "body": "x"}])
        # Saved text is checked against a sample; data the sample lacks may still fail later.
        broken.sections.update(body="{{ today|date:'Y' }}{% widthratio 1 0 %}")
        before = counts()
        with pytest.raises(ValidationError) as refused:
            drafted(cast, template=broken)
        assert "The template section “Ok” could not be filled in" in refused.value.messages[0]
        assert counts() == before

    def test_term_dates_must_be_in_order(self, cast):
        with pytest.raises(ValidationError) as refused:
            drafted(cast, effective_on=date(2027, 1, 1), expires_on=date(2026, 1, 1))
        assert "after the effective date" in refused.value.message_dict["expires_on"][0]

    def test_regenerate_refreshes_from_current_data(self, cast):
        version = drafted(cast)
        section = version.sections.get(key="roles")
        services.mou_section_update(section=section, heading="Roles", body="Edited by hand.")
        director = PersonFactory(name="Hana Host", organization=cast.host)
        RoleFactory(partnership=cast.own, person=director, role="project_director")
        services.mou_regenerate(version=version)
        roles = version.sections.get(key="roles").body
        assert "- Host Society: Hana Host" in roles and "Edited by hand." not in roles

    def test_editing_a_draft_changes_it_in_place(self, cast):
        version = drafted(cast)
        section = version.sections.get(key="purpose")
        saved = services.mou_section_update(section=section, heading="Why", body="To help.\r\n")
        assert saved.pk == section.pk and saved.version_id == version.pk
        assert (saved.heading, saved.body) == ("Why", "To help.\n")

    def test_a_stale_edit_is_refused(self, cast):
        version = drafted(cast)
        section = version.sections.get(key="purpose")
        opened = MouSection.objects.get(pk=section.pk)
        opened.expect_revision(opened.revision)
        services.mou_section_update(section=section, heading="Purpose", body="First edit.")
        with pytest.raises(ValidationError) as refused:
            services.mou_section_update(section=opened, heading="Purpose", body="Second.")
        assert "saved this MOU section after you opened it" in refused.value.messages[0]
        section.refresh_from_db()
        assert section.body == "First edit."

    def test_new_version_copies_the_latest(self, cast):
        voided = make_mou(cast, "own", "voided")
        version = services.mou_version_create(mou=voided.mou)
        assert (version.number, version.status) == (2, "draft")
        assert [s.body for s in version.sections.all()] == [s.body for s in voided.sections.all()]

    def test_new_version_is_refused_while_one_is_worked_on(self, cast):
        version = drafted(cast)
        before = counts()
        with pytest.raises(ValidationError) as refused:
            services.mou_version_create(mou=version.mou)
        assert "Version 1 is a draft already" in refused.value.messages[0]
        assert counts() == before


class TestEditingWhileOutForSignature:
    def test_an_edit_voids_the_version_and_continues_in_a_new_draft(self, cast):
        version = sent(cast, drafted(cast))
        section = version.sections.get(key="purpose")
        saved = services.mou_section_update(
            section=section, heading="Purpose", body="A better purpose.", user=cast.users["steward"]
        )
        version.refresh_from_db()
        assert version.status == "voided" and version.void_reason == EDITED
        assert set(version.signatories.values_list("status", flat=True)) == {"voided"}
        assert saved.version.number == 2 and saved.version.status == "draft"
        assert saved.body == "A better purpose."
        assert version.sections.get(key="purpose").body != "A better purpose."
        assert saved.version.mou.status == "drafting"
        assert not saved.version.signatories.exists()  # it must be sent again

    def test_changing_the_term_does_the_same(self, cast):
        version = sent(cast, drafted(cast))
        saved = services.mou_version_update(version=version, expires_on=date(2030, 1, 1))
        version.refresh_from_db()
        assert version.status == "voided" and saved.number == 2
        assert saved.expires_on == date(2030, 1, 1) and version.expires_on is None

    def test_an_unchanged_save_voids_nothing(self, cast):
        version = sent(cast, drafted(cast))
        section = version.sections.get(key="purpose")
        services.mou_section_update(section=section, heading=section.heading, body=section.body)
        version.refresh_from_db()
        assert version.status == "out_for_signature"


class TestExecutedIsNeverEdited:
    @pytest.mark.parametrize(
        "write",
        [
            lambda v: services.mou_section_update(
                section=v.sections.first(), heading="New", body="New text."
            ),
            lambda v: services.mou_version_update(version=v, expires_on=date(2031, 1, 1)),
            lambda v: services.mou_regenerate(version=v),
            lambda v: services.mou_version_create(mou=v.mou),
            lambda v: signing.mou_void(version=v, reason="Changed our mind."),
            lambda v: signing.mou_send(version=v, signatories=[]),
        ],
        ids=["section", "term", "regenerate", "new-version", "void", "send"],
    )
    def test_every_write_is_refused_with_a_clear_message(self, cast, write):
        version = make_mou(cast, "own", "executed")
        before = counts()
        body = version.sections.first().body
        with pytest.raises(ValidationError) as refused:
            write(version)
        assert "An executed MOU is never edited: start an amendment" in refused.value.messages[0]
        assert counts() == before
        assert version.sections.first().body == body

    def test_an_amendment_is_a_new_mou_from_the_executed_text(self, cast):
        executed = make_mou(cast, "own", "executed")
        amendment = services.mou_amend(mou=executed.mou, created_by=cast.users["steward"])
        assert amendment.amends == executed.mou
        assert amendment.title == "Amendment 1 to Matrix MOU (executed)"
        first = amendment.versions.get()
        assert [s.body for s in first.sections.all()] == [s.body for s in executed.sections.all()]
        second = services.mou_amend(mou=executed.mou)
        assert second.title.startswith("Amendment 2 to")

    def test_only_an_executed_mou_is_amended(self, cast):
        version = drafted(cast)
        with pytest.raises(ValidationError) as refused:
            services.mou_amend(mou=version.mou)
        assert "Only an executed MOU is amended" in refused.value.messages[0]


class TestArchivedPartnership:
    def test_no_mou_is_drafted_in_an_archived_partnership(self, cast):
        cast.own.archived_at = timezone.now()
        cast.own.save(update_fields=["archived_at"])
        before = counts()
        try:
            with pytest.raises(ValidationError) as refused:
                drafted(cast)
        finally:
            cast.own.archived_at = None
            cast.own.save(update_fields=["archived_at"])
        assert "archived" in refused.value.messages[0]
        assert counts() == before


class TestDiff:
    def test_words_added_and_removed(self):
        pieces = diff.word_diff(
            "Paid internships for students.", "Paid internships, mentors for students."
        )
        assert [(p.kind, p.text) for p in pieces] == [
            ("same", "Paid internships"),
            ("added", ", mentors"),
            ("same", " for students."),
        ]

    def test_sections_matched_by_key(self, cast):
        old = make_mou(cast, "own", "two")
        first = old.mou.versions.get(number=1)
        second = old
        MouSection.objects.create(version=second, key="extra", heading="Extra", body="New.")
        second.sections.filter(key="term").update(heading="Duration")
        first_sections = list(first.sections.all())
        rows = {r.key: r for r in diff.sections_diff(first_sections, list(second.sections.all()))}
        assert rows["purpose"].status == "changed"
        assert [p.text for p in rows["purpose"].pieces if p.kind == "added"] == [" Changed."]
        assert rows["term"].old_heading == "Term" and rows["term"].heading == "Duration"
        assert rows["extra"].status == "added"
        rows = {r.key: r for r in diff.sections_diff(list(second.sections.all()), first_sections)}
        assert rows["extra"].status == "removed"

    def test_term_changes(self, cast):
        a = MouVersion(effective_on=None, expires_on=date(2027, 1, 1), signing_order="parallel")
        b = MouVersion(
            effective_on=date(2026, 1, 1), expires_on=date(2027, 1, 1), signing_order="sequential"
        )
        rows = [(r.label, r.old, r.new) for r in diff.term_changes(a, b)]
        assert rows == [
            ("Effective date", "not set", "1 January 2026"),
            ("Signing order", "All at once", "One after another, in order"),
        ]
