"""What alignment work waits for a person (accord/core/waiting.py): scores to enter as an
assessor (a candidate-side assessor too, who holds no role), and charter versions to endorse or
comment on. One query per kind, however many partnerships."""

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from accord.core import agreements
from accord.core.access import Perm, partnership_ids_for, roles_with
from accord.core.waiting import Waiting
from accord.partnerships.models import Membership

from ..models import Assessment, Assessor, CharterComment, CharterVersion
from ..models.assessment import Score
from ..models.rubric import Criterion

FINAL = CharterVersion.Status.FINAL


def _count(queryset, group: str):
    rows = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def scores_to_enter(user) -> list[Waiting]:
    """Open assessments where the user is an assessor and has not scored every criterion."""
    rows = (
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
        .select_related("assessment__partnership", "assessment__candidate")
        .order_by("created_at", "pk")
    )
    return [
        Waiting(
            kind="alignment.assessment.score",
            label="Scores to enter",
            title=(
                f"Score {row.assessment.candidate.name} as a candidate"
                if row.direction == Assessor.Direction.HOST
                else f"Score this partnership for {row.assessment.candidate.name}"
            ),
            url=reverse(
                "alignment:assessment-score",
                args=[row.assessment.partnership_id, row.assessment_id],
            ),
            since=row.created_at,
            partnership=row.assessment.partnership.title,
            partnership_id=row.assessment.partnership_id,
        )
        for row in rows
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


def charter_versions_to_comment(user) -> list[Waiting]:
    """Versions open for comment where the user may comment and has not commented yet."""
    commented = CharterComment.objects.filter(version=OuterRef("pk"), person__user=user)
    rows = (
        CharterVersion.objects.filter(
            status=CharterVersion.Status.OPEN,
            partnership__in=partnership_ids_for(user, roles_with(Perm.COMMENT)),
            partnership__archived_at__isnull=True,
        )
        .allowing(user, "alignment.charter.comment")
        .filter(~Exists(commented))
        .select_related("partnership")
        .order_by("opened_at", "pk")
    )
    return [
        Waiting(
            kind="alignment.charter.comment",
            label="Charter open for comment",
            title=f"Comment on version {row.number} of the charter",
            url=row.get_absolute_url(),
            since=row.opened_at or row.updated_at,
            partnership=row.partnership.title,
            partnership_id=row.partnership_id,
        )
        for row in rows
    ]
