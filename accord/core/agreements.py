"""Texts a partnership agrees to version by version: the charter (A2, A3), the measures set (M1).

A version moves draft → open for comment → final (and open → back to draft to revise it). People
taking part comment on an open version; a leader or project director of every current member
organization endorses one exact final version, and the text is agreed when every current member
has endorsed the same, latest final one. A change after agreement is a new version that asks
everyone again; earlier versions stay as the record.

Core imports no app: a kind of versioned text is a model with `partnership`, `number`, `status`
(`VersionStatus`), `opened_at`, `finalized_at`, and the related managers `comments` (person, body)
and `endorsements` (organization, person, note); its `agreement_noun` names it in messages ("the
charter", "the measures set"). The kind's services call these functions inside their own checks
of the text itself (`problems`), and its queries call the reads with the current memberships.
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .access import Perm, roles_with
from .compiled import UserQuery
from .rules import partnership_ids_for
from .services import save_validated
from .versioning import lock
from .waiting import Waiting


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for comment"
    FINAL = "final", "Final"


Status = VersionStatus
# Which moves a version may make; a final version is the record and never moves again.
MOVES = {
    Status.DRAFT: (Status.OPEN,),
    Status.OPEN: (Status.DRAFT, Status.FINAL),
    Status.FINAL: (),
}
MAX_COMMENT = 5000
NO_PERSON = (
    "Your account is not linked to a person in the directory, so Accord cannot show who is "
    "speaking. Ask a platform administrator to link your account to your directory entry."
)


def agreed(
    current_member_ids: Iterable[Hashable],
    endorsements: Iterable[tuple[Hashable, Hashable]],
    latest_final: Hashable | None,
) -> bool:
    """Whether a text is agreed: every current member endorsed the latest final version.

    `endorsements` are (version, organization) pairs; endorsements of any other version do not
    count, so a new final version asks everyone again and a new member must endorse too. With no
    final version, or no members at all, nothing has been agreed.
    """
    members = set(current_member_ids)
    if latest_final is None or not members:
        return False
    endorsers = {organization for version, organization in endorsements if version == latest_final}
    return members <= endorsers


def noun(version_or_model) -> str:
    return getattr(version_or_model, "agreement_noun", "text")


def current_member_ids(partnership) -> set[int]:
    return set(partnership.memberships.current().values_list("organization_id", flat=True))


def refuse_if_archived(partnership, what: str) -> None:
    if partnership.is_archived:
        raise ValidationError(f"This partnership is archived; its {what} can no longer change.")


def person_of(user):
    """The directory person a user speaks as, if any (archived people speak no more)."""
    person = getattr(user, "person", None) if user is not None else None
    return person if person is not None and not person.is_archived else None


# --- Versions -----------------------------------------------------------------------------------
def start_version(model, partnership) -> tuple[object | None, int]:
    """The latest version and the next number, refusing while a version is being worked on.

    Locks the partnership so that two people starting a version at once get numbers in turn;
    runs inside the caller's transaction.
    """
    refuse_if_archived(partnership, noun(model))
    type(partnership).objects.select_for_update().filter(pk=partnership.pk).first()
    versions = model.objects.filter(partnership=partnership)
    working = versions.exclude(status=Status.FINAL).first()
    if working is not None:
        raise ValidationError(
            {
                "status": f"Version {working.number} is still "
                f"{working.get_status_display().lower()}: finish it before starting another."
            }
        )
    latest = versions.order_by("-number").first()
    return latest, (versions.aggregate(top=Max("number"))["top"] or 0) + 1


def refuse_unless_draft(version) -> None:
    if version.status != Status.DRAFT:
        what = (
            "is final and is never edited; start a new version instead"
            if version.status == Status.FINAL
            else "is open for comment; move it back to draft to edit it"
        )
        raise ValidationError({"status": f"Version {version.number} {what}."})


def status_problems(version, to_status: str) -> dict[str, str]:
    """Why `version` may not move to `to_status` whatever its text says; empty when it may."""
    if to_status not in Status.values:
        return {"to": f"“{to_status}” is not a status: choose draft, open or final."}
    if to_status == version.status:
        return {"to": f"Version {version.number} is already {version.get_status_display()}."}
    if to_status not in MOVES[Status(version.status)]:
        if version.status == Status.FINAL:
            reason = "is final and is never changed; start a new version instead"
        else:
            reason = "must be open for comment before it becomes final"
        return {"to": f"Version {version.number} {reason}."}
    return {}


def move(version, to_status: str, problems: Callable[[object, str], dict]):
    """Move a version (`problems` says what its text still lacks); inside a transaction."""
    locked = lock(version)
    refuse_if_archived(locked.partnership, noun(locked))
    found = problems(locked, to_status)
    if found:
        raise ValidationError(found)
    locked.status = to_status
    fields = ["status", "updated_at"]
    if to_status == Status.OPEN:
        locked.opened_at = timezone.now()
        fields.append("opened_at")
    elif to_status == Status.FINAL:
        locked.finalized_at = timezone.now()
        fields.append("finalized_at")
    save_validated(locked, update_fields=fields)
    for name in ("status", "opened_at", "finalized_at", "updated_at", "revision"):
        setattr(version, name, getattr(locked, name))
    return version


def comment_add(version, person, body: str):
    """A comment on a version open for comment, by a person taking part; inside a transaction."""
    if person is None or person.is_archived:
        raise ValidationError({"person": NO_PERSON})
    refuse_if_archived(version.partnership, noun(version))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write your comment first."})
    if len(body) > MAX_COMMENT:
        raise ValidationError({"body": f"Keep a comment under {MAX_COMMENT} characters."})
    version = lock(version)
    if version.status != Status.OPEN:
        raise ValidationError(
            {
                "version": f"Version {version.number} is {version.get_status_display().lower()}: "
                "comments are taken only while a version is open for comment."
            }
        )
    return save_validated(version.comments.model(version=version, person=person, body=body))


def latest_final(model, partnership):
    return (
        model.objects.filter(partnership=partnership, status=Status.FINAL)
        .order_by("-number")
        .first()
    )


def working(model, partnership):
    """The version in draft or open for comment, if there is one (there is at most one)."""
    return model.objects.filter(partnership=partnership).exclude(status=Status.FINAL).first()


class AlreadyEndorsed(ValidationError):
    """The organization has endorsed this version already: nothing to do, and no error page."""


def already_endorsed(endorsement, version) -> str:
    when = timezone.localtime(endorsement.created_at).strftime("%-d %b %Y")
    return (
        f"Your organization already endorsed version {version.number}: {endorsement.person} "
        f"did on {when}. Nothing more to do."
    )


def endorse(version, person, note: str = ""):
    """Endorse one exact final version for the person's own organization; inside a transaction.

    Only a leader or project director of the partnership may (the policy's ENDORSE permission),
    for an organization that is a current member, and only the latest final version: an older
    one no longer speaks for anyone.
    """
    what = noun(version)
    if person is None or person.is_archived:
        raise ValidationError({"person": NO_PERSON})
    partnership = version.partnership
    refuse_if_archived(partnership, what)
    type(partnership).objects.select_for_update().filter(pk=partnership.pk).first()
    version.refresh_from_db(fields=["status"])
    if version.status != Status.FINAL:
        raise ValidationError(
            {
                "version": f"Version {version.number} is {version.get_status_display().lower()}. "
                "Only a final version can be endorsed."
            }
        )
    newest = latest_final(type(version), partnership)
    if newest is not None and newest.pk != version.pk:
        raise ValidationError(
            {
                "version": f"Version {version.number} has been replaced by version "
                f"{newest.number}; endorse version {newest.number} instead."
            }
        )
    speaks = partnership.roles.filter(
        person=person, archived_at__isnull=True, role__in=roles_with(Perm.ENDORSE)
    )
    if not speaks.exists():
        raise ValidationError(
            {
                "person": "Only a leader or project director of a member organization may endorse "
                f"the {what} for it."
            }
        )
    if person.organization_id is None or person.organization_id not in current_member_ids(
        partnership
    ):
        where = person.organization.name if person.organization_id else "No organization"
        raise ValidationError(
            {
                "organization": f"{where} is not a current member of this partnership, so it "
                f"cannot endorse the {what}."
            }
        )
    endorsements = version.endorsements
    previous = (
        endorsements.filter(organization_id=person.organization_id).select_related("person").first()
    )
    if previous is not None:
        raise AlreadyEndorsed({"organization": already_endorsed(previous, version)})
    endorsement = endorsements.model(
        version=version, organization_id=person.organization_id, person=person, note=note.strip()
    )
    endorsement.full_clean()
    try:
        with transaction.atomic():
            endorsement.save()
    except IntegrityError as exc:  # a second click that raced the first
        raise AlreadyEndorsed(
            {"organization": "Your organization has already endorsed this version."}
        ) from exc
    return endorsement


# --- Reads --------------------------------------------------------------------------------------
def count_per_version(model, **filters):
    """A subquery counting `model` rows of each version (no join, so counts do not multiply)."""
    rows = (
        model.objects.filter(version=OuterRef("pk"), **filters)
        .order_by()
        .values("version")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def versions_with_counts(model, partnership) -> QuerySet:
    """A partnership's versions, newest first, with their counts of comments and endorsements."""
    return (
        model.objects.filter(partnership=partnership)
        .select_related("based_on", "created_by")
        .annotate(
            comment_count=count_per_version(model.comments.field.model),
            endorsement_count=count_per_version(model.endorsements.field.model),
        )
        .order_by("-number")
    )


@dataclass
class MemberEndorsement:
    """One current member organization and its endorsement of the latest final version, if any."""

    membership: object
    endorsement: object | None

    @property
    def organization(self):
        return self.membership.organization


@dataclass
class Agreement:
    """Where a partnership's text stands: agreed or not, and who has endorsed."""

    agreed: bool
    latest_final: object | None
    working: object | None
    members: list[MemberEndorsement] = field(default_factory=list)

    @property
    def endorsed_count(self) -> int:
        return sum(1 for row in self.members if row.endorsement is not None)

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def waiting(self) -> list:
        return [row.organization for row in self.members if row.endorsement is None]


def agreement_for(model, partnership, memberships: list) -> Agreement:
    """Where `partnership`'s text of kind `model` stands, from its current `memberships`
    (three queries)."""
    final = latest_final(model, partnership)
    working_version = working(model, partnership)
    endorsements = (
        list(final.endorsements.select_related("person__organization", "organization"))
        if final
        else []
    )
    by_organization = {endorsement.organization_id: endorsement for endorsement in endorsements}
    is_agreed = agreed(
        (m.organization_id for m in memberships),
        ((e.version_id, e.organization_id) for e in endorsements),
        final.pk if final else None,
    )
    rows = [MemberEndorsement(m, by_organization.get(m.organization_id)) for m in memberships]
    return Agreement(agreed=is_agreed, latest_final=final, working=working_version, members=rows)


def agreed_version(finals: list, member_ids: list) -> object | None:
    """The newest of `finals` (newest first) that every one of `member_ids` endorsed; a newer
    final version not everyone has endorsed yet does not replace it. One query."""
    if not finals:
        return None
    endorsements = finals[0].endorsements.model.objects.filter(version__in=finals)
    pairs = list(endorsements.values_list("version_id", "organization_id"))
    return next((v for v in finals if agreed(member_ids, pairs, v.pk)), None)


# --- What waits for people ----------------------------------------------------------------------
def _to_endorse_query(model, user, current_memberships):
    final = VersionStatus.FINAL
    endorsements = model._meta.get_field("endorsements").related_model
    later_final = model.objects.filter(
        partnership=OuterRef("partnership_id"), status=final, number__gt=OuterRef("number")
    )
    own_member = current_memberships.filter(
        partnership=OuterRef("partnership_id"),
        organization__people__user=user,
        organization__people__archived_at__isnull=True,
    )
    endorsed = endorsements.objects.filter(
        version=OuterRef("pk"),
        organization__people__user=user,
        organization__people__archived_at__isnull=True,
    )
    return (
        model.objects.filter(
            status=final,
            partnership__in=partnership_ids_for(user, roles_with(Perm.ENDORSE)),
            partnership__archived_at__isnull=True,
        )
        .filter(~models.Exists(later_final), models.Exists(own_member), ~models.Exists(endorsed))
        .order_by("finalized_at", "pk")
        .values_list("number", "partnership_id", "finalized_at", "updated_at", "partnership__title")
    )


# Per kind of versioned text: its query compiled once per process (accord/core/compiled.py).
_TO_ENDORSE: dict = {}


def versions_to_endorse(model, user, current_memberships, *, kind: str, label: str) -> list:
    """The latest final version of each partnership where `user` speaks for their organization
    (a leader or project director), while that organization is a member (`current_memberships`,
    the memberships in force: a queryset that is the same on every call) and has not endorsed
    it. One query."""
    if kind not in _TO_ENDORSE:
        _TO_ENDORSE[kind] = UserQuery(
            lambda asking: _to_endorse_query(model, asking, current_memberships)
        )
    rows = _TO_ENDORSE[kind](user)
    return [
        Waiting(
            kind=kind,
            label=label,
            title=f"Endorse version {number} of the {noun(model)} for your organization",
            # The version's own URL, from the columns it is made of.
            url=model(partnership_id=partnership_id, number=number).get_absolute_url(),
            since=finalized_at or updated_at,
            partnership=title,
            partnership_id=partnership_id,
        )
        for number, partnership_id, finalized_at, updated_at, title in rows
    ]
