"""The default collaboration survey instrument, written for Accord.

Six categories of the factors that research on collaboration names (the setting, the members, how
the work is organized, communication, purpose, resources), each factor measured by two or three
statements in Accord's own words, answered from 1 (strongly disagree) to 5 (strongly agree).
Loading it again writes nothing.
"""

from django.db import migrations

NAME = "Accord collaboration survey"
DESCRIPTION = (
    "How the people in a partnership experience working together. Each statement is answered "
    "from 1 (strongly disagree) to 5 (strongly agree); a factor's score is the mean of its "
    "statements over everyone who answered."
)
SCALE = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
]

# (category, [(factor key, factor name, description, [statements])])
CATEGORIES = [
    (
        "Environment",
        [
            (
                "track-record",
                "A track record of working together",
                "Partners, and the communities around them, have worked together before.",
                [
                    "Our organizations, or people in them, had worked together well before this "
                    "partnership began.",
                    "In the communities we serve, people expect organizations like ours to join "
                    "forces on problems like this one.",
                ],
            ),
            (
                "standing",
                "Standing in the community",
                "The partnership is seen as a credible actor on its issues.",
                [
                    "Community members see this partnership as a credible voice on the issues it "
                    "works on.",
                    "Leaders outside the partnership take our shared work seriously.",
                ],
            ),
            (
                "climate",
                "A supportive climate",
                "Decision-makers, funders and circumstances help the work.",
                [
                    "Decision-makers and funders around us support what this partnership is "
                    "trying to do.",
                    "The conditions around us help this work more than they hinder it.",
                ],
            ),
        ],
    ),
    (
        "Membership",
        [
            (
                "respect",
                "Respect and trust between partners",
                "Partners trust one another and respect each other's ways of working.",
                [
                    "Partners in this partnership trust one another.",
                    "My organization's knowledge and ways of working are respected here.",
                    "When partners disagree, they do so with respect.",
                ],
            ),
            (
                "right-people",
                "The right people at the table",
                "Everyone the work affects takes part, community members included.",
                [
                    "The people our work affects, community members included, have a real say "
                    "in it.",
                    "No group that should be part of this work is missing.",
                ],
            ),
            (
                "worth-it",
                "Taking part is worth it",
                "Each partner gains more than taking part costs it.",
                [
                    "My organization gains more from this partnership than it gives up to take "
                    "part.",
                    "Taking part helps my organization reach goals of its own.",
                ],
            ),
            (
                "compromise",
                "Readiness to find middle ground",
                "Partners give and take to reach decisions everyone can live with.",
                [
                    "Partners are willing to give something up to reach a decision everyone can "
                    "live with.",
                    "No single partner insists on always having its way.",
                ],
            ),
        ],
    ),
    (
        "Process and structure",
        [
            (
                "ownership",
                "Shared ownership",
                "The work and its results belong to all partners.",
                [
                    "The partnership's results feel like they belong to all of us.",
                    "Partners take responsibility for how the whole work turns out, not only "
                    "for their own part.",
                ],
            ),
            (
                "every-level",
                "People of every level take part",
                "Leaders, staff, volunteers and community members are all involved.",
                [
                    "Each partner has people of several levels involved, from its leaders to its "
                    "staff or volunteers.",
                    "Decisions are made where the knowledge is, not only at the top.",
                ],
            ),
            (
                "adaptability",
                "Able to adapt",
                "The partnership changes course when things change.",
                [
                    "The partnership changes its plans when circumstances change.",
                    "We try new ways of working when the old ones do not work.",
                ],
            ),
            (
                "clear-roles",
                "Clear roles and ways of deciding",
                "Everyone knows what is expected of them and how decisions are made.",
                [
                    "I understand what is expected of me and of my organization.",
                    "How decisions are made here is clear and written down.",
                ],
            ),
            (
                "pace",
                "A workable pace",
                "The partnership takes on what it can handle.",
                [
                    "The partnership takes on no more than it can handle at one time.",
                    "We gave ourselves enough time to build the partnership before expecting "
                    "big results.",
                ],
            ),
        ],
    ),
    (
        "Communication",
        [
            (
                "open-communication",
                "Open and frequent communication",
                "News, decisions and concerns travel between partners in good time.",
                [
                    "Partners hear about important news and decisions in good time.",
                    "People here say what they think, bad news included.",
                    "I can raise a concern without fearing what happens next.",
                ],
            ),
            (
                "informal-ties",
                "Ties between meetings",
                "People know each other well enough to work things out informally.",
                [
                    "People in the partnership know each other well enough to just call.",
                    "Contacts between meetings move the work along.",
                ],
            ),
        ],
    ),
    (
        "Purpose",
        [
            (
                "clear-goals",
                "Clear, reachable goals",
                "Goals are understood and realistic.",
                [
                    "The partnership's goals are clear to me.",
                    "The goals are realistic for the time and resources we have.",
                ],
            ),
            (
                "shared-vision",
                "A shared vision",
                "Partners picture the same result.",
                [
                    "Partners share the same picture of what the partnership should achieve.",
                    "The charter's vision and values describe what we actually do.",
                ],
            ),
            (
                "unique-purpose",
                "A purpose none of us could reach alone",
                "The work needs the partnership.",
                [
                    "What the partnership does could not be done by any one of our organizations "
                    "alone.",
                    "The partnership's purpose matters enough to each partner to keep it at the "
                    "table.",
                ],
            ),
        ],
    ),
    (
        "Resources",
        [
            (
                "means",
                "Enough money, staff and time",
                "The partnership has what its work needs, and partners deliver what they pledge.",
                [
                    "The partnership has the money its work needs.",
                    "Partners give the staff time they promised.",
                    "What each partner contributes is recognized fairly.",
                ],
            ),
            (
                "leadership",
                "Skilled, shared leadership",
                "Those who lead bring people together and share power.",
                [
                    "The people who lead this partnership bring people together well.",
                    "Leadership here shares power and brings other voices forward.",
                ],
            ),
        ],
    ),
]


def create_default_instrument(apps, schema_editor):
    Instrument = apps.get_model("surveys", "Instrument")
    if Instrument.objects.filter(name=NAME, version=1).exists():
        return
    Category = apps.get_model("surveys", "InstrumentCategory")
    Factor = apps.get_model("surveys", "Factor")
    Item = apps.get_model("surveys", "Item")
    instrument = Instrument.objects.create(
        name=NAME,
        version=1,
        description=DESCRIPTION,
        scale_labels=SCALE,
        is_default=not Instrument.objects.filter(is_default=True).exists(),
    )
    for c, (category_name, factors) in enumerate(CATEGORIES):
        category = Category.objects.create(instrument=instrument, name=category_name, position=c)
        for f, (key, name, description, statements) in enumerate(factors):
            factor = Factor.objects.create(
                category=category, key=key, name=name, description=description, position=f
            )
            for i, statement in enumerate(statements):
                Item.objects.create(factor=factor, statement=statement, position=i)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(create_default_instrument, migrations.RunPython.noop)]
