"""Writes to alignment assessments (A1): start, assessors, scores and the decision.

An assessment is open until a steward decides it; then nothing about it changes any more. Each
function is one transaction and refuses bad input with a ValidationError naming the field.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accord.accounts.notifications import notify
from accord.core.services import archive, save_validated
from accord.core.versioning import lock
from accord.directory.models import Organization, Person
from accord.partnerships.models import Membership, Partnership
from accord.partnerships.services import membership_add

from ..models import Assessment, Assessor, Criterion, Rubric, Score
from ..queries.assessments import NO_SCORES_YET, has_scores
from ..queries.rubrics import default_rubric


@dataclass(frozen=True)
class ScoreEntry:
    """One score an assessor gives: the criterion, 1 to 5, and a note."""

    criterion_id: int
    score: object  # validated here: forms and the API may pass anything
    note: str = ""


def _refuse_if_decided(assessment: Assessment, field: str = NON_FIELD_ERRORS) -> None:
    if assessment.status == Assessment.Status.DECIDED:
        raise ValidationError({field: "This assessment has been decided; it can no longer change."})


def _is_current_member(partnership: Partnership, organization: Organization) -> bool:
    return partnership.memberships.current().filter(organization=organization).exists()


@transaction.atomic
def assessment_start(
    *,
    partnership: Partnership,
    candidate: Organization,
    rubric: Rubric | None = None,
    created_by=None,
) -> Assessment:
    """Open an assessment of `candidate` for `partnership`, on `rubric` or the default one."""
    if partnership.is_archived:
        raise ValidationError({NON_FIELD_ERRORS: "An archived partnership assesses nobody."})
    if candidate.is_archived:
        raise ValidationError({"candidate": f"{candidate} is archived; it cannot be assessed."})
    if _is_current_member(partnership, candidate):
        raise ValidationError(
            {"candidate": f"{candidate} is already a member of this partnership."}
        )
    # The database constraint guards races; this check names the field in the message.
    if partnership.assessments.filter(candidate=candidate, status="open").exists():
        raise ValidationError(
            {"candidate": f"{candidate} already has an open assessment for this partnership."}
        )
    if rubric is None:
        rubric = default_rubric()
        if rubric is None:
            raise ValidationError({"rubric": "There is no default rubric: choose one."})
    # Locked, so that its criteria cannot change while the assessment starts using it.
    rubric = lock(rubric)
    if rubric.is_archived:
        raise ValidationError({"rubric": f"“{rubric}” is archived: choose another rubric."})
    if not rubric.criteria.exists():
        raise ValidationError({"rubric": f"“{rubric}” has no criteria yet: choose another."})
    assessment = Assessment(
        partnership=partnership, candidate=candidate, rubric=rubric, created_by=created_by
    )
    return save_validated(assessment)


@transaction.atomic
def assessor_add(*, assessment: Assessment, person: Person, direction: str) -> Assessor:
    """Add an assessor: `host` from the partnership's people, `candidate` from the candidate's."""
    _refuse_if_decided(assessment, "person")
    if direction not in Assessor.Direction.values:
        raise ValidationError({"direction": "Choose who assesses whom: host or candidate."})
    if person.is_archived:
        raise ValidationError({"person": f"{person} is archived and cannot assess."})
    if direction == Assessor.Direction.HOST:
        holds_role = assessment.partnership.roles.filter(
            person=person, archived_at__isnull=True
        ).exists()
        if not holds_role:
            raise ValidationError(
                {
                    "person": f"{person} holds no role in this partnership; assessors for the "
                    "partnership must hold one."
                }
            )
    elif person.organization_id != assessment.candidate_id:
        raise ValidationError(
            {
                "person": f"{person} is not a person of {assessment.candidate}; the candidate's "
                "assessors come from the candidate organization."
            }
        )
    if assessment.assessors.filter(person=person, archived_at__isnull=True).exists():
        raise ValidationError({"person": f"{person} is already an assessor of this assessment."})
    assessor = Assessor(assessment=assessment, person=person, direction=direction)
    save_validated(assessor)
    _tell_the_assessor(assessor)
    return assessor


def _tell_the_assessor(assessor: Assessor) -> None:
    """Let a new assessor know, in Accord and by e-mail: a candidate's assessor has no other way
    to find the assessment, since they hold no role in the partnership."""
    user = assessor.person.user
    if user is None:
        return
    assessment = assessor.assessment
    if assessor.direction == Assessor.Direction.HOST:
        title = f"Please assess {assessment.candidate} for {assessment.partnership}"
    else:
        title = f"Please assess the partnership “{assessment.partnership}”"
    notify(
        user=user,
        kind="assessor_added",
        title=title,
        body="You were asked to score it on the partnership's alignment rubric.",
        url=reverse("alignment:assessment-score", args=[assessment.partnership_id, assessment.pk]),
        key=f"assessor-added:{assessor.pk}",
    )


@transaction.atomic
def assessor_archive(*, assessor: Assessor) -> Assessor:
    """Remove an assessor from an open assessment; their scores no longer count (kept)."""
    _refuse_if_decided(assessor.assessment)
    return archive(assessor)


def _score_problems(
    criteria: dict[int, Criterion], entries: list[ScoreEntry]
) -> tuple[dict[int, tuple[int, str]], dict[str, list[str]]]:
    """Check every entry; return the clean scores by criterion id and the errors by field."""
    clean: dict[int, tuple[int, str]] = {}
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for entry in entries:
        criterion = criteria.get(entry.criterion_id)
        if criterion is None:
            errors.setdefault("criterion_id", []).append(
                f"This assessment's rubric has no criterion with id {entry.criterion_id}."
            )
            continue
        field = f"score_{criterion.pk}"
        if criterion.pk in seen:
            errors.setdefault(field, []).append(f"“{criterion}” is scored more than once.")
            continue
        seen.add(criterion.pk)
        score, note = entry.score, entry.note or ""
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            errors[field] = [f"“{criterion}”: give a whole number from 1 to 5."]
        elif not isinstance(note, str) or "\x00" in note or len(note) > 5000:
            errors[f"note_{criterion.pk}"] = [
                f"“{criterion}”: the note must be plain text of at most 5,000 characters."
            ]
        else:
            clean[criterion.pk] = (score, note.strip())
    for criterion in criteria.values():
        if criterion.pk not in seen:
            errors[f"score_{criterion.pk}"] = [
                f"“{criterion}” has no score: every criterion needs one."
            ]
    return clean, errors


@transaction.atomic
def assessment_score(
    *, assessment: Assessment, assessor: Assessor, scores: Iterable[ScoreEntry]
) -> list[Score]:
    """Save one assessor's scores of every criterion, all or nothing; saving again updates them."""
    locked = lock(assessment)
    _refuse_if_decided(locked)
    if assessor.assessment_id != locked.pk or assessor.archived_at is not None:
        raise ValidationError({NON_FIELD_ERRORS: "You are not an assessor of this assessment."})
    criteria = {criterion.pk: criterion for criterion in locked.rubric.criteria.all()}
    clean, errors = _score_problems(criteria, list(scores))
    if errors:
        raise ValidationError(errors)
    existing = {score.criterion_id: score for score in assessor.scores.all()}
    saved, changed = [], False
    for criterion_id, (value, note) in clean.items():
        score = existing.get(criterion_id)
        if score is None:
            score = Score(assessor=assessor, criterion=criteria[criterion_id])
        elif (score.score, score.note) == (value, note):
            saved.append(score)  # unchanged: no save, no history row
            continue
        score.score, score.note = value, note
        saved.append(save_validated(score))
        changed = True
    if changed:
        assessor.touch()  # an assessor's revision covers their score sheet
    return saved


@transaction.atomic
def assessment_decide(
    *, assessment: Assessment, decision: str, rationale: str, decided_by=None
) -> Assessment:
    """Record the decision with its rationale; "select" makes the candidate a partner member.

    Every decision needs evidence: it is refused while no current assessor has scored.
    """
    locked = lock(assessment)
    _refuse_if_decided(locked, "decision")
    errors = {}
    if decision not in Assessment.Decision.values:
        errors["decision"] = ["Choose select, decline or defer."]
    elif not has_scores(locked):
        errors["decision"] = [NO_SCORES_YET]
    rationale = (rationale or "").strip()
    if not rationale:
        errors["rationale"] = ["Say why: a decision needs its rationale."]
    if errors:
        raise ValidationError(errors)
    if decision == Assessment.Decision.SELECT:
        try:
            membership_add(
                partnership=locked.partnership,
                organization=locked.candidate,
                kind=Membership.Kind.PARTNER,
            )
        except ValidationError as error:
            messages = error.messages
            raise ValidationError(
                {"decision": [f"{locked.candidate} cannot be selected: {m}" for m in messages]}
            ) from error
    locked.status = Assessment.Status.DECIDED
    locked.decision = decision
    locked.rationale = rationale
    locked.decided_at = timezone.now()
    locked.decided_by = decided_by
    save_validated(
        locked,
        update_fields=["status", "decision", "rationale", "decided_at", "decided_by", "updated_at"],
    )
    for field in ("status", "decision", "rationale", "decided_at", "decided_by", "updated_at"):
        setattr(assessment, field, getattr(locked, field))
    return assessment
