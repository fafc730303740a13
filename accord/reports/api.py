"""The archive in the API: GET /api/v1/partnerships/{id}/export (a steward) and
POST /api/v1/archives (a platform administrator)."""

from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from accord.core.access import require
from accord.core.schemas import ErrorOut
from accord.partnerships.access import partnership_or_404

from . import archive, services
from .views import EXPORT, IMPORT

router = Router(tags=["Archive"])
router.add_router("", "accord.reports.api_progress.router")  # progress reports (M4)
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ImportedOut(Schema):
    partnership_id: int
    title: str
    rows: dict[str, int]
    matched: dict[str, int]
    created: dict[str, int]


@router.get(
    "/partnerships/{partnership_id}/export",
    response={200: None, **ERRORS},
    summary="The whole partnership as one archive (a zip: data.json, files, manifest of hashes)",
    openapi_extra={
        "responses": {200: {"description": "The archive", "content": {"application/zip": {}}}}
    },
)
def get_archive(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id, EXPORT)
    response = HttpResponse(archive.export(partnership), content_type="application/zip")
    filename = services.archive_filename(partnership)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/archives",
    response={201: ImportedOut, **ERRORS},
    summary="Import a partnership archive as a new partnership (multipart: file)",
    description="Every hash in the manifest is checked first; directory records are matched by "
    "name (people by e-mail) or added; all or nothing. A refused archive answers 422 naming "
    "`file`.",
)
def import_archive(request, file: File[UploadedFile] = None):
    require(request.user, IMPORT)
    imported = services.archive_import(upload=file, by=request.user)
    partnership = imported.partnership
    return Status(
        201,
        {
            "partnership_id": partnership.pk,
            "title": partnership.title,
            "rows": imported.rows,
            "matched": imported.matched,
            "created": imported.created,
        },
    )
