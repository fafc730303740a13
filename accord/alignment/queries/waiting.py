"""What alignment work waits for a person (accord/core/waiting.py): scores to enter as an
assessor (a candidate-side assessor too, who holds no role), and charter versions to endorse or
comment on. One query per kind, however many partnerships, compiled once per process with the
user's id as a parameter (accord/core/compiled.py `UserQuery`)."""

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from accord.core import agreements
from accord.core.access import Perm, partnership_ids_for, roles_with
from accord.core.compiled import UserQuery
from accord.core.paths import object_url
from accord.core.waiting import Waiting
from accord.partnerships.models import Membership

from ..models import Assessment, Assessor, CharterComment, CharterVersion
from ..models.assessment import Score
from ..models.rubric import Criterion

FINAL = CharterVersion.Status.FINAL


def _count(queryset, group: str):
    rows = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _scores_query(user):
    return (
        Assessor.objects.filter(
            person__user=user,
            person__archived_at__isnull=True,
            archived_at__isnull=True,
            assessment__status=Assessment.Status.OPEN,
            assessment__partnership__archived_at__isnull=True,
        )
        .annotate(
            scored=_count(Score.objects.filter(assessor=OuterRef("pk")), "assessor"),
            criteria=_count(
                Criterion.objects.filter(rubric=OuterRef("assessment__rubric_id")), "rubric"
            ),
        )
        .filter(scored__lt=F("criteria"))
        .order_by("created_at", "pk")
        .values_list(
            "direction",
            "assessment__candidate__name",
            "assessment__partnership_id",
            "assessment_id",
            "created_at",
            "assessment__partnership__title",
        )
    )


_scores = UserQuery(_scores_query)


def scores_to_enter(user) -> list[Waiting]:
    """Open assessments where the user is an assessor and has not scored every criterion."""
    return [
        Waiting(
            kind="alignment.assessment.score",
            label="Scores to enter",
            title=(
                f"Score {candidate} as a candidate"
                if direction == Assessor.Direction.HOST
                else f"Score this partnership for {candidate}"
            ),
            url=object_url("alignment:assessment-score", partnership_id, assessment_id),
            since=created_at,
            partnership=title,
            partnership_id=partnership_id,
        )
        for direction, candidate, partnership_id, assessment_id, created_at, title in _scores(user)
    ]


def charter_versions_to_endorse(user) -> list[Waiting]:
    """The latest final version of each partnership where the user speaks for their organization
    (a leader or project director), while that organization is a member and has not endorsed it.
    One query."""
    return agreements.versions_to_endorse(
        CharterVersion,
        user,
        Membership.objects.current(),
        kind="alignment.charter.endorse",
        label="Charter to endorse",
    )


def _to_comment_query(user):
    commented = CharterComment.objects.filter(version=OuterRef("pk"), person__user=user)
    return (
        CharterVersion.objects.filter(
            status=CharterVersion.Status.OPEN,
            partnership__in=partnership_ids_for(user, roles_with(Perm.COMMENT)),
            partnership__archived_at__isnull=True,
        )
        .allowing(user, "alignment.charter.comment")
        .filter(~Exists(commented))
        .order_by("opened_at", "pk")
        .values_list("number", "partnership_id", "opened_at", "updated_at", "partnership__title")
    )


_to_comment = UserQuery(_to_comment_query)


def charter_versions_to_comment(user) -> list[Waiting]:
    """Versions open for comment where the user may comment and has not commented yet."""
    return [
        Waiting(
            kind="alignment.charter.comment",
            label="Charter open for comment",
            title=f"Comment on version {number} of the charter",
            url=object_url("alignment:charter-version", partnership_id, number),
            since=opened_at or updated_at,
            partnership=title,
            partnership_id=partnership_id,
        )
        for number, partnership_id, opened_at, updated_at, title in _to_comment(user)
    ]
