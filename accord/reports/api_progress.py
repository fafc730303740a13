"""Progress reports in the API (M4), under /api/v1/partnerships/{partnership_id}/reports.

Outsiders get 404, members who may not read a report 404 too (a partner report is its
organization's), members without the action 403, before the input is read. Writes go through
services_progress.py, whose ValidationErrors become 422 naming the field; a change of the
sections or a publication is held to If-Match; a create honours Idempotency-Key (every POST
does). The content is the report's tables, every figure after disclosure control: a hidden one
is `null` with `"suppressed"` as its text.
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import NO_NUL, ErrorOut, InputSchema, VersionedOut
from accord.partnerships.access import partnership_or_404
from accord.partnerships.schemas import Id

from . import content as report_content
from . import services_progress as services
from .models_progress import ProgressReport
from .views_progress import FILES, MANAGE, _serve, report_or_404

router = Router(tags=["Progress reports"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 412: ErrorOut, 428: ErrorOut}
BASE = "/partnerships/{partnership_id}/reports"
ONE = BASE + "/{report_id}"

ReportAudience = StrEnum("ReportAudience", {c.name: c.value for c in ProgressReport.Audience})
ReportStatus = StrEnum("ReportStatus", {c.name: c.value for c in ProgressReport.Status})
ReportBuildState = StrEnum("ReportBuildState", {c.name: c.value for c in ProgressReport.BuildState})
ReportFileKind = StrEnum("ReportFileKind", {k.upper(): k for k in FILES})


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=NO_NUL
        ),
    ]


Section = _text(services.MAX_TEXT)


class ReportIn(InputSchema):
    period_id: Id
    audience: ReportAudience
    organization_id: Id | None = Field(None, description="A partner report's organization.")
    title: _text(services.MAX_TITLE, 1) | None = None
    progress: Section = ""
    results: Section = ""
    challenges: Section = ""
    opportunities: Section = ""


class ReportPatchIn(InputSchema):
    title: _text(services.MAX_TITLE, 1) | None = None
    progress: Section | None = None
    results: Section | None = None
    challenges: Section | None = None
    opportunities: Section | None = None


class ReportOut(VersionedOut):
    id: int
    partnership_id: int
    period_id: int
    period: str
    audience: ReportAudience
    organization_id: int | None
    title: str
    progress: str
    results: str
    challenges: str
    opportunities: str
    status: ReportStatus
    published_at: datetime | None
    public_url: str | None = Field(
        description="Where anyone reads it without signing in: a published public report only."
    )
    build_state: ReportBuildState
    build_progress: int = Field(description="0 to 100 while the worker builds the files.")
    built_at: datetime | None
    files: dict[str, str] = Field(description="The built files' download paths, by kind.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_period(obj) -> str:
        return obj.period.label

    @staticmethod
    def resolve_public_url(obj) -> str | None:
        return obj.public_url if obj.is_public and obj.is_published else None

    @staticmethod
    def resolve_files(obj) -> dict[str, str]:
        return {
            kind: f"/api/v1/partnerships/{obj.partnership_id}/reports/{obj.pk}/files/{kind}"
            for kind in FILES
            if getattr(obj, kind)
        }


class ReportCellOut(Schema):
    value: float | int | None = Field(description="The figure; null when hidden or none.")
    text: str = Field(description='As shown: "suppressed" for a hidden figure.')
    hidden: bool


class ReportTableOut(Schema):
    key: str
    caption: str
    columns: list[str]
    rows: list[list[ReportCellOut | str]]


class ReportContentOut(Schema):
    title: str
    period: str
    audience: ReportAudience
    k: int = Field(description="Counts from 1 to k-1 are hidden, and what would reveal them.")
    sections: dict[str, str]
    tables: list[ReportTableOut]


def _read(report_id: int) -> ProgressReport:
    return ProgressReport.objects.select_related("period").get(pk=report_id)


@router.get(BASE, response={200: list[ReportOut], **ERRORS}, summary="The reports you may read")
def list_reports(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return list(
        ProgressReport.objects.visible_to(request.user)
        .filter(partnership=partnership)
        .select_related("period")
        .order_by("-period__starts_on", "audience", "pk")
    )


@router.post(
    BASE,
    response={201: ReportOut, **ERRORS},
    summary="Start a report for a period whose data are all approved",
    description="Refused (422 naming `period_id`) while any member organization's data of the "
    "period are not approved; a partner report names its `organization_id`.",
)
def create_report(request, partnership_id: int, payload: ReportIn):
    partnership = partnership_or_404(request, partnership_id, MANAGE)
    data = payload.dict()
    data["audience"] = payload.audience.value
    created = services.report_create(partnership=partnership, created_by=request.user, **data)
    return Status(201, _read(created.pk))


@router.get(ONE, response={200: ReportOut, **ERRORS}, summary="One report")
def get_report(request, partnership_id: int, report_id: int):
    return report_or_404(request.user, partnership_id, report_id)


@router.get(
    ONE + "/content",
    response={200: ReportContentOut, **ERRORS},
    summary="What the report shows: its sections and tables, after disclosure control",
)
def get_content(request, partnership_id: int, report_id: int):
    report = report_or_404(request.user, partnership_id, report_id)
    found = report_content.assemble(report)
    tables = []
    for table in found.tables:
        rows = []
        for label, cells in table.rows:
            row: list = [label]
            for cell in cells:
                if isinstance(cell, report_content.Cell):
                    row.append({"value": cell.plain(), "text": cell.text(), "hidden": cell.hidden})
                else:
                    row.append(cell)
            rows.append(row)
        tables.append(
            {
                "key": table.key,
                "caption": table.caption,
                "columns": list(table.columns),
                "rows": rows,
            }
        )
    return {
        "title": found.title,
        "period": found.period,
        "audience": found.audience,
        "k": found.k,
        "sections": {key: text for key, _heading, text in found.sections},
        "tables": tables,
    }


@router.patch(
    ONE,
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Change the title and the written sections (a draft only)",
)
def update_report(request, partnership_id: int, report_id: int, payload: ReportPatchIn):
    report = report_or_404(request.user, partnership_id, report_id, MANAGE)
    if_match(request, report)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    services.report_update(report=report, **changes)
    return _read(report.pk)


def _act(request, partnership_id, report_id, act):
    report = report_or_404(request.user, partnership_id, report_id, MANAGE)
    if_match(request, report)
    act(report)
    return _read(report.pk)


@router.post(
    ONE + "/publish",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Publish the report (a public one at its stable URL); its files are built",
    openapi_extra=IF_MATCH_DOC,
)
def publish_report(request, partnership_id: int, report_id: int):
    return _act(
        request,
        partnership_id,
        report_id,
        lambda r: services.report_publish(report=r, by=request.user),
    )


@router.post(
    ONE + "/unpublish",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Take the report back to a draft (a public one is no longer found at its URL)",
    openapi_extra=IF_MATCH_DOC,
)
def unpublish_report(request, partnership_id: int, report_id: int):
    return _act(request, partnership_id, report_id, lambda r: services.report_unpublish(report=r))


@router.post(
    ONE + "/build",
    response={202: ReportOut, **ERRORS},
    summary="Have the worker build the report's PDF, XLSX and CSV (poll build_state)",
)
def build_report(request, partnership_id: int, report_id: int):
    report = report_or_404(request.user, partnership_id, report_id, MANAGE)
    services.queue_build(report)
    return Status(202, _read(report.pk))


@router.get(
    ONE + "/files/{kind}",
    response={200: None, **ERRORS},
    summary="A built file of the report: pdf, xlsx or csv",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {mime: {} for mime, _ in FILES.values()},
            }
        }
    },
)
def download_report(request, partnership_id: int, report_id: int, kind: ReportFileKind):
    report = report_or_404(request.user, partnership_id, report_id)
    return _serve(report, kind.value, public=False)
