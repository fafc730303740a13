"""Schemas every app's API shares: the one error shape (see api_errors.py)."""

from ninja import Schema


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []
