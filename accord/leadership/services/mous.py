"""Writes to MOUs (L5): drafting from a template, versions and edits, sending for signature,
signing and declining, voiding, execution, amendments and externally signed uploads.

Rules kept here, one transaction each:
- an executed MOU is never edited: every write refuses it; an amendment is a new MOU;
- the document sent for signature is rendered once and stored as exact bytes with their SHA-256;
  each signature records the SHA-256 recomputed from the stored bytes at that moment, and is
  refused if they no longer match;
- editing a version out for signature voids it (its pending signatures too) and continues in a
  new draft copied from it, which must be sent again;
- a signatory who declines stops the version: it is voided with their reason, the other pending
  signatures are voided, and the steward is told; the steward revises it in a new version.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accord.accounts.notifications import notify
from accord.core.access import Role
from accord.core.services import save_validated

from .. import rendering
from ..models import Mou, MouSection, MouTemplate, MouVersion, Signatory
from ..mou_context import SectionTextError, mou_context, readable_date, render_text
from ..queries.mous import signer_choices
from ..queries.templates import default_template

VS, SS = MouVersion.Status, Signatory.Status
EDITED_WHILE_OUT = "Edited while out for signature."
MAX_REASON = 2000


def max_upload_bytes() -> int:
    """The largest PDF accepted (ACCORD_MAX_UPLOAD_MB, 10 MB unless set)."""
    return settings.ACCORD_MAX_UPLOAD_MB * 1024 * 1024


class AlreadySigned(ValidationError):
    """A second signature by the same person: nothing to do, said kindly."""


# --- Guards -------------------------------------------------------------------------------------
def _refuse(message: str, field: str = NON_FIELD_ERRORS):
    raise ValidationError({field: message})


def _refuse_if_archived(partnership) -> None:
    if partnership.is_archived:
        _refuse("This partnership is archived; its MOUs can no longer change.")


def refuse_executed(mou: Mou) -> None:
    if mou.status == Mou.Status.EXECUTED:
        when = readable_date(timezone.localdate(mou.executed_at)) if mou.executed_at else ""
        _refuse(
            f"“{mou}” was executed{' on ' + when if when else ''}. An executed MOU is never "
            "edited: start an amendment to change it."
        )


def _locked(version: MouVersion) -> MouVersion:
    return (
        MouVersion.objects.select_for_update(of=("self",))
        .select_related("mou__partnership", "mou__template", "mou__amends")
        .get(pk=version.pk)
    )


def _save_mou_status(mou: Mou, status: str) -> None:
    if mou.status != status:
        mou.status = status
        mou.save(update_fields=["status", "updated_at"])


# --- Drafting -----------------------------------------------------------------------------------
def rendered_sections(template: MouTemplate, context: dict) -> list[dict]:
    """The template's sections filled in with `context`; a section that fails is named."""
    sections = []
    for position, section in enumerate(template.sections.order_by("position", "pk"), start=1):
        try:
            body = render_text(section.body, context)
        except SectionTextError as error:
            _refuse(
                f"The template section “{section.heading}” could not be filled in: {error}",
                "template",
            )
        sections.append(
            {"key": section.key, "heading": section.heading, "body": body, "position": position}
        )
    return sections


def _write_sections(version: MouVersion, sections: list[dict]) -> None:
    for values in sections:
        save_validated(MouSection(version=version, **values))


def _template_for(mou: Mou) -> MouTemplate:
    template = mou.template if mou.template and not mou.template.is_archived else None
    template = template or default_template()
    if template is None:
        _refuse("There is no MOU template to draft from. Ask a platform administrator.", "template")
    return template


@transaction.atomic
def mou_create(
    *,
    partnership,
    title: str,
    template: MouTemplate | None = None,
    created_by=None,
    amends: Mou | None = None,
    effective_on: date | None = None,
    expires_on: date | None = None,
) -> Mou:
    """A new MOU whose version 1 is drafted from a template with the partnership's data."""
    _refuse_if_archived(partnership)
    check_term(effective_on, expires_on)
    if template is not None and template.is_archived:
        _refuse(f"“{template}” is archived; choose another template.", "template")
    mou = Mou(partnership=partnership, title=title, template=template, created_by=created_by)
    mou.template = _template_for(mou)
    mou.amends = amends
    save_validated(mou)
    version = save_validated(
        MouVersion(
            mou=mou,
            number=1,
            created_by=created_by,
            effective_on=effective_on,
            expires_on=expires_on,
        )
    )
    _write_sections(version, rendered_sections(mou.template, mou_context(partnership, version)))
    return mou


@transaction.atomic
def mou_regenerate(*, version: MouVersion, user=None) -> MouVersion:
    """Fill a draft's sections in again from its template and the partnership's current data."""
    version = _locked(version)
    mou = version.mou
    _refuse_if_archived(mou.partnership)
    refuse_executed(mou)
    if version.status != VS.DRAFT:
        _refuse(
            f"Version {version.number} is {version.get_status_display().lower()}; only a draft "
            "is re-generated. Start a new version first."
        )
    sections = rendered_sections(_template_for(mou), mou_context(mou.partnership, version))
    version.sections.all().delete()
    _write_sections(version, sections)
    version.save(update_fields=["updated_at"])
    return version


def _copy_version(source: MouVersion, *, created_by) -> MouVersion:
    number = (source.mou.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    copy = save_validated(
        MouVersion(
            mou=source.mou,
            number=number,
            effective_on=source.effective_on,
            expires_on=source.expires_on,
            signing_order=source.signing_order,
            created_by=created_by,
        )
    )
    _write_sections(
        copy,
        [
            {"key": s.key, "heading": s.heading, "body": s.body, "position": s.position}
            for s in source.sections.order_by("position", "pk")
        ],
    )
    _save_mou_status(source.mou, Mou.Status.DRAFTING)
    return copy


@transaction.atomic
def mou_version_create(*, mou: Mou, created_by=None) -> MouVersion:
    """A new draft copied from the latest version (after a version was voided or declined)."""
    mou = Mou.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=mou.pk)
    _refuse_if_archived(mou.partnership)
    refuse_executed(mou)
    working = mou.versions.filter(status__in=[VS.DRAFT, VS.OUT_FOR_SIGNATURE]).first()
    if working is not None:
        if working.status == VS.DRAFT:
            _refuse(f"Version {working.number} is a draft already: edit it.")
        _refuse(
            f"Version {working.number} is out for signature. Void it first, or edit it: an edit "
            "voids it and continues in a new draft."
        )
    latest = mou.versions.order_by("-number").first()
    return _copy_version(latest, created_by=created_by)


def _editable(version: MouVersion, *, user) -> MouVersion:
    """The draft an edit of `version` goes to: itself, or a copy when it is out for signature."""
    version = _locked(version)
    _refuse_if_archived(version.mou.partnership)
    refuse_executed(version.mou)
    if version.status == VS.DRAFT:
        return version
    if version.status == VS.OUT_FOR_SIGNATURE:
        _void(version, reason=EDITED_WHILE_OUT, user=user)
        return _copy_version(version, created_by=user)
    _refuse(
        f"Version {version.number} was voided ({version.void_reason.rstrip('.')}); it is kept as "
        "it was. Start a new version to revise it."
    )


@transaction.atomic
def mou_section_update(
    *, section: MouSection, heading: str, body: str, user=None, expected_updated_at=None
) -> MouSection:
    """Change a section's heading and text; on a version out for signature, in a new draft.

    `expected_updated_at` is the section's stamp when the editor opened it: a save over someone
    else's change is refused rather than silently overwriting it.
    """
    current = MouSection.objects.select_for_update().get(pk=section.pk)
    if expected_updated_at is not None and expected_updated_at != current.updated_at:
        _refuse(
            "Someone else changed this section after you opened it, so your text was not saved. "
            f"Their version begins: “{current.body[:200]}”. Reload the page and make your "
            "change again."
        )
    body = (body or "").replace("\r\n", "\n")  # browsers post CRLF line breaks
    if section.heading == heading and section.body == body:
        return section
    version = _editable(section.version, user=user)
    target = section if version.pk == section.version_id else version.sections.get(key=section.key)
    target.heading, target.body = heading, body
    save_validated(target)
    version.save(update_fields=["updated_at"])
    return target


@transaction.atomic
def mou_version_update(
    *, version: MouVersion, user=None, sections: list[dict] | None = None, **changes
) -> MouVersion:
    """Change a version's term dates, signing order or sections (by key); returns the draft that
    holds the change, which is a new version when `version` was out for signature."""
    unknown = set(changes) - {"effective_on", "expires_on", "signing_order"}
    if unknown:
        raise ValueError(f"mou_version_update cannot change {sorted(unknown)}")
    current = {s.key: s for s in version.sections.all()}
    for index, item in enumerate(sections or []):
        if item.get("key") not in current:
            _refuse(
                f"Version {version.number} has no section “{item.get('key')}”.",
                f"sections.{index}.key",
            )
    wanted = {}
    for item in sections or []:
        section = current[item["key"]]
        heading = item.get("heading") or section.heading
        body = section.body if item.get("body") is None else item["body"].replace("\r\n", "\n")
        if (heading, body) != (section.heading, section.body):
            wanted[item["key"]] = {"heading": heading, "body": body}
    changed = {f: v for f, v in changes.items() if getattr(version, f) != v}
    if not wanted and not changed:
        return version
    check_term(
        changes.get("effective_on", version.effective_on),
        changes.get("expires_on", version.expires_on),
    )
    target = _editable(version, user=user)
    for field, value in changed.items():
        setattr(target, field, value)
    save_validated(target)
    for section in target.sections.filter(key__in=list(wanted)):
        section.heading = wanted[section.key]["heading"]
        section.body = wanted[section.key]["body"]
        save_validated(section)
    return target


def check_term(effective_on: date | None, expires_on: date | None) -> None:
    """The expiry date comes after the effective date (named on the field people fix)."""
    if effective_on and expires_on and expires_on <= effective_on:
        _refuse("The expiry date must come after the effective date.", "expires_on")


# --- Voiding ------------------------------------------------------------------------------------
def _void(version: MouVersion, *, reason: str, user=None) -> None:
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
    _save_mou_status(version.mou, Mou.Status.DRAFTING)


@transaction.atomic
def mou_void(*, version: MouVersion, reason: str, user=None) -> MouVersion:
    """Withdraw a version out for signature: its pending signatures end; it is kept as it was."""
    reason = (reason or "").strip()
    if not reason:
        _refuse("Say why the version is voided; the signatories are told.", "reason")
    if len(reason) > MAX_REASON:
        _refuse(f"Keep the reason under {MAX_REASON} characters.", "reason")
    version = _locked(version)
    _refuse_if_archived(version.mou.partnership)
    refuse_executed(version.mou)
    if version.status != VS.OUT_FOR_SIGNATURE:
        _refuse(
            f"Only a version out for signature is voided; version {version.number} is "
            f"{version.get_status_display().lower()}."
        )
    _void(version, reason=reason, user=user)
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
) -> MouVersion:
    """Send a draft for signature: freeze it as one PDF, record its SHA-256, ask the signers.

    `signatories` are (person, order) pairs: at least one for every current member organization.
    """
    version = _locked(version)
    mou = version.mou
    _refuse_if_archived(mou.partnership)
    refuse_executed(mou)
    if version.status != VS.DRAFT:
        _refuse(
            f"Only a draft is sent for signature; version {version.number} is "
            f"{version.get_status_display().lower()}."
        )
    if not version.sections.exists():
        _refuse("This version has no sections to sign.")
    rows = _check_signatories(mou.partnership, list(signatories))
    if signing_order:
        if signing_order not in MouVersion.SigningOrder.values:
            _refuse("Choose all at once or one after another.", "signing_order")
        version.signing_order = signing_order
    for person, organization, order in rows:
        save_validated(
            Signatory(version=version, person=person, organization=organization, order=order)
        )
    version.status, version.sent_at, version.sent_by = VS.OUT_FOR_SIGNATURE, timezone.now(), sent_by
    # Rendered once: these exact bytes are what every signature's SHA-256 refers to.
    pdf = rendering.version_pdf(version)
    version.document.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    version.document_sha256 = rendering.sha256_bytes(pdf)
    save_validated(version)
    _save_mou_status(mou, Mou.Status.OUT_FOR_SIGNATURE)
    _ask_next(version)
    return version


def _ask_next(version: MouVersion) -> None:
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
    if signatory.status == SS.WAITING:
        return (
            "It is not your turn yet: you will be asked by e-mail when the signers before you "
            "have signed."
        )
    return None


def _locked_signatory(signatory: Signatory, user) -> tuple[Signatory, MouVersion]:
    version = _locked(signatory.version)
    signatory = (
        Signatory.objects.select_for_update(of=("self",))
        .select_related("person", "organization")
        .get(pk=signatory.pk)
    )
    if signatory.person.user_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the person asked to sign may sign.")
    _refuse_if_archived(version.mou.partnership)
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
        _refuse(problem)
    if not password or not user.check_password(password):
        _refuse(
            "That is not your password. Type the password you sign in to Accord with.", "password"
        )
    digest = rendering.stored_sha256(version.document)
    if digest is None or digest != version.document_sha256:
        _refuse(
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
        _ask_next(version)
    return signatory


def _execute(version: MouVersion) -> None:
    """Every signatory signed: the version and its MOU are executed, with the certificate."""
    mou = version.mou
    version.status, version.executed_at = VS.EXECUTED, timezone.now()
    pdf = rendering.executed_pdf(version, rendering.read_stored(version.document))
    version.certificate_document.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    version.certificate_sha256 = rendering.sha256_bytes(pdf)
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


@transaction.atomic
def mou_decline(*, signatory: Signatory, user, reason: str) -> Signatory:
    """Decline to sign, with a reason: the version stops (voided) and the steward is told."""
    reason = (reason or "").strip()
    if not reason:
        _refuse("Say why you decline; the steward reads it to revise the MOU.", "reason")
    if len(reason) > MAX_REASON:
        _refuse(f"Keep the reason under {MAX_REASON} characters.", "reason")
    signatory, version = _locked_signatory(signatory, user)
    if signatory.status == SS.SIGNED:
        _refuse("You have already signed this version; it can no longer be declined.")
    problem = _signing_refusal(signatory, version)
    # Someone whose turn has not come yet may already say no.
    if problem and not (version.status == VS.OUT_FOR_SIGNATURE and signatory.status == SS.WAITING):
        _refuse(problem)
    signatory.status, signatory.decline_reason = SS.DECLINED, reason
    save_validated(signatory)
    _void(version, reason=f"Declined by {signatory.person} for {signatory.organization}: {reason}")
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


# --- Amendments and uploads ---------------------------------------------------------------------
@transaction.atomic
def mou_amend(*, mou: Mou, created_by=None) -> Mou:
    """Start an amendment of an executed MOU: a new MOU that names it, drafted from its text."""
    mou = Mou.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=mou.pk)
    _refuse_if_archived(mou.partnership)
    if mou.status != Mou.Status.EXECUTED:
        _refuse("Only an executed MOU is amended; edit this one instead.")
    number = mou.amendments.count() + 1
    title = f"Amendment {number} to {mou.title}"[:200]
    executed = mou.versions.filter(status=VS.EXECUTED).first()
    if executed is None or not executed.sections.exists():  # signed outside Accord: no text
        return mou_create(
            partnership=mou.partnership,
            title=title,
            template=mou.template,
            created_by=created_by,
            amends=mou,
        )
    amendment = save_validated(
        Mou(
            partnership=mou.partnership,
            title=title,
            amends=mou,
            template=mou.template,
            created_by=created_by,
        )
    )
    version = save_validated(
        MouVersion(
            mou=amendment,
            number=1,
            created_by=created_by,
            effective_on=None,
            expires_on=executed.expires_on,
            signing_order=executed.signing_order,
        )
    )
    _write_sections(
        version,
        [
            {"key": s.key, "heading": s.heading, "body": s.body, "position": s.position}
            for s in executed.sections.all()
        ],
    )
    return amendment


def check_pdf_upload(upload) -> None:
    """Refuse a file that is not a PDF or is larger than the limit, naming the field."""
    limit = max_upload_bytes()
    if upload is None:
        _refuse("Choose the signed PDF to upload.", "file")
    if upload.size > limit:
        _refuse(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
            f"{limit // (1024 * 1024)} MB.",
            "file",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(max(0, upload.size - 1024))
    tail = upload.read(1024)
    upload.seek(0)
    if not rendering.looks_like_pdf(head, tail):
        _refuse("This file is not a PDF. Upload the signed MOU as a PDF document.", "file")


@transaction.atomic
def mou_upload(
    *,
    partnership,
    title: str,
    upload,
    effective_on: date | None,
    expires_on: date | None,
    uploaded_by=None,
) -> Mou:
    """Record an MOU signed outside Accord: its PDF becomes an executed, external version."""
    _refuse_if_archived(partnership)
    check_pdf_upload(upload)
    check_term(effective_on, expires_on)
    now = timezone.now()
    data = upload.read()
    mou = save_validated(
        Mou(
            partnership=partnership,
            title=title,
            status=Mou.Status.EXECUTED,
            executed_at=now,
            effective_on=effective_on or timezone.localdate(now),
            expires_on=expires_on,
            created_by=uploaded_by,
        )
    )
    version = MouVersion(
        mou=mou,
        number=1,
        status=VS.EXECUTED,
        external=True,
        executed_at=now,
        effective_on=effective_on,
        expires_on=expires_on,
        sent_by=uploaded_by,
        created_by=uploaded_by,
    )
    version.full_clean(exclude=["document"])
    version.document.save(f"{uuid.uuid4().hex}.pdf", ContentFile(data), save=False)
    version.document_sha256 = rendering.sha256_bytes(data)
    save_validated(version)
    return mou


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
