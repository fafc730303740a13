"""Writes to MOUs (L5): drafting from a template, versions and edits, amendments and externally
signed uploads. Sending for signature, signing, declining, voiding and execution are in
signing.py; the guards both share are in mou_guards.py.

Rules kept here, one transaction each:
- an executed MOU is never edited: every write refuses it; an amendment is a new MOU;
- editing a version out for signature voids it (its pending signatures too) and continues in a
  new draft copied from it, which must be sent again.
"""

import uuid
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accord.core.services import save_validated
from accord.core.uploads import PDF, FileKind, accept_upload
from accord.core.versioning import lock

from .. import rendering
from ..models import Mou, MouSection, MouTemplate, MouVersion
from ..mou_context import (
    SectionTextError,
    flat,
    mou_context,
    render_text,
    section_texts,
    version_data,
)
from ..queries.templates import default_template
from ..render_limits import RenderBudget
from . import pdfs
from .mou_guards import locked_version, refuse, refuse_executed, refuse_if_archived, save_mou_status
from .signing import void_version

VS = MouVersion.Status
EDITED_WHILE_OUT = "Edited while out for signature."


# --- Drafting -----------------------------------------------------------------------------------
def rendered_sections(template: MouTemplate, context: dict) -> list[dict]:
    """The template's sections filled in with `context`; a section that fails is named."""
    sections = []
    budget = RenderBudget.from_settings()  # one for the whole draft: its size and time together
    for position, section in enumerate(template.sections.order_by("position", "pk"), start=1):
        try:
            body = render_text(section.body, context, budget)
        except SectionTextError as error:
            refuse(
                f"The template section “{section.heading}” could not be filled in: {error}",
                "template",
            )
        sections.append(
            {
                "key": section.key,
                "heading": section.heading,
                "body": body,
                "source": section.body,
                "position": position,
            }
        )
    return sections


def _write_sections(version: MouVersion, sections: list[dict]) -> None:
    for values in sections:
        save_validated(MouSection(version=version, **values))


def _template_for(mou: Mou) -> MouTemplate:
    template = mou.template if mou.template and not mou.template.is_archived else None
    template = template or default_template()
    if template is None:
        refuse("There is no MOU template to draft from. Ask a platform administrator.", "template")
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
    refuse_if_archived(partnership)
    check_term(effective_on, expires_on)
    if template is not None and template.is_archived:
        refuse(f"“{template}” is archived; choose another template.", "template")
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
    pdfs.preview_after_commit(version)
    return mou


@transaction.atomic
def mou_regenerate(*, version: MouVersion, user=None) -> MouVersion:
    """Fill a draft's sections in again from its template and the partnership's current data."""
    version = locked_version(version)
    mou = version.mou
    refuse_if_archived(mou.partnership)
    refuse_executed(mou)
    if version.status != VS.DRAFT:
        refuse(
            f"Version {version.number} is {version.get_status_display().lower()}; only a draft "
            "is re-generated. Start a new version first."
        )
    sections = rendered_sections(_template_for(mou), mou_context(mou.partnership, version))
    version.sections.all().delete()
    _write_sections(version, sections)
    version.save(update_fields=["updated_at"])
    pdfs.preview_after_commit(version)
    return version


def _section_copy(section: MouSection) -> dict:
    """A section's values for a new draft: its text, and whether it follows the data."""
    return {
        "key": section.key,
        "heading": section.heading,
        "body": section.body,
        "position": section.position,
        "source": section.source,
        "edited": section.edited,
        "edited_data": section.edited_data,
    }


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
        [_section_copy(s) for s in source.sections.order_by("position", "pk")],
    )
    save_mou_status(source.mou, Mou.Status.DRAFTING)
    pdfs.preview_after_commit(copy)
    return copy


@transaction.atomic
def mou_version_create(*, mou: Mou, created_by=None) -> MouVersion:
    """A new draft copied from the latest version (after a version was voided or declined)."""
    mou = Mou.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=mou.pk)
    refuse_if_archived(mou.partnership)
    refuse_executed(mou)
    working = mou.versions.filter(status__in=[VS.DRAFT, VS.OUT_FOR_SIGNATURE]).first()
    if working is not None:
        if working.status == VS.DRAFT:
            refuse(f"Version {working.number} is a draft already: edit it.")
        refuse(
            f"Version {working.number} is out for signature. Void it first, or edit it: an edit "
            "voids it and continues in a new draft."
        )
    latest = mou.versions.order_by("-number").first()
    return _copy_version(latest, created_by=created_by)


def _editable(version: MouVersion, *, user) -> MouVersion:
    """The draft an edit of `version` goes to: itself, or a copy when it is out for signature."""
    version = locked_version(version)
    refuse_if_archived(version.mou.partnership)
    refuse_executed(version.mou)
    if version.status == VS.DRAFT:
        return version
    if version.status == VS.OUT_FOR_SIGNATURE:
        void_version(version, reason=EDITED_WHILE_OUT, user=user)
        return _copy_version(version, created_by=user)
    refuse(
        f"Version {version.number} was voided ({version.void_reason.rstrip('.')}); it is kept as "
        "it was. Start a new version to revise it."
    )


def shown_body(section: MouSection, data: dict | None = None) -> str:
    """The text a section shows now: filled in from the data while it follows it."""
    version = section.version
    data = data if data is not None else version_data(version)
    return section_texts(version, [section], data)[0].body


def _apply_text(section: MouSection, heading: str, body: str | None, data: dict) -> None:
    """Set a section's heading and text (None: the text stays); a text typed by hand stops
    following the data, and remembers the data it was written against."""
    section.heading = heading
    if body is not None and body != shown_body(section, data):
        section.body, section.edited, section.edited_data = body, True, flat(data)
    save_validated(section)


def _follow_data(section: MouSection, data: dict) -> None:
    """Let an edited section follow the data again: its text is filled in from the template."""
    if not section.source:
        refuse(
            f"Section “{section.heading}” was not drafted from a template, so there is no data "
            "for it to follow. Edit its text instead.",
            "follow_data",
        )
    section.edited, section.edited_data = False, {}
    section.body = shown_body(section, data)
    save_validated(section)


@transaction.atomic
def mou_section_update(
    *, section: MouSection, heading: str, body: str, user=None, follow_data: bool = False
) -> MouSection:
    """Change a section's heading and text; on a version out for signature, in a new draft.

    A text that differs from what the section shows stops following the data (it is kept as
    typed and marked as edited); `follow_data` undoes that, filling the text in from the data
    again. A section held to the revision its editor read (`expect_revision`) is refused once
    stale.
    """
    lock(section)
    body = (body or "").replace("\r\n", "\n")  # browsers post CRLF line breaks
    unchanged = section.heading == heading and shown_body(section) == body
    if unchanged and not (follow_data and section.edited):
        return section
    version = _editable(section.version, user=user)
    target = section if version.pk == section.version_id else version.sections.get(key=section.key)
    data = version_data(version)
    if follow_data:
        target.heading = heading
        _follow_data(target, data)
    else:
        _apply_text(target, heading, body, data)
    version.save(update_fields=["updated_at"])
    pdfs.preview_after_commit(version)
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
            refuse(
                f"Version {version.number} has no section “{item.get('key')}”.",
                f"sections.{index}.key",
            )
    wanted = {}
    shown = {t.key: t.body for t in section_texts(version, current.values(), version_data(version))}
    for item in sections or []:
        section = current[item["key"]]
        heading = item.get("heading") or section.heading
        body = None if item.get("body") is None else item["body"].replace("\r\n", "\n")
        follow = bool(item.get("follow_data")) and section.edited
        if heading != section.heading or body not in (None, shown[section.key]) or follow:
            wanted[item["key"]] = {"heading": heading, "body": body, "follow": follow}
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
    data = version_data(target)  # after the term changed: the data the edits are made against
    for section in target.sections.filter(key__in=list(wanted)):
        change = wanted[section.key]
        if change["follow"]:
            section.heading = change["heading"]
            _follow_data(section, data)
        else:
            _apply_text(section, change["heading"], change["body"], data)
    pdfs.preview_after_commit(target)
    return target


def check_term(effective_on: date | None, expires_on: date | None) -> None:
    """The expiry date comes after the effective date (named on the field people fix)."""
    if effective_on and expires_on and expires_on <= effective_on:
        refuse("The expiry date must come after the effective date.", "expires_on")


# --- Amendments and uploads ---------------------------------------------------------------------
@transaction.atomic
def mou_amend(*, mou: Mou, created_by=None) -> Mou:
    """Start an amendment of an executed MOU: a new MOU that names it, drafted from its text."""
    mou = Mou.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=mou.pk)
    refuse_if_archived(mou.partnership)
    if mou.status != Mou.Status.EXECUTED:
        refuse("Only an executed MOU is amended; edit this one instead.")
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
        [_section_copy(s) for s in executed.sections.all()],
    )
    pdfs.preview_after_commit(version)
    return amendment


def check_pdf_upload(upload) -> FileKind:
    """Refuse a missing file, or one that is not an acceptable PDF (core/uploads.py), naming it."""
    if upload is None:
        refuse("Choose the signed PDF to upload.", "file")
    return accept_upload(upload, kinds=[PDF], field="file")


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
    refuse_if_archived(partnership)
    # Reading the whole PDF takes a moment: done before the transaction, which holds a write lock.
    kind = check_pdf_upload(upload)
    check_term(effective_on, expires_on)
    data = upload.read()
    now = timezone.now()
    with transaction.atomic():
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
        # The stored name is Accord's own; its type is the one read from the content.
        name = f"{uuid.uuid4().hex}.{kind.extension}"
        version.document.save(name, ContentFile(data), save=False)
        version.document_sha256 = rendering.sha256_bytes(data)
        save_validated(version)
    return mou
