"""Writes of progress reports (M4): create one for a period and an audience, write its sections,
build its files, publish and unpublish it.

Every write checks all it is given before writing anything: an error names the field, nothing is
written. A change of the sections is held to the revision the person read (the edit form's hidden
field, the API's If-Match): a stale one is refused whole. History records who made each change.
A report is created only for a period whose member organizations' data are all approved; a
published report's sections no longer change (unpublish it first).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.core.audit import acting_as

from . import content
from .models_progress import SECTIONS, ProgressReport, new_token

Audience = ProgressReport.Audience
Status = ProgressReport.Status
BuildState = ProgressReport.BuildState
MAX_TITLE = 200
MAX_TEXT = 20_000
SECTION_KEYS = tuple(key for key, _ in SECTIONS)
ARCHIVED = "This partnership is archived; its reports can no longer change."
PUBLISHED = (
    "This report is published: unpublish it before changing what it says, so that readers never "
    "see a text that changes under them."
)


def _live(partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)


def _text(values: dict, errors: dict) -> dict:
    cleaned = {}
    for key in SECTION_KEYS:
        if key not in values:
            continue
        value = values[key]
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[key] = ["Give text."]
        elif len(value) > MAX_TEXT:
            errors[key] = [f"Keep this section under {MAX_TEXT:,} characters."]
        elif "\x00" in value:
            errors[key] = ["This text holds a character Accord cannot store."]
        else:
            cleaned[key] = value.strip()
    return cleaned


def default_title(period, audience: str, organization=None) -> str:
    if audience == Audience.PARTNER and organization is not None:
        return f"{period.label} progress report for {organization.name}"
    if audience == Audience.PUBLIC:
        return f"{period.label} public progress report"
    return f"{period.label} progress report"


@transaction.atomic
def report_create(
    *,
    partnership,
    period_id,
    audience,
    organization_id=None,
    title: str | None = None,
    created_by=None,
    **sections,
) -> ProgressReport:
    """A draft report of `partnership` for one of its periods and an audience; refused, with
    nothing written, while any member organization's data of the period is not approved."""
    from accord.measurement.models import ReportingPeriod
    from accord.partnerships.models import Membership

    _live(partnership)
    errors: dict = {}
    period = None
    if isinstance(period_id, bool) or not isinstance(period_id, int):
        errors["period_id"] = ["Choose one of the partnership's reporting periods."]
    else:
        period = (
            ReportingPeriod.objects.select_related("partnership", "measures_version")
            .filter(partnership=partnership, pk=period_id)
            .first()
        )
        if period is None:
            errors["period_id"] = ["Choose one of this partnership's reporting periods."]
    if audience not in Audience.values:
        errors["audience"] = [f"Choose one of: {', '.join(Audience.values)}."]
    organization = None
    if audience == Audience.PARTNER:
        membership = None
        if isinstance(organization_id, int) and not isinstance(organization_id, bool):
            membership = (
                Membership.objects.current()
                .filter(partnership=partnership, organization_id=organization_id)
                .select_related("organization")
                .first()
            )
        if membership is None:
            errors["organization_id"] = [
                "Choose the current member organization whose view this report is."
            ]
        else:
            organization = membership.organization
    elif organization_id is not None:
        errors["organization_id"] = ["Only a partner report names an organization."]
    if title is not None and (not isinstance(title, str) or len(title.strip()) > MAX_TITLE):
        errors["title"] = [f"Give a title under {MAX_TITLE} characters."]
    texts = _text(sections, errors)
    unknown = set(sections) - set(SECTION_KEYS)
    if unknown:
        errors["__all__"] = [f"Unknown fields: {', '.join(sorted(unknown))}."]
    if period is not None and "period_id" not in errors:
        waiting = content.unapproved(period)
        if waiting:
            errors["period_id"] = [
                f"The data of {period.label} are not all approved yet: "
                f"{'; '.join(waiting)}. A report is written once every member's data for the "
                "period are approved."
            ]
    if errors:
        raise ValidationError(errors)
    duplicate = ProgressReport.objects.filter(period=period, audience=audience)
    if audience == Audience.PARTNER:
        duplicate = duplicate.filter(organization=organization)
    if duplicate.exists():
        raise ValidationError(
            {"audience": ["This period already has a report for that audience: open it instead."]}
        )
    report = ProgressReport(
        partnership=partnership,
        period=period,
        audience=audience,
        organization=organization,
        title=(title or "").strip() or default_title(period, audience, organization),
        token=new_token() if audience == Audience.PUBLIC else "",
        created_by=created_by,
        **texts,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise ValidationError(
            {"audience": ["This period already has a report for that audience: open it instead."]}
        ) from error
    return report


@transaction.atomic
def report_update(*, report: ProgressReport, **changes) -> ProgressReport:
    """Change the title and the written sections (held to the revision read, if one is)."""
    _live(report.partnership)
    if report.is_published:
        raise ValidationError(PUBLISHED)
    errors: dict = {}
    unknown = set(changes) - {*SECTION_KEYS, "title"}
    if unknown:
        errors["__all__"] = [f"Unknown fields: {', '.join(sorted(unknown))}."]
    texts = _text(changes, errors)
    if "title" in changes:
        title = changes["title"]
        if not isinstance(title, str) or not title.strip():
            errors["title"] = ["Give the report a title."]
        elif len(title.strip()) > MAX_TITLE:
            errors["title"] = [f"Keep the title under {MAX_TITLE} characters."]
        else:
            texts["title"] = title.strip()
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in texts.items() if getattr(report, k) != v]
    if not changed:
        if report.expected_revision is not None and report.expected_revision != report.revision:
            report.expect_revision(report.expected_revision)
        return report
    for key in changed:
        setattr(report, key, texts[key])
    report.save(update_fields=[*changed, "updated_at"])
    return report


@transaction.atomic
def report_publish(*, report: ProgressReport, by) -> ProgressReport:
    _live(report.partnership)
    if report.is_published:
        raise ValidationError("This report is already published.")
    waiting = content.unapproved(report.period)
    if waiting:
        raise ValidationError(
            f"The data of {report.period.label} are no longer all approved ({'; '.join(waiting)}): "
            "publish once they are approved again."
        )
    report.status = Status.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = by
    report.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    queue_build(report)
    return report


@transaction.atomic
def report_unpublish(*, report: ProgressReport) -> ProgressReport:
    if not report.is_published:
        raise ValidationError("This report is not published.")
    report.status = Status.DRAFT
    report.published_at = None
    report.published_by = None
    report.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return report


# --- Files: built by the task worker ----------------------------------------------------------
def queue_build(report: ProgressReport) -> ProgressReport:
    """Have the worker build the report's files (PDF, XLSX, CSV) once this write commits."""
    from accord.core.audit import current_actor_id

    ProgressReport._base_manager.filter(pk=report.pk).update(
        build_state=BuildState.QUEUED, build_progress=5, build_error=""
    )
    report.build_state, report.build_progress = BuildState.QUEUED, 5
    report_id, actor = report.pk, current_actor_id()

    def enqueue() -> None:
        from .tasks import build_report

        build_report.enqueue(report_id, actor)

    transaction.on_commit(enqueue, robust=True)
    return report


def _state(report_id: int, state: str, progress: int, error: str = "") -> None:
    # A state of the build, not a change of the report: no revision, no history row (the base
    # manager's update is a plain UPDATE).
    ProgressReport._base_manager.filter(pk=report_id).update(
        build_state=state, build_progress=progress, build_error=error[:300]
    )


def build_files(report_id: int, actor_id: int | None = None) -> str:
    """Render and store the report's PDF, XLSX and CSV (the worker's side): built or gone."""
    from . import render

    report = (
        ProgressReport.objects.select_related(
            "partnership", "period__measures_version", "organization"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return "gone"
    revision = report.revision
    _state(report_id, BuildState.RUNNING, 15)
    try:
        found = content.assemble(report)
        _state(report_id, BuildState.RUNNING, 40)
        pdf = render.pdf(found)
        _state(report_id, BuildState.RUNNING, 75)
        xlsx = render.xlsx(found)
        csv = render.csv(found).encode("utf-8-sig")
        _state(report_id, BuildState.RUNNING, 90)
    except Exception as error:
        _state(report_id, BuildState.FAILED, 0, f"The files could not be built: {error}")
        raise
    with transaction.atomic(), acting_as(actor_id):
        locked = ProgressReport._base_manager.select_for_update().filter(pk=report_id).first()
        if locked is None:
            return "gone"
        old = [f.name for f in (locked.pdf, locked.xlsx, locked.csv) if f]
        stem = uuid.uuid4().hex
        locked.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        locked.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        locked.csv.save(f"{stem}.csv", ContentFile(csv), save=False)
        ProgressReport._base_manager.filter(pk=report_id).update(
            pdf=locked.pdf.name,
            xlsx=locked.xlsx.name,
            csv=locked.csv.name,
            built_at=timezone.now(),
            built_revision=revision,
            build_state=BuildState.DONE,
            build_progress=100,
            build_error="",
        )
        storage = locked.pdf.storage
        for name in old:
            transaction.on_commit(lambda name=name: storage.delete(name), robust=True)
    return "built"
