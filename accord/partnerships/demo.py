"""The demo data behind `accord seed --demo`: a host society, its partners, people and partnerships.

Every record is keyed by a natural key (organization name, person e-mail, username, partnership
title), so loading the demo again changes nothing: no new rows, no new history. Partnerships move
through their lifecycle only through `partnership_transition`, never by setting the stage.

Every organization and person here is invented; the websites use example.org.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from accord.core.access import Role
from accord.core.services import apply_changes, save_validated
from accord.directory.models import Organization, Person
from accord.partnerships.management.commands.demo_logins import DEMO_LOGINS, DEMO_PASSWORD

from .models import Membership, Partnership, PartnershipRole
from .services import (
    membership_add,
    partnership_create,
    partnership_transition,
    partnership_update,
    role_assign,
)

INT, EXT = Organization.Kind.INTERNAL, Organization.Kind.EXTERNAL
ST = Organization.Subtype
LV = Person.Level

HOST = "scee"

# fmt: off
# key: (name, kind, subtype, domain, city, region, mission, vision, values, JEDI practices)
ORGANIZATIONS = {
    "scee": (
        "Society of Civil and Environmental Engineers (SCEE)", INT, ST.PROFESSIONAL_SOCIETY,
        "scee", "Arlington", "Virginia",
        "Advance the civil and environmental engineering profession so that it serves every "
        "community fairly, and open its doors to everyone with the talent to join it.",
        "Infrastructure that every community helped shape and every community can rely on.",
        "Integrity, stewardship of the public good, respect, and shared responsibility.",
        "Publishes a yearly JEDI report, funds scholarships for first-generation students, and "
        "requires inclusive-leadership training for every section chair.",
    ),
    "coastal": (
        "SCEE Coastal and Water Resilience Institute", INT, ST.INSTITUTE,
        "coastal.scee", "Norfolk", "Virginia",
        "Help coastal and river communities plan water infrastructure that withstands floods "
        "and droughts, starting with the neighbourhoods most exposed to them.",
        "No community left to face rising water alone.",
        "Evidence first, listening to residents, open data.",
        "Holds its design charrettes in the affected neighbourhoods, with interpreters and "
        "childcare, and pays community members for their time.",
    ),
    "transport": (
        "SCEE Transportation Equity Institute", INT, ST.INSTITUTE,
        "transport.scee", "Chicago", "Illinois",
        "Make transportation planning and design serve people who walk, roll and ride transit "
        "as well as it serves people who drive.",
        "Every neighbourhood within safe reach of work, school and care.",
        "Fairness, safety, measurable results.",
        "Reviews design standards for their effect on disabled, older and low-income travellers "
        "and publishes the findings.",
    ),
    "siep": (
        "Society for Inclusive Engineering Practice (SIEP)", EXT, ST.PROFESSIONAL_SOCIETY,
        "siep", "Atlanta", "Georgia",
        "Support engineers from groups the profession has under-represented, through mentoring, "
        "career development and advocacy.",
        "An engineering workforce that looks like the public it serves.",
        "Community, mentorship, excellence, courage.",
        "Runs a national mentoring network and an annual conference with travel grants for "
        "students and early-career members.",
    ),
    "carver": (
        "Carver Heights University", EXT, ST.UNIVERSITY,
        "carverheights", "Montgomery", "Alabama",
        "Carver Heights is a historically Black university (HBCU) that educates engineers, "
        "scientists and teachers who lead in their communities.",
        "Graduates who build the South's next century of infrastructure.",
        "Excellence, heritage, service, uplift.",
        "Summer bridge program for incoming engineering students; paid undergraduate research "
        "positions; partnerships with local high schools.",
    ),
    "riobravo": (
        "Rio Bravo State University", EXT, ST.UNIVERSITY,
        "riobravo", "El Paso", "Texas",
        "Rio Bravo State is a Hispanic-serving institution (HSI) on the border that opens "
        "engineering careers to first-generation and bilingual students.",
        "A border region whose engineers come from the region.",
        "Access, family, bilingual excellence, service to the region.",
        "Bilingual advising, transfer pathways from community colleges, and emergency grants "
        "that keep students enrolled.",
    ),
    "redcedar": (
        "Red Cedar Tribal College", EXT, ST.UNIVERSITY,
        "redcedar", "Bismarck", "North Dakota",
        "Red Cedar is a tribal college chartered by its tribal nation: it teaches engineering "
        "technology grounded in the nation's language, land and sovereignty.",
        "Tribal engineers who design the infrastructure of their own nations.",
        "Respect, reciprocity, sovereignty, care for the land.",
        "Courses co-taught with elders; research agreements that keep data under tribal control.",
    ),
    "eec": (
        "Engineers for Equitable Communities", EXT, ST.NONPROFIT,
        "eec", "Oakland", "California",
        "Bring volunteer engineers to community-led projects in neighbourhoods that public "
        "investment has passed over.",
        "Communities that direct the engineering done in them.",
        "Community leadership, humility, accountability.",
        "Projects start only when a resident group asks; volunteers train in anti-racist "
        "practice before their first project.",
    ),
    "keystone": (
        "Keystone Bridgeworks, Inc.", EXT, ST.COMPANY,
        "keystonebridgeworks", "Pittsburgh", "Pennsylvania",
        "Design and rehabilitate bridges and structures safely, on time and with the communities "
        "around them.",
        "The most trusted structural firm in the region, and the most welcoming place to work.",
        "Safety, craft, honesty, inclusion.",
        "Paid internships reserved for students from partner HBCUs and HSIs; supplier-diversity "
        "targets published yearly.",
    ),
    "water": (
        "Metro Valley Regional Water Authority", EXT, ST.PUBLIC_AGENCY,
        "metrovalleywater", "Sacramento", "California",
        "Deliver safe, affordable drinking water and wastewater service to the whole valley.",
        "Water service that every household can afford and trust.",
        "Public health, transparency, affordability.",
        "Customer-assistance program for low-income households; public meetings in English, "
        "Spanish and Hmong.",
    ),
    "eastside": (
        "Eastside Neighbors for Clean Water", EXT, ST.COMMUNITY_GROUP,
        "eastsideneighbors", "Sacramento", "California",
        "Residents of the Eastside organizing for safe water, working drains and a voice in the "
        "projects that change the neighbourhood.",
        "An Eastside that floods no more than any other part of the city.",
        "Neighbours first, persistence, shared knowledge.",
        "Meetings in the evening with food and childcare; everything translated; decisions by "
        "the residents who attend.",
    ),
}

# key: (name, organization key, title, level, username or None)
PEOPLE = {
    "whitfield": ("Dana Whitfield", "scee", "Director, Office of JEDI", LV.EXECUTIVE, "admin"),
    "vega": ("Marisol Vega", "scee", "Senior manager, strategic partnerships", LV.MANAGER,
             "steward"),
    "okafor": ("Harold Okafor", "scee", "Executive director", LV.EXECUTIVE, None),
    "grant": ("Priscilla Grant", "scee", "Education programs manager", LV.MANAGER, None),
    "osei": ("Samuel Osei", "scee", "Manager, community infrastructure programs", LV.MANAGER,
             None),
    "chen": ("Robert Chen", "scee", "Member, board of direction", LV.VOLUNTEER, "viewer"),
    "sorensen": ("Lena Sorensen", "coastal", "Institute director", LV.SENIOR_LEADER, None),
    "santos": ("Miguel Santos", "coastal", "Student fellow", LV.STUDENT, None),
    "rahman": ("Aisha Rahman", "transport", "Institute director", LV.SENIOR_LEADER, None),
    "carter": ("Ben Carter", "transport", "Standards committee chair", LV.VOLUNTEER, None),
    "adeyemi": ("Grace Adeyemi", "siep", "Executive director", LV.EXECUTIVE, None),
    "nguyen": ("Tom Nguyen", "siep", "Mentoring program coordinator", LV.STAFF, None),
    "mensah": ("Kwame Mensah", "carver", "Associate dean of engineering", LV.SENIOR_LEADER,
               "director"),
    "johnson": ("Imani Johnson", "carver", "Civil engineering student", LV.STUDENT, None),
    "ruiz": ("Elena Ruiz", "riobravo", "President", LV.EXECUTIVE, "leader"),
    "mendoza": ("Carlos Mendoza", "riobravo", "Chair, civil engineering", LV.MANAGER, None),
    "herrera": ("Sofia Herrera", "riobravo", "Engineering student", LV.STUDENT, None),
    "fairbanks": ("Winona Fairbanks", "redcedar", "President", LV.EXECUTIVE, None),
    "whitehorse": ("Daniel Whitehorse", "redcedar", "STEM programs coordinator", LV.STAFF, None),
    "fischer": ("Naomi Fischer", "eec", "Executive director", LV.EXECUTIVE, None),
    "lee": ("Jordan Lee", "eec", "Program coordinator", LV.STAFF, "contributor"),
    "delaney": ("Mark Delaney", "keystone", "Vice president, operations", LV.SENIOR_LEADER, None),
    "natarajan": ("Priya Natarajan", "keystone", "Structural engineer", LV.STAFF, "outsider"),
    "moore": ("Angela Moore", "water", "General manager", LV.EXECUTIVE, None),
    "ortega": ("Luis Ortega", "water", "Community liaison", LV.STAFF, None),
    "brooks": ("Tamika Brooks", "eastside", "Resident organizer", LV.COMMUNITY_MEMBER,
               "stakeholder"),
    "holloway": ("James Holloway", "eastside", "Volunteer chair", LV.VOLUNTEER, None),
}

R = Role
# key: title, purpose, scope, host, partner organizations, steward, other roles, lifecycle steps
PARTNERSHIPS = {
    "bridges": {
        "title": "Bridges to Civil Engineering Careers",
        "purpose": "Build a pathway from high school to a first engineering job for students from "
        "HBCU, HSI and tribal-college communities: summer bridge programs, paid internships and "
        "mentoring that continues after graduation.",
        "scope": Partnership.Scope.EXTERNAL,
        "partners": ["carver", "riobravo", "redcedar", "eec"],
        "steward": "vega",
        "roles": [
            ("grant", R.PROJECT_DIRECTOR), ("mensah", R.PROJECT_DIRECTOR),
            ("mendoza", R.PROJECT_DIRECTOR), ("whitehorse", R.PROJECT_DIRECTOR),
            ("fischer", R.PROJECT_DIRECTOR), ("okafor", R.LEADER), ("ruiz", R.LEADER),
            ("fairbanks", R.LEADER), ("lee", R.CONTRIBUTOR), ("johnson", R.CONTRIBUTOR),
            ("brooks", R.STAKEHOLDER), ("herrera", R.STAKEHOLDER), ("chen", R.VIEWER),
        ],
        "steps": [("forming", "The four partners agreed to draft a shared charter.")],
    },
    "eastside": {
        "title": "Resilient Eastside Water Compact",
        "purpose": "Explore a compact between residents, the water authority, the society's "
        "coastal institute and a local engineering firm to end repeated flooding on the "
        "Eastside, with residents in the planning and design of every project.",
        "scope": Partnership.Scope.MIXED,
        "partners": ["coastal", "water", "eastside", "keystone"],
        "steward": "vega",
        "roles": [
            ("osei", R.PROJECT_DIRECTOR), ("sorensen", R.PROJECT_DIRECTOR),
            ("ortega", R.PROJECT_DIRECTOR),
            ("holloway", R.PROJECT_DIRECTOR), ("delaney", R.PROJECT_DIRECTOR),
            ("moore", R.LEADER), ("santos", R.CONTRIBUTOR),
        ],
        "steps": [],
    },
    "standards": {
        "title": "Inclusive Design Standards Pilot",
        "purpose": "Pilot a joint review of two street-design standards for their effect on "
        "disabled, older and low-income travellers, with the Transportation Equity Institute "
        "and SIEP's practitioners.",
        "scope": Partnership.Scope.MIXED,
        "partners": ["transport", "siep"],
        "steward": "rahman",
        "roles": [
            ("grant", R.PROJECT_DIRECTOR), ("carter", R.PROJECT_DIRECTOR),
            ("adeyemi", R.PROJECT_DIRECTOR), ("nguyen", R.CONTRIBUTOR),
        ],
        # The pilot goes on to formalized, active and concluded in the leadership demo, once
        # its MOU is executed (a partnership is formalized only with an executed MOU).
        "steps": [
            ("forming", "Both partners named project directors and a review plan."),
        ],
    },
}
# fmt: on


# The demo data of later apps: each registers its `seed_demo(context)` from its AppConfig.ready.
DEMO_HOOKS: list = []


def register_demo(hook, *, first: bool = False) -> None:
    """Run `hook(context)` after the foundation's demo data (once per hook). A `first` hook runs
    before the others: what an earlier app's demo needs of a later one (a stage's requirement
    that the later app sets) is there in time."""
    if hook not in DEMO_HOOKS:
        if first:
            DEMO_HOOKS.insert(0, hook)
        else:
            DEMO_HOOKS.append(hook)


@dataclass
class DemoContext:
    """What the foundation demo built, by key, for the demo data of later apps (`seed_demo`)."""

    organizations: dict[str, Organization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    partnerships: dict[str, Partnership] = field(default_factory=dict)
    password: str = DEMO_PASSWORD
    log: list[str] = field(default_factory=list)

    @property
    def host(self) -> Organization:
        return self.organizations[HOST]


def _upsert(model, lookup: dict, values: dict):
    """Create the record, or bring it to `values`; save only what differs (so no new history)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return save_validated(model(**lookup, **values)), True
    changed = apply_changes(obj, values)
    if changed:
        save_validated(obj, update_fields=[*changed, "updated_at"])
    return obj, False


def _user(username: str, name: str, email: str):
    first, _, last = name.partition(" ")
    admin = username == "admin"
    values = {"email": email, "first_name": first, "last_name": last}
    values |= {"is_superuser": admin, "is_staff": admin, "is_active": True}
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, **values)
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user
    changed = apply_changes(user, values)
    # The printed logins must work: restore the demo password if someone changed it.
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    return user


def build_demo() -> DemoContext:
    """Load (or confirm) the foundation demo data; the caller wraps it in one transaction."""
    ctx = DemoContext()
    for key, row in ORGANIZATIONS.items():
        name, kind, subtype, domain, city, region, mission, vision, values, jedi = row
        ctx.organizations[key], created = _upsert(
            Organization,
            {"name": name},
            {
                "kind": kind,
                "subtype": subtype,
                "mission": mission,
                "vision": vision,
                "values_statement": values,
                "jedi_practices": jedi,
                "website": f"https://www.{domain}.example.org/",
                "city": city,
                "region": region,
                "country": "United States",
            },
        )
        if created:
            ctx.log.append(f"organization {name}")
    for key, (name, org_key, title, level, username) in PEOPLE.items():
        domain = ORGANIZATIONS[org_key][3]
        email = f"{name.split()[0].lower()}.{name.split()[-1].lower()}@{domain}.example.org"
        user = _user(username, name, email) if username else None
        if username:
            ctx.users[username] = user
        values = {
            "name": name,
            "organization": ctx.organizations[org_key],
            "title": title,
            "level": level,
        }
        if user is not None:
            values["user"] = user
        ctx.people[key], created = _upsert(Person, {"email": email}, values)
        if created:
            ctx.log.append(f"person {name}")
    assert set(ctx.users) == set(DEMO_LOGINS), "every demo login needs a person"
    for key, spec in PARTNERSHIPS.items():
        ctx.partnerships[key] = _partnership(ctx, spec)
    return ctx


def _partnership(ctx: DemoContext, spec: dict) -> Partnership:
    admin = ctx.users["admin"]
    partnership = Partnership.objects.filter(title=spec["title"]).first()
    if partnership is None:
        partnership = partnership_create(
            title=spec["title"],
            purpose=spec["purpose"],
            scope=spec["scope"],
            created_by=admin,
            host=ctx.host,
            steward=ctx.people[spec["steward"]],
        )
        ctx.log.append(f"partnership {spec['title']}")
    else:
        partnership_update(partnership=partnership, purpose=spec["purpose"], scope=spec["scope"])
    for org_key in [HOST, *spec["partners"]]:
        organization = ctx.organizations[org_key]
        current = Membership.objects.filter(
            partnership=partnership,
            organization=organization,
            left_on__isnull=True,
            archived_at__isnull=True,
        )
        if not current.exists():
            kind = Membership.Kind.HOST if org_key == HOST else Membership.Kind.PARTNER
            membership_add(partnership=partnership, organization=organization, kind=kind)
    for person_key, role in [(spec["steward"], Role.STEWARD), *spec["roles"]]:
        person = ctx.people[person_key]
        held = PartnershipRole.objects.active().filter(
            partnership=partnership, person=person, role=role
        )
        if not held.exists():
            role_assign(partnership=partnership, person=person, role=role)
    # The lifecycle moves go through the service, so its rules and history apply. A step already
    # recorded is not taken again.
    steward_user = ctx.people[spec["steward"]].user or admin
    for to_stage, note in spec["steps"]:
        if not partnership.stage_changes.filter(to_stage=to_stage).exists():
            partnership = partnership_transition(
                partnership=partnership, to_stage=to_stage, changed_by=steward_user, note=note
            )
            ctx.log.append(f"stage change of {spec['title']} to {to_stage}")
    return partnership
