"""Access-matrix entries for the alignment pillar's assessment pages and API operations (A1).

Builders start a fresh assessment in the side's partnership for each case (rolled back). On the
own side the cast's contributor is its host-side assessor, so the policy lets the contributor
alone score ("alignment.assessment.score"): every other actor who can see the assessment gets
403, the platform administrator included (the cast's admin has no person, so cannot be an
assessor).
See tests/matrix/__init__.py for how an entry's expected outcome is derived.
"""

from django.urls import reverse

from accord.alignment.models import Assessor
from accord.alignment.queries.rubrics import default_rubric
from accord.alignment.services.assessments import assessment_start, assessor_add
from accord.core.access import Perm
from tests.factories import OrganizationFactory, RoleFactory, scored
from tests.matrix import Route, Target

FOUND = frozenset({302})
CREATED = frozenset({201})
BASE = "/api/v1/partnerships/{partnership_id}/assessments"
ONE = BASE + "/{assessment_id}"

SCORE = "alignment.assessment.score"


def start(cast, side, candidate=None):
    """An open assessment of a new organization, for the side's partnership."""
    return assessment_start(
        partnership=cast.partnership(side),
        candidate=candidate or OrganizationFactory(),
        created_by=cast.users["admin"],
    )


def assessed(cast, side):
    """An open assessment with a host-side assessor (the contributor on the own side)."""
    assessment = start(cast, side)
    person = cast.people["contributor" if side == "own" else "other_steward"]
    assessor = assessor_add(assessment=assessment, person=person, direction=Assessor.Direction.HOST)
    return assessment, assessor


def every_score(score: int = 4) -> list[tuple[int, int]]:
    """(criterion id, score) for every criterion of the default rubric."""
    return [(criterion.pk, score) for criterion in default_rubric().criteria.all()]


def score_form(cast, side) -> dict:
    data = {}
    for criterion_id, score in every_score():
        data[f"score_{criterion_id}"] = score
        data[f"note_{criterion_id}"] = "Checked by the access matrix."
    return data


def score_body(cast, side) -> dict:
    return {"scores": [{"criterion_id": cid, "score": s} for cid, s in every_score()]}


def page(name: str, target: str = "assessment"):
    def build(cast, side):
        partnership = cast.partnership(side)
        if target == "partnership":
            return reverse(f"alignment:{name}", args=[partnership.pk])
        assessment, assessor = assessed(cast, side)
        if target == "scored":
            scored(assessment)
        args = [partnership.pk, assessment.pk]
        if target == "assessor":
            args.append(assessor.pk)
        return Target(reverse(f"alignment:{name}", args=args), assessment)

    return build


def api(suffix: str = "", target: str = "assessment"):
    def build(cast, side):
        partnership = cast.partnership(side)
        url = f"/api/v1/partnerships/{partnership.pk}/assessments"
        if target == "partnership":
            return url
        assessment, assessor = assessed(cast, side)
        if target == "scored":
            scored(assessment)
        path = f"{url}/{assessment.pk}" + suffix.replace("{assessor}", str(assessor.pk))
        return Target(path, assessment)

    return build


def new_candidate_form(cast, side):
    return {"candidate": OrganizationFactory().pk, "rubric": default_rubric().pk}


def role_holder(cast, side):
    """A person with a role in the side's partnership who is not yet an assessor."""
    if side == "own":
        return cast.people["viewer"]
    return RoleFactory(partnership=cast.other, role="viewer").person


def new_assessor_form(cast, side):
    return {"person": role_holder(cast, side).pk, "direction": "host"}


DECISION = {"decision": "decline", "rationale": "Checked by the access matrix."}

ROUTES: list[Route] = [
    # --- pages -------------------------------------------------------------------------------
    Route("alignment:assessment-list", "GET", page("assessment-list", "partnership"), Perm.VIEW),
    Route(
        "alignment:assessment-create",
        "GET",
        page("assessment-create", "partnership"),
        Perm.MANAGE_MEMBERS,
    ),
    Route(
        "alignment:assessment-create",
        "POST",
        page("assessment-create", "partnership"),
        Perm.MANAGE_MEMBERS,
        data=new_candidate_form,
        ok=FOUND,
    ),
    Route("alignment:assessment-detail", "GET", page("assessment-detail"), Perm.VIEW),
    Route(
        "alignment:assessment-assessor-add",
        "GET",
        page("assessment-assessor-add"),
        Perm.MANAGE_MEMBERS,
    ),
    Route(
        "alignment:assessment-assessor-add",
        "POST",
        page("assessment-assessor-add"),
        Perm.MANAGE_MEMBERS,
        data=new_assessor_form,
        ok=FOUND,
    ),
    Route(
        "alignment:assessment-assessor-remove",
        "POST",
        page("assessment-assessor-remove", "assessor"),
        Perm.MANAGE_MEMBERS,
        ok=FOUND,
    ),
    Route(
        "alignment:assessment-score",
        "GET",
        page("assessment-score"),
        SCORE,
    ),
    Route(
        "alignment:assessment-score",
        "POST",
        page("assessment-score"),
        SCORE,
        data=score_form,
        ok=FOUND,
    ),
    Route("alignment:assessment-decide", "GET", page("assessment-decide"), Perm.MANAGE_MEMBERS),
    Route(
        "alignment:assessment-decide",
        "POST",
        page("assessment-decide", "scored"),
        Perm.MANAGE_MEMBERS,
        data=lambda c, s: DECISION,
        ok=FOUND,
    ),
    # --- API ---------------------------------------------------------------------------------
    Route(f"GET {BASE}", "GET", api(target="partnership"), Perm.VIEW, api=True),
    Route(
        f"POST {BASE}",
        "POST",
        api(target="partnership"),
        Perm.MANAGE_MEMBERS,
        api=True,
        data=lambda c, s: {"candidate_organization_id": OrganizationFactory().pk},
        ok=CREATED,
    ),
    Route(f"GET {ONE}", "GET", api(), Perm.VIEW, api=True),
    Route(
        f"POST {ONE}/decision",
        "POST",
        api("/decision", "scored"),
        Perm.MANAGE_MEMBERS,
        api=True,
        data=lambda c, s: DECISION,
    ),
    Route(
        f"PUT {ONE}/my-scores",
        "PUT",
        api("/my-scores"),
        SCORE,
        api=True,
        data=score_body,
    ),
    Route(f"GET {ONE}/assessors", "GET", api("/assessors"), Perm.VIEW, api=True),
    Route(
        f"POST {ONE}/assessors",
        "POST",
        api("/assessors"),
        Perm.MANAGE_MEMBERS,
        api=True,
        data=lambda c, s: {"person_id": role_holder(c, s).pk, "direction": "host"},
        ok=CREATED,
    ),
    Route(
        f"POST {ONE}/assessors/{{assessor_id}}/archive",
        "POST",
        api("/assessors/{assessor}/archive"),
        Perm.MANAGE_MEMBERS,
        api=True,
    ),
]
