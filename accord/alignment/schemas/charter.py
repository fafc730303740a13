"""API input and output schemas for the charter (A2, A3). Names start with "Charter" because
OpenAPI components are keyed by name across every app."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import InputSchema, SectionDiffOut, VersionedOut
from accord.directory.schemas import PersonLevel
from accord.partnerships.schemas import NO_NUL, Id, OrganizationRef

from ..models import CharterVersion
from ..queries.charter import version_stats
from ..readability import text_stats
from ..services.charter import MAX_BENEFITS, MAX_COMMENT, MAX_MEANING, MAX_VALUES, MAX_VISION

CharterStatus = StrEnum("CharterStatus", {c.name: c.value for c in CharterVersion.Status})


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=NO_NUL
        ),
    ]


# --- Text figures -------------------------------------------------------------------------------
class CharterTextStatsOut(Schema):
    """Length and readability of a text (A3), computed offline."""

    words: int
    sentences: int
    syllables: int
    characters: int
    reading_ease: float | None = Field(
        description="Flesch reading ease, 0 (very difficult) to 100 (very easy); null: no words."
    )
    band: str = Field(description="Plain-language band, e.g. 'plain English' or 'difficult'.")
    band_meaning: str
    average_sentence_length: float = Field(description="Words per sentence.")
    longest_sentence_words: int
    longest_sentence: str
    long_sentences: int = Field(description="Sentences longer than 25 words.")


class CharterValueStatsOut(Schema):
    name: str
    stats: CharterTextStatsOut


class CharterBenefitStatsOut(Schema):
    organization: OrganizationRef
    stats: CharterTextStatsOut


class CharterVersionTextStatsOut(Schema):
    number: int
    whole: CharterTextStatsOut = Field(description="The vision, values and benefits together.")
    vision: CharterTextStatsOut
    values: list[CharterValueStatsOut]
    benefits: list[CharterBenefitStatsOut]

    @staticmethod
    def resolve_whole(obj) -> dict:
        return version_stats(obj).as_dict()

    @staticmethod
    def resolve_vision(obj) -> dict:
        return text_stats(obj.vision).as_dict()

    @staticmethod
    def resolve_values(obj) -> list[dict]:
        return [
            {"name": value.name, "stats": text_stats(value.meaning).as_dict()}
            for value in obj.values.all()
        ]

    @staticmethod
    def resolve_benefits(obj) -> list[dict]:
        return [
            {"organization": benefit.organization, "stats": text_stats(benefit.benefits).as_dict()}
            for benefit in obj.benefits.all()
        ]


# --- Versions -----------------------------------------------------------------------------------
class CharterValueOut(Schema):
    id: int
    name: str
    meaning: str
    position: int


class CharterBenefitOut(Schema):
    organization: OrganizationRef
    benefits: str


class CharterVersionOut(VersionedOut):
    id: int
    partnership_id: int
    number: int
    status: CharterStatus
    vision: str
    values: list[CharterValueOut]
    benefits: list[CharterBenefitOut]
    based_on_number: int | None = Field(description="The version this one was copied from.")
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    opened_at: datetime | None
    finalized_at: datetime | None
    comment_count: int
    endorsement_count: int
    text_stats: CharterTextStatsOut = Field(
        description="Word count and readability of the whole text (vision, values, benefits)."
    )

    @staticmethod
    def resolve_values(obj) -> list:
        return list(obj.values.all())

    @staticmethod
    def resolve_benefits(obj) -> list:
        return list(obj.benefits.all())

    @staticmethod
    def resolve_based_on_number(obj) -> int | None:
        return obj.based_on.number if obj.based_on_id else None

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.display_name if obj.created_by_id else None

    @staticmethod
    def resolve_comment_count(obj) -> int:
        count = getattr(obj, "comment_count", None)
        return obj.comments.count() if count is None else count

    @staticmethod
    def resolve_endorsement_count(obj) -> int:
        count = getattr(obj, "endorsement_count", None)
        return obj.endorsements.count() if count is None else count

    @staticmethod
    def resolve_text_stats(obj) -> dict:
        return version_stats(obj).as_dict()


class CharterValueIn(InputSchema):
    name: _text(200, 1)
    meaning: _text(MAX_MEANING, 1) = Field(description="What the value means in practice.")


class CharterBenefitIn(InputSchema):
    organization_id: Id = Field(description="A current member organization.")
    benefits: _text(MAX_BENEFITS) = Field(description="Empty removes the organization's text.")


class CharterVersionPatchIn(InputSchema):
    """Parts left out stay as they are; a part sent replaces the whole of that part."""

    vision: _text(MAX_VISION) | None = None
    values: list[CharterValueIn] | None = Field(
        None, max_length=MAX_VALUES, description="The core values, in order (replaces them all)."
    )
    benefits: list[CharterBenefitIn] | None = Field(
        None, max_length=500, description="Benefits per member organization."
    )


class CharterValuesAddIn(InputSchema):
    values: list[CharterValueIn] = Field(
        min_length=1,
        max_length=MAX_VALUES,
        description="Values to add after the version's own, in order: several in one request.",
    )


class CharterDiffOut(Schema):
    a: int
    b: int
    sections: list[SectionDiffOut] = Field(
        description="The vision, each value (matched by its name) and each member's benefits."
    )


class CharterMoveIn(InputSchema):
    to: CharterStatus = Field(description="open (from draft), draft (from open), final (from open)")


# --- Comments and participation (A2) ------------------------------------------------------------
class CharterPersonOut(Schema):
    id: int
    name: str
    organization: OrganizationRef | None
    level: PersonLevel


# The comment's words are "text", not "body": the API's error shape drops "body" from error
# locations (it names the request body), so a field of that name could not be named in a 422.
class CharterCommentOut(Schema):
    id: int
    version_number: int
    person: CharterPersonOut
    text: str
    created_at: datetime

    @staticmethod
    def resolve_version_number(obj) -> int:
        return obj.version.number

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.body


class CharterCommentIn(InputSchema):
    text: _text(MAX_COMMENT, 1)


class CharterLevelOut(Schema):
    level: PersonLevel
    label: str
    people: int = Field(description="How many people at this level commented.")
    heard: bool = Field(description="False: nobody at this level has commented yet.")


class CharterOrganizationParticipationOut(Schema):
    organization: OrganizationRef
    people: int
    comments: int


class CharterParticipationOut(Schema):
    version_number: int
    comments: int
    people: int
    levels: list[CharterLevelOut]
    organizations: list[CharterOrganizationParticipationOut] = Field(
        description="Every current member organization."
    )
    elsewhere: int = Field(description="Commenters whose organization is not a current member.")
    not_heard_from: list[CharterPersonOut] = Field(
        description="People whose role lets them comment and who have not (first 100)."
    )
    not_heard_from_count: int


# --- Endorsements (A3) --------------------------------------------------------------------------
class CharterEndorsementOut(Schema):
    id: int
    version_number: int
    organization: OrganizationRef
    person: CharterPersonOut
    note: str
    created_at: datetime

    @staticmethod
    def resolve_version_number(obj) -> int:
        return obj.version.number


class CharterEndorsementIn(InputSchema):
    note: _text(2000) = ""


class CharterMemberOut(Schema):
    organization: OrganizationRef
    endorsed: bool = Field(description="Endorsed the latest final version.")
    endorsement: CharterEndorsementOut | None


class CharterOut(Schema):
    partnership_id: int
    agreed: bool = Field(
        description="Every current member organization endorsed the latest final version."
    )
    latest_final_number: int | None
    working_version_number: int | None
    working_version_status: CharterStatus | None
    member_count: int
    endorsed_count: int
    members: list[CharterMemberOut]
