"""Cards on a partnership's overview page, added by the pillar apps.

The partnership app owns the overview; a pillar app shows a summary of its own there (the
resources pledged and delivered, M5) by registering a card from its AppConfig.ready, so that this
app never imports the pillars. A card's `context(partnership, user)` returns what its template
shows (None: the card is left out); it reads in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    key: str
    template: str
    context: Callable  # (partnership, user) -> dict | None
    order: int = 100


CARDS: dict[str, Card] = {}


def register_card(card: Card) -> None:
    """Add or replace a card (called from a pillar app's AppConfig.ready)."""
    CARDS[card.key] = card


def cards_for(partnership, user) -> list[dict]:
    """The cards of `partnership`'s overview for `user`, in order, with what each shows."""
    shown = []
    for card in sorted(CARDS.values(), key=lambda c: (c.order, c.key)):
        context = card.context(partnership, user)
        if context is not None:
            shown.append({"key": card.key, "template": card.template, "context": context})
    return shown
