"""GET /api/v1/waiting: what is waiting for the caller, as on their home page."""

from datetime import datetime

from ninja import Field, Router, Schema

from .schemas import ErrorOut
from .waiting import waiting_for

router = Router(tags=["Home"])


class WaitingOut(Schema):
    kind: str = Field(description="What kind of work, e.g. leadership.mou.sign.")
    label: str
    title: str
    url: str = Field(description="The path inside Accord where it is done.")
    since: datetime = Field(description="Since when it has waited.")
    partnership: str = Field(description="The partnership's title; empty when none.")
    partnership_id: int | None


@router.get(
    "/waiting",
    response={200: list[WaitingOut], 401: ErrorOut},
    summary="What is waiting for you, longest waiting first",
)
def list_waiting(request):
    return waiting_for(request.user)
