"""What is waiting for a person: the work Accord expects of them, across every partnership.

The home page and GET /api/v1/waiting list it. Core imports no app: each app registers a
provider (`register_waiting`) from its AppConfig.ready, and a provider reads through its own
app's `queries`, so later pillars add their own kinds of waiting work (input to answer, data due,
surveys to fill in) without touching this module.

A provider takes the signed-in user and returns `Waiting` items. It must cost a fixed number of
queries however many partnerships the person takes part in (tests/test_waiting.py counts them),
and an item must disappear as soon as the work is done: providers read the current state, they
keep no list of their own.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from .rules import signed_in


@dataclass(frozen=True)
class Waiting:
    """One piece of work waiting for a person."""

    kind: str  # stable key, e.g. "leadership.mou.sign"
    label: str  # what kind of work, e.g. "Signature to give"
    title: str  # what exactly, e.g. "Sign “Memorandum of understanding”, version 2"
    url: str  # the page where it is done
    since: datetime  # since when it has waited
    partnership: str = ""  # the partnership's title, when it belongs to one
    partnership_id: int | None = None


Provider = Callable[[object], Iterable[Waiting]]
WAITING_PROVIDERS: dict[str, Provider] = {}


def register_waiting(key: str, provider: Provider) -> None:
    """Add (or replace) the provider called `key`."""
    WAITING_PROVIDERS[key] = provider


def waiting_for(user) -> list[Waiting]:
    """Everything waiting for `user`, longest waiting first."""
    if not signed_in(user):
        return []
    items: list[Waiting] = []
    for key in sorted(WAITING_PROVIDERS):
        items.extend(WAITING_PROVIDERS[key](user))
    return sorted(items, key=lambda item: (item.since, item.kind, item.url))
