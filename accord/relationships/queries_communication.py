"""Reads of the communication map (R6): who each member organization can be reached through, at
which level and by which channel, from the partnership's roles, body seats and engagement
attendees. Five queries however many organizations, people and engagements
(tests/relationships/test_communication.py counts them at two sizes)."""

from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils import timezone

from accord.directory.models import Person
from accord.partnerships.models import Membership, PartnershipRole

from .analysis_communication import CommunicationMap, Contact, communication_map, limits
from .models import Seat
from .models_engagements import EngagementAttendee


@dataclass
class CommunicationView:
    map: CommunicationMap
    preferences: dict  # organization id -> its stated communication preferences
    organizations: dict  # organization id -> Organization
    level_names: dict
    rule: object


def communication_of(partnership) -> CommunicationView:
    """The communication map of the partnership's current member organizations."""
    today = timezone.localdate()
    memberships = list(
        Membership.objects.current()
        .filter(partnership=partnership)
        .select_related("organization__culture_profile")
        .order_by("organization__name", "pk")
    )
    organizations = {m.organization_id: m.organization for m in memberships}
    preferences = {}
    for org_id, organization in organizations.items():
        profile = getattr(organization, "culture_profile", None)
        if profile is not None and profile.communication_preferences:
            preferences[org_id] = profile.communication_preferences
    people: dict = {}  # person id -> [Person, organization id, channels, roles, last met]

    def person_entry(person, org_id):
        entry = people.get(person.pk)
        if entry is None:
            entry = people[person.pk] = [person, org_id, {"email"}, [], None]
        return entry

    roles = (
        PartnershipRole.objects.filter(partnership=partnership, archived_at__isnull=True)
        .select_related("person")
        .order_by("person__name", "role", "pk")
    )
    for role in roles:
        entry = person_entry(role.person, role.organization_id or role.person.organization_id)
        entry[2].add("role")
        entry[3].append(role.get_role_display())
    seats = (
        Seat.objects.filter(
            body__partnership=partnership, body__archived_at__isnull=True, since__lte=today
        )
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("person")
        .order_by("pk")
    )
    for seat in seats:
        person_entry(seat.person, seat.organization_id)[2].add("seat")
    attended = (
        EngagementAttendee.objects.filter(
            engagement__partnership=partnership,
            engagement__archived_at__isnull=True,
            engagement__starts_at__lte=timezone.now(),
        )
        .values("person_id", "name", "organization_id", "level")
        .annotate(last=Max("engagement__starts_at"))
        .order_by()
    )
    named: dict = {}  # (organization, name) -> (name, level, last met)
    met: dict = {}  # person id -> (organization id, last met)
    for row in attended:
        last = timezone.localtime(row["last"]).date()
        if row["person_id"] is not None:
            previous = met.get(row["person_id"])
            if previous is None or previous[1] < last:
                met[row["person_id"]] = (row["organization_id"], last)
        else:
            key = (row["organization_id"], row["name"].strip().lower())
            previous = named.get(key)
            if previous is None or previous[2] < last:
                named[key] = (row["name"], row["level"], last)
    # People who attended without a role or a seat (one query, for their names and levels).
    for person in Person.objects.filter(pk__in=[p for p in met if p not in people]):
        person_entry(person, met[person.pk][0])
    contacts = []
    for person_id, (person, org_id, channels, role_names, _last) in people.items():
        last = met[person_id][1] if person_id in met else None
        contacts.append(
            Contact(
                ("person", person_id),
                org_id,
                person.name,
                person.level,
                frozenset(channels | {"engagements"} if last else channels),
                person.email,
                tuple(role_names),
                last,
            )
        )
    for (org_id, key), (name, level, last) in named.items():
        contacts.append(
            Contact(
                ("named", org_id, key),
                org_id,
                name,
                level,
                frozenset({"engagements"}),
                "",
                (),
                last,
            )
        )
    level_names = dict(Person.Level.choices)
    names = {org_id: organization.name for org_id, organization in organizations.items()}
    rule = limits()
    result = communication_map(names, contacts, level_names, rule)
    return CommunicationView(result, preferences, organizations, level_names, rule)
