"""API input and output schemas for MOU templates and their sections (L5)."""

from typing import Annotated

from ninja import Field
from pydantic import StringConstraints

from accord.core.schemas import (
    NO_NUL,
    DocumentCopyIn,
    DocumentCreateIn,
    DocumentOut,
    DocumentPatchIn,
    InputSchema,
    Title,
    VersionedOut,
    parts_count,
)

SectionText = Annotated[str, StringConstraints(min_length=1, max_length=20_000, pattern=NO_NUL)]
Key = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=50, pattern=r"^[-a-z0-9_]+$"),
]


class TemplateSectionOut(VersionedOut):
    id: int
    template_id: int
    key: str = Field(description="A short name that stays the same when the heading changes.")
    heading: str
    body: str = Field(description="Django template text over the MOU's plain data.")
    position: int


class TemplateSectionIn(InputSchema):
    heading: Title
    body: SectionText
    key: Key | None = Field(None, description="Made from the heading when left out.")


class TemplateSectionPatchIn(InputSchema):
    heading: Title | None = None
    body: SectionText | None = None
    key: Key | None = None
    position: int | None = Field(None, ge=1, le=1000, description="1 moves it to the top.")


class MouTemplateOut(DocumentOut):
    in_use: bool = Field(description="An MOU was drafted from it.")
    sections_count: int

    @staticmethod
    def resolve_sections_count(obj) -> int:
        return parts_count(obj)


class MouTemplateDetailOut(MouTemplateOut):
    sections: list[TemplateSectionOut]

    @staticmethod
    def resolve_sections(obj):
        return list(obj.ordered_parts())


class MouTemplateCreateIn(DocumentCreateIn):
    is_default: bool = Field(False, description="Make it the template new drafts start from.")
    sections: list[TemplateSectionIn] = Field(default_factory=list, max_length=100)


class MouTemplatePatchIn(DocumentPatchIn):
    is_default: bool | None = Field(
        None,
        description="true makes it the default; make another template the default instead "
        "of sending false.",
    )


class MouTemplateCopyIn(DocumentCopyIn):
    pass
