"""Writes about project directors (L6): naming a first director, handovers, the gap alert.

A member organization has one active project director per partnership (a database rule in
partnerships.models). The role changes hands through a handover: a steward, or the organization's
own project director, nominates a person of the same organization; the nominee accepts (the old
role ends and theirs begins, in one transaction) or declines. When a project director is archived
in the directory, or moves to another organization, their role ends and the stewards are alerted.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator

from accord.accounts.notifications import notify
from accord.core.access import Role, require
from accord.core.services import save_validated
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership, PartnershipRole
from accord.partnerships.services import role_archive, role_assign

from ..models import ProjectDirectorHandover
from ..queries import directors as queries

Status = ProjectDirectorHandover.Status
KIND_HANDOVER = "director_handover"
KIND_NAMED = "director_named"
KIND_GAP = "director_gap"
MAX_NOTE = 2000


def directors_url(partnership) -> str:
    return reverse("leadership:directors", args=[partnership.pk])


def handover_url(handover: ProjectDirectorHandover) -> str:
    return reverse("leadership:director-handover", args=[handover.partnership_id, handover.pk])


def day(moment) -> str:
    """A date as people read it ("3 Mar 2027"), in Accord's time zone."""
    return dateformat.format(timezone.localtime(moment), "j M Y")


def send(*, user, title: str, **message):
    """notify(), with the title cut to what a notification holds (names can be long)."""
    return notify(user=user, title=Truncator(title).chars(200), **message)


# --- Checks -------------------------------------------------------------------------------------
def _refuse_if_archived(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(
            "This partnership is archived; its project directors no longer change."
        )


def _check_member(partnership: Partnership, organization: Organization) -> None:
    if not partnership.memberships.current().filter(organization=organization).exists():
        raise ValidationError(
            {"organization": f"{organization} is not a current member of this partnership."}
        )


def _check_person(
    partnership, organization, person: Person, *, field: str, needs_account: bool
) -> None:
    """The person may lead for `organization`: theirs, not archived, not already its director."""
    if person.is_archived:
        raise ValidationError(
            {field: f"{person} is archived in the directory, so cannot be project director."}
        )
    if person.organization_id != organization.pk:
        where = f"belongs to {person.organization}" if person.organization else "belongs nowhere"
        raise ValidationError(
            {
                field: f"{person} {where}, not to {organization}: a project director speaks for "
                "their own organization."
            }
        )
    user = person.user
    if needs_account and (user is None or not user.is_active):
        raise ValidationError(
            {
                field: f"{person} has no Accord account, so they could not accept. Ask a "
                "platform administrator to give them one first."
            }
        )
    current = queries.current_director(partnership, organization)
    if current is not None and current.person_id == person.pk:
        raise ValidationError(
            {field: f"{person} is already the project director of {organization}."}
        )


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"Keep the note under {MAX_NOTE} characters."})
    return note


def _pending_for(partnership, organization) -> ProjectDirectorHandover | None:
    return (
        ProjectDirectorHandover.objects.filter(
            partnership=partnership, organization=organization, status=Status.PENDING
        )
        .select_related("incoming")
        .first()
    )


def _refuse_if_pending(partnership, organization) -> None:
    waiting = _pending_for(partnership, organization)
    if waiting is not None:
        raise ValidationError(
            {
                "organization": f"A handover for {organization} is already waiting for "
                f"{waiting.incoming} (nominated {day(waiting.created_at)}). Cancel it, or "
                "wait for their answer, before starting another."
            }
        )


def _locked(handover: ProjectDirectorHandover) -> ProjectDirectorHandover:
    return (
        ProjectDirectorHandover.objects.select_for_update(of=("self",))
        .select_related("partnership", "organization", "incoming__user", "nominated_by")
        .get(pk=handover.pk)
    )


def _refuse_unless_pending(handover: ProjectDirectorHandover) -> None:
    if handover.status != Status.PENDING:
        when = f" on {day(handover.decided_at)}" if handover.decided_at else ""
        raise ValidationError(
            {"status": f"This handover was already {handover.get_status_display().lower()}{when}."}
        )


def _refuse_unless_nominee(handover: ProjectDirectorHandover, user) -> None:
    # Asked after `_refuse_unless_pending`: an answered nomination says so, not "not yours".
    require(user, "leadership.handover.answer", handover)


def _tell(users, *, key: str, exclude=None, **message) -> None:
    """Notify each user once (a user who is both steward and director hears it once)."""
    seen = {getattr(exclude, "pk", None)}
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        send(user=user, key=f"{key}:{user.pk}", **message)


# --- Naming a first director --------------------------------------------------------------------
@transaction.atomic
def director_name(
    *, partnership: Partnership, organization: Organization, person: Person, named_by=None
) -> PartnershipRole:
    """Name the project director of a member organization that has none (L6).

    Where an organization already has one, the role changes hands through a handover instead.
    """
    _refuse_if_archived(partnership)
    _check_member(partnership, organization)
    _check_person(partnership, organization, person, field="person", needs_account=False)
    current = queries.current_director(partnership, organization)
    if current is not None:
        raise ValidationError(
            {
                "organization": f"{organization} already has a project director: "
                f"{current.person}. Hand the role over instead."
            }
        )
    _refuse_if_pending(partnership, organization)
    role = role_assign(partnership=partnership, person=person, role=Role.PROJECT_DIRECTOR)
    if person.user is not None and person.user != named_by:
        send(
            user=person.user,
            kind=KIND_NAMED,
            title=f"You are now the project director of {organization} in {partnership}",
            body=f"You lead for {organization} in “{partnership}”: you speak and sign off for "
            "it and own its commitments.",
            url=directors_url(partnership),
            key=f"director-named:{role.pk}",
        )
    return role


# --- Handovers ----------------------------------------------------------------------------------
@transaction.atomic
def handover_nominate(
    *,
    partnership: Partnership,
    organization: Organization,
    incoming: Person,
    nominated_by,
    note: str = "",
) -> ProjectDirectorHandover:
    """Nominate the next project director of a member organization; the nominee is told (L6).

    Only a steward or the organization's current project director nominates.
    """
    _check_member(partnership, organization)
    membership = partnership.memberships.current().get(organization=organization)
    require(nominated_by, "leadership.handover.nominate", membership)
    _refuse_if_archived(partnership)
    note = _check_note(note)
    _check_person(partnership, organization, incoming, field="incoming", needs_account=True)
    # Serialize nominations for one partnership, so that the check below holds at the insert.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    _refuse_if_pending(partnership, organization)
    handover = save_validated(
        ProjectDirectorHandover(
            partnership=partnership,
            organization=organization,
            outgoing=queries.current_director(partnership, organization),
            incoming=incoming,
            note=note,
            nominated_by=nominated_by if getattr(nominated_by, "pk", None) else None,
        )
    )
    who = getattr(nominated_by, "display_name", None) or "A steward"
    outgoing = f", taking over from {handover.outgoing.person}" if handover.outgoing else ""
    send(
        user=incoming.user,
        kind=KIND_HANDOVER,
        title=f"You are nominated as project director of {organization} in {partnership}",
        body=f"{who} nominated you as the project director of {organization} in “{partnership}”"
        f"{outgoing}. Please accept or decline." + (f"\n\nTheir note: {note}" if note else ""),
        url=handover_url(handover),
        key=f"handover:{handover.pk}:nominated",
    )
    return handover


@transaction.atomic
def handover_accept(*, handover: ProjectDirectorHandover, user) -> ProjectDirectorHandover:
    """The nominee takes the role: the outgoing director's role ends and theirs begins (L6)."""
    handover = _locked(handover)
    _refuse_unless_pending(handover)
    _refuse_unless_nominee(handover, user)
    partnership, organization, person = (
        handover.partnership,
        handover.organization,
        handover.incoming,
    )
    _refuse_if_archived(partnership)
    _check_member(partnership, organization)
    _check_person(partnership, organization, person, field="incoming", needs_account=True)
    # The director may have changed since the nomination (e.g. one who left): end whoever holds
    # the role now.
    outgoing = queries.current_director(partnership, organization)
    if outgoing is not None:
        role_archive(assignment=outgoing)
    role_assign(partnership=partnership, person=person, role=Role.PROJECT_DIRECTOR)
    handover.outgoing = outgoing
    handover.status = Status.ACCEPTED
    handover.decided_at = timezone.now()
    save_validated(handover, update_fields=["outgoing", "status", "decided_at", "updated_at"])
    after = f", after {outgoing.person}" if outgoing else ""
    _tell(
        [
            handover.nominated_by,
            outgoing.person.user if outgoing else None,
            *queries.steward_users(partnership),
        ],
        exclude=user,
        key=f"handover:{handover.pk}:accepted",
        kind=KIND_HANDOVER,
        title=f"{person} is now the project director of {organization}",
        body=f"{person} accepted the nomination and leads for {organization} in “{partnership}”"
        f"{after}.",
        url=directors_url(partnership),
    )
    return handover


@transaction.atomic
def handover_decline(*, handover: ProjectDirectorHandover, user) -> ProjectDirectorHandover:
    """The nominee says no; whoever nominated them is told."""
    handover = _locked(handover)
    _refuse_unless_pending(handover)
    _refuse_unless_nominee(handover, user)
    handover.status = Status.DECLINED
    handover.decided_at = timezone.now()
    save_validated(handover, update_fields=["status", "decided_at", "updated_at"])
    partnership, organization = handover.partnership, handover.organization
    still = queries.current_director(partnership, organization)
    stays = (
        f"{still.person} stays project director."
        if still
        else f"{organization} still has no project director."
    )
    _tell(
        [handover.nominated_by],
        key=f"handover:{handover.pk}:declined",
        kind=KIND_HANDOVER,
        title=f"{handover.incoming} declined to become project director of {organization}",
        body=f"{handover.incoming} declined the nomination in “{partnership}”. {stays} You can "
        "nominate someone else.",
        url=directors_url(partnership),
    )
    return handover


@transaction.atomic
def handover_cancel(*, handover: ProjectDirectorHandover, user) -> ProjectDirectorHandover:
    """A steward, or whoever nominated, withdraws a waiting nomination; the nominee is told."""
    handover = _locked(handover)
    require(user, "leadership.handover.cancel", handover)
    _refuse_unless_pending(handover)
    handover.status = Status.CANCELLED
    handover.decided_at = timezone.now()
    save_validated(handover, update_fields=["status", "decided_at", "updated_at"])
    _tell(
        [handover.incoming.user],
        exclude=user,
        key=f"handover:{handover.pk}:cancelled",
        kind=KIND_HANDOVER,
        title=f"The nomination as project director of {handover.organization} was withdrawn",
        body=f"You no longer need to answer the nomination in “{handover.partnership}”.",
        url=directors_url(handover.partnership),
    )
    return handover


# --- When a director leaves -----------------------------------------------------------------------
def director_gap_close(*, person_id: int) -> list[PartnershipRole]:
    """End the project director roles a person no longer holds rightly, and alert the stewards.

    A project director speaks for one organization. Once they are archived in the directory, or
    belong to another organization, they no longer do: the role is archived (so the database
    rule lets a successor take it and the gap is flagged at once), and every steward of the
    partnership is told, once per ended role. Called after the person's change is committed.
    """
    person = Person.objects.select_related("organization").filter(pk=person_id).first()
    if person is None:
        return []
    roles = PartnershipRole.objects.filter(
        person=person, role=Role.PROJECT_DIRECTOR, archived_at__isnull=True
    ).select_related("partnership", "organization")
    ended = []
    for role in roles:
        if person.is_archived:
            reason = f"{person} was archived in the directory"
        elif person.organization_id != role.organization_id:
            reason = (
                f"{person} now belongs to {person.organization}"
                if person.organization
                else f"{person} no longer belongs to {role.organization}"
            )
        else:
            continue
        with transaction.atomic():
            role_archive(assignment=role)
            ended.append(role)
            if not role.partnership.is_archived:
                _alert_gap(role, reason)
    return ended


def _alert_gap(role: PartnershipRole, reason: str) -> None:
    partnership, organization = role.partnership, role.organization
    _tell(
        queries.steward_users(partnership),
        key=f"director-gap:{role.pk}",
        kind=KIND_GAP,
        title=f"{organization} has no project director in {partnership}",
        body=f"{reason}, so they no longer speak for {organization}. Accord ended their role as "
        f"project director of {organization} in “{partnership}”. Name a new project director "
        "on the project directors page.",
        url=directors_url(partnership),
    )
