"""Demo data for pillar 3 (R1): stakeholder groups in the directory, the organizations that
represent them, and the groups each demo partnership names as affected.

"Bridges to Civil Engineering Careers" names four groups; first-generation college students are
represented by no member organization, so its Stakeholders page flags them. Every record is
keyed by a natural key (the group's name), so loading the demo again changes nothing.
"""

from decimal import Decimal

from accord.directory.models import GroupRepresentation, StakeholderGroup
from accord.directory.services_groups import group_create, representation_add

from .models import AffectedGroup
from .services import affected_group_add

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
}
# (group key, organization key, how)
REPRESENTATIONS = [
    ("tribal", "redcedar", LED),
    ("black", "carver", SERVES),
    ("latino", "riobravo", SERVES),
    ("eastside", "eastside", LED),
    ("eastside", "water", SERVES),
]
# partnership key: the group keys it names as affected
AFFECTED = {
    "bridges": ["tribal", "black", "latino", "firstgen"],
    "eastside": ["eastside"],
}


def seed_demo(context) -> None:
    """The groups, who represents them and the affected groups, each once."""
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
