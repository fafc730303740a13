"""Reads that the directory pages and the API share. Every one starts from `visible_to`."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery

from accord.core.audit import FieldChange
from accord.core.paging import count_of

from .models import JediPractice, Organization, OrganizationPractice, Person


def organizations_for(
    user,
    *,
    q: str = "",
    kind: str = "",
    subtype: str = "",
    country: str = "",
    include_archived: bool = False,
) -> QuerySet[Organization]:
    """The organizations `user` may see, filtered, each with its count of active people."""
    organizations = Organization.objects.visible_to(user)
    if not include_archived:
        organizations = organizations.active()
    if kind:
        organizations = organizations.filter(kind=kind)
    if subtype:
        organizations = organizations.filter(subtype=subtype)
    if country:
        organizations = organizations.filter(country__iexact=country.strip())
    q = q.strip()
    if q:
        organizations = organizations.filter(
            Q(name__icontains=q)
            | Q(mission__icontains=q)
            | Q(city__icontains=q)
            | Q(region__icontains=q)
            | Q(country__icontains=q)
        )
    # Sorted by the unique index on name (a total order) and paged first; the count runs for the
    # rows shown only.
    active_people = Person.objects.active().filter(organization=OuterRef("pk"))
    return organizations.annotate(people_count=count_of(active_people)).order_by("name")


def people_for(
    user,
    *,
    q: str = "",
    organization_id: int | None = None,
    organization_name: str = "",
    level: str = "",
    include_archived: bool = False,
) -> QuerySet[Person]:
    """The people `user` may see, filtered, with their organization loaded."""
    people = Person.objects.visible_to(user).select_related("organization")
    if not include_archived:
        people = people.active()
    if organization_id:
        people = people.filter(organization_id=organization_id)
    organization_name = organization_name.strip()
    if organization_name:
        people = people.filter(organization__name__icontains=organization_name)
    if level:
        people = people.filter(level=level)
    q = q.strip()
    if q:
        people = people.filter(
            Q(name__icontains=q)
            | Q(email__icontains=q)
            | Q(title__icontains=q)
            | Q(organization__name__icontains=q)
        )
    return people.order_by("name", "pk")


def active_organizations() -> QuerySet[Organization]:
    """Organizations that forms may offer: archived ones drop out of every choice."""
    return Organization.objects.active().order_by("name")


def people_of(organization: Organization) -> QuerySet[Person]:
    return organization.people.active().order_by("name", "pk")


# The directory is shared, partnerships are private: an organization's or a person's page lists
# only the partnerships the viewer may see, so nobody learns of the others (DESIGN "Access").
# Read through the relations that partnerships declares: the directory does not import it.
def memberships_visible_to(user, organization: Organization):
    return (
        organization.memberships.visible_to(user)
        .filter(archived_at__isnull=True)
        .select_related("partnership")
        .order_by("partnership__title", "pk")
    )


def roles_visible_to(user, person: Person):
    return (
        person.roles.visible_to(user)
        .filter(archived_at__isnull=True)
        .select_related("partnership")
        .order_by("partnership__title", "role", "pk")
    )


# --- Values profile (A1) ------------------------------------------------------------------------
def practices_of(organization: Organization) -> list[OrganizationPractice]:
    """The organization's JEDI practices, in checklist order."""
    order = {code: index for index, code in enumerate(JediPractice.values)}
    return sorted(organization.practices.all(), key=lambda p: order.get(p.practice, len(order)))


def practice_checklist(organization: Organization) -> list[tuple[str, OrganizationPractice | None]]:
    """Every JEDI practice with the organization's record of it, or None when not followed."""
    saved = {p.practice: p for p in organization.practices.all()}
    return [(label, saved.get(code)) for code, label in JediPractice.choices]


@dataclass
class PracticeChange:
    """One change to an organization's JEDI practices checklist, for its audit trail."""

    when: datetime
    who: str
    action: str
    practice: str
    changes: list[FieldChange] = field(default_factory=list)


PRACTICE_ACTIONS = {"+": "Added", "~": "Changed", "-": "Removed"}


def practice_history(organization: Organization, limit: int = 50) -> list[PracticeChange]:
    """Newest first: practices added, changed (evidence link, note) and removed, and by whom.

    One query: each record comes with its row's previous evidence link and note.
    """
    history = OrganizationPractice.history.filter(organization_id=organization.pk)
    previous = history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
    previous = previous.order_by("-history_date", "-pk")
    records = (
        history.select_related("history_user")
        .annotate(
            previous_evidence_url=Subquery(previous.values("evidence_url")[:1]),
            previous_note=Subquery(previous.values("note")[:1]),
        )
        .order_by("-history_date", "-pk")[:limit]
    )
    labels = dict(JediPractice.choices)
    entries = []
    for record in records:
        who = record.history_user.display_name if record.history_user else "Accord"
        entry = PracticeChange(
            when=record.history_date,
            who=who,
            action=PRACTICE_ACTIONS[record.history_type],
            practice=labels.get(record.practice, record.practice),
        )
        if record.history_type != "-":
            for name in ("evidence_url", "note"):
                old = getattr(record, f"previous_{name}") if record.history_type == "~" else ""
                new = getattr(record, name)
                if (old or "") == new:
                    continue
                label = str(OrganizationPractice._meta.get_field(name).verbose_name).capitalize()
                entry.changes.append(FieldChange(name, label, old or "—", new or "—"))
        entries.append(entry)
    return entries
