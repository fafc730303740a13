"""API input and output schemas for alignment rubrics and their criteria (A1)."""

from decimal import Decimal
from typing import Annotated

from ninja import Field

from accord.core.schemas import (
    Description,
    DocumentCopyIn,
    DocumentCreateIn,
    DocumentOut,
    DocumentPatchIn,
    InputSchema,
    Title,
    VersionedOut,
    parts_count,
)
from accord.partnerships.schemas import Text

# Positive and at most 999.99: the model says so with a message that names the field.
Weight = Annotated[Decimal, Field(allow_inf_nan=False, description="Any positive number.")]


class CriterionOut(VersionedOut):
    id: int
    rubric_id: int
    name: str
    description: str
    weight: float
    position: int
    level_1: str = Field(description="What a score of 1 means.")
    level_2: str
    level_3: str
    level_4: str
    level_5: str = Field(description="What a score of 5 means.")


class CriterionIn(InputSchema):
    name: Title
    description: Description = ""
    weight: Weight = Decimal("1")
    level_1: Text = Field(description="What a score of 1 means.")
    level_2: Text
    level_3: Text
    level_4: Text
    level_5: Text = Field(description="What a score of 5 means.")


class CriterionPatchIn(InputSchema):
    name: Title | None = None
    description: Description | None = None
    weight: Weight | None = None
    level_1: Text | None = None
    level_2: Text | None = None
    level_3: Text | None = None
    level_4: Text | None = None
    level_5: Text | None = None


class RubricOut(DocumentOut):
    in_use: bool = Field(description="An assessment uses it: its criteria and weights are fixed.")
    criteria_count: int

    @staticmethod
    def resolve_criteria_count(obj) -> int:
        return parts_count(obj)


class RubricDetailOut(RubricOut):
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.ordered_parts())


class RubricCreateIn(DocumentCreateIn):
    is_default: bool = Field(False, description="Make it the rubric new assessments use.")
    criteria: list[CriterionIn] = Field(default_factory=list, max_length=50)


class RubricPatchIn(DocumentPatchIn):
    is_default: bool | None = Field(
        None,
        description="true makes it the default; make another rubric the default instead "
        "of sending false.",
    )


class RubricCopyIn(DocumentCopyIn):
    pass
