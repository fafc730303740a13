"""Reads for the charter pages and API (A2, A3), and the rule that says when a charter is agreed.

`charter_agreed` is the rule itself, over plain data, so that it can be tested on its own;
everything else loads what pages and the API show, with a fixed number of queries.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from accord.core import agreements
from accord.core.access import Perm, roles_with
from accord.core.audit import FieldChange, HistoryEntry, field_change
from accord.core.diff import SectionDiff, sections_diff
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership, PartnershipRole
from accord.partnerships.queries import memberships_of

from ..models import (
    CharterBenefit,
    CharterComment,
    CharterEndorsement,
    CharterValue,
    CharterVersion,
)
from ..readability import TextStats, text_stats

Status = CharterVersion.Status


charter_agreed = agreements.agreed  # the rule itself, over plain data (A3)


# --- Versions -----------------------------------------------------------------------------------
_count = agreements.count_per_version


def versions_of(partnership: Partnership | int) -> QuerySet[CharterVersion]:
    """A partnership's versions, newest first, with their counts of comments and endorsements."""
    return agreements.versions_with_counts(CharterVersion, partnership)


def values_of(partnership: Partnership | int) -> QuerySet[CharterValue]:
    """The core values of every version of a partnership's charter (what later pillars tag)."""
    return CharterValue.objects.filter(version__partnership=partnership)


def with_text(versions: QuerySet[CharterVersion]) -> QuerySet[CharterVersion]:
    """Prefetch each version's values and benefits (for text and its figures): two queries."""
    return versions.prefetch_related("values", benefits_prefetch())


def benefits_prefetch() -> Prefetch:
    return Prefetch(
        "benefits",
        queryset=CharterBenefit.objects.select_related("organization").order_by(
            "organization__name"
        ),
    )


def working_version(partnership: Partnership) -> CharterVersion | None:
    """The version in draft or open for comment, if there is one (there is at most one)."""
    return agreements.working(CharterVersion, partnership)


def latest_final_version(partnership: Partnership) -> CharterVersion | None:
    return agreements.latest_final(CharterVersion, partnership)


def whole_text(version: CharterVersion) -> str:
    """The version's prose as one text: vision, each value with its meaning, each benefit.

    Reads `values` and `benefits` through `.all()`, so a prefetch is used when there is one.
    """
    parts = [version.vision]
    parts += [f"{value.name}: {value.meaning}" for value in version.values.all()]
    parts += [benefit.benefits for benefit in version.benefits.all()]
    return "\n".join(part for part in parts if part)


def version_stats(version: CharterVersion) -> TextStats:
    return text_stats(whole_text(version))


# --- Agreement ----------------------------------------------------------------------------------
MemberEndorsement = agreements.MemberEndorsement
Agreement = agreements.Agreement


def agreement_for(partnership: Partnership) -> Agreement:
    """The charter's agreement status, recomputed from the current members (four queries)."""
    return agreements.agreement_for(CharterVersion, partnership, list(memberships_of(partnership)))


def agreed_version(partnership: Partnership) -> CharterVersion | None:
    """The charter version the partners agreed to (A3): the newest final version that every
    current member organization endorsed, by the rule of `charter_agreed`; None when there is
    none. A newer final version that not everyone has endorsed yet does not replace it."""
    members = [m.organization_id for m in memberships_of(partnership)]
    finals = list(
        with_text(
            CharterVersion.objects.filter(partnership=partnership, status=Status.FINAL)
        ).order_by("-number")
    )
    return agreements.agreed_version(finals, members)


def endorsements_of(version: CharterVersion) -> QuerySet[CharterEndorsement]:
    return version.endorsements.select_related(
        "organization", "person__organization", "version"
    ).order_by("organization__name", "pk")


# --- Comments and participation (A2) ------------------------------------------------------------
def comments_of(version: CharterVersion) -> QuerySet[CharterComment]:
    return version.comments.select_related("person__organization", "version").order_by(
        "created_at", "pk"
    )


@dataclass
class LevelRow:
    level: str
    label: str
    people: int

    @property
    def heard(self) -> bool:
        return self.people > 0


@dataclass
class OrganizationRow:
    organization: Organization
    people: int
    comments: int


@dataclass
class Participation:
    """Who has commented on a version, by level and by member organization, and who has not."""

    comments: int
    people: int
    levels: list[LevelRow]
    organizations: list[OrganizationRow]
    elsewhere: int  # commenters whose organization is not a current member (or who have none)
    not_heard_from: list[Person]
    not_heard_from_count: int

    @property
    def not_heard_from_more(self) -> int:
        """How many more people have not been heard from than the list shows."""
        return self.not_heard_from_count - len(self.not_heard_from)

    @property
    def levels_not_heard(self) -> list[LevelRow]:
        return [row for row in self.levels if not row.heard]

    @property
    def organizations_not_heard(self) -> list[OrganizationRow]:
        return [row for row in self.organizations if not row.people]


NOT_HEARD_SHOWN = 100


def participation_of(version: CharterVersion, memberships=None) -> Participation:
    """The participation summary of one version (A2), in five queries whatever its size."""
    comments = CharterComment.objects.filter(version=version).order_by()
    by_level = dict(
        comments.values_list("person__level").annotate(people=Count("person", distinct=True))
    )
    by_organization = {
        row["person__organization"]: row
        for row in comments.values("person__organization").annotate(
            people=Count("person", distinct=True), comments=Count("pk")
        )
    }
    totals = comments.aggregate(comments=Count("pk"), people=Count("person", distinct=True))
    if memberships is None:
        memberships = list(memberships_of(version.partnership))
    organizations = [
        OrganizationRow(
            organization=m.organization,
            people=by_organization.get(m.organization_id, {}).get("people", 0),
            comments=by_organization.get(m.organization_id, {}).get("comments", 0),
        )
        for m in memberships
    ]
    members = {m.organization_id for m in memberships}
    elsewhere = sum(row["people"] for key, row in by_organization.items() if key not in members)
    levels = [
        LevelRow(level=value, label=label, people=by_level.get(value, 0))
        for value, label in Person.Level.choices
    ]
    silent = _not_heard_from(version)
    shown = list(silent[: NOT_HEARD_SHOWN + 1])
    count = len(shown) if len(shown) <= NOT_HEARD_SHOWN else silent.count()
    return Participation(
        comments=totals["comments"],
        people=totals["people"],
        levels=levels,
        organizations=organizations,
        elsewhere=elsewhere,
        not_heard_from=shown[:NOT_HEARD_SHOWN],
        not_heard_from_count=count,
    )


def _not_heard_from(version: CharterVersion) -> QuerySet[Person]:
    """People with a current role that lets them comment who have not commented on `version`.

    Viewers only read (they may not comment), so they are not counted as missing voices.
    """
    takes_part = PartnershipRole.objects.filter(
        partnership_id=version.partnership_id,
        person=OuterRef("pk"),
        archived_at__isnull=True,
        role__in=roles_with(Perm.COMMENT),
    )
    commented = CharterComment.objects.filter(version=version, person=OuterRef("pk"))
    return (
        Person.objects.filter(Exists(takes_part), ~Exists(commented), archived_at__isnull=True)
        .select_related("organization")
        .order_by("name", "pk")
    )


# --- History ------------------------------------------------------------------------------------
SKIPPED = {"updated_at", "created_at", "version", "position"}
ACTIONS = {"+": "added", "~": "changed", "-": "removed"}


def charter_history(version: CharterVersion, limit: int = 100) -> list[HistoryEntry]:
    """The version's audit trail with its values, benefits and endorsements, newest first."""
    history = _records(CharterVersion.history.filter(id=version.pk))
    values = _records(CharterValue.history.filter(version_id=version.pk))
    benefits = _records(CharterBenefit.history.filter(version_id=version.pk))
    endorsements = _records(CharterEndorsement.history.filter(version_id=version.pk))
    names = dict(
        Organization.objects.filter(
            pk__in={r.organization_id for r in [*benefits, *endorsements]}
        ).values_list("pk", "name")
    )
    people = dict(
        Person.objects.filter(pk__in={r.person_id for r in endorsements}).values_list("pk", "name")
    )
    entries = _entries(history, CharterVersion, _version_action)
    entries += _entries(values, CharterValue, lambda r, a: f"Value “{r.name}” {a}")
    entries += _entries(
        benefits, CharterBenefit, lambda r, a: f"Benefits for {names.get(r.organization_id)} {a}"
    )
    entries += _entries(
        endorsements,
        CharterEndorsement,
        lambda r, a: (
            f"Endorsement for {names.get(r.organization_id)} by {people.get(r.person_id)} {a}"
        ),
    )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def _version_action(record, action: str) -> str:
    if action == "added":
        return f"Version {record.number} started"
    return f"Version {record.number} {action}"


def _records(history: QuerySet) -> list:
    """Historical rows, oldest first per object, so each can be compared with the one before."""
    return list(history.select_related("history_user").order_by("id", "history_date", "history_id"))


def _entries(records: list, model, describe) -> list[HistoryEntry]:
    previous: dict[int, object] = {}
    entries = []
    for record in records:
        action = ACTIONS[record.history_type]
        who = record.history_user.display_name if record.history_user_id else "Accord"
        entry = HistoryEntry(when=record.history_date, who=who, action=describe(record, action))
        before = previous.get(record.id)
        if before is not None and record.history_type == "~":
            for change in record.diff_against(before).changes:
                if change.field in SKIPPED:
                    continue
                entry.changes.append(_change(model, change))
            if not entry.changes and model is CharterValue:
                entry.action = f"Value “{record.name}” moved"
        previous[record.id] = record
        entries.append(entry)
    return entries


def _change(model, change) -> FieldChange:
    # Long text (the vision, a value's meaning) reads as the words that changed.
    return field_change(model, change.field, change.old, change.new)


# --- Comparing two versions (A3) ----------------------------------------------------------------
@dataclass
class CharterSection:
    """A part of a charter version's text, matched across versions by its key."""

    key: str
    heading: str
    body: str


def charter_sections(version: CharterVersion) -> list[CharterSection]:
    """The version's text as sections: the vision, each value (matched by its name), each
    member's benefits (matched by the organization)."""
    sections = [CharterSection("vision", "Shared vision", version.vision)]
    for value in version.values.all():
        key = "value-" + "-".join(re.findall(r"\w+", value.name.casefold()))
        sections.append(CharterSection(key, f"Value: {value.name}", value.meaning))
    for benefit in version.benefits.select_related("organization").order_by(
        "organization__name", "pk"
    ):
        sections.append(
            CharterSection(
                f"benefits-{benefit.organization_id}",
                f"Benefits for {benefit.organization.name}",
                benefit.benefits,
            )
        )
    return sections


def charter_diff(old: CharterVersion, new: CharterVersion) -> list[SectionDiff]:
    """What changed from `old` to `new`, part by part, word by word (the MOU's diff helper)."""
    return sections_diff(charter_sections(old), charter_sections(new))
