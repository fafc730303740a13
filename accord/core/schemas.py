"""Schemas every app's API shares: the one error shape (see api_errors.py)."""

from ninja import Field, Schema


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


class VersionedOut(Schema):
    """An object the API answers with: its revision is also the answer's ETag."""

    revision: int = Field(
        description="Moves on with every change; the ETag. Send it back in If-Match to change "
        "this object."
    )
