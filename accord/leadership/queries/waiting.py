"""What leadership work waits for a person (accord/core/waiting.py): signatures to give,
nominations to answer, announcements in draft, and member organizations without a project
director in the partnerships they steward. One query per kind, however many partnerships, compiled
once per process with the user's id as a parameter (accord/core/compiled.py `UserQuery`)."""

from django.db.models import DateTimeField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from accord.core.access import Role, partnership_ids_for
from accord.core.compiled import UserQuery
from accord.core.paths import object_url
from accord.core.waiting import Waiting
from accord.partnerships.models import Membership, PartnershipRole

from ..models import Announcement, MouVersion, ProjectDirectorHandover, Signatory


def _signatures_query(user):
    may_sign = MouVersion.objects.allowing(user, "leadership.mou.sign").filter(
        status=MouVersion.Status.OUT_FOR_SIGNATURE
    )
    return (
        Signatory.objects.filter(
            status=Signatory.Status.PENDING,
            person__user=user,
            person__archived_at__isnull=True,
            version__in=may_sign.values("pk"),
        )
        .order_by("asked_at", "pk")
        .values_list(
            "version__mou__title",
            "version__number",
            "organization__name",
            "version__mou__partnership_id",
            "version__mou_id",
            "asked_at",
            "version__sent_at",
            "created_at",
            "version__mou__partnership__title",
        )
    )


_signatures = UserQuery(_signatures_query)


def signatures_to_give(user) -> list[Waiting]:
    """Versions out for signature on which the user has been asked to sign and has not yet."""
    return [
        Waiting(
            kind="leadership.mou.sign",
            label="Signature to give",
            title=f"Sign “{mou_title}”, version {number}, for {organization}",
            url=object_url("leadership:mou-version", partnership_id, mou_id, number),
            since=asked_at or sent_at or created_at,
            partnership=title,
            partnership_id=partnership_id,
        )
        for (
            mou_title,
            number,
            organization,
            partnership_id,
            mou_id,
            asked_at,
            sent_at,
            created_at,
            title,
        ) in _signatures(user)
    ]


_nominations = UserQuery(
    lambda user: (
        ProjectDirectorHandover.objects.allowing(user, "leadership.handover.answer")
        .filter(partnership__archived_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list(
            "organization__name", "partnership_id", "pk", "created_at", "partnership__title"
        )
    )
)


def nominations_to_answer(user) -> list[Waiting]:
    return [
        Waiting(
            kind="leadership.handover.answer",
            label="Nomination to answer",
            title=f"Accept or decline becoming project director of {organization}",
            url=object_url("leadership:director-handover", partnership_id, pk),
            since=created_at,
            partnership=title,
            partnership_id=partnership_id,
        )
        for organization, partnership_id, pk, created_at, title in _nominations(user)
    ]


def _drafts_query(user):
    mine = Q(created_by=user) | Q(partnership__in=partnership_ids_for(user, [Role.STEWARD]))
    return (
        Announcement.objects.allowing(user, "leadership.announcement.manage")
        .filter(mine, status=Announcement.Status.DRAFT, partnership__archived_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("title", "partnership_id", "pk", "created_at", "partnership__title")
    )


_drafts = UserQuery(_drafts_query)


def announcements_in_draft(user) -> list[Waiting]:
    """Drafts the user may send: their own, and (as steward) every draft of the partnership.

    An administrator may send any draft, but only their own wait for them.
    """
    return [
        Waiting(
            kind="leadership.announcement.send",
            label="Announcement in draft",
            title=f"Finish and send “{announcement}”",
            url=object_url("leadership:announcement-detail", partnership_id, pk),
            since=created_at,
            partnership=title,
            partnership_id=partnership_id,
        )
        for announcement, partnership_id, pk, created_at, title in _drafts(user)
    ]


def _gaps_query(user):
    directors = PartnershipRole.objects.filter(
        partnership=OuterRef("partnership_id"),
        organization=OuterRef("organization_id"),
        role=Role.PROJECT_DIRECTOR,
    )
    last_ended = (
        directors.filter(archived_at__isnull=False).order_by("-archived_at").values("archived_at")
    )
    return (
        Membership.objects.current()
        .filter(
            partnership__in=partnership_ids_for(user, [Role.STEWARD]),
            partnership__archived_at__isnull=True,
        )
        .filter(~Exists(directors.filter(archived_at__isnull=True)))
        .annotate(
            gap_since=Coalesce(Subquery(last_ended[:1], output_field=DateTimeField()), "created_at")
        )
        .order_by("partnership__title", "organization__name", "pk")
        # The annotation last: values_list() selects the model's columns before annotations.
        .values_list(
            "organization__name",
            "partnership_id",
            "organization_id",
            "partnership__title",
            "gap_since",
        )
    )


_gaps = UserQuery(_gaps_query)


def director_gaps(user) -> list[Waiting]:
    """Current member organizations without a project director, where the user is steward (L6).

    Waiting since the last director's role ended, or else since the organization joined.
    """
    return [
        Waiting(
            kind="leadership.director.name",
            label="Project director missing",
            title=f"Name a project director for {organization}",
            url=object_url("leadership:director-name", partnership_id, organization_id),
            since=gap_since,
            partnership=title,
            partnership_id=partnership_id,
        )
        for organization, partnership_id, organization_id, title, gap_since in _gaps(user)
    ]
