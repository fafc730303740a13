"""Demo data for the directory's values profiles (A1) and culture profiles (A4).

Runs after the foundation demo (`accord seed --demo` calls `seed_demo(context)`). Every write goes
through the services, which save only what differs: loading the demo again changes nothing and
adds no history. The organizations are the foundation's (accord/partnerships/demo.py); the culture
profiles are those of the members of "Bridges to Civil Engineering Careers", four time zones
apart, so that its page shows a real "Working together" summary.
"""

from datetime import time
from urllib.parse import urlsplit

from .models import CultureProfile, JediPractice
from .services import culture_profile_save, organization_values_update

P = JediPractice

# fmt: off
# organization key: core values
VALUES = {
    "scee": ["Integrity", "Stewardship of the public good", "Respect", "Shared responsibility"],
    "coastal": ["Evidence first", "Listening to residents", "Open data"],
    "transport": ["Fairness", "Safety", "Measurable results"],
    "siep": ["Community", "Mentorship", "Excellence", "Courage"],
    "carver": ["Excellence", "Heritage", "Service", "Uplift"],
    "riobravo": ["Access", "Family", "Bilingual excellence", "Service to the region"],
    "redcedar": ["Respect", "Reciprocity", "Sovereignty", "Care for the land"],
    "eec": ["Community leadership", "Humility", "Accountability"],
    "keystone": ["Safety", "Craft", "Honesty", "Inclusion"],
    "water": ["Public health", "Transparency", "Affordability"],
    "eastside": ["Neighbours first", "Persistence", "Shared knowledge"],
}

# organization key: (practice, page on the organization's site or "", note)
PRACTICES = {
    "scee": [
        (P.EQUITY_STATEMENT, "jedi/report-2025", "Yearly JEDI report, approved by the board."),
        (P.DEMOGRAPHIC_DATA, "jedi/membership-data",
         "Membership demographics published every spring."),
        (P.UNDERREPRESENTED_PROGRAMS, "scholarships/first-generation",
         "Scholarships for first-generation engineering students."),
        (P.INCLUSIVE_HIRING, "careers/how-we-hire",
         "Structured interviews and mixed panels for every staff hire."),
    ],
    "coastal": [
        (P.ACCESSIBLE_EVENTS, "charrettes", "Interpreters and childcare at every charrette."),
        (P.COMMUNITY_ACCOUNTABILITY, "charrettes/paying-residents",
         "Residents are paid for the time they give to design work."),
    ],
    "transport": [
        (P.COMMUNITY_ACCOUNTABILITY, "standards-review",
         "Findings of each design-standard review are published."),
        (P.DEMOGRAPHIC_DATA, "travel-survey", ""),
    ],
    "siep": [
        (P.UNDERREPRESENTED_PROGRAMS, "mentoring", "A national mentoring network."),
        (P.ACCESSIBLE_EVENTS, "conference/access",
         "Captioned sessions and travel grants at the annual conference."),
    ],
    "carver": [
        (P.UNDERREPRESENTED_PROGRAMS, "engineering/summer-bridge",
         "Summer bridge program for incoming engineering students."),
        (P.EQUITY_STATEMENT, "about/equity", ""),
    ],
    "riobravo": [
        (P.UNDERREPRESENTED_PROGRAMS, "admissions/transfer-pathways",
         "Transfer pathways from community colleges; emergency grants."),
        (P.DEMOGRAPHIC_DATA, "institutional-research/enrollment",
         "Enrollment and graduation by ethnicity and first-generation status."),
    ],
    "redcedar": [
        (P.COMMUNITY_ACCOUNTABILITY, "research/data-sovereignty",
         "Research agreements keep data under tribal control."),
        (P.UNDERREPRESENTED_PROGRAMS, "stem/courses-with-elders", "Courses co-taught with elders."),
    ],
    "eec": [
        (P.COMMUNITY_ACCOUNTABILITY, "how-projects-start",
         "A project starts only when a resident group asks for it."),
        (P.INCLUSIVE_HIRING, "volunteers/training",
         "Every volunteer trains in anti-racist practice before a first project."),
    ],
    "keystone": [
        (P.UNDERREPRESENTED_PROGRAMS, "careers/internships",
         "Paid internships reserved for students from partner HBCUs and HSIs."),
        (P.SUPPLIER_DIVERSITY, "suppliers/diversity-targets", "Targets published yearly."),
        (P.PAY_EQUITY, "", "Internal review every two years; not published yet."),
    ],
    "water": [
        (P.COMMUNITY_ACCOUNTABILITY, "customer-assistance",
         "Customer-assistance program for low-income households."),
        (P.ACCESSIBLE_EVENTS, "public-meetings",
         "Public meetings in English, Spanish and Hmong."),
    ],
    "eastside": [
        (P.ACCESSIBLE_EVENTS, "", "Evening meetings with food and childcare; all translated."),
    ],
}

# The members of "Bridges to Civil Engineering Careers": each works on its own clock.
CULTURE = {
    "scee": {
        "decision_making": "Staff propose; the executive director decides within the budget the "
        "board approved. New partnerships go to the board's spring or autumn meeting.",
        "communication_preferences": "E-mail for anything that needs an answer; a monthly video "
        "call. Replies within two working days.",
        "languages": ["English", "Spanish"],
        "time_zone": "America/New_York",
        "working_hours_start": time(9, 0),
        "working_hours_end": time(17, 0),
        "holidays_and_calendars": "US federal holidays. Fiscal year starts 1 October; the annual "
        "convention in October takes everyone's time for two weeks.",
        "accessibility_needs": "Live captions (CART) at every large meeting; documents as "
        "accessible PDF or Word.",
        "notes": "The Office of JEDI coordinates all partnership work.",
    },
    "carver": {
        "decision_making": "Faculty committees advise; the dean signs. Agreements with outside "
        "organizations need the provost's office, which takes about six weeks.",
        "communication_preferences": "Phone or video first, then a written summary. Students "
        "are reached through their advisors.",
        "languages": ["English"],
        "time_zone": "America/Chicago",
        "working_hours_start": time(8, 0),
        "working_hours_end": time(16, 30),
        "holidays_and_calendars": "Academic calendar: fall and spring semesters, summer bridge in "
        "June and July. Homecoming week in October: no meetings.",
        "accessibility_needs": "Two student members use screen readers: share documents as "
        "accessible Word or HTML, never scanned PDFs.",
        "notes": "",
    },
    "riobravo": {
        "decision_making": "The department chair decides with the faculty; commitments of money "
        "go to the president's cabinet, which meets every other Tuesday.",
        "communication_preferences": "Bilingual where families are involved. Text messages work "
        "best with students.",
        "languages": ["Spanish", "English"],
        "time_zone": "America/Denver",
        "working_hours_start": time(8, 0),
        "working_hours_end": time(17, 0),
        "holidays_and_calendars": "Academic calendar; César Chávez Day and Día de los Muertos "
        "events on campus.",
        "accessibility_needs": "Spanish interpretation at events with families; materials in "
        "both languages.",
        "notes": "El Paso is on Mountain Time, one hour behind Chicago.",
    },
    "redcedar": {
        "decision_making": "The college president decides after the tribal education committee "
        "is consulted; research involving tribal data needs the tribal council's approval.",
        "communication_preferences": "Meet in person or by video before anything is put in "
        "writing. Allow time: consultation with elders comes first.",
        "languages": ["English", "Lakota"],
        "time_zone": "America/Chicago",
        "working_hours_start": time(8, 0),
        "working_hours_end": time(15, 0),
        "holidays_and_calendars": "Tribal holidays and ceremonies in summer; the college closes "
        "for the tribal nation's annual gathering in August.",
        "accessibility_needs": "Rural connection: keep video calls light and send materials "
        "ahead of time; travel support for in-person meetings.",
        "notes": "Data about the nation's members stays under tribal control.",
    },
    "eec": {
        "decision_making": "Resident groups decide what a project is; the staff and a volunteer "
        "committee decide how Engineers for Equitable Communities takes part.",
        "communication_preferences": "Shared documents and a group chat; volunteers answer in "
        "the evening.",
        "languages": ["English", "Spanish", "American Sign Language (ASL)"],
        "time_zone": "America/Los_Angeles",
        "working_hours_start": time(10, 0),
        "working_hours_end": time(18, 0),
        "holidays_and_calendars": "Most volunteers work day jobs: evening and weekend meetings "
        "for anything that needs them.",
        "accessibility_needs": "ASL interpretation for Deaf volunteers at every meeting; "
        "captions on all recordings.",
        "notes": "",
    },
}
# fmt: on


def _evidence(organization, page: str) -> str:
    """A page on the organization's own (example.org) website."""
    host = urlsplit(organization.website).netloc
    return f"https://{host}/{page}" if page and host else ""


def _values(context, key: str) -> None:
    organization = context.organizations[key]
    practices = [
        {"practice": code, "evidence_url": _evidence(organization, page), "note": note}
        for code, page, note in PRACTICES.get(key, [])
    ]
    wanted = {(p["practice"], p["evidence_url"], p["note"]) for p in practices}
    saved = set(organization.practices.values_list("practice", "evidence_url", "note"))
    if organization.values == VALUES[key] and saved == wanted:
        return
    organization_values_update(organization=organization, values=VALUES[key], practices=practices)
    context.log.append(f"values profile of {organization}")


def _culture(context, key: str) -> None:
    organization = context.organizations[key]
    fields = CULTURE[key]
    profile = CultureProfile.objects.filter(organization=organization).first()
    if profile is not None and all(getattr(profile, k) == v for k, v in fields.items()):
        return
    culture_profile_save(organization=organization, **fields)
    context.log.append(f"culture profile of {organization}")


def seed_demo(context) -> None:
    """Values profiles for every demo organization, culture profiles for one partnership's."""
    for key in VALUES:
        _values(context, key)
    for key in CULTURE:
        _culture(context, key)
