"""Demo data for the charter (A2, A3): an agreed charter with a newer version open for comment on
"Bridges to Civil Engineering Careers", and a first draft on "Resilient Eastside Water Compact".

Everything goes through the charter services, so their rules and the audit trail apply. Each
step checks what is already there, so loading the demo again changes nothing.
"""

from accord.core.audit import acting_as

from ..models import CharterComment, CharterEndorsement, CharterVersion
from ..services.charter import (
    charter_comment_add,
    charter_endorse,
    charter_version_create,
    charter_version_move,
    charter_version_update,
)

Status = CharterVersion.Status

# fmt: off
BRIDGES_V1 = {
    "vision": (
        "Every student from an HBCU, HSI or tribal-college community who wants a career in civil "
        "engineering can find a clear path to it. The path runs from high school, through "
        "college, to a first job and a professional license. Our partners build that path "
        "together and keep it open."
    ),
    "values": [
        ("Students first",
         "We design every program around what students tell us they need. Students sit on the "
         "planning group, and we pay them for their time."),
        ("Respect for each community",
         "Each campus knows its students best. We follow each partner's calendar, languages and "
         "ways of deciding. We do not ask one campus to copy another."),
        ("Shared responsibility",
         "Every partner commits only the people and money it can deliver. Each year we report "
         "what we promised and what we did."),
        ("A path, not a one-time event",
         "A summer program is a start, not the goal. Mentors stay with students through "
         "internships, the first job and the licensing exam."),
    ],
    "benefits": {
        "scee": "Reaches students the profession has missed so far and welcomes them as members. "
                "Learns from partner campuses how to make its own programs more welcoming.",
        "carver": "Paid internships and mentors for its engineering students. Stronger ties with "
                  "employers across the South.",
        "riobravo": "Bilingual mentors and summer placements close to home. Transfer students "
                    "from community colleges get a clear route into engineering.",
        "redcedar": "Internships that respect tribal control of land and data. Its graduates "
                    "become mentors for the next class.",
        "eec": "Volunteers who reflect the communities they serve. Students join "
               "community-led projects and learn to work with residents.",
    },
}

BRIDGES_V2_CHANGES = {
    "vision": BRIDGES_V1["vision"] + " Students, families and community members help shape "
    "every part of it.",
    "values": [
        *BRIDGES_V1["values"],
        ("Families are partners too",
         "Families help students decide. We hold information sessions in the evening, in "
         "English and Spanish, with food and childcare."),
    ],
}

BRIDGES_V1_COMMENTS = [
    ("okafor", "The society supports this draft. The values are short enough to print on one "
               "page, which is what we hoped for."),
    ("lee", "Could the last value name the licensing exam? Many of our volunteers stopped "
            "there."),
]
BRIDGES_V2_COMMENTS = [
    ("johnson", "As a student, being paid for our time matters a lot: many of us work in the "
                "evenings. Could the charter also say that internships pay a fair wage?"),
    ("brooks", "Families often hear about these programs last. The new value about families is "
               "welcome. Please hold some sessions in the neighbourhoods, not only on campus."),
    ("mendoza", "Rio Bravo supports the new value. We can host two evening sessions in Spanish "
                "each semester."),
    ("herrera", "Please keep the text short. My parents will read the Spanish version, so plain "
                "words help."),
]
# Who endorses version 1 for each member organization: leaders and project directors.
BRIDGES_ENDORSERS = {
    "scee": "okafor", "carver": "mensah", "riobravo": "ruiz", "redcedar": "fairbanks",
    "eec": "fischer",
}

EASTSIDE_DRAFT = {
    "vision": (
        "The Eastside floods no more often than any other part of the city. Residents help plan "
        "and design every project that changes their streets. Everyone can see what was "
        "promised and what was done."
    ),
    "values": [
        ("Residents decide with us",
         "Eastside residents are at the table from the first plan to the final design. Meetings "
         "are in the evening, with food, childcare and interpreters."),
        ("Open information",
         "We share flood data, plans and budgets in plain language, in English, Spanish and "
         "Hmong."),
    ],
    "benefits": {
        "water": "Fewer emergency repairs, and more trust from the neighbourhood it serves.",
        "eastside": "A real say in the projects and a public record of what was promised.",
    },
}
# fmt: on


def seed(context) -> None:
    """Add the charter demo records (called by `accord seed --demo`; idempotent)."""
    steward = context.users.get("steward")
    with acting_as(steward):
        _bridges(context, steward)
        _eastside(context, steward)


def _text(context, spec: dict) -> dict:
    values = [{"id": None, "name": name, "meaning": meaning} for name, meaning in spec["values"]]
    text = {"vision": spec["vision"], "values": values}
    if "benefits" in spec:
        organizations = context.organizations
        text["benefits"] = {organizations[key].pk: body for key, body in spec["benefits"].items()}
    return text


def _version(context, partnership, number: int, by) -> CharterVersion | None:
    version = CharterVersion.objects.filter(partnership=partnership, number=number).first()
    if version is None:
        if partnership.charter_versions.exclude(status=Status.FINAL).exists():
            return None  # someone is working on another version: leave it alone
        version = charter_version_create(partnership=partnership, created_by=by)
        context.log.append(f"charter version {number} of {partnership}")
    return version


def _comment(context, version, person_key: str, body: str) -> None:
    person = context.people[person_key]
    if not CharterComment.objects.filter(version=version, person=person, body=body).exists():
        with acting_as(person.user):
            charter_comment_add(version=version, person=person, body=body)
        context.log.append(f"charter comment by {person}")


def _bridges(context, steward) -> None:
    partnership = context.partnerships["bridges"]
    first = _version(context, partnership, 1, steward)
    if first is None:
        return
    if first.status == Status.DRAFT:
        charter_version_update(version=first, **_text(context, BRIDGES_V1))
        charter_version_move(version=first, to_status=Status.OPEN)
    if first.status == Status.OPEN:
        for person_key, body in BRIDGES_V1_COMMENTS:
            _comment(context, first, person_key, body)
        charter_version_move(version=first, to_status=Status.FINAL)
    second = CharterVersion.objects.filter(partnership=partnership, number=2).first()
    if second is None:
        # Endorse version 1 before a newer final version could exist: it is the agreed one.
        for org_key, person_key in BRIDGES_ENDORSERS.items():
            organization = context.organizations[org_key]
            if not CharterEndorsement.objects.filter(
                version=first, organization=organization
            ).exists():
                person = context.people[person_key]
                with acting_as(person.user):
                    charter_endorse(version=first, person=person)
                context.log.append(f"charter endorsement by {organization}")
        second = _version(context, partnership, 2, steward)
        if second is None:
            return
        charter_version_update(version=second, **_text(context, BRIDGES_V2_CHANGES))
        charter_version_move(version=second, to_status=Status.OPEN)
    if second.status == Status.OPEN:
        for person_key, body in BRIDGES_V2_COMMENTS:
            _comment(context, second, person_key, body)


def _eastside(context, steward) -> None:
    partnership = context.partnerships["eastside"]
    if partnership.charter_versions.exists():
        return
    draft = _version(context, partnership, 1, steward)
    if draft is not None:
        charter_version_update(version=draft, **_text(context, EASTSIDE_DRAFT))
