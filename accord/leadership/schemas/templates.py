"""API input and output schemas for MOU templates and their sections (L5)."""

from datetime import datetime
from typing import Annotated

from ninja import Field
from pydantic import StringConstraints

from accord.core.schemas import InputSchema, VersionedOut
from accord.partnerships.schemas import NO_NUL, Title

Description = Annotated[str, Field(max_length=20_000, pattern=NO_NUL)]
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


class MouTemplateOut(VersionedOut):
    id: int
    name: str
    description: str
    is_default: bool
    in_use: bool = Field(description="An MOU was drafted from it.")
    sections_count: int
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None

    @staticmethod
    def resolve_in_use(obj) -> bool:
        value = getattr(obj, "in_use", None)
        return obj.mous.exists() if value is None else value

    @staticmethod
    def resolve_sections_count(obj) -> int:
        value = getattr(obj, "sections_count", None)
        return obj.sections.count() if value is None else value


class MouTemplateDetailOut(MouTemplateOut):
    sections: list[TemplateSectionOut]

    @staticmethod
    def resolve_sections(obj):
        return list(obj.sections.order_by("position", "pk"))


class MouTemplateCreateIn(InputSchema):
    name: Title
    description: Description = ""
    is_default: bool = Field(False, description="Make it the template new drafts start from.")
    sections: list[TemplateSectionIn] = Field(default_factory=list, max_length=100)


class MouTemplatePatchIn(InputSchema):
    name: Title | None = None
    description: Description | None = None
    is_default: bool | None = Field(
        None,
        description="true makes it the default; make another template the default instead "
        "of sending false.",
    )


class MouTemplateCopyIn(InputSchema):
    name: Title = Field(description="The copy's name.")
    description: Description | None = Field(None, description="The original's when left out.")


class MouTemplateFilters(InputSchema):
    include_archived: bool = False
