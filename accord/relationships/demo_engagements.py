"""Demo engagements (R4, R5): a year of "Bridges to Civil Engineering Careers" meeting.

Nine engagements over the past year and one ahead: meetings, a design workshop, a planning
session, a convention reception, a mentoring circle and a campus visit, with their attendees (one
tribal elder outside Accord), the stakeholder groups present and action items, three of them open.
Red Cedar Tribal College and the Engineering Education Council last met five months ago, so the
cadence flags that pair against the default 90-day rhythm. Each engagement is keyed by its title in
the partnership, so loading the demo again changes nothing.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accord.directory.models import StakeholderGroup

from .models_engagements import Engagement
from .services_engagements import (
    action_item_add,
    action_item_update,
    attendee_add,
    engagement_create,
)

NY, CHI, DEN = "America/New_York", "America/Chicago", "America/Denver"
ORG = {
    "vega": "scee",
    "grant": "scee",
    "okafor": "scee",
    "mensah": "carver",
    "johnson": "carver",
    "ruiz": "riobravo",
    "mendoza": "riobravo",
    "herrera": "riobravo",
    "fairbanks": "redcedar",
    "whitehorse": "redcedar",
    "fischer": "eec",
    "lee": "eec",
}
GROUPS = {
    "tribal": "Tribal-nation students and their communities",
    "black": "Black students and families",
    "latino": "Hispanic and Latino students",
    "firstgen": "First-generation college students",
}
# fmt: off
# (days ago, hour, zone, title, kind, level, place, link, people, outside (name, org), groups,
#  agenda)
ENGAGEMENTS = [
    (360, 10, NY, "Kickoff meeting", "meeting", "involve", "SCEE headquarters, Arlington", "",
     ["vega", "okafor", "mensah", "ruiz", "fairbanks", "fischer"],
     [("Thomas Begay", "redcedar")], ["tribal", "black", "latino"],
     "Why this pathway; what each partner brings; how we will decide together."),
    (300, 9, CHI, "Summer bridge design workshop", "workshop", "collaborate", "",
     "https://meet.example.org/bridges-design",
     ["grant", "mensah", "johnson", "mendoza", "herrera", "whitehorse"], [],
     ["tribal", "black", "latino", "firstgen"],
     "Students and faculty design the summer bridge week by week."),
    (240, 18, NY, "SCEE convention reception", "social", "inform", "Convention center, Boston",
     "", ["vega", "mensah", "fischer", "lee"], [], [], ""),
    (180, 13, CHI, "Internship planning session", "planning", "consult", "",
     "https://meet.example.org/bridges-internships",
     ["grant", "mendoza", "mensah", "lee"], [], ["latino", "black"],
     "Host firms, stipends and housing for the first internship summer."),
    (150, 16, DEN, "Mentoring circle", "informal", "involve", "Red Cedar Tribal College library",
     "", ["grant", "whitehorse", "fischer", "lee"], [("Thomas Begay", "redcedar")], ["tribal"],
     "Mentors and students share what the first term taught them."),
    (90, 11, NY, "Quarterly partners' meeting (autumn)", "meeting", "involve", "",
     "https://meet.example.org/bridges-quarterly",
     ["vega", "grant", "mensah", "ruiz", "fairbanks"], [], [],
     "Budget for the summer bridge; internship host list; charter draft."),
    (45, 14, CHI, "Campus visit at Carver State", "informal", "involve", "Carver State University",
     "", ["grant", "mensah", "johnson", "mendoza", "lee"], [], ["black"],
     "Tour of the labs; lunch with engineering students."),
    (12, 11, NY, "Quarterly partners' meeting (winter)", "meeting", "collaborate", "",
     "https://meet.example.org/bridges-quarterly",
     ["vega", "grant", "mensah", "ruiz", "whitehorse"], [], ["tribal", "black", "latino"],
     "Internship agreement; summer bridge dates; who has not met whom."),
    (-20, 9, NY, "Summer internship showcase", "conference", "inform",
     "SCEE headquarters, Arlington", "", [], [], [],
     "Students present their internship projects to partners and host firms."),
]
# (engagement title, what, owner, due in days from today, done)
ACTIONS = [
    ("Quarterly partners' meeting (autumn)", "Share the summer bridge budget", "mensah", -70, True),
    ("Quarterly partners' meeting (winter)", "Circulate the meeting notes", "vega", 3, False),
    ("Quarterly partners' meeting (winter)", "Send the draft internship agreement to partners",
     "grant", 7, False),
    ("Quarterly partners' meeting (winter)",
     "Set up a joint visit of Red Cedar and the Engineering Education Council", "whitehorse", 14,
     False),
]


# fmt: on


def seed_engagements(context) -> None:
    partnership = context.partnerships["bridges"]
    organizations, people = context.organizations, context.people
    groups = {
        key: StakeholderGroup.objects.filter(name=name).first() for key, name in GROUPS.items()
    }
    today = timezone.localdate()
    by_title = {}
    for spec in ENGAGEMENTS:
        days, hour, zone, title, kind, level, place, link, who, outside, keys, agenda = spec
        found = Engagement.objects.filter(partnership=partnership, title=title).first()
        if found is None:
            day = today - timedelta(days=days)
            starts = datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))
            found = engagement_create(
                partnership=partnership,
                title=title,
                kind=kind,
                level=level,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                time_zone=zone,
                place=place,
                link=link,
                agenda=agenda,
                groups=[groups[key] for key in keys if groups[key] is not None],
            )
            for key in who:
                attendee_add(
                    engagement=found,
                    person=people[key],
                    organization=organizations[ORG[key]],
                )
            for name, org in outside:
                attendee_add(
                    engagement=found,
                    organization=organizations[org],
                    name=name,
                    level="community_member",
                )
            context.log.append(f"engagement {found}")
        by_title[title] = found
    for title, what, owner, due, done in ACTIONS:
        engagement = by_title[title]
        if engagement.action_items.filter(title=what).exists():
            continue
        item = action_item_add(
            engagement=engagement,
            title=what,
            owner=people[owner],
            due_on=today + timedelta(days=due),
        )
        if done:
            action_item_update(item=item, status="done")
