"""API schemas of the input ledger (R6). Names start with "Ledger": OpenAPI components are keyed
by name across every app."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import NO_NUL, InputSchema, IsoDate, IsoDateTime, VersionedOut
from accord.partnerships.schemas import Id, PersonRef

from .models_ledger import Input
from .services_ledger import MAX_DAYS, MAX_SUBJECT, MAX_TEXT

LedgerSource = StrEnum("LedgerSource", {c.name: c.value for c in Input.Source})
LedgerChannel = StrEnum("LedgerChannel", {c.name: c.value for c in Input.Channel})
LedgerStatus = StrEnum("LedgerStatus", {c.name: c.value for c in Input.Status})
LedgerCloseReason = StrEnum("LedgerCloseReason", {c.name: c.value for c in Input.CloseReason})


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=NO_NUL
        ),
    ]


class LedgerActionOut(VersionedOut):
    id: int
    engagement_id: int | None
    action_item_id: int | None
    text: str
    description: str = Field(description="What was done, in words.")

    @staticmethod
    def resolve_description(obj) -> str:
        return str(obj)


class LedgerInputOut(VersionedOut):
    id: int
    partnership_id: int
    consultation_id: int | None
    source: LedgerSource
    channel: LedgerChannel
    anonymous: bool = Field(description="Anonymous input keeps no identity of its giver.")
    submitter: str = Field(description="Who gave it: a name, or “Anonymous”.")
    email: str
    subject: str
    text: str
    received_at: datetime
    assignee: PersonRef | None
    acknowledged_at: datetime | None
    response: str = Field(description="The response, drafted or given; public once published.")
    responded_at: datetime | None = Field(
        description="When the response was given (null: a draft)."
    )
    published_at: datetime | None
    status: LedgerStatus
    close_reason: LedgerCloseReason | None
    close_explanation: str
    ack_due: datetime
    response_due: datetime
    overdue: bool = Field(description="Past its deadline to acknowledge or answer.")

    @staticmethod
    def resolve_close_reason(obj):
        return obj.close_reason or None

    @staticmethod
    def resolve_ack_due(obj):
        return _marked(obj).ack_due

    @staticmethod
    def resolve_response_due(obj):
        return _marked(obj).response_due

    @staticmethod
    def resolve_overdue(obj):
        return _marked(obj).overdue


def _marked(obj):
    if not hasattr(obj, "overdue"):
        from .queries_ledger import mark_deadlines

        mark_deadlines(obj)
    return obj


class LedgerInputDetailOut(LedgerInputOut):
    actions: list[LedgerActionOut]

    @staticmethod
    def resolve_actions(obj):
        return obj.action_list


class LedgerInputIn(InputSchema):
    subject: _text(MAX_SUBJECT, 1)
    text: _text(MAX_TEXT, 1)
    channel: LedgerChannel = LedgerChannel.EMAIL
    consultation_id: Id | None = None
    anonymous: bool = False
    person_id: Id | None = None
    name: _text(200) = ""
    email: _text(254) = ""
    received_at: IsoDateTime | None = None
    assignee_id: Id | None = None


class LedgerInputPatchIn(InputSchema):
    assignee_id: Id | None = Field(
        default=None, description="Who answers it; null: nobody (the stewards)."
    )
    acknowledged: bool | None = Field(default=None, description="true: mark as acknowledged.")
    response: _text(MAX_TEXT) | None = Field(default=None, description="The response text.")
    give_response: bool | None = Field(
        default=None, description="true: the response is given (not only drafted)."
    )


class LedgerCloseIn(InputSchema):
    reason: LedgerCloseReason
    explanation: _text(MAX_TEXT) = Field(
        default="", description="Required when the reason is not_acted_on."
    )


class LedgerPublishIn(InputSchema):
    published: bool


class LedgerActionIn(InputSchema):
    engagement_id: Id | None = None
    action_item_id: Id | None = None
    text: _text(500) = ""


class LedgerConsultationOut(VersionedOut):
    id: int
    partnership_id: int
    question: str
    description: str
    opens_on: date
    closes_on: date
    input_count: int


class LedgerConsultationIn(InputSchema):
    question: _text(300, 1)
    description: _text(MAX_TEXT) = ""
    opens_on: IsoDate
    closes_on: IsoDate


class LedgerSettingsOut(VersionedOut):
    partnership_id: int
    ack_days: int
    response_days: int
    public_form: bool = Field(
        description="On: the partnership's title and the form's question are public."
    )
    form_question: str


class LedgerSettingsIn(InputSchema):
    ack_days: int = Field(ge=1, le=MAX_DAYS)
    response_days: int = Field(ge=1, le=MAX_DAYS)
    public_form: bool
    form_question: _text(300) = ""


class LedgerFiguresOut(Schema):
    count: int
    median_days_to_acknowledge: float | None
    median_days_to_respond: float | None
    acknowledged_within: float | None = Field(description="Share (0 to 1) acknowledged in time.")
    responded_within: float | None = Field(description="Share (0 to 1) answered in time.")


class LedgerOrganizationFiguresOut(Schema):
    organization: str
    figures: LedgerFiguresOut


class LedgerResponsivenessOut(Schema):
    partnership_id: int
    partnership: LedgerFiguresOut
    by_organization: list[LedgerOrganizationFiguresOut]
