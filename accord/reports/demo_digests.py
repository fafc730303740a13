"""The demo's digest: Bridges has a weekly detailed digest for its leaders and project directors,
sent once (under var/mail/ in `make run`). Runs after every other demo hook (reports come last),
so it reads the demo's scorecards; a second `seed --demo` finds it set up and sent, and sends
nothing again."""

from django.utils import timezone

from accord.core.access import Role

from . import digests
from .models_digests import Digest

TITLE = "Weekly partnership digest"


def seed_digests(context) -> None:
    bridges = context.partnerships.get("bridges")
    steward = context.users.get("steward")
    if bridges is None:
        return
    digest = Digest.objects.filter(partnership=bridges, title=TITLE).first()
    if digest is None:
        digest = Digest.objects.create(
            partnership=bridges,
            title=TITLE,
            roles=[Role.STEWARD, Role.PROJECT_DIRECTOR, Role.LEADER],
            level=Digest.Level.DETAILED,
            frequency=Digest.Frequency.WEEKLY,
            created_by=steward,
        )
        context.log.append(f"digest of {bridges}")
    if not digest.issues.exists():
        sent = digests.send_digest(digest, now=timezone.now())
        if sent:
            context.log.append(f"{len(sent)} digest e-mails")
