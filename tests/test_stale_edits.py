"""No lost update: two people open the same edit form; the second save is refused, not applied.

For every kind of record a page edits, two people (or one person in two tabs) open the edit page,
the first saves, then the second. The second sees the page again with their own input kept and
what the first changed; the record keeps the first person's values. Saving that page again then
replaces them knowingly.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accord.alignment.models import Score
from accord.alignment.services.assessments import ScoreEntry, assessment_score
from accord.directory.models import CultureProfile
from accord.partnerships.models import Partnership
from tests.factories import UserFactory
from tests.matrix.alignment_assessments import assessed, every_score
from tests.matrix.alignment_charter import charter_version
from tests.matrix.alignment_rubrics import make_rubric
from tests.matrix.leadership_announcements import announcement
from tests.matrix.leadership_commitments import commitment, learning
from tests.matrix.leadership_mous import drafted
from tests.matrix.leadership_templates import make_template

pytestmark = pytest.mark.django_db

REFUSED = "after you opened it, so your changes were not saved"


# --- Reading a page's form as a browser would submit it ----------------------------------------
class _Forms(HTMLParser):
    """The forms of a page: their action and the fields a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form["fields"].append([attrs["name"], attrs.get("value", default)])
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea is not None and self._textarea[1].startswith("\n"):
                self._textarea[1] = self._textarea[1][1:]  # as browsers do
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or [self._select["first"]]
            for value in chosen:
                if value is not None:
                    self._form["fields"].append([self._select["name"], value])
            self._select = None
        elif tag == "form":
            self._form = None


def opened_form(response, field: str) -> tuple[str, dict]:
    """The form that carries a record's revision and `field`: where it posts and what it sends."""
    assert response.status_code == 200, response.status_code
    parser = _Forms()
    parser.feed(response.content.decode())
    for form in parser.forms:
        names = {name for name, _ in form["fields"]}
        if "read_revision" in names and field in names:
            data: dict[str, list[str]] = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(unescape(value))
            return form["action"] or response.request["PATH_INFO"], data
    raise AssertionError(f"no form on the page carries read_revision and {field!r}")


def problems(response) -> str:
    """The error texts a page shows, to explain a failed assertion."""
    page = response.content.decode()
    found = re.findall(
        r'class="(?:invalid-feedback|alert alert-danger)[^"]*"[^>]*>(.*?)</div>', page, re.S
    )
    return f"{response.status_code}: " + " | ".join(
        re.sub(r"<[^>]+>", " ", f).strip() for f in found
    )


def post(client, opened: tuple[str, dict], field: str, value: str):
    action, data = opened
    return client.post(action, {**data, field: value})


# --- The records pages edit ---------------------------------------------------------------------
@dataclass
class Case:
    build: Callable  # (cast) -> (record, edit page URL)
    field: str
    values: tuple[str, str] = ("Change by Ann", "Change by Bob")
    users: tuple[str, str] = ("steward", "admin")
    read: Callable | None = None  # (record) -> the stored value; the field of that name otherwise

    def stored(self, record):
        if self.read is not None:
            return self.read(record)
        return str(getattr(type(record)._base_manager.get(pk=record.pk), self.field))


def _partnership(cast):
    return cast.own, reverse("partnerships:edit", args=[cast.own.pk])


def _membership(cast):
    membership = cast.partner_membership
    return membership, reverse("partnerships:member-edit", args=[cast.own.pk, membership.pk])


def _organization(cast):
    return cast.partner, reverse("directory:organization-edit", args=[cast.partner.pk])


def _person(cast):
    person = cast.people["viewer"]
    return person, reverse("directory:person-edit", args=[person.pk])


def _values_profile(cast):
    return cast.partner, reverse("directory:organization-values", args=[cast.partner.pk])


def _culture_profile(cast):
    profile = CultureProfile.objects.create(organization=cast.partner, notes="As it was.")
    return profile, reverse("directory:organization-culture-edit", args=[cast.partner.pk])


def _first_culture_profile(cast):
    # Nobody has filled it in yet: both people create it; the second must not overwrite.
    return cast.partner, reverse("directory:organization-culture-edit", args=[cast.partner.pk])


def _rubric(cast):
    rubric = make_rubric()
    return rubric, reverse("alignment:rubric-edit", args=[rubric.pk])


def _criterion(cast):
    criterion = make_rubric().criteria.first()
    url = reverse("alignment:criterion-edit", args=[criterion.rubric_id, criterion.pk])
    return criterion, url


def _scores(cast):
    assessment, assessor = assessed(cast, "own")
    entries = [ScoreEntry(pk, score, "First note.") for pk, score in every_score()]
    assessment_score(assessment=assessment, assessor=assessor, scores=entries)
    score = assessor.scores.order_by("criterion__position").first()
    return score, reverse("alignment:assessment-score", args=[cast.own.pk, assessment.pk])


def _charter(cast):
    version = charter_version(cast, "own")
    return version, reverse("alignment:charter-edit", args=[cast.own.pk, version.number])


def _mou_section(cast):
    version = drafted(cast)
    section = version.sections.order_by("position").first()
    args = [cast.own.pk, version.mou_id, version.number, section.pk]
    return section, reverse("leadership:mou-section-edit", args=args)


def _mou_term(cast):
    version = drafted(cast)
    args = [cast.own.pk, version.mou_id, version.number]
    return version, reverse("leadership:mou-term", args=args)


def _template(cast):
    template = make_template()
    return template, reverse("leadership:mou-template-edit", args=[template.pk])


def _template_section(cast):
    section = make_template().sections.first()
    url = reverse("leadership:mou-template-section-edit", args=[section.template_id, section.pk])
    return section, url


def _learning(cast):
    activity = learning(cast, "own")
    return activity, reverse("leadership:learning-edit", args=[cast.own.pk, activity.pk])


def _commitment(cast):
    found = commitment(cast, "own")
    return found, reverse("leadership:commitment-edit", args=[cast.own.pk, found.pk])


def _announcement(cast):
    draft = announcement(cast, "own")
    return draft, reverse("leadership:announcement-edit", args=[cast.own.pk, draft.pk])


def _score_note(score):
    return Score.objects.get(pk=score.pk).note


def _culture_notes(organization):
    return CultureProfile.objects.get(organization=organization).notes


def _second_admin(cast):
    if "admin2" not in cast.users:
        cast.users["admin2"] = UserFactory(username="admin2", is_superuser=True, is_staff=True)


ADMINS = ("admin", "admin2")
DATES = ("2024-01-02", "2024-03-04")
CASES = {
    "partnership": Case(_partnership, "purpose"),
    "membership": Case(_membership, "joined_on", values=DATES),
    "organization": Case(_organization, "vision"),
    "person": Case(_person, "title"),
    "values profile": Case(_values_profile, "mission"),
    "culture profile": Case(_culture_profile, "notes"),
    "first culture profile": Case(_first_culture_profile, "notes", read=_culture_notes),
    "rubric": Case(_rubric, "description", users=ADMINS),
    "criterion": Case(_criterion, "description", users=ADMINS),
    "assessment scores": Case(_scores, "", users=("contributor", "contributor"), read=_score_note),
    "charter version": Case(_charter, "vision"),
    "MOU section": Case(_mou_section, "body"),
    "MOU term": Case(_mou_term, "expires_on", values=("2031-01-31", "2032-02-29")),
    "MOU template": Case(_template, "description", users=ADMINS),
    "MOU template section": Case(_template_section, "body", users=ADMINS),
    "learning activity": Case(_learning, "title"),
    "commitment": Case(_commitment, "description"),
    "announcement": Case(_announcement, "body"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_the_second_of_two_saves_from_the_same_reading_is_refused(kind, cast, client):
    case = CASES[kind]
    _second_admin(cast)
    record, url = case.build(cast)
    field = case.field or f"note_{record.criterion_id}"
    ann, bob = client, type(client)()
    ann.force_login(cast.users[case.users[0]])
    bob.force_login(cast.users[case.users[1]])
    ann_form = opened_form(ann.get(url), field)
    bob_form = opened_form(bob.get(url), field)
    first, second = case.values

    saved = post(ann, ann_form, field, first)
    assert saved.status_code == 302, problems(saved)
    assert case.stored(record) == first

    refused = post(bob, bob_form, field, second)
    page = refused.content.decode()
    assert refused.status_code == 200 and REFUSED in page, problems(refused)
    assert case.stored(record) == first  # the first person's save stands
    action, kept = opened_form(refused, field)
    assert kept[field] == [second]  # the second person's input is kept

    # Having seen what changed, saving again replaces it, knowingly.
    again = bob.post(action, kept)
    assert again.status_code == 302, problems(again)
    assert case.stored(record) == second


@pytest.mark.parametrize(
    ("kind", "line"),
    [
        ("partnership", "Purpose is now “Change by Ann”."),
        ("organization", "Vision is now “Change by Ann”."),
        ("MOU section", "Body is now “Change by Ann”."),
        ("announcement", "Body is now “Change by Ann”."),
    ],
)
def test_the_refusal_names_who_changed_what(kind, line, cast, client):
    case = CASES[kind]
    _, url = case.build(cast)
    ann, bob = client, type(client)()
    ann.force_login(cast.users["steward"])
    bob.force_login(cast.users["admin"])
    bob_form = opened_form(bob.get(url), case.field)
    post(ann, opened_form(ann.get(url), case.field), case.field, "Change by Ann")
    page = unescape(post(bob, bob_form, case.field, "Change by Bob").content.decode())
    assert f"{cast.users['steward'].display_name} saved this" in page
    assert line in page


def test_a_stage_move_from_a_stale_page_is_refused(cast, client):
    ann, bob = client, type(client)()
    ann.force_login(cast.users["steward"])
    bob.force_login(cast.users["admin"])
    page = reverse("partnerships:detail", args=[cast.own.pk])
    ann_form, bob_form = opened_form(ann.get(page), "to_stage"), opened_form(bob.get(page), "note")
    assert post(ann, ann_form, "to_stage", "forming").status_code == 302
    response = post(bob, bob_form, "to_stage", "forming")
    assert response.status_code == 302
    shown = " ".join(str(m) for m in response.wsgi_request._messages)
    assert "The stage was not changed" in shown and REFUSED in shown
    assert Partnership.objects.get(pk=cast.own.pk).stage == "forming"
    assert cast.own.stage_changes.filter(to_stage="forming").count() == 1  # Ann's, not Bob's


def test_a_commitment_status_from_a_stale_page_is_refused(cast, client):
    found = commitment(cast, "own")
    ann, bob = client, type(client)()
    ann.force_login(cast.users["steward"])
    bob.force_login(cast.users["admin"])
    page = reverse("leadership:commitment-detail", args=[cast.own.pk, found.pk])
    ann_form, bob_form = opened_form(ann.get(page), "status"), opened_form(bob.get(page), "status")
    post(ann, ann_form, "status", "kept")
    response = post(bob, bob_form, "status", "not_kept")
    shown = " ".join(str(m) for m in response.wsgi_request._messages)
    assert REFUSED in shown
    found.refresh_from_db()
    assert found.status == "kept"


def test_a_form_posted_without_its_revision_is_saved_as_before(cast, client):
    """A client that never read the form (a script) is not refused: nothing to compare with."""
    client.force_login(cast.users["steward"])
    url = reverse("partnerships:edit", args=[cast.own.pk])
    action, data = opened_form(client.get(url), "purpose")
    data.pop("read_revision")
    Partnership.objects.filter(pk=cast.own.pk).update(title="Renamed meanwhile")
    assert client.post(action, {**data, "purpose": "New purpose."}).status_code == 302
