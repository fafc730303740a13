"""Demo evidence (M3) and deliverables (M2) for "Bridges to Civil Engineering Careers".

Evidence: a story, an observation, a quote given with consent and a small PDF, tagged to the
agreed indicators, the charter's core values and (when the demo has them) reporting periods.
Deliverables from every member, the host included, dated from the day the demo is loaded: some
delivered on time, one late, one overdue, some still to come.

Everything is keyed by title within the partnership, so loading the demo again changes nothing.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.core.audit import acting_as

from .models import Indicator
from .models_collection import ReportingPeriod
from .models_deliverables import Deliverable
from .models_evidence import Evidence
from .queries import agreed_version, core_value_choices
from .services_deliverables import deliverable_create
from .services_evidence import evidence_create

K, C, S = Evidence.Kind, Evidence.Consent, Deliverable.Status

# title, kind, author (person key), organization, body, speaker, consent, how, indicators,
# core values, periods (labels), file
EVIDENCE = [
    (
        "Ana's first week of the summer bridge",
        K.STORY,
        "lee",
        "carver",
        "Ana had never been on a construction site. In week one she walked the Route 9 "
        "bridge deck with an inspector from a partner firm, measured a crack with a gauge and "
        "wrote her first inspection note. On Friday she told the group she had found what she "
        "wants to do.",
        "",
        C.NOT_NEEDED,
        "",
        ["Students in the summer bridge"],
        ["Students first"],
        ["2026 Q1"],
        False,
    ),
    (
        "Mentors came every week at Rio Bravo",
        K.OBSERVATION,
        "lee",
        "riobravo",
        "Across the twelve weeks of the spring term, every mentor from the partner firms met "
        "their student at least once a week; two pairs met on Saturdays as well.",
        "",
        C.NOT_NEEDED,
        "",
        ["Paid internships placed"],
        ["Shared responsibility"],
        ["2026 Q1", "2026 Q2"],
        False,
    ),
    (
        "“Someone like me can do this”",
        K.QUOTE,
        "lee",
        "carver",
        "I didn't know anyone who was an engineer. After this summer I know six, and two of "
        "them grew up where I did. Someone like me can do this.",
        "Imani Johnson, civil engineering student",
        C.GIVEN,
        "Signed the partnership's consent form for quotes, naming how she wishes to be named.",
        ["Students in the summer bridge"],
        ["Students first"],
        ["2026 Q2"],
        False,
    ),
    (
        "Summer bridge attendance summary",
        K.FILE,
        "grant",
        "scee",
        "The one-page attendance summary the host shared with every partner after the summer.",
        "",
        C.NOT_NEEDED,
        "",
        ["Students in the summer bridge"],
        [],
        ["2026 Q2"],
        True,
    ),
]

# title, organization, description, due (days from today), status, delivered (days from
# today), evidence titles
DELIVERABLES = [
    (
        "Summer bridge curriculum shared with every partner",
        "carver",
        "The six weeks' plans, readings and site visits, in a form each campus can reuse.",
        -150,
        S.DELIVERED,
        -155,
        ["Ana's first week of the summer bridge"],
    ),
    (
        "Data-sharing agreement template",
        "scee",
        "The template each campus signs before student data is shared, reviewed by counsel.",
        -120,
        S.DELIVERED,
        -121,
        [],
    ),
    (
        "Internship host list for the summer",
        "eec",
        "Firms that will host paid interns, with a contact and the number of places.",
        -90,
        S.DELIVERED,
        -75,
        [],
    ),
    (
        "Family information sessions, spring term",
        "riobravo",
        "Four evening sessions for families, in Spanish and English.",
        -45,
        S.DELIVERED,
        -46,
        ["Mentors came every week at Rio Bravo"],
    ),
    (
        "Mentor roster for the fall cohort",
        "redcedar",
        "A mentor for each of the fall cohort's students, matched with the student.",
        -14,
        S.IN_PROGRESS,
        None,
        [],
    ),
    (
        "Summer bridge attendance report",
        "scee",
        "Attendance by week and by campus, shared with every partner.",
        -30,
        S.DELIVERED,
        -32,
        ["Summer bridge attendance summary"],
    ),
    (
        "Partnership annual report",
        "scee",
        "What the partnership did this year, against its measures set.",
        60,
        S.PLANNED,
        None,
        [],
    ),
    (
        "Tribal data agreement review",
        "redcedar",
        "The review of the data agreement with the tribal council.",
        30,
        S.IN_PROGRESS,
        None,
        [],
    ),
]

PDF_HTML = """<html lang="en"><head><title>Summer bridge attendance</title></head>
<body style="font-family: sans-serif">
<h1>Summer bridge attendance</h1>
<p>Bridges to Civil Engineering Careers: students who attended at least four of the six weeks.</p>
<table border="1" cellpadding="4"><tr><th>Campus</th><th>Students</th></tr>
<tr><td>Carver Heights</td><td>17</td></tr><tr><td>Rio Bravo</td><td>15</td></tr>
<tr><td>Red Cedar</td><td>9</td></tr></table></body></html>"""


def _pdf() -> bytes:
    from weasyprint import HTML

    from accord.core.pdfs import PDF_OPTIONS

    return HTML(string=PDF_HTML).write_pdf(**PDF_OPTIONS)


def _indicators(partnership, names) -> list[int]:
    version = agreed_version(partnership)
    if version is None:
        return []
    return list(
        Indicator.objects.filter(version=version, name__in=names).values_list("pk", flat=True)
    )


def seed_evidence(context) -> None:
    """Bridges' evidence and deliverables (idempotent)."""
    partnership = context.partnerships.get("bridges")
    if partnership is None:
        return
    today = timezone.localdate()
    values = {value.name: value.pk for value in core_value_choices(partnership)}
    periods = dict(
        ReportingPeriod.objects.filter(partnership=partnership).values_list("label", "pk")
    )
    existing = set(Evidence.objects.filter(partnership=partnership).values_list("title", flat=True))
    for spec in EVIDENCE:
        title, kind, author, org, body, speaker, consent, how, names, value_names, labels, file = (
            spec
        )
        if title in existing:
            continue
        person = context.people[author]
        upload = SimpleUploadedFile("attendance-summary.pdf", _pdf()) if file else None
        with acting_as(person.user):
            evidence_create(
                partnership=partnership,
                kind=kind,
                title=title,
                body=body,
                speaker=speaker,
                consent=consent,
                consent_note=how,
                consent_on=today - timedelta(days=60) if consent == C.GIVEN else None,
                organization_id=context.organizations[org].pk,
                upload=upload,
                indicator_ids=_indicators(partnership, names),
                core_value_ids=[values[n] for n in value_names if n in values],
                period_ids=[periods[label] for label in labels if label in periods],
                created_by=person.user,
            )
        context.log.append(f"evidence “{title}” of {partnership}")
    evidence = dict(Evidence.objects.filter(partnership=partnership).values_list("title", "pk"))
    done = set(Deliverable.objects.filter(partnership=partnership).values_list("title", flat=True))
    steward = context.users.get("steward")
    for title, org, description, due, status, delivered, linked in DELIVERABLES:
        if title in done:
            continue
        with acting_as(steward):
            deliverable_create(
                partnership=partnership,
                organization_id=context.organizations[org].pk,
                title=title,
                description=description,
                due_on=today + timedelta(days=due),
                status=status,
                delivered_on=today + timedelta(days=delivered) if delivered is not None else None,
                evidence_ids=[evidence[t] for t in linked if t in evidence],
                created_by=steward,
            )
        context.log.append(f"deliverable “{title}” of {partnership}")
