"""Access-matrix entries for leaders' learning and commitments (L1-L3): pages and API operations.

See tests/matrix/__init__.py for how an entry's expected outcome is derived. The URL builders
create the record a route needs inside the test's transaction, on the side asked for: on the
own side it belongs to the cast's leader, on the other side to that partnership's steward.

The actions (accord/core/policy.py): logging for oneself ("leadership.record.log") needs a role
that contributes and a person (the cast's administrator has none); a steward (or administrator)
logs for someone else ("leadership.record.log_for_others"); the create pages take either
("leadership.record.create"); a record is changed by its own person or a steward
("leadership.record.change": the contributor and the project director, who may log their own,
get 403 on the leader's record).
"""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from accord.core.access import Perm
from accord.leadership.models import Commitment, LearningActivity
from tests.matrix import Route, Target

API = "/api/v1/partnerships"
BASE = API + "/{partnership_id}"
FOUND = frozenset({302})
CREATED = frozenset({201})
CREATE = "leadership.record.create"
LOG = "leadership.record.log"
LOG_FOR_OTHERS = "leadership.record.log_for_others"
CHANGE_RECORD = "leadership.record.change"


def _owner(cast, side: str):
    return cast.people["leader"] if side == "own" else cast.people["other_steward"]


def learning(cast, side: str) -> LearningActivity:
    partnership = cast.partnership(side)
    activity = LearningActivity.objects.filter(partnership=partnership).first()
    if activity is None:
        person = _owner(cast, side)
        activity = LearningActivity.objects.create(
            partnership=partnership,
            person=person,
            organization=person.organization,
            title="Inclusive mentoring",
            completed_on=date(2025, 3, 4),
            hours=Decimal("3"),
            topics=["mentoring"],
        )
    return activity


def commitment(cast, side: str) -> Commitment:
    partnership = cast.partnership(side)
    found = Commitment.objects.filter(partnership=partnership).first()
    if found is None:
        person = _owner(cast, side)
        found = Commitment.objects.create(
            partnership=partnership,
            person=person,
            organization=person.organization,
            kind=Commitment.Kind.TIME,
            description="Two hours a month mentoring students.",
            amount=Decimal("2"),
            unit="hours a month",
            starts_on=date(2025, 1, 1),
        )
    return found


def page(name: str, item=None):
    def build(cast, side):
        args = [cast.partnership(side).pk]
        if item is None:
            return reverse(f"leadership:{name}", args=args)
        record = item(cast, side)
        return Target(reverse(f"leadership:{name}", args=[*args, record.pk]), record)

    return build


def api(suffix: str, item=None):
    def build(cast, side):
        url = f"{API}/{cast.partnership(side).pk}{suffix}"
        if item is None:
            return url
        record = item(cast, side)
        return Target(url.replace("{id}", str(record.pk)), record)

    return build


def learning_form(cast, side):
    return {
        "person": _owner(cast, side).pk,
        "title": "Anti-bias in hiring",
        "provider": "Equity Works",
        "completed_on": "2025-05-06",
        "hours": "2.5",
        "topics": "hiring\nbias",
    }


def commitment_form(cast, side):
    return {
        "person": _owner(cast, side).pk,
        "kind": "resources",
        "description": "Paid internships for two students.",
        "amount": "15000",
        "unit": "US dollars",
        "starts_on": "2025-06-01",
        "ends_on": "2025-08-31",
        "status": "planned",
    }


def learning_body(cast, side):
    data = learning_form(cast, side) | {"person_id": _owner(cast, side).pk}
    data.pop("person")
    return data | {"topics": ["hiring", "bias"], "hours": 2.5}


def commitment_body(cast, side):
    # Names someone else than any actor who could log for themselves: only stewards may.
    someone = cast.people["viewer"] if side == "own" else cast.people["other_steward"]
    data = commitment_form(cast, side) | {"person_id": someone.pk}
    data.pop("person")
    return data | {"amount": 15000}


ROUTES: list[Route] = [
    # --- pages -------------------------------------------------------------------------------
    Route("leadership:commitments", "GET", page("commitments"), Perm.VIEW),
    Route("leadership:learning-create", "GET", page("learning-create"), CREATE),
    Route(
        "leadership:learning-create",
        "POST",
        page("learning-create"),
        CREATE,
        data=learning_form,
        ok=FOUND,
    ),
    Route("leadership:learning-detail", "GET", page("learning-detail", learning), Perm.VIEW),
    Route(
        "leadership:learning-edit",
        "GET",
        page("learning-edit", learning),
        CHANGE_RECORD,
    ),
    Route(
        "leadership:learning-edit",
        "POST",
        page("learning-edit", learning),
        CHANGE_RECORD,
        data=lambda c, s: {k: v for k, v in learning_form(c, s).items() if k != "person"},
        ok=FOUND,
    ),
    Route("leadership:commitment-create", "GET", page("commitment-create"), CREATE),
    Route(
        "leadership:commitment-create",
        "POST",
        page("commitment-create"),
        CREATE,
        data=commitment_form,
        ok=FOUND,
    ),
    Route("leadership:commitment-detail", "GET", page("commitment-detail", commitment), Perm.VIEW),
    Route(
        "leadership:commitment-edit",
        "GET",
        page("commitment-edit", commitment),
        CHANGE_RECORD,
    ),
    Route(
        "leadership:commitment-edit",
        "POST",
        page("commitment-edit", commitment),
        CHANGE_RECORD,
        data=lambda c, s: {k: v for k, v in commitment_form(c, s).items() if k != "person"},
        ok=FOUND,
    ),
    Route(
        "leadership:commitment-status",
        "POST",
        page("commitment-status", commitment),
        CHANGE_RECORD,
        data=lambda c, s: {"status": "kept"},
        ok=FOUND,
    ),
    # --- API ---------------------------------------------------------------------------------
    Route(f"GET {BASE}/learning", "GET", api("/learning"), Perm.VIEW, api=True),
    Route(
        f"POST {BASE}/learning",
        "POST",
        api("/learning"),
        LOG,
        api=True,
        # Without person_id: everyone logs for themselves; the administrator has no person.
        data=lambda c, s: {k: v for k, v in learning_body(c, s).items() if k != "person_id"},
        ok=CREATED,
    ),
    Route(
        f"GET {BASE}/learning/{{learning_id}}",
        "GET",
        api("/learning/{id}", learning),
        Perm.VIEW,
        api=True,
    ),
    Route(
        f"PATCH {BASE}/learning/{{learning_id}}",
        "PATCH",
        api("/learning/{id}", learning),
        CHANGE_RECORD,
        api=True,
        data=lambda c, s: {"hours": 4},
    ),
    Route(f"GET {BASE}/commitments", "GET", api("/commitments"), Perm.VIEW, api=True),
    Route(
        f"POST {BASE}/commitments",
        "POST",
        api("/commitments"),
        LOG_FOR_OTHERS,
        api=True,
        # Someone else named: only a steward (or an administrator) may log for them.
        data=commitment_body,
        ok=CREATED,
    ),
    Route(
        f"GET {BASE}/commitments/summary", "GET", api("/commitments/summary"), Perm.VIEW, api=True
    ),
    Route(
        f"GET {BASE}/commitments/{{commitment_id}}",
        "GET",
        api("/commitments/{id}", commitment),
        Perm.VIEW,
        api=True,
    ),
    Route(
        f"PATCH {BASE}/commitments/{{commitment_id}}",
        "PATCH",
        api("/commitments/{id}", commitment),
        CHANGE_RECORD,
        api=True,
        data=lambda c, s: {"status": "kept"},
    ),
]


# --- Shared by the commitment tests -------------------------------------------------------------
def sample_records(cast) -> dict:
    """Learning and commitments of three organizations in `cast.own`, with known figures.

    The cast's leader and project director (Partner University), a host leader (Host Society)
    and a contributor of Alumni College, which has left the partnership. The tests assert the
    summary's exact figures from these rows.
    """
    from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, RoleFactory

    host_leader = PersonFactory(name="Hana Host", organization=cast.host, level="executive")
    RoleFactory(partnership=cast.own, person=host_leader, role="leader")
    alumni = OrganizationFactory(name="Alumni College", subtype="university")
    MembershipFactory(
        partnership=cast.own,
        organization=alumni,
        left_on=date(2025, 1, 1),
        joined_on=date(2024, 1, 1),
    )
    former = PersonFactory(name="Ari Alumni", organization=alumni)
    RoleFactory(partnership=cast.own, person=former, role="contributor")
    leader, director = cast.people["leader"], cast.people["project_director"]

    def learn(person, when, hours, topics):
        return LearningActivity.objects.create(
            partnership=cast.own,
            person=person,
            organization=person.organization,
            title=f"Training of {person.name} on {when}",
            completed_on=when,
            hours=Decimal(hours),
            topics=topics,
        )

    def commit(person, kind, starts, ends, status, amount=None, unit=""):
        return Commitment.objects.create(
            partnership=cast.own,
            person=person,
            organization=person.organization,
            kind=kind,
            description=f"{kind} of {person.name} from {starts}",
            amount=Decimal(amount) if amount else None,
            unit=unit,
            starts_on=starts,
            ends_on=ends,
            status=status,
        )

    return {
        "host_leader": host_leader,
        "alumni": alumni,
        "learning": [
            learn(leader, date(2025, 2, 1), "2.5", ["Inclusive mentoring", "Bias"]),
            learn(leader, date(2024, 11, 1), "1", ["inclusive mentoring"]),
            learn(director, date(2025, 3, 1), "3", ["Bias"]),
            learn(host_leader, date(2025, 5, 1), "4", []),
            learn(former, date(2025, 1, 10), "1", ["Bias"]),
        ],
        "commitments": [
            commit(
                leader, "time", date(2025, 1, 1), date(2025, 12, 31), "kept", "2", "hours a month"
            ),
            commit(
                leader,
                "resources",
                date(2024, 5, 1),
                date(2024, 8, 31),
                "not_kept",
                "15000",
                "US dollars",
            ),
            commit(
                director, "resources", date(2025, 6, 1), None, "in_progress", "5000", "us dollars"
            ),
            commit(host_leader, "effort", date(2025, 1, 1), date(2025, 2, 1), "kept"),
            commit(host_leader, "time", date(2026, 1, 1), None, "planned", "10", "hours a month"),
        ],
    }
