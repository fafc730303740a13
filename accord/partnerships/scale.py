"""The scale generator behind `accord seed --scale N`: a large, deterministic portfolio.

The same N and seed always give the same organizations, people, partnerships, memberships, roles
and lifecycle history. Rows are written with bulk inserts in batches, each with its history row
(`bulk_create_with_history`), so the audit trail is as complete as for data entered by hand.
The values are valid by construction, which is why no per-row service or full_clean runs here.

Stages stay within what the lifecycle allows without an executed MOU (practice L5 is not built
yet): exploring, forming, and partnerships concluded from either.
"""

import random
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accord.core.access import Role
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


def generate(n: int, *, seed: int = DEFAULT_SEED) -> dict[str, list]:
    """Build (without saving) the rows for n partnerships; foreign keys hold unsaved objects."""
    rng = random.Random(seed)
    organizations, taken = [], set()
    for _ in range(n * ORGS_PER_PARTNERSHIP):
        subtype = _pick(rng, SUBTYPE_WEIGHTS)
        name = _org_name(rng, subtype, taken)
        taken.add(name)
        organizations.append(
            Organization(
                name=name,
                kind=Organization.Kind.INTERNAL
                if subtype in INTERNAL
                else Organization.Kind.EXTERNAL,
                subtype=subtype,
                mission=f"{name} works for {rng.choice(CAUSES).lower()} and "
                f"{rng.choice(CAUSES).lower()} in the communities it serves.",
                values_statement="Equity, accountability, shared leadership.",
                website=f"https://www.{_slug(name)}.example.org/",
                city=_place(rng),
                country="United States",
            )
        )
    # Every generated pool has at least one internal host and enough external partners.
    organizations[0].kind, organizations[0].subtype = Organization.Kind.INTERNAL, ST.INSTITUTE
    people, people_of = [], {}
    for org in organizations:
        people_of[org.name] = []
        for _ in range(rng.randint(2, 4)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            person = Person(
                name=f"{first} {last}",
                email=f"{first.lower()}.{last.lower()}.{len(people) + 1}"
                f"@{_slug(org.name)}.example.org",
                organization=org,
                level=_pick(rng, LEVEL_WEIGHTS),
                title="Team member",
            )
            people.append(person)
            people_of[org.name].append(person)
    internal = [o for o in organizations if o.kind == Organization.Kind.INTERNAL]
    external = [o for o in organizations if o.kind == Organization.Kind.EXTERNAL]
    partnerships, memberships, roles, changes = [], [], [], []
    for _ in range(n):
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
        when, previous = started, ""
        partnership = Partnership(
            title=f"{_place(rng)} {rng.choice(TOPICS)} {rng.choice(FORMS)}",
            purpose=f"Work with {len(partners)} partners on {rng.choice(CAUSES).lower()} "
            f"for the communities of {host.city}.",
            scope=scope,
            created_at=started,
        )
        for stage in stage_path:
            changes.append(
                StageChange(
                    partnership=partnership, from_stage=previous, to_stage=stage, changed_at=when
                )
            )
            previous, last_change = stage, when
            when += timedelta(days=rng.randint(20, 200))
        partnership.stage, partnership.stage_changed_at = previous, last_change
        partnerships.append(partnership)
        for org in [host, *partners]:
            kind = Membership.Kind.HOST if org is host else Membership.Kind.PARTNER
            memberships.append(
                Membership(
                    partnership=partnership,
                    organization=org,
                    kind=kind,
                    joined_on=started.date(),
                    created_at=started,
                )
            )
        steward = rng.choice(people_of[host.name])
        roles.append(
            PartnershipRole(
                partnership=partnership, person=steward, role=Role.STEWARD, organization=host
            )
        )
        directors = [(org, rng.choice(people_of[org.name])) for org in [host, *partners]]
        roles += [
            PartnershipRole(
                partnership=partnership, person=p, role=Role.PROJECT_DIRECTOR, organization=org
            )
            for org, p in directors
        ]
        directors = [p for _org, p in directors]
        others = [p for org in partners for p in people_of[org.name] if p not in directors]
        for person in rng.sample(others, min(2, len(others))):
            roles.append(
                PartnershipRole(
                    partnership=partnership,
                    person=person,
                    role=Role.CONTRIBUTOR,
                    organization=person.organization,
                )
            )
        viewers = [p for p in people_of[host.name] if p is not steward] or [steward]
        viewer = rng.choice(viewers)
        roles.append(
            PartnershipRole(
                partnership=partnership, person=viewer, role=Role.VIEWER, organization=host
            )
        )
    return {
        "organizations": organizations,
        "people": people,
        "partnerships": partnerships,
        "memberships": memberships,
        "roles": roles,
        "stage changes": changes,
    }


def _existing_names(names: list[str]) -> int:
    found = 0
    for start in range(0, len(names), BATCH):
        found += Organization.objects.filter(name__in=names[start : start + BATCH]).count()
    return found


def build_scale(n: int, *, seed: int = DEFAULT_SEED) -> dict[str, int] | None:
    """Write the generated portfolio; None when exactly this data set is already there.

    Raises ValueError when only part of it is (another --scale or --seed wrote into this
    database): organization names are unique, so the two cannot be mixed.
    """
    rows = generate(n, seed=seed)
    names = [org.name for org in rows["organizations"]]
    existing = _existing_names(names)
    if existing == len(names):
        return None
    if existing:
        raise ValueError(
            f"{existing} of the {len(names)} generated organizations already exist in this "
            "database (written by another --scale or --seed). Use an empty database."
        )
    now = timezone.now()
    reason = f"accord seed --scale {n} --seed {seed}"

    # Foreign keys hold the related objects; Django fills in their ids once those are saved.
    for key, model in (
        ("organizations", Organization),
        ("people", Person),
        ("partnerships", Partnership),
        ("memberships", Membership),
        ("roles", PartnershipRole),
    ):
        bulk_create_with_history(
            rows[key], model, batch_size=BATCH, default_date=now, default_change_reason=reason
        )
    # Stage changes keep their own dates and have no separate history table.
    StageChange.objects.bulk_create(rows["stage changes"], batch_size=BATCH)
    return {name: len(objs) for name, objs in rows.items()}


def refresh_statistics() -> list[str]:
    """ANALYZE the tables build_scale wrote, on PostgreSQL; the names of the tables analyzed.

    PostgreSQL plans from statistics that only ANALYZE gathers. After a bulk load, until
    autovacuum gets to it (never, when it is off), the planner takes the new tables for empty and
    picks nested loops that cost 50 ms a page instead of 1 ms. SQLite plans without statistics.
    """
    if connection.vendor != "postgresql":
        return []
    historied = (Organization, Person, Partnership, Membership, PartnershipRole)
    models = [*historied, *(model.history.model for model in historied), StageChange]
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    return tables
