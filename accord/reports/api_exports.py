"""Exports in the API: the same files as the pages' "Export CSV / XLSX" links.

GET /api/v1/exports/{table}?format=csv|xlsx (the directory: organizations, people) and
GET /api/v1/partnerships/{id}/exports/{table}?format=csv|xlsx (assessments, commitments,
engagements, input, values, deliverables); any other query parameter is the list's filter.
"""

from typing import Literal

from ninja import Query, Router

from accord.core.access import Perm, require
from accord.core.schemas import ErrorOut, InputSchema
from accord.partnerships.access import partnership_or_404

from . import exports
from .views_exports import DIRECTORY_VIEW

router = Router(tags=["Exports"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
FILES = {
    200: {
        "description": "The table as CSV (UTF-8 with a byte-order mark) or XLSX",
        "content": {exports.CONTENT_TYPES[f].split(";")[0]: {} for f in exports.FORMATS},
    }
}
FILTERS = (
    "Other query parameters are the list page's filters: organizations `q`, `kind`, `subtype`, "
    "`country`, `include_archived`; people `q`, `organization`, `organization_name`, `level`, "
    "`include_archived`; assessments `status`, `decision`; commitments `organization`, "
    "`person`, `year`; input `status` (open, closed, all); values `period`, `organization`, "
    "`indicator`; deliverables `status`, `organization`. Counts of values go through disclosure "
    "control: a hidden one reads `suppressed`."
)


class ExportQuery(InputSchema):
    format: Literal["csv", "xlsx"] = "csv"


@router.get(
    "/exports/{table}",
    response={200: None, **ERRORS},
    summary="A directory list as CSV or XLSX (table: organizations, people)",
    description=FILTERS,
    openapi_extra={"responses": FILES},
)
def directory_export(request, table: str, query: Query[ExportQuery]):
    found = exports.table_or_404(table, "directory")
    require(request.user, DIRECTORY_VIEW)
    return exports.response(found, request.user, None, request.GET, query.format)


@router.get(
    "/partnerships/{partnership_id}/exports/{table}",
    response={200: None, **ERRORS},
    summary="A partnership's list as CSV or XLSX (table: assessments, commitments, engagements, "
    "input, values, deliverables)",
    description=FILTERS,
    openapi_extra={"responses": FILES},
)
def partnership_export(request, partnership_id: int, table: str, query: Query[ExportQuery]):
    partnership = partnership_or_404(request, partnership_id, Perm.VIEW)
    found = exports.table_or_404(table, "partnership")
    return exports.response(found, request.user, partnership, request.GET, query.format)
