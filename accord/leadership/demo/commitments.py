"""Demo data for leaders' learning (L1, L2) and commitments (L3) on "Bridges to Civil
Engineering Careers": trainings on inclusive mentoring and anti-bias in hiring, and commitments of
time, effort and money from five member organizations, some kept, one not kept.

Dates are relative to today's year (LAST is last year, NOW this one, NEXT the next), so that the
demo reads the same whenever it is loaded: last year's trainings and kept promises, commitments
running now, one planned for next year.

Everything goes through the services, so their rules and the audit trail apply. A record is
found again by its person and title (or description), so loading the demo again changes nothing.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from accord.core.audit import acting_as

from ..models import Commitment, LearningActivity
from ..services.commitments import commitment_create, commitment_set_status, learning_log

K, S = Commitment.Kind, Commitment.Status
NOW = timezone.localdate().year
LAST, NEXT = NOW - 1, NOW + 1

# fmt: off
# (person key, title, provider, date, hours, topics, notes)
LEARNING = [
    ("okafor", "Inclusive mentoring for engineering leaders", "SIEP Mentoring Network",
     date(LAST, 2, 12), "6", ["Inclusive mentoring", "First-generation students"],
     "Two half-days with mentors from SIEP. I now meet each mentee's family at least once."),
    ("mensah", "Inclusive mentoring for engineering leaders", "SIEP Mentoring Network",
     date(LAST, 2, 12), "6", ["Inclusive mentoring", "Culturally responsive teaching"], ""),
    ("ruiz", "Anti-bias in hiring and promotion", "Equity in STEM Institute",
     date(LAST, 3, 5), "4", ["Anti-bias in hiring", "Structured interviews"],
     "We will use structured interviews for every faculty search from the fall."),
    ("fischer", "Anti-bias in hiring and promotion", "Equity in STEM Institute",
     date(LAST, 3, 5), "4", ["Anti-bias in hiring"], ""),
    ("fairbanks", "Indigenous data sovereignty for research partners",
     "Tribal College Data Network", date(LAST, 4, 22), "3",
     ["Data sovereignty", "Tribal consultation"], ""),
    ("grant", "Planning accessible events", "SCEE Office of JEDI", date(LAST, 6, 10), "2",
     ["Accessibility", "Event planning"], ""),
    ("ruiz", "Working with first-generation and bilingual families", "",
     date(LAST, 9, 18), "1.5", ["Family engagement", "Bilingual communication",
                                "First-generation students"],
     "A reading and a discussion with our advising team."),
]

# (person key, kind, description, amount, unit, from, until, status)
COMMITMENTS = [
    ("okafor", K.TIME, "Two hours a month mentoring engineering students from partner campuses.",
     "2", "hours a month", date(LAST, 1, 1), date(NOW, 12, 31), S.IN_PROGRESS),
    ("okafor", K.RESOURCES, "Paid summer internships for students from partner campuses.",
     "15000", "US dollars", date(LAST, 5, 1), date(LAST, 8, 31), S.KEPT),
    ("mensah", K.EFFORT, "Host last summer's bridge program on the Carver Heights campus.",
     None, "", date(LAST, 6, 2), date(LAST, 7, 25), S.KEPT),
    ("ruiz", K.TIME, "Evening information sessions for families, in Spanish, each semester.",
     "4", "sessions", date(LAST, 1, 15), date(NOW, 12, 15), S.IN_PROGRESS),
    ("fischer", K.EFFORT, "Recruit volunteer mentors from our community-led projects.",
     "10", "mentors", date(LAST, 2, 1), date(LAST, 6, 30), S.NOT_KEPT),
    ("fairbanks", K.RESOURCES, "Paid student research positions under tribal data agreements.",
     "2", "positions", date(NEXT, 1, 12), None, S.PLANNED),
]
# fmt: on


def seed(context) -> None:
    """Add the learning and commitments demo records (called by `accord seed --demo`)."""
    partnership = context.partnerships["bridges"]
    steward = context.users.get("steward")
    for key, title, provider, when, hours, topics, notes in LEARNING:
        person = context.people[key]
        if LearningActivity.objects.filter(
            partnership=partnership, person=person, title=title
        ).exists():
            continue
        with acting_as(person.user or steward):
            learning_log(
                partnership=partnership,
                person=person,
                title=title,
                provider=provider,
                completed_on=when,
                hours=Decimal(hours),
                topics=topics,
                notes=notes,
            )
        context.log.append(f"learning activity “{title}” of {person}")
    for key, kind, text, amount, unit, starts, ends, status in COMMITMENTS:
        person = context.people[key]
        if Commitment.objects.filter(
            partnership=partnership, person=person, description=text
        ).exists():
            continue
        with acting_as(person.user or steward):
            commitment = commitment_create(
                partnership=partnership,
                person=person,
                kind=kind,
                description=text,
                amount=Decimal(amount) if amount else None,
                unit=unit,
                starts_on=starts,
                ends_on=ends,
            )
            # The outcome is recorded afterwards, as it would be: the history shows the change.
            if status != S.PLANNED:
                commitment_set_status(commitment=commitment, status=status)
        context.log.append(f"commitment of {person}")
