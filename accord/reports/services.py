"""Writes of the reports app: importing a partnership archive (accord/reports/archive.py)."""

from django.core.exceptions import ValidationError

from accord.core.uploads import max_upload_bytes

from . import archive

ARCHIVE_MAGIC = b"PK\x03\x04"


def archive_import(*, upload, by) -> archive.Imported:
    """Import an uploaded archive as a new partnership; the field `file` is named in errors."""
    if upload is None:
        raise ValidationError({"file": "Choose the archive file (.zip) to import."})
    if upload.size > max(max_upload_bytes(), archive.MAX_ARCHIVE_BYTES // 5):
        raise ValidationError({"file": "This file is larger than Accord imports at once."})
    upload.seek(0)
    if upload.read(4) != ARCHIVE_MAGIC:
        raise ValidationError({"file": "This is not an Accord archive: it is not a zip file."})
    upload.seek(0)
    try:
        return archive.import_archive(upload, by=by)
    except archive.ArchiveRefused as refused:
        raise ValidationError({"file": refused.messages}) from refused


def archive_filename(partnership) -> str:
    from django.utils import timezone
    from django.utils.text import slugify

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return f"accord-{slugify(partnership.title)[:60] or partnership.pk}-{stamp}.zip"
