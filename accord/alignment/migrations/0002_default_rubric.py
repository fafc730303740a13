"""The default alignment rubric written for Accord (A1).

Seven criteria, each with a weight and a description of every score from 1 to 5. Platform
administrators may edit it until an assessment uses it, or copy it into rubrics of their own.
"""

from decimal import Decimal

from django.db import migrations

NAME = "Accord default alignment rubric"
DESCRIPTION = (
    "How well a candidate organization's mission, values and practice fit a partnership that "
    "advances justice, equity, diversity and inclusion. Score each criterion from the evidence "
    "you have seen, not from reputation; say in the note what the score rests on."
)

CRITERIA = [
    (
        "Mission fit",
        "How closely the organization's mission and current priorities match the partnership's "
        "purpose.",
        "2",
        [
            "The missions point in different directions; the partnership's purpose is not part "
            "of what the organization does.",
            "Some overlap in subject, but the purpose would be a side project for them.",
            "The purpose fits one of their stated priorities, though not a central one.",
            "The purpose is central to their mission; they name it in their own plans.",
            "The purpose is core to their mission and they already lead work on it.",
        ],
    ),
    (
        "Shared JEDI values",
        "Whether the organization holds justice, equity, diversity and inclusion as values of its "
        "own, in words and in choices.",
        "2",
        [
            "No stated commitment to justice, equity, diversity or inclusion.",
            "General statements only, with nothing that shows how they guide decisions.",
            "A published commitment that names specific goals.",
            "Commitments with goals and named people accountable for them.",
            "JEDI values visibly shape their strategy, budget and leadership decisions.",
        ],
    ),
    (
        "Track record of JEDI practice",
        "What the organization has actually done: programs, data it reports, results over time.",
        "1.5",
        [
            "No programs or data that show practice.",
            "One-off activities without follow-up or reported results.",
            "Ongoing programs, with some reporting of participation.",
            "Sustained programs with reported outcomes and demographic data.",
            "Years of programs with published outcomes that others learn from.",
        ],
    ),
    (
        "Representation of impacted stakeholders",
        "Whether the organization represents, includes or is led by the communities the "
        "partnership aims to serve.",
        "1.5",
        [
            "Impacted communities are absent from its membership and leadership.",
            "Impacted communities are served but have no voice in decisions.",
            "Impacted communities take part through advisory roles.",
            "Impacted communities hold seats with decision rights.",
            "The organization is led by, or accountable to, the impacted communities.",
        ],
    ),
    (
        "Capacity and resources",
        "Whether the organization can bring people, time, money or in-kind support to the "
        "partnership for its whole term.",
        "1",
        [
            "No capacity to contribute beyond its name.",
            "Occasional volunteer time, with no committed resources.",
            "A named contact with some committed time.",
            "Committed staff time and some financial or in-kind resources.",
            "Dedicated staff and resources for the full term, approved by its leadership.",
        ],
    ),
    (
        "History of collaboration",
        "How the organization has worked with partners before, with the host or with others.",
        "1",
        [
            "Past collaborations ended badly or without follow-through.",
            "Little experience of partnering.",
            "Some successful collaborations with others.",
            "Successful collaborations, including with organizations like the host.",
            "A long, trusted record of partnering, with references that confirm it.",
        ],
    ),
    (
        "Cultural compatibility",
        "How well the organizations' ways of deciding, communicating and working can be "
        "combined, with respect for each other's culture.",
        "1",
        [
            "Ways of working clash in ways neither side is willing to adapt to.",
            "Large differences, with little awareness of them so far.",
            "Differences are known and both sides are open to adapting.",
            "Compatible ways of working, with practical plans for the differences.",
            "Ways of working complement each other; both already plan around them.",
        ],
    ),
]


def create_default_rubric(apps, schema_editor):
    Rubric = apps.get_model("alignment", "Rubric")
    Criterion = apps.get_model("alignment", "Criterion")
    if Rubric.objects.filter(name=NAME).exists():
        return
    rubric = Rubric.objects.create(name=NAME, description=DESCRIPTION, is_default=True)
    for position, (name, description, weight, levels) in enumerate(CRITERIA, start=1):
        Criterion.objects.create(
            rubric=rubric,
            name=name,
            description=description,
            weight=Decimal(weight),
            position=position,
            **{f"level_{score}": text for score, text in enumerate(levels, start=1)},
        )


def remove_default_rubric(apps, schema_editor):
    Rubric = apps.get_model("alignment", "Rubric")
    Rubric.objects.filter(name=NAME, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("alignment", "0001_initial")]

    operations = [migrations.RunPython(create_default_rubric, remove_default_rubric)]
