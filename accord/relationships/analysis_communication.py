"""The communication map of a partnership (R6) as pure functions over plain records.

Contacts per member organization, level and channel, built from what Accord already records: the
people who hold a role in the partnership (for the organization they speak for), who hold a seat
on one of its bodies, or who attended one of its engagements (by name when outside Accord). The
pages and the API only load the records (queries_communication.py, a fixed number of queries).

The rule for a gap (docs/decisions.md): a level (the directory's Person.Level) is one where the
partnership works when contacts at that level come from at least `level_organizations` member
organizations (default 2): the partnership's work at that level is between organizations, and a
level only one organization brings has no counterpart to miss. A member organization with no
contact at such a level is a gap, with the organizations that do have one as its evidence.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

LEVEL_ORDER = (
    "executive",
    "senior_leader",
    "manager",
    "staff",
    "volunteer",
    "student",
    "community_member",
)
CHANNELS = {
    "email": "E-mail",
    "role": "Partnership role",
    "seat": "Planning body seat",
    "engagements": "Engagements",
}


@dataclass(frozen=True)
class Limits:
    level_organizations: int = 2


def limits() -> Limits:
    """The rule in force: the `ACCORD_COMMUNICATION` setting over the default."""
    return Limits(**getattr(settings, "ACCORD_COMMUNICATION", {}))


@dataclass(frozen=True)
class Contact:
    """Someone an organization can be reached through, at a level, by some channels."""

    key: Hashable
    organization: Hashable
    name: str
    level: str
    channels: frozenset = frozenset()
    email: str = ""
    roles: tuple = ()
    last_met: date | None = None


@dataclass(frozen=True)
class Gap:
    organization: Hashable
    level: str
    message: str
    next_action: str
    evidence: tuple = ()  # the organizations with a contact at the level


@dataclass
class OrganizationRow:
    organization: Hashable
    name: str
    contacts: list = field(default_factory=list)  # Contact, by level then name
    levels: tuple = ()
    gaps: list = field(default_factory=list)

    def at(self, level: str) -> list:
        return [c for c in self.contacts if c.level == level]


@dataclass(frozen=True)
class CommunicationMap:
    rows: tuple  # OrganizationRow, in the order the organizations were given
    levels_worked: tuple  # the levels where the partnership works, in LEVEL_ORDER
    gaps: tuple


def _rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def communication_map(
    organizations: Mapping,
    contacts: Sequence[Contact],
    level_names: Mapping | None = None,
    rule: Limits | None = None,
) -> CommunicationMap:
    """The map of the member `organizations` (id -> name) from their `contacts` (any order)."""
    rule = rule or limits()
    level_names = level_names or {}
    rows = {org: OrganizationRow(org, name) for org, name in organizations.items()}
    for contact in sorted(contacts, key=lambda c: (_rank(c.level), c.name, str(c.key))):
        if contact.organization in rows:
            rows[contact.organization].contacts.append(contact)
    by_level: dict[str, set] = {}
    for row in rows.values():
        row.levels = tuple(sorted({c.level for c in row.contacts}, key=_rank))
        for level in row.levels:
            by_level.setdefault(level, set()).add(row.organization)
    worked = tuple(
        sorted(
            (level for level, orgs in by_level.items() if len(orgs) >= rule.level_organizations),
            key=_rank,
        )
    )
    gaps = []
    for row in rows.values():
        for level in worked:
            if level in row.levels:
                continue
            label = str(level_names.get(level, level)).lower()
            having = tuple(o for o in organizations if o in by_level[level])
            gap = Gap(
                row.organization,
                level,
                f"{row.name} has no contact at the {label} level, where {len(having)} other "
                "member organizations have one.",
                f"Ask {row.name} to name someone at the {label} level: give them a role in the "
                "partnership, a seat on a body or an invitation to the next engagement.",
                having,
            )
            row.gaps.append(gap)
            gaps.append(gap)
    return CommunicationMap(tuple(rows.values()), worked, tuple(gaps))
