"""Signing MOUs (L5): sending a draft for signature, signing and declining, voiding, execution
with the signing certificate, and the notifications and e-mails that go with them.

Rules kept here, one transaction each:
- the document sent for signature is rendered once (by the task worker, services/pdfs.py) and
  stored as exact bytes with their SHA-256; signing waits until it is stored; each signature
  records the SHA-256 recomputed from the stored bytes at that moment, and is refused if they no
  longer match;
- the last signature executes the version and its MOU, with the signing certificate;
- a signatory who declines stops the version: it is voided with their reason, the other pending
  signatures are voided, and the steward is told; the steward revises it in a new version.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accord.accounts.notifications import notify
from accord.core.access import Role, require
from accord.core.services import save_validated

from .. import rendering
from ..models import Mou, MouVersion, Signatory
from ..mou_context import disagreement_messages, mou_context, section_texts
from ..queries.mous import signer_choices
from . import pdfs
from .mou_guards import locked_version, refuse, refuse_executed, refuse_if_archived, save_mou_status

VS, SS = MouVersion.Status, Signatory.Status
MAX_REASON = 2000


class AlreadySigned(ValidationError):
    """A second signature by the same person: nothing to do, said kindly."""


# --- Voiding ------------------------------------------------------------------------------------
def void_version(version: MouVersion, *, reason: str, user=None) -> None:
    """Void a locked version and its open signatures; those already asked are told."""
    version.status = VS.VOIDED
    version.voided_at = timezone.now()
    version.void_reason = reason
    version.save(update_fields=["status", "voided_at", "void_reason", "updated_at"])
    for signatory in version.signatories.filter(status__in=[SS.WAITING, SS.PENDING]).select_related(
        "person__user"
    ):
        was_asked = signatory.status == SS.PENDING
        signatory.status = SS.VOIDED
        signatory.save(update_fields=["status", "updated_at"])
        if was_asked and signatory.person.user:
            _tell(
                signatory.person.user,
                "mou_voided",
                version,
                f"mou-voided:{signatory.pk}",
                f"No need to sign: {version.mou}",
                "voided",
                reason=reason,
            )
    save_mou_status(version.mou, Mou.Status.DRAFTING)


@transaction.atomic
def mou_void(*, version: MouVersion, reason: str, user=None) -> MouVersion:
    """Withdraw a version out for signature: its pending signatures end; it is kept as it was."""
    reason = (reason or "").strip()
    if not reason:
        refuse("Say why the version is voided; the signatories are told.", "reason")
    if len(reason) > MAX_REASON:
        refuse(f"Keep the reason under {MAX_REASON} characters.", "reason")
    version = locked_version(version)
    refuse_if_archived(version.mou.partnership)
    refuse_executed(version.mou)
    if version.status != VS.OUT_FOR_SIGNATURE:
        refuse(
            f"Only a version out for signature is voided; version {version.number} is "
            f"{version.get_status_display().lower()}."
        )
    void_version(version, reason=reason, user=user)
    return version


# --- Sending ------------------------------------------------------------------------------------
def _check_signatories(partnership, chosen: list[tuple]) -> list[tuple]:
    """(person, organization, order) for each chosen (person, order), or the reasons why not."""
    choices = signer_choices(partnership)
    allowed = {p.pk: c.organization for c in choices for p in c.people}
    problems, rows, seen = [], [], set()
    for person, order in chosen:
        if person.pk in seen:
            problems.append(f"{person} is listed twice.")
            continue
        seen.add(person.pk)
        if person.pk not in allowed:
            problems.append(
                f"{person} may not sign: a signatory is a leader or project director of a "
                "member organization, with an Accord account."
            )
            continue
        if not isinstance(order, int) or not 1 <= order <= 99:
            problems.append(f"The order of {person} must be a number from 1 to 99.")
            continue
        rows.append((person, allowed[person.pk], order))
    covered = {organization.pk for _, organization, _ in rows}
    for choice in choices:
        if choice.organization.pk not in covered:
            hint = (
                ""
                if choice.people
                else (
                    " Nobody can sign for it yet: give one of its people the role of leader or "
                    "project director, with an Accord account."
                )
            )
            name = str(choice.organization).rstrip(".")
            problems.append(f"Choose at least one signatory for {name}.{hint}")
    if problems:
        raise ValidationError({"signatories": problems})
    return rows


@transaction.atomic
def mou_send(
    *,
    version: MouVersion,
    signatories: list[tuple],
    signing_order: str | None = None,
    sent_by=None,
    confirm_no_agreed_charter: bool = False,
) -> MouVersion:
    """Send a draft for signature: freeze it as one PDF, record its SHA-256, ask the signers.

    `signatories` are (person, order) pairs: at least one for every current member organization.
    The MOU quotes the agreed charter version; while there is none, it is sent only when the
    steward confirms it (`confirm_no_agreed_charter`).
    """
    version = locked_version(version)
    mou = version.mou
    refuse_if_archived(mou.partnership)
    refuse_executed(mou)
    if version.status != VS.DRAFT:
        refuse(
            f"Only a draft is sent for signature; version {version.number} is "
            f"{version.get_status_display().lower()}."
        )
    if not version.sections.exists():
        refuse("This version has no sections to sign.")
    problems = send_refusals(version)
    if problems:
        raise ValidationError({NON_FIELD_ERRORS: problems})
    rows = _check_signatories(mou.partnership, list(signatories))
    if not confirm_no_agreed_charter and not charter_agreed(version):
        refuse(
            "No charter version is agreed (endorsed by every member organization), so the MOU "
            "quotes no charter. Confirm that it is sent without one, or have the partners "
            "endorse the charter first.",
            "confirm_no_agreed_charter",
        )
    if signing_order:
        if signing_order not in MouVersion.SigningOrder.values:
            refuse("Choose all at once or one after another.", "signing_order")
        version.signing_order = signing_order
    for person, organization, order in rows:
        save_validated(
            Signatory(version=version, person=person, organization=organization, order=order)
        )
    _freeze(version)
    version.status, version.sent_at, version.sent_by = VS.OUT_FOR_SIGNATURE, timezone.now(), sent_by
    save_validated(version)
    save_mou_status(mou, Mou.Status.OUT_FOR_SIGNATURE)
    # Rendered once, by the worker, from the text and data frozen above: these exact stored
    # bytes are what every signature's SHA-256 refers to. Queued in this transaction, so that a
    # committed send always has its document on the way. The signatories are asked once it is
    # stored (`pdfs.store_document`), with its SHA-256. A backend that runs tasks at once has
    # done both already: the version is read again.
    pdfs.queue_document(version)
    version.refresh_from_db()
    return version


def charter_agreed(version: MouVersion) -> bool:
    """Whether the MOU has an agreed charter version to quote (A3)."""
    return mou_context(version.mou.partnership, version)["charter"] is not None


def send_refusals(version: MouVersion) -> list[str]:
    """Why the draft cannot be sent as it is: each section that disagrees with the data."""
    data = mou_context(version.mou.partnership, version)
    texts = section_texts(version, list(version.sections.order_by("position", "pk")), data)
    problems = disagreement_messages(texts)
    if problems:
        return ["The draft disagrees with itself, so it is not sent.", *problems]
    return []


def _freeze(version: MouVersion) -> None:
    """Keep the data and the text the version is sent with; it prints them from now on (L5)."""
    data = mou_context(version.mou.partnership, version)
    texts = section_texts(version, list(version.sections.order_by("position", "pk")), data)
    for text in texts:
        if text.body != text.section.body:
            text.section.body = text.body
            save_validated(text.section)
    version.data = data


def ask_next(version: MouVersion) -> None:
    """Ask whoever signs next: everyone at once, or the lowest order number not yet signed."""
    open_ = list(
        version.signatories.filter(status__in=[SS.WAITING, SS.PENDING])
        .select_related("person__user")
        .order_by("order", "pk")
    )
    if version.signing_order == MouVersion.SigningOrder.SEQUENTIAL and open_:
        first = open_[0].order
        open_ = [s for s in open_ if s.order == first]
    for signatory in open_:
        if signatory.status != SS.WAITING:
            continue
        signatory.status, signatory.asked_at = SS.PENDING, timezone.now()
        signatory.save(update_fields=["status", "asked_at", "updated_at"])
        _tell(
            signatory.person.user,
            "mou_signature_request",
            version,
            f"mou-sign:{signatory.pk}",
            f"Please sign: {version.mou}",
            "signature_request",
            sign=True,
            signatory=signatory,
        )


# --- Signing ------------------------------------------------------------------------------------
def _signing_refusal(signatory: Signatory, version: MouVersion) -> str | None:
    if version.status == VS.VOIDED:
        return (
            f"Version {version.number} was voided ({version.void_reason.rstrip('.')}), so it "
            "can no longer be signed."
        )
    if version.status != VS.OUT_FOR_SIGNATURE:
        return f"Version {version.number} is not out for signature."
    if signatory.status == SS.DECLINED:
        return "You declined to sign this version."
    if signatory.status == SS.VOIDED:
        return "Your signature is no longer needed on this version."
    if pdfs.document_pending(version):
        return (
            "The document to sign is still being prepared. You are asked by e-mail when it is "
            "ready and it is your turn."
        )
    if signatory.status == SS.WAITING:
        return (
            "It is not your turn yet: you will be asked by e-mail when the signers before you "
            "have signed."
        )
    return None


def _locked_signatory(signatory: Signatory, user) -> tuple[Signatory, MouVersion]:
    version = locked_version(signatory.version)
    signatory = (
        Signatory.objects.select_for_update(of=("self",))
        .select_related("person", "organization")
        .get(pk=signatory.pk)
    )
    require(user, "leadership.mou.sign", version)
    if signatory.person.user_id != user.pk:
        raise PermissionDenied("Only the person asked to sign may sign.")
    refuse_if_archived(version.mou.partnership)
    return signatory, version


@transaction.atomic
def mou_sign(
    *,
    signatory: Signatory,
    user,
    password: str,
    ip_address: str | None = None,
    user_agent: str = "",
) -> Signatory:
    """Sign after confirming one's password; record time, IP, user agent and the SHA-256 of the
    stored document as it is now (L5). The last signature executes the MOU."""
    signatory, version = _locked_signatory(signatory, user)
    if signatory.status == SS.SIGNED:
        when = timezone.localtime(signatory.signed_at).strftime("%-d %B %Y at %H:%M")
        raise AlreadySigned(f"You signed version {version.number} on {when}. Nothing more to do.")
    problem = _signing_refusal(signatory, version)
    if problem:
        refuse(problem)
    if not password or not user.check_password(password):
        refuse(
            "That is not your password. Type the password you sign in to Accord with.", "password"
        )
    digest = rendering.stored_sha256(version.document)
    if digest is None or digest != version.document_sha256:
        refuse(
            "The stored document no longer matches the one sent for signature (its SHA-256 "
            "differs), so it cannot be signed. Tell the partnership's steward."
        )
    signatory.status, signatory.signed_at = SS.SIGNED, timezone.now()
    signatory.ip_address = ip_address or None
    signatory.user_agent = (user_agent or "")[:1000]
    signatory.signed_sha256 = digest
    save_validated(signatory)
    if not version.signatories.exclude(status=SS.SIGNED).exists():
        _execute(version)
    else:
        ask_next(version)
    return signatory


def _execute(version: MouVersion) -> None:
    """Every signatory signed: the version and its MOU are executed, with the certificate."""
    mou = version.mou
    version.status, version.executed_at = VS.EXECUTED, timezone.now()
    save_validated(version)
    mou.status, mou.executed_at = Mou.Status.EXECUTED, version.executed_at
    mou.effective_on = version.effective_on or timezone.localdate(version.executed_at)
    mou.expires_on = version.expires_on
    save_validated(mou)
    people = [s.person.user for s in version.signatories.select_related("person__user")]
    for user in {u.pk: u for u in [*people, *_stewards(mou.partnership)] if u}.values():
        _tell(
            user,
            "mou_executed",
            version,
            f"mou-executed:{version.pk}:{user.pk}",
            f"Executed: {mou}",
            "executed",
        )
    # The executed document (the signed pages, the certificate, the exact bytes signed inside)
    # is rendered by the worker once this transaction commits.
    pdfs.queue_certificate(version)


@transaction.atomic
def mou_decline(*, signatory: Signatory, user, reason: str) -> Signatory:
    """Decline to sign, with a reason: the version stops (voided) and the steward is told."""
    reason = (reason or "").strip()
    if not reason:
        refuse("Say why you decline; the steward reads it to revise the MOU.", "reason")
    if len(reason) > MAX_REASON:
        refuse(f"Keep the reason under {MAX_REASON} characters.", "reason")
    signatory, version = _locked_signatory(signatory, user)
    if signatory.status == SS.SIGNED:
        refuse("You have already signed this version; it can no longer be declined.")
    problem = _signing_refusal(signatory, version)
    # Someone whose turn has not come yet may already say no.
    if problem and not (version.status == VS.OUT_FOR_SIGNATURE and signatory.status == SS.WAITING):
        refuse(problem)
    signatory.status, signatory.decline_reason = SS.DECLINED, reason
    save_validated(signatory)
    void_version(
        version, reason=f"Declined by {signatory.person} for {signatory.organization}: {reason}"
    )
    for steward in {
        u.pk: u for u in [*_stewards(version.mou.partnership), version.sent_by] if u
    }.values():
        _tell(
            steward,
            "mou_declined",
            version,
            f"mou-declined:{signatory.pk}:{steward.pk}",
            f"Declined: {version.mou}",
            "declined",
            signatory=signatory,
            reason=reason,
        )
    return signatory


# --- Notifications ------------------------------------------------------------------------------
def _stewards(partnership) -> list:
    from accord.partnerships.models import PartnershipRole

    roles = PartnershipRole.objects.filter(
        partnership=partnership,
        role=Role.STEWARD,
        archived_at__isnull=True,
        person__user__isnull=False,
    ).select_related("person__user")
    return [role.person.user for role in roles]


def _tell(
    user,
    kind: str,
    version: MouVersion,
    key: str,
    title: str,
    template: str,
    *,
    sign: bool = False,
    **extra,
) -> None:
    """Notify one person in the app and by e-mail, with the link they need."""
    if user is None:
        return
    mou = version.mou
    args = [mou.partnership_id, mou.pk, version.number]
    url = reverse("leadership:mou-sign" if sign else "leadership:mou-version", args=args)
    body = render_to_string(
        f"leadership/mous/email/{template}.txt",
        {"mou": mou, "version": version, "partnership": mou.partnership, "user": user, **extra},
    ).strip()
    notify(user=user, kind=kind, title=title[:200], body=body, url=url, key=key)
