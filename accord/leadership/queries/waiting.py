"""What leadership work waits for a person (accord/core/waiting.py): signatures to give,
nominations to answer, announcements in draft, and member organizations without a project
director in the partnerships they steward. One query per kind, however many partnerships."""

from django.db.models import DateTimeField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from accord.core.access import Role, partnership_ids_for
from accord.core.waiting import Waiting
from accord.partnerships.models import Membership, PartnershipRole

from ..models import Announcement, MouVersion, ProjectDirectorHandover, Signatory


def signatures_to_give(user) -> list[Waiting]:
    """Versions out for signature on which the user has been asked to sign and has not yet."""
    may_sign = MouVersion.objects.allowing(user, "leadership.mou.sign").filter(
        status=MouVersion.Status.OUT_FOR_SIGNATURE
    )
    rows = (
        Signatory.objects.filter(
            status=Signatory.Status.PENDING,
            person__user=user,
            person__archived_at__isnull=True,
            version__in=may_sign.values("pk"),
        )
        .select_related("version__mou__partnership", "organization")
        .order_by("asked_at", "pk")
    )
    return [
        Waiting(
            kind="leadership.mou.sign",
            label="Signature to give",
            title=(
                f"Sign “{row.version.mou.title}”, version {row.version.number}, "
                f"for {row.organization.name}"
            ),
            url=row.version.get_absolute_url(),
            since=row.asked_at or row.version.sent_at or row.created_at,
            partnership=row.version.mou.partnership.title,
            partnership_id=row.version.mou.partnership_id,
        )
        for row in rows
    ]


def nominations_to_answer(user) -> list[Waiting]:
    rows = (
        ProjectDirectorHandover.objects.allowing(user, "leadership.handover.answer")
        .filter(partnership__archived_at__isnull=True)
        .select_related("partnership", "organization")
        .order_by("created_at", "pk")
    )
    return [
        Waiting(
            kind="leadership.handover.answer",
            label="Nomination to answer",
            title=f"Accept or decline becoming project director of {row.organization.name}",
            url=reverse("leadership:director-handover", args=[row.partnership_id, row.pk]),
            since=row.created_at,
            partnership=row.partnership.title,
            partnership_id=row.partnership_id,
        )
        for row in rows
    ]


def announcements_in_draft(user) -> list[Waiting]:
    """Drafts the user may send: their own, and (as steward) every draft of the partnership.

    An administrator may send any draft, but only their own wait for them.
    """
    mine = Q(created_by=user) | Q(partnership__in=partnership_ids_for(user, [Role.STEWARD]))
    rows = (
        Announcement.objects.allowing(user, "leadership.announcement.manage")
        .filter(mine, status=Announcement.Status.DRAFT, partnership__archived_at__isnull=True)
        .select_related("partnership")
        .order_by("created_at", "pk")
    )
    return [
        Waiting(
            kind="leadership.announcement.send",
            label="Announcement in draft",
            title=f"Finish and send “{row.title}”",
            url=reverse("leadership:announcement-detail", args=[row.partnership_id, row.pk]),
            since=row.created_at,
            partnership=row.partnership.title,
            partnership_id=row.partnership_id,
        )
        for row in rows
    ]


def director_gaps(user) -> list[Waiting]:
    """Current member organizations without a project director, where the user is steward (L6).

    Waiting since the last director's role ended, or else since the organization joined.
    """
    directors = PartnershipRole.objects.filter(
        partnership=OuterRef("partnership_id"),
        organization=OuterRef("organization_id"),
        role=Role.PROJECT_DIRECTOR,
    )
    last_ended = (
        directors.filter(archived_at__isnull=False).order_by("-archived_at").values("archived_at")
    )
    rows = (
        Membership.objects.current()
        .filter(
            partnership__in=partnership_ids_for(user, [Role.STEWARD]),
            partnership__archived_at__isnull=True,
        )
        .filter(~Exists(directors.filter(archived_at__isnull=True)))
        .annotate(
            gap_since=Coalesce(Subquery(last_ended[:1], output_field=DateTimeField()), "created_at")
        )
        .select_related("partnership", "organization")
        .order_by("partnership__title", "organization__name", "pk")
    )
    return [
        Waiting(
            kind="leadership.director.name",
            label="Project director missing",
            title=f"Name a project director for {row.organization.name}",
            url=reverse("leadership:director-name", args=[row.partnership_id, row.organization_id]),
            since=row.gap_since,
            partnership=row.partnership.title,
            partnership_id=row.partnership_id,
        )
        for row in rows
    ]
