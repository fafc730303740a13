"""Demo resources (M5) of "Bridges to Civil Engineering Careers": pledges of each kind from every
member, the host included, with what each delivered. Carver Heights pledged mentoring hours for
the 2025-26 academic year and delivered four fifths of them: under-delivered, its time ended.
Rio Bravo's transport money is on its way; Red Cedar gave more hours than it pledged.

Keyed by organization, kind and description, so loading the demo again changes nothing; a
contribution dated after today is left out until its day comes.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from accord.core.audit import acting_as

from .models_resources import Pledge
from .services_resources import contribution_log, pledge_create, settings_set

F, P, IK = Pledge.Kind.FINANCIAL, Pledge.Kind.PERSONNEL, Pledge.Kind.IN_KIND
SUMMER = (date(2026, 6, 1), date(2026, 8, 14))
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
ACADEMIC = (date(2025, 9, 1), date(2026, 8, 31))
# fmt: off
# organization, kind, unit, amount, description, basis, (from, to), [(delivered on, amount, note)]
PLEDGES = [
    ("scee", F, "currency", "60000", "Summer bridge stipends", "", ACADEMIC,
     [(date(2025, 10, 15), "20000", "First installment"),
      (date(2026, 2, 16), "20000", "Second installment"),
      (date(2026, 6, 15), "20000", "Final installment")]),
    ("scee", P, "fte", "0.5", "Program coordinator", "", YEAR,
     [(date(2026, 6, 30), "0.25", "January to June at half time"),
      (date(2026, 10, 30), "0.17", "July to October at half time")]),
    ("carver", IK, "currency", "18000", "Labs and classrooms for the summer bridge",
     "The university's internal space rate: $45 an hour for 400 hours", SUMMER,
     [(date(2026, 8, 14), "18000", "Six weeks of the summer bridge")]),
    ("carver", P, "hours", "400", "Faculty mentoring", "", ACADEMIC,
     [(date(2025, 12, 19), "250", "Fall semester"),
      (date(2026, 5, 8), "70", "Spring semester: two mentors on leave")]),
    ("riobravo", F, "currency", "15000", "Transport to site visits", "", YEAR,
     [(date(2026, 4, 1), "5000", ""), (date(2026, 9, 1), "4500", "")]),
    ("redcedar", P, "hours", "120", "Elders' and cultural advisors' time", "", YEAR,
     [(date(2026, 5, 20), "70", "Spring talking circles"),
      (date(2026, 10, 28), "60", "Fall gathering")]),
    ("eec", F, "currency", "40000", "Wages of paid internships", "", YEAR,
     [(date(2026, 8, 31), "30000", "Summer interns' wages")]),
    ("eec", IK, "currency", "6500", "Safety gear and site visits", "Suppliers' list prices", YEAR,
     [(date(2026, 7, 10), "3200", "Boots, helmets and vests for 40 students")]),
]
# fmt: on


def seed_resources(context) -> None:
    """The Bridges pledges and contributions (idempotent)."""
    partnership = context.partnerships.get("bridges")
    if partnership is None:
        return
    today = timezone.localdate()
    with acting_as(context.users.get("steward")):
        settings_set(partnership=partnership, currency="USD")
        existing = {
            (p.organization_id, p.kind, p.description): p
            for p in Pledge.objects.filter(partnership=partnership)
        }
        for key, kind, unit, amount, description, basis, (start, end), delivered in PLEDGES:
            organization = context.organizations[key]
            if (organization.pk, kind, description) in existing:
                continue
            context.log.append(f"pledge “{description}” of {organization} to {partnership}")
            pledge = pledge_create(
                partnership=partnership,
                organization=organization,
                kind=kind,
                unit=unit,
                amount=Decimal(amount),
                description=description,
                valuation_basis=basis,
                starts_on=start,
                ends_on=end,
            )
            for on, value, note in delivered:
                if on <= today:
                    contribution_log(
                        pledge=pledge, delivered_on=on, amount=Decimal(value), note=note
                    )
