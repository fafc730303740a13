"""The scale generator behind `accord seed --scale N`: a large, deterministic portfolio.

The same N and seed always give the same organizations, people, partnerships, memberships, roles
and lifecycle history. Rows stream through the one bulk path (accord/core/bulk.py: COPY on
PostgreSQL, batched inserts on SQLite), each with its history row, so the audit trail is as
complete as for data entered by hand and memory does not grow with N. The values are valid by
construction, which is why no per-row service or full_clean runs here. Later apps add their own
rows from `register_scale` hooks.

Stages stay within what the lifecycle allows without an executed MOU (practice L5 is not built
yet): exploring, forming, and partnerships concluded from either.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.utils import timezone

from accord.core.access import Role
from accord.core.bulk import BulkWriter
from accord.directory.models import Organization, Person

from .models import Membership, Partnership, PartnershipRole, Stage, StageChange

DEFAULT_SEED = 2026
ORGS_PER_PARTNERSHIP = 2  # the pool of organizations is about twice the number of partnerships
BATCH = 1000
START = datetime(2022, 1, 3, 9, 0, tzinfo=UTC)

ST = Organization.Subtype
LV = Person.Level


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


PLACE_STARTS = _words(
    "Ash Birch Brook Cedar Clear Elm Fair Glen Green High Lake Maple Mill North Oak Pine Red "
    "River Rock Silver South Spring Stone Summer West Willow Bay Hazel Iron Sun"
)
PLACE_ENDS = _words("field ford haven ridge ton view wood dale port mont burg crest vale")
FIELDS = _words(
    "Water Resources, Structural, Transportation, Geotechnical, Coastal, Environmental, "
    "Construction, Urban Planning, Energy Systems, Public Works",
    ", ",
)
CAUSES = _words(
    "Clean Water, Safe Streets, Fair Housing, Climate Justice, STEM Access, Digital Equity, "
    "Green Jobs, Accessible Transit",
    ", ",
)
SURNAMES = _words(
    "Adams Baker Banerjee Castillo Diallo Edwards Fitzgerald Garcia Haddad Ibarra Jackson Kim "
    "Kowalski Larsen Mahmoud Nakamura Okonkwo Patel Quinn Ramirez Singh Tanaka Umar Vasquez "
    "Washington Xu Yazzie Zhang Begay Cruz Hughes Lopez Morales Nwosu Olsen Park Reyes Silva"
)
FIRST_NAMES = _words(
    "Aaliyah Ahmed Alejandro Amara Ana Andre Chen Daniel Deja Diego Elena Fatima Grace Hana "
    "Imani Isaac Jamal Jia Joseph Julia Kai Keisha Leila Luis Malik Maria Mateo Maya Nia Noah "
    "Omar Priya Rosa Samuel Sara Tariq Thomas Valeria Wei Yusuf Zoe Ayasha Tallulah Kenji"
)
NAME_TEMPLATES = {
    ST.INSTITUTE: ("{field} Institute of {place}", "{place} {field} Institute"),
    ST.SECTION: ("{place} Section", "{place} Valley Section"),
    ST.COMMITTEE: ("{field} Committee, {place} Region", "{place} Committee on {cause}"),
    ST.PROFESSIONAL_SOCIETY: (
        "{place} Society of {field} Engineers",
        "{field} Association of {place}",
    ),
    ST.UNIVERSITY: (
        "University of {place}",
        "{place} State University",
        "{place} Tribal College",
        "{place} Community College",
    ),
    ST.NONPROFIT: ("{place} {cause} Foundation", "{cause} Alliance of {place}"),
    ST.COMPANY: ("{surname} & {surname2} Engineering", "{place} {field} Group"),
    ST.PUBLIC_AGENCY: (
        "{place} Department of Transportation",
        "{place} Water District",
        "{place} Housing Authority",
    ),
    ST.COMMUNITY_GROUP: ("{place} Neighbors for {cause}", "{place} Residents' Association"),
}
# Internal organizations are about a tenth of the pool; they host the partnerships.
SUBTYPE_WEIGHTS = {
    ST.INSTITUTE: 4,
    ST.SECTION: 4,
    ST.COMMITTEE: 2,
    ST.PROFESSIONAL_SOCIETY: 8,
    ST.UNIVERSITY: 20,
    ST.NONPROFIT: 20,
    ST.COMPANY: 15,
    ST.PUBLIC_AGENCY: 12,
    ST.COMMUNITY_GROUP: 15,
}
INTERNAL = {ST.INSTITUTE, ST.SECTION, ST.COMMITTEE}
LEVEL_WEIGHTS = {
    LV.EXECUTIVE: 10,
    LV.SENIOR_LEADER: 12,
    LV.MANAGER: 20,
    LV.STAFF: 30,
    LV.VOLUNTEER: 12,
    LV.STUDENT: 8,
    LV.COMMUNITY_MEMBER: 8,
}
TOPICS = _words(
    "Clean Water, Safe Routes to School, Resilient Housing, Engineering Pathways, Flood "
    "Recovery, Transit Access, Green Infrastructure, Broadband Equity, Heat Resilience",
    ", ",
)
FORMS = _words("Compact Alliance Network Collaborative Initiative Partnership Coalition")


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_STARTS) + rng.choice(PLACE_ENDS)


def _org_name(rng: random.Random, subtype: str, taken: set[str]) -> str:
    name = ""
    for _ in range(20):
        name = rng.choice(NAME_TEMPLATES[subtype]).format(
            place=_place(rng),
            field=rng.choice(FIELDS),
            cause=rng.choice(CAUSES),
            surname=rng.choice(SURNAMES),
            surname2=rng.choice(SURNAMES),
        )
        if name not in taken:
            return name
    serial = 2
    while f"{name} {serial}" in taken:
        serial += 1
    return f"{name} {serial}"


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:40]


@dataclass
class ScaleContext:
    """What the foundation wrote, for the apps that add their own rows at scale.

    Ids only, so that memory stays small at any N: the partnerships with their member
    organizations (host first) and the people who hold roles in them, and each organization's
    people.
    """

    n: int
    seed: int
    rng: random.Random
    reason: str
    partnerships: list[int] = field(default_factory=list)
    members: dict[int, list[int]] = field(default_factory=dict)  # partnership -> organizations
    role_holders: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    people_of: dict[int, list[int]] = field(default_factory=dict)  # organization -> people
    counts: dict[str, int] = field(default_factory=dict)


# Later apps add their rows at scale: each registers `hook(context)` from its AppConfig.ready and
# writes through accord.core.bulk.BulkWriter.
SCALE_HOOKS: list = []
SCALE_MODELS: list = []  # the models the hooks write, for refresh_statistics


def register_scale(hook, models=()) -> None:
    if hook not in SCALE_HOOKS:
        SCALE_HOOKS.append(hook)
    SCALE_MODELS.extend(model for model in models if model not in SCALE_MODELS)


def _organizations(rng, add, n: int, limit: int | None = None) -> list[tuple[int, str, str, str]]:
    """Write the pool of organizations through `add`; (id, name, kind, city) of each."""
    written, taken = [], set()
    count = n * ORGS_PER_PARTNERSHIP
    for index in range(count if limit is None else min(limit, count)):
        subtype = _pick(rng, SUBTYPE_WEIGHTS)
        if index == 0:
            subtype = ST.INSTITUTE  # every pool has at least one internal host
        name = _org_name(rng, subtype, taken)
        taken.add(name)
        kind = Organization.Kind.INTERNAL if subtype in INTERNAL else Organization.Kind.EXTERNAL
        city = _place(rng)
        pk = add(
            {
                "name": name,
                "kind": kind,
                "subtype": subtype,
                "mission": f"{name} works for {rng.choice(CAUSES).lower()} and "
                f"{rng.choice(CAUSES).lower()} in the communities it serves.",
                "values_statement": "Equity, accountability, shared leadership.",
                "website": f"https://www.{_slug(name)}.example.org/",
                "city": city,
                "country": "United States",
            }
        )
        written.append((pk, name, kind, city))
    return written


def _people(rng, writer, organizations, context: ScaleContext) -> None:
    serial = 0
    for org_id, org_name, _kind, _city in organizations:
        context.people_of[org_id] = []
        for _ in range(rng.randint(2, 4)):
            serial += 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            person_id = writer.add(
                {
                    "name": f"{first} {last}",
                    "email": f"{first.lower()}.{last.lower()}.{serial}"
                    f"@{_slug(org_name)}.example.org",
                    "organization_id": org_id,
                    "level": _pick(rng, LEVEL_WEIGHTS),
                    "title": "Team member",
                }
            )
            context.people_of[org_id].append(person_id)


def _partnership(rng, writers, internal, external, context: ScaleContext) -> None:
    partnerships, memberships, roles, changes = writers
    host = rng.choice(internal)
    partners = rng.sample(external, rng.randint(3, 5))
    scope = Partnership.Scope.EXTERNAL
    if len(internal) > 1 and rng.random() < 0.2:
        # One in five also brings in another of the host's internal units.
        partners.append(rng.choice([o for o in internal if o is not host]))
        scope = Partnership.Scope.MIXED
    started = START + timedelta(days=rng.randint(0, 900), hours=rng.randint(0, 8))
    stage_path = rng.choices(
        [
            [Stage.EXPLORING],
            [Stage.EXPLORING, Stage.FORMING],
            [Stage.EXPLORING, Stage.CONCLUDED],
            [Stage.EXPLORING, Stage.FORMING, Stage.CONCLUDED],
        ],
        weights=[45, 40, 5, 10],
    )[0]
    partnership_id = partnerships.new_id()
    when, previous, last_change = started, "", started
    for stage in stage_path:
        changes.add(
            {
                "partnership_id": partnership_id,
                "from_stage": previous,
                "to_stage": stage,
                "changed_at": when,
                "note": "",
            }
        )
        previous, last_change = stage, when
        when += timedelta(days=rng.randint(20, 200))
    partnerships.add(
        {
            "id": partnership_id,
            "title": f"{_place(rng)} {rng.choice(TOPICS)} {rng.choice(FORMS)}",
            "purpose": f"Work with {len(partners)} partners on {rng.choice(CAUSES).lower()} "
            f"for the communities of {host[3]}.",
            "scope": scope,
            "stage": previous,
            "stage_changed_at": last_change,
            "created_at": started,
        }
    )
    members = [host, *partners]
    for org in members:
        kind = Membership.Kind.HOST if org is host else Membership.Kind.PARTNER
        memberships.add(
            {
                "partnership_id": partnership_id,
                "organization_id": org[0],
                "kind": kind,
                "joined_on": started.date(),
                "created_at": started,
            }
        )
    holders: list[tuple[int, int, str]] = []  # (person, organization, role)
    steward = rng.choice(context.people_of[host[0]])
    holders.append((steward, host[0], Role.STEWARD))
    directors = [(org[0], rng.choice(context.people_of[org[0]])) for org in members]
    holders += [(person, org_id, Role.PROJECT_DIRECTOR) for org_id, person in directors]
    director_ids = {person for _org, person in directors}
    others = [
        (person, org[0])
        for org in partners
        for person in context.people_of[org[0]]
        if person not in director_ids
    ]
    for person, org_id in rng.sample(others, min(2, len(others))):
        holders.append((person, org_id, Role.CONTRIBUTOR))
    viewers = [p for p in context.people_of[host[0]] if p != steward] or [steward]
    holders.append((rng.choice(viewers), host[0], Role.VIEWER))
    for person, org_id, role in holders:
        roles.add(
            {
                "partnership_id": partnership_id,
                "person_id": person,
                "role": role,
                "organization_id": org_id,
            }
        )
    context.partnerships.append(partnership_id)
    context.members[partnership_id] = [org[0] for org in members]
    context.role_holders[partnership_id] = [(person, role) for person, _org, role in holders]


def _existing_names(names: list[str]) -> int:
    found = 0
    for start in range(0, len(names), BATCH):
        found += Organization.objects.filter(name__in=names[start : start + BATCH]).count()
    return found


def _first_names(n: int, seed: int, sample: int = 50) -> list[str]:
    """The names of the first organizations a run would write, to tell whether it was written."""
    drawn = _organizations(random.Random(seed), lambda row: 0, n, limit=sample)
    return [name for _pk, name, _kind, _city in drawn]


def build_scale(n: int, *, seed: int = DEFAULT_SEED) -> dict[str, int] | None:
    """Write the generated portfolio; None when exactly this data set is already there.

    Raises ValueError when only part of it is (another --scale or --seed wrote into this
    database): organization names are unique, so the two cannot be mixed. Rows stream through
    the bulk path (accord/core/bulk.py) with their history rows, in constant memory.
    """
    names = _first_names(n, seed)
    existing = _existing_names(names)
    if existing == len(names) and Organization.objects.count() >= n * ORGS_PER_PARTNERSHIP:
        return None
    if existing:
        raise ValueError(
            f"{existing} of the first {len(names)} generated organizations already exist in "
            "this database (written by another --scale or --seed). Use an empty database."
        )
    reason = f"accord seed --scale {n} --seed {seed}"
    rng = random.Random(seed)
    context = ScaleContext(n=n, seed=seed, rng=rng, reason=reason)
    now = timezone.now()

    def writer(model, **kwargs):
        return BulkWriter(model, history_reason=reason, history_date=now, **kwargs)

    with writer(Organization) as organizations_out:
        organizations = _organizations(rng, organizations_out.add, n)
    with writer(Person) as people_out:
        _people(rng, people_out, organizations, context)
    internal = [o for o in organizations if o[2] == Organization.Kind.INTERNAL]
    external = [o for o in organizations if o[2] == Organization.Kind.EXTERNAL]
    writers = (
        writer(Partnership),
        writer(Membership),
        writer(PartnershipRole),
        writer(StageChange, history=False),
    )
    for _ in range(n):
        _partnership(rng, writers, internal, external, context)
    counts = {
        "organizations": organizations_out.written,
        "people": people_out.written,
        "partnerships": writers[0].close(),
        "memberships": writers[1].close(),
        "roles": writers[2].close(),
        "stage changes": writers[3].close(),
    }
    context.counts = counts
    for hook in SCALE_HOOKS:
        counts |= hook(context) or {}
    return counts


def refresh_statistics() -> list[str]:
    """ANALYZE the tables build_scale wrote, on PostgreSQL; the names of the tables analyzed.

    PostgreSQL plans from statistics that only ANALYZE gathers. After a bulk load, until
    autovacuum gets to it (never, when it is off), the planner takes the new tables for empty and
    picks nested loops that cost 50 ms a page instead of 1 ms. SQLite plans without statistics.
    """
    if connection.vendor != "postgresql":
        return []
    historied = (Organization, Person, Partnership, Membership, PartnershipRole, *SCALE_MODELS)
    histories = [model.history.model for model in historied if hasattr(model, "history")]
    models = [*historied, *histories, StageChange]
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    return tables
