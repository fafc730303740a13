"""Demo data for pillar 3 (R1): stakeholder groups in the directory, the organizations that
represent them, and the groups each demo partnership names as affected.

"Bridges to Civil Engineering Careers" names four groups; first-generation college students are
represented by no member organization, so its Stakeholders page flags them. Its planning
committee seats the tribal college's community once, without a vote: lone representative, token
share and no vote are flagged. In the "Resilient Eastside Water Compact" design working group,
the residents' organizer attends every meeting and is never recorded as contributing: never
heard. Every record is
keyed by a natural key (the group's name), so loading the demo again changes nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accord.directory.models import GroupRepresentation, StakeholderGroup
from accord.directory.services_groups import group_create, representation_add

from .models import AffectedGroup, Body
from .services import affected_group_add
from .services_bodies import ContributionEntry, body_create, meeting_record, seat_add

LED, SERVES, INCLUDES = (
    GroupRepresentation.How.LED_BY,
    GroupRepresentation.How.SERVES,
    GroupRepresentation.How.INCLUDES,
)

# key: (name, description, how partnerships affect them, reference share)
GROUPS = {
    "tribal": (
        "Tribal-nation students and their communities",
        "Students of tribal nations and the communities their colleges serve.",
        "Engineering pathways and internships open, or stay closed, to them.",
        Decimal("0.08"),
    ),
    "black": (
        "Black students and families",
        "Students at HBCUs and Black students at other campuses, with their families.",
        "Bridge programs, internships and mentoring are planned for them.",
        Decimal("0.30"),
    ),
    "latino": (
        "Hispanic and Latino students",
        "Students at Hispanic-serving institutions and their families.",
        "Bridge programs, internships and mentoring are planned for them.",
        Decimal("0.35"),
    ),
    "firstgen": (
        "First-generation college students",
        "Students whose parents did not complete a four-year degree.",
        "Most of the pathway's students are the first in their family at college.",
        Decimal("0.27"),
    ),
    "eastside": (
        "Eastside residents",
        "People who live and work in the Eastside's flood-prone neighbourhoods.",
        "Flood works are built in their streets; they live with the result.",
        None,
    ),
    "travellers": (
        "Disabled, older and low-income travellers",
        "People who walk, roll or take transit and whom street design serves least well.",
        "The standards under review decide how streets are built for them.",
        None,
    ),
}
# (group key, organization key, how)
REPRESENTATIONS = [
    ("tribal", "redcedar", LED),
    ("black", "carver", SERVES),
    ("latino", "riobravo", SERVES),
    ("eastside", "eastside", LED),
    ("eastside", "water", SERVES),
    ("travellers", "transport", SERVES),
]
# partnership key: the group keys it names as affected
AFFECTED = {
    "bridges": ["tribal", "black", "latino", "firstgen"],
    "eastside": ["eastside"],
    "standards": ["travellers"],
}


def seed_demo(context) -> None:
    """The groups, who represents them and the affected groups, and the bodies, each once."""
    seed_bodies(context, seed_groups(context))


def seed_groups(context) -> dict:
    """The groups, who represents them and the affected groups, each once (run before the
    other pillars' demo: a partnership becomes active only with an affected group named)."""
    groups = {}
    for key, (name, description, how_affected, share) in GROUPS.items():
        group = StakeholderGroup.objects.filter(name=name).first()
        if group is None:
            group = group_create(
                name=name,
                description=description,
                how_affected=how_affected,
                reference_share=share,
            )
            context.log.append(f"stakeholder group {group}")
        groups[key] = group
    for group_key, org_key, how in REPRESENTATIONS:
        group, organization = groups[group_key], context.organizations[org_key]
        if not GroupRepresentation.objects.filter(group=group, organization=organization).exists():
            representation_add(group=group, organization=organization, how=how)
    for partnership_key, keys in AFFECTED.items():
        partnership = context.partnerships[partnership_key]
        for key in keys:
            if not AffectedGroup.objects.filter(
                partnership=partnership, group=groups[key]
            ).exists():
                affected_group_add(partnership=partnership, group=groups[key])
    return groups


# body key: (partnership, name, kind, purpose, seats), a seat: (person, group key or None, votes)
BODIES = {
    "bridges": (
        "bridges",
        "Bridges planning committee",
        Body.Kind.COMMITTEE,
        "Plans the summer bridge programs and the internship placements each year.",
        [
            ("grant", None, True),
            ("mensah", "black", True),
            ("mendoza", "latino", True),
            ("ruiz", "latino", True),
            ("fischer", None, True),
            ("okafor", None, True),
            ("lee", None, True),
            ("whitehorse", "tribal", False),
        ],
    ),
    "eastside": (
        "eastside",
        "Eastside design working group",
        Body.Kind.WORKING_GROUP,
        "Designs the flood works street by street with the residents.",
        [
            ("osei", None, True),
            ("sorensen", None, True),
            ("ortega", "eastside", True),
            ("holloway", "eastside", True),
            ("delaney", None, True),
        ],
    ),
}
MEETINGS = 6  # one a month, the last a fortnight ago


def seed_bodies(context, groups) -> None:
    """The two bodies, their seats and a half year of meetings, once."""
    today = timezone.localdate()
    start = today - timedelta(days=30 * MEETINGS + 14)
    for key, (partnership_key, name, kind, purpose, seats) in BODIES.items():
        partnership = context.partnerships[partnership_key]
        if Body.objects.filter(partnership=partnership, name=name).exists():
            continue
        body = body_create(partnership=partnership, name=name, kind=kind, purpose=purpose)
        seated = {}
        for person_key, group_key, votes in seats:
            seated[person_key] = seat_add(
                body=body,
                person=context.people[person_key],
                since=start,
                votes=votes,
                group=groups[group_key] if group_key else None,
            )
        for month in range(MEETINGS):
            held_on = start + timedelta(days=30 * month + 14)
            # Everyone speaks at each meeting but the community seats that the story is about.
            quiet = ("holloway", "whitehorse")
            entries = [
                ContributionEntry(seated[p].pk, "comment", "Recorded comment.")
                for p, _, _ in seats
                if p not in quiet
            ]
            entries[month % len(entries)] = ContributionEntry(
                entries[month % len(entries)].seat_id, "proposal", "A proposal for the next step."
            )
            if key == "bridges" and month == 0:
                entries.append(
                    ContributionEntry(seated["whitehorse"].pk, "comment", "Asked for a vote.")
                )
            meeting_record(
                body=body,
                held_on=held_on,
                title=f"{name}, meeting {month + 1}",
                present={seat.pk for seat in seated.values()},
                contributions=entries,
            )
        context.log.append(f"{body} with {len(seated)} seats and {MEETINGS} meetings")
