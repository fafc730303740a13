"""Writes of deliverables (M2): set one for a member organization (the host too), change it,
report on it (status, the day it was delivered, the evidence that shows it) and archive it.

Every write checks all it is given before writing anything: an error names the field, nothing is
written. A change is held to the revision the person read (the edit form's hidden field, the
API's If-Match): a stale one is refused whole. History records who made each change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.services import apply_changes, archive, save_validated
from accord.core.versioning import lock
from accord.directory.models import Organization
from accord.partnerships.models import Membership, Partnership

from .models_deliverables import Deliverable
from .models_evidence import Evidence

Status = Deliverable.Status
MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_EVIDENCE = 50
ARCHIVED = "This partnership is archived; its deliverables can no longer change."
GONE = "This deliverable is archived; it can no longer change."
FIELDS = ("organization_id", "title", "description", "due_on", "status", "delivered_on")
# What the delivering organization's people report; the rest is set by a steward or director.
REPORT_FIELDS = ("status", "delivered_on", "evidence_ids")


def _live(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)


def _check(partnership: Partnership, values: dict, errors: dict) -> None:
    title = values.get("title")
    if not isinstance(title, str) or not title:
        errors["title"] = ["Give the deliverable a title (a few words)."]
    elif len(title) > MAX_TITLE:
        errors["title"] = [f"Keep the title under {MAX_TITLE} characters."]
    description = values.get("description")
    if description is not None and not isinstance(description, str):
        errors["description"] = ["Give text."]
    elif description and len(description) > MAX_TEXT:
        errors["description"] = [f"Keep the description under {MAX_TEXT} characters."]
    if not isinstance(values.get("due_on"), date):
        errors["due_on"] = ["Give the date it is due."]
    status = values.get("status")
    if status not in Status.values:
        errors["status"] = [f"Choose one of: {', '.join(Status.values)}."]
    delivered_on = values.get("delivered_on")
    if (delivered_on is not None and not isinstance(delivered_on, date)) or (
        status == Status.DELIVERED and delivered_on is None
    ):
        errors["delivered_on"] = ["Give the date it was delivered."]
    elif status != Status.DELIVERED and delivered_on is not None and status in Status.values:
        errors["delivered_on"] = [
            "Only a delivered deliverable has the date it was delivered: mark it delivered, or "
            "leave the date out."
        ]
    elif delivered_on is not None and delivered_on > timezone.localdate():
        errors["delivered_on"] = ["It cannot be delivered on a day still to come."]
    organization_id = values.get("organization_id")
    if isinstance(organization_id, bool) or not isinstance(organization_id, int):
        errors["organization_id"] = ["Choose the member organization that delivers it."]
    elif not (
        Membership.objects.current()
        .filter(partnership=partnership, organization_id=organization_id)
        .exists()
    ):
        errors["organization_id"] = ["Choose a current member organization of this partnership."]


def _evidence(partnership: Partnership, value, errors: dict) -> list[Evidence] | None:
    if value is None:
        return None
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        errors["evidence_ids"] = ["Give a list of ids."]
        return None
    ids = []
    for item in value:
        item = getattr(item, "pk", item)
        if isinstance(item, bool) or not isinstance(item, int):
            errors["evidence_ids"] = ["Give a list of ids."]
            return None
        ids.append(item)
    ids = list(dict.fromkeys(ids))
    if len(ids) > MAX_EVIDENCE:
        errors["evidence_ids"] = [f"Link at most {MAX_EVIDENCE} pieces of evidence."]
        return None
    found = {e.pk: e for e in Evidence.objects.active().filter(partnership=partnership, pk__in=ids)}
    wrong = [pk for pk in ids if pk not in found]
    if wrong:
        errors["evidence_ids"] = [
            f"Evidence {', '.join(map(str, wrong))} is not this partnership's (or is archived)."
        ]
        return None
    return [found[pk] for pk in ids]


def _strip(values: dict) -> dict:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if isinstance(values.get("organization_id"), Organization):
        values["organization_id"] = values["organization_id"].pk
    return values


@transaction.atomic
def deliverable_create(
    *,
    partnership: Partnership,
    organization_id,
    title: str,
    due_on: date,
    description: str = "",
    status: str = Status.PLANNED,
    delivered_on: date | None = None,
    evidence_ids=(),
    created_by=None,
) -> Deliverable:
    """A deliverable that a member organization (the host too) owes the partnership."""
    _live(partnership)
    values = _strip(
        {
            "organization_id": organization_id,
            "title": title,
            "description": description or "",
            "due_on": due_on,
            "status": status,
            "delivered_on": delivered_on,
        }
    )
    errors: dict[str, list[str]] = {}
    _check(partnership, values, errors)
    evidence = _evidence(partnership, evidence_ids, errors)
    if errors:
        raise ValidationError(errors)
    deliverable = save_validated(
        Deliverable(partnership=partnership, created_by=created_by, **values)
    )
    if evidence:
        deliverable.evidence.set(evidence)
    return deliverable


def deliverable_update(*, deliverable: Deliverable, **changes) -> Deliverable:
    """Change a deliverable; fields left out keep what they are; `evidence_ids`, when given,
    replaces its evidence links."""
    for name in changes:
        if name not in FIELDS and name != "evidence_ids":
            raise TypeError(name)
    given = deliverable
    with transaction.atomic():
        deliverable = lock(deliverable)
        partnership = deliverable.partnership
        _live(partnership)
        if deliverable.is_archived:
            raise ValidationError(GONE)
        fields = _strip({name: value for name, value in changes.items() if name in FIELDS})
        if fields.get("status", Status.DELIVERED) != Status.DELIVERED and (
            "delivered_on" not in fields
        ):
            fields["delivered_on"] = None  # no longer delivered: no date delivered either
        merged = {name: getattr(deliverable, name) for name in FIELDS} | fields
        errors: dict[str, list[str]] = {}
        _check(partnership, merged, errors)
        evidence = _evidence(partnership, changes.get("evidence_ids"), errors)
        if errors:
            raise ValidationError(errors)
        changed = apply_changes(deliverable, fields)
        if changed:
            save_validated(deliverable)
        if evidence is not None:
            current = set(deliverable.evidence.values_list("pk", flat=True))
            if current != {e.pk for e in evidence}:
                deliverable.evidence.set(evidence)
                if not changed:
                    deliverable.touch()
    given.revision, given.updated_at = deliverable.revision, deliverable.updated_at
    return deliverable


def deliverable_archive(*, deliverable: Deliverable) -> Deliverable:
    """Take a deliverable set by mistake out of the lists and the fulfilment (history kept)."""
    with transaction.atomic():
        deliverable = lock(deliverable)
        _live(deliverable.partnership)
        return archive(deliverable)


__all__ = ["REPORT_FIELDS", "deliverable_archive", "deliverable_create", "deliverable_update"]
