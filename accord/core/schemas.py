"""Schemas every app's API shares: the one error shape (see api_errors.py) and strict input.

Input schemas derive from `InputSchema`, which takes a JSON object and nothing else, and give
dates as `IsoDate` (and moments as `IsoDateTime`), which take ISO 8601 strings and nothing else.
tests/test_api_strict_input.py checks that every operation's input keeps to both.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

# Text without NUL characters, which PostgreSQL cannot store.
NO_NUL = r"^[^\x00]*$"
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL)
]


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


class InputSchema(Schema):
    """What a client sends: a JSON object whose fields are validated as they are.

    ninja's `Schema` reads fields as attributes of whatever it is given (so that it can read a
    model instance): `[]`, `42` or `"text"` would pass as an object with every field left out.
    Input is never a model instance, so this validator (it replaces ninja's, by name) takes only
    a dict, at every level.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler, info):
        if not isinstance(values, dict | cls):
            raise PydanticCustomError("object_type", "Send a JSON object.")
        return handler(values)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})", re.IGNORECASE
)


def _iso_date(value: Any) -> date:
    # A number would otherwise be read as seconds since 1970 (0 became 1 January 1970).
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError(
            "iso_date", "Give a date as a string YYYY-MM-DD (ISO 8601), e.g. 2026-03-31."
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "iso_date", "There is no such day: give a real date as YYYY-MM-DD."
        ) from None


def _iso_datetime(value: Any) -> datetime:
    # A moment without its UTC offset is ambiguous: it is refused rather than guessed.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if not isinstance(value, str) or not ISO_DATETIME.fullmatch(value):
        raise PydanticCustomError(
            "iso_datetime",
            "Give a moment as an ISO 8601 string with its UTC offset, "
            "e.g. 2026-03-31T14:30:00Z or 2026-03-31T16:30:00+02:00.",
        )
    try:
        parsed = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        raise PydanticCustomError(
            "iso_datetime", "There is no such moment: check the date and the time."
        ) from None
    return parsed


# Strings only, in the one form ISO 8601 and OpenAPI's `format: date` / `date-time` name.
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]


class VersionedOut(Schema):
    """An object the API answers with: its revision is also the answer's ETag."""

    revision: int = Field(
        description="Moves on with every change; the ETag. Send it back in If-Match to change "
        "this object."
    )


# --- Documents made of ordered parts: rubrics, MOU templates (accord/core/documents.py) ---------
Description = Annotated[str, Field(max_length=20_000, pattern=NO_NUL)]


class DocumentOut(VersionedOut):
    """The fields every kind of document answers with; each kind adds its count of parts."""

    id: int
    name: str
    description: str
    is_default: bool
    in_use: bool
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None

    @staticmethod
    def resolve_in_use(obj) -> bool:
        value = getattr(obj, "in_use", None)
        return obj.is_in_use if value is None else value


def parts_count(document) -> int:
    """The number of a document's parts, from the list's annotation when it has one."""
    value = getattr(document, "parts_count", None)
    return document.parts.count() if value is None else value


class DocumentCreateIn(InputSchema):
    name: Title
    description: Description = ""


class DocumentPatchIn(InputSchema):
    """Fields left out stay as they are."""

    name: Title | None = None
    description: Description | None = None


class DocumentCopyIn(InputSchema):
    name: Title = Field(description="The copy's name.")
    description: Description | None = Field(None, description="The original's when left out.")


class DocumentFilters(InputSchema):
    include_archived: bool = False


class PieceOut(Schema):
    kind: str = Field(description="same, added or removed")
    text: str


class SectionDiffOut(Schema):
    key: str
    heading: str
    old_heading: str | None
    status: str = Field(description="same, changed, added or removed")
    pieces: list[PieceOut]


class DiffQuery(InputSchema):
    a: int = Field(ge=1, le=2**31, description="The older version's number.")
    b: int = Field(ge=1, le=2**31, description="The newer version's number.")
