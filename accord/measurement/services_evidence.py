"""Writes of qualitative evidence (M3): record, change and archive a story, an observation, a
quote or a file, with its tags and, for a quote, the speaker's consent.

Every write checks all it is given before writing anything: an error names the field (the
form's and the API's), and nothing is written. A file is read for what it is, never its name
(accord/core/uploads.py: a PDF, an image or an office document, within ACCORD_MAX_UPLOAD_MB);
it is kept under a name of Accord's own with the media type read from its content. Tags must be
the partnership's own: indicators of any version of its measures set, core values of its charter,
its reporting periods. A change is held to the revision the person read (`expect_revision`, set
by the edit form or the API's If-Match): a stale one is refused whole.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accord.alignment.queries.charter import values_of
from accord.core.services import apply_changes, archive, save_validated
from accord.core.uploads import EVIDENCE_KINDS, accept_upload
from accord.core.versioning import lock
from accord.directory.models import Organization
from accord.partnerships.models import Membership, Partnership

from .models import Indicator
from .models_collection import ReportingPeriod
from .models_evidence import Evidence

Kind, Consent = Evidence.Kind, Evidence.Consent
MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_TAGS = 50
ARCHIVED = "This partnership is archived; its evidence can no longer change."
GONE = "This evidence is archived; it can no longer change."
TEXT_FIELDS = ("title", "body", "speaker", "consent_note")
FIELDS = (
    "kind",
    "title",
    "body",
    "speaker",
    "consent",
    "consent_note",
    "consent_on",
    "organization_id",
)
TAGS = ("indicator_ids", "core_value_ids", "period_ids")
RELATIONS = {
    "indicator_ids": "indicators",
    "core_value_ids": "core_values",
    "period_ids": "periods",
}


# --- Checking -----------------------------------------------------------------------------------
def _text(values: dict, errors: dict) -> None:
    for name, limit in (("title", MAX_TITLE), ("body", MAX_TEXT), ("speaker", 200)):
        value = values.get(name)
        if value is not None and not isinstance(value, str):
            errors[name] = ["Give text."]
        elif value and len(value) > limit:
            errors[name] = [f"Keep it under {limit} characters."]
    note = values.get("consent_note") or ""
    if len(note) > 300:
        errors["consent_note"] = ["Keep how consent was given under 300 characters."]
    if not values.get("title"):
        errors.setdefault("title", ["Give the evidence a title (a few words)."])


def _check(partnership: Partnership, values: dict, has_file: bool, errors: dict) -> None:
    """Check the merged values of a piece of evidence (what it will be once saved)."""
    _text(values, errors)
    kind = values.get("kind")
    if kind not in Kind.values:
        errors["kind"] = [f"Choose one of: {', '.join(Kind.values)}."]
    consent = values.get("consent")
    if consent not in Consent.values:
        errors["consent"] = [f"Choose one of: {', '.join(Consent.values)}."]
    consent_on = values.get("consent_on")
    if consent_on is not None and not isinstance(consent_on, date):
        errors["consent_on"] = ["Give the date consent was given."]
        consent_on = None
    if kind == Kind.QUOTE:
        if not values.get("body"):
            errors.setdefault("body", ["Write the quote itself."])
        if consent == Consent.NOT_NEEDED:
            errors["consent"] = [
                "Record the speaker's consent for a quote: given, given to quote without a "
                "name, or not given."
            ]
        elif consent in (Consent.GIVEN, Consent.ANONYMOUS):
            if not values.get("consent_note"):
                errors["consent_note"] = [
                    "Say how consent was given (a signed form, an e-mail, aloud at a meeting…)."
                ]
            if consent_on is None:
                errors.setdefault("consent_on", ["Give the date consent was given."])
        if consent == Consent.GIVEN and not values.get("speaker"):
            errors.setdefault(
                "speaker",
                [
                    "Name the speaker as they agreed to be named, or record consent "
                    "to quote them without a name."
                ],
            )
    elif kind in Kind.values and kind != Kind.FILE and not values.get("body"):
        errors.setdefault("body", [f"Write the {Kind(kind).label.lower()} itself."])
    if consent_on is not None and consent_on > timezone.localdate():
        errors["consent_on"] = ["Consent cannot be given on a day still to come."]
    if kind == Kind.FILE and not has_file:
        errors.setdefault("file", ["Choose the file to upload."])
    organization_id = values.get("organization_id")
    if organization_id is not None and not (
        Membership.objects.current()
        .filter(partnership=partnership, organization_id=organization_id)
        .exists()
    ):
        errors["organization_id"] = ["Choose a current member organization of this partnership."]


def _ids(value, field: str, errors: dict) -> list[int] | None:
    if value is None:
        return None
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        errors[field] = ["Give a list of ids."]
        return None
    ids = []
    for item in value:
        item = getattr(item, "pk", item)
        if isinstance(item, bool) or not isinstance(item, int):
            errors[field] = ["Give a list of ids."]
            return None
        ids.append(item)
    ids = list(dict.fromkeys(ids))
    if len(ids) > MAX_TAGS:
        errors[field] = [f"Tag at most {MAX_TAGS}."]
        return None
    return ids


def _tags(partnership: Partnership, given: dict, errors: dict) -> dict[str, list]:
    """The tags in `given` (lists of ids or objects), each checked to be the partnership's."""
    lookups = {
        "indicator_ids": (
            Indicator.objects.filter(version__partnership=partnership),
            "Indicator {} is not one of this partnership's measures set.",
        ),
        "core_value_ids": (
            values_of(partnership),
            "Core value {} is not one of this partnership's charter.",
        ),
        "period_ids": (
            ReportingPeriod.objects.filter(partnership=partnership),
            "Reporting period {} is not one of this partnership's.",
        ),
    }
    cleaned = {}
    for field, (queryset, message) in lookups.items():
        if field not in given:
            continue
        ids = _ids(given[field], field, errors)
        if ids is None:
            continue
        found = {row.pk: row for row in queryset.filter(pk__in=ids)} if ids else {}
        wrong = [pk for pk in ids if pk not in found]
        if wrong:
            errors[field] = [message.format(", ".join(map(str, wrong)))]
            continue
        cleaned[field] = [found[pk] for pk in ids]
    return cleaned


def _clean_name(name: str) -> str:
    """The uploaded file's own name, as shown and offered for download: its last part, without
    control characters or quotes, at most 200 characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '"').strip()
    return name[-200:] or "file"


def _strip(values: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}


def _organization_id(value):
    if isinstance(value, Organization):
        return value.pk
    return value


def _live(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)


def _read(upload, errors: dict):
    """The kind and bytes of an upload, read before any transaction (it takes a moment)."""
    if upload is None:
        return None
    try:
        kind = accept_upload(upload, kinds=EVIDENCE_KINDS, field="file")
    except ValidationError as error:
        errors.update(error.message_dict)
        return None
    data = upload.read()
    upload.seek(0)
    return kind, data, _clean_name(getattr(upload, "name", ""))


def _store(evidence: Evidence, read) -> None:
    kind, data, name = read
    evidence.file.save(f"{uuid.uuid4().hex}.{kind.extension}", ContentFile(data), save=False)
    evidence.file_name = name
    evidence.media_type = kind.media_type


def _set_tags(evidence: Evidence, tags: dict) -> bool:
    changed = False
    for field, rows in tags.items():
        relation = getattr(evidence, RELATIONS[field])
        current = set(relation.values_list("pk", flat=True))
        wanted = {row.pk for row in rows}
        if current != wanted:
            relation.set(rows)
            changed = True
    return changed


# --- Writes -------------------------------------------------------------------------------------
def evidence_create(
    *,
    partnership: Partnership,
    kind: str = Kind.STORY,
    title: str = "",
    body: str = "",
    speaker: str = "",
    consent: str = Consent.NOT_NEEDED,
    consent_note: str = "",
    consent_on: date | None = None,
    organization_id=None,
    upload=None,
    indicator_ids=(),
    core_value_ids=(),
    period_ids=(),
    created_by=None,
) -> Evidence:
    """Record a story, an observation, a quote (with the speaker's consent) or a file."""
    _live(partnership)
    errors: dict[str, list[str]] = {}
    values = _strip(
        {
            "kind": kind,
            "title": title,
            "body": body,
            "speaker": speaker,
            "consent": consent,
            "consent_note": consent_note,
            "consent_on": consent_on,
            "organization_id": _organization_id(organization_id),
        }
    )
    read = _read(upload, errors)
    _check(partnership, values, upload is not None, errors)
    tags = _tags(
        partnership,
        {
            "indicator_ids": indicator_ids,
            "core_value_ids": core_value_ids,
            "period_ids": period_ids,
        },
        errors,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        evidence = Evidence(partnership=partnership, created_by=created_by, **values)
        if read is not None:
            _store(evidence, read)
        save_validated(evidence)
        _set_tags(evidence, tags)
    return evidence


def evidence_update(
    *, evidence: Evidence, upload=None, remove_file: bool = False, **changes
) -> Evidence:
    """Change a piece of evidence: fields left out keep what they are; the tags given replace
    the tags of their kind; `upload` replaces the file, `remove_file` takes it off."""
    for name in changes:
        if name not in FIELDS and name not in TAGS:
            raise TypeError(name)
    if "organization_id" in changes:
        changes["organization_id"] = _organization_id(changes["organization_id"])
    errors: dict[str, list[str]] = {}
    read = _read(upload, errors)
    given = evidence
    with transaction.atomic():
        evidence = lock(evidence)
        _live(evidence.partnership)
        if evidence.is_archived:
            raise ValidationError(GONE)
        fields = _strip({name: value for name, value in changes.items() if name in FIELDS})
        merged = {name: getattr(evidence, name) for name in FIELDS} | fields
        has_file = read is not None or (bool(evidence.file) and not remove_file)
        _check(evidence.partnership, merged, has_file, errors)
        tags = _tags(evidence.partnership, {k: v for k, v in changes.items() if k in TAGS}, errors)
        if errors:
            raise ValidationError(errors)
        changed = apply_changes(evidence, fields)
        if read is not None:
            _store(evidence, read)
            changed.append("file")
        elif remove_file and evidence.file:
            evidence.file, evidence.file_name, evidence.media_type = "", "", ""
            changed.append("file")
        if changed:
            save_validated(evidence)
        if _set_tags(evidence, tags) and not changed:
            evidence.touch()  # a new revision: what the evidence is tagged to changed
    given.revision, given.updated_at = evidence.revision, evidence.updated_at
    return evidence


def evidence_archive(*, evidence: Evidence) -> Evidence:
    """Take a piece of evidence out of the lists (it is kept, with its history)."""
    with transaction.atomic():
        evidence = lock(evidence)
        _live(evidence.partnership)
        return archive(evidence)


__all__ = ["evidence_archive", "evidence_create", "evidence_update"]
