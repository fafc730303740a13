"""Reminders that pillars add to `accord remind`, beyond the leadership pillar's own.

Core imports no app: a pillar registers a sender (`register_reminders`) from its AppConfig.ready;
`accord remind` (its `send_reminders` task, daily from cron, run by `accord worker`) runs every
registered sender after the leadership reminders. A sender takes the time of the run and returns
the notifications it sent; it must send each reminder once (notify() with a key).
"""

from collections.abc import Callable
from datetime import datetime

Sender = Callable[[datetime], list]
SENDERS: dict[str, Sender] = {}


def register_reminders(key: str, sender: Sender) -> None:
    """Add (or replace) the sender called `key`."""
    SENDERS[key] = sender


def send_registered(now: datetime) -> dict[str, list]:
    """Run every registered sender; what each sent, by key."""
    return {key: SENDERS[key](now) for key in sorted(SENDERS)}
