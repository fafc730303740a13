"""Demo data for announcements (L4) on "Bridges to Civil Engineering Careers": one sent to every
member organization, with its delivery log, and one draft.

The sent announcement goes through the real send and delivery code, through whatever mailer is
configured: the console in `make run` (the e-mails are printed), a real server where one is set.
Its delivery log therefore records what truly happened to each e-mail, never a made-up "sent".
It is delivered here, in the seed, rather than by the worker, so that the demo's log is complete
as soon as the data is loaded; the task queued by the send then finds nothing left to send.
A record is found again by its title, so loading the demo again changes nothing.
"""

from accord.core.audit import acting_as

from ..models import Announcement
from ..services.announcements import (
    announcement_create,
    announcement_deliver,
    announcement_send,
)

# fmt: off
SENT = {
    "author": "ruiz",
    "title": "Our direction for next year: from summer programs to a full pathway",
    "body": (
        "Dear partners,\n\n"
        "This year our five organizations ran two summer bridge programs, paid twelve interns "
        "and matched forty students with mentors. Thank you.\n\n"
        "Next year we want to turn these programs into one pathway: from high school, through "
        "college, to a first job and the licensing exam. Three steps will get us there:\n\n"
        "1. Every student in a summer program gets a mentor who stays with them for two years.\n"
        "2. Every partner campus hosts at least one evening session for families, in the "
        "languages its families speak.\n"
        "3. We report each spring what each of us committed and what we did.\n\n"
        "Please bring your ideas to the partners' meeting in February.\n\n"
        "Elena Ruiz, President, Rio Bravo State University"
    ),
}
DRAFT = {
    "author": "vega",
    "title": "Family information nights this fall",
    "body": (
        "Rio Bravo State and Carver Heights will each host two evening sessions for families "
        "this fall, with food and childcare. Students: please invite your families, and tell us "
        "which evenings suit them."
    ),
    "organizations": ["riobravo", "carver"],
    "levels": ["student", "community_member"],
}
# fmt: on


def seed(context) -> None:
    """Add the announcements demo records (called by `accord seed --demo`; idempotent)."""
    partnership = context.partnerships["bridges"]
    if not Announcement.objects.filter(partnership=partnership, title=SENT["title"]).exists():
        author = context.people[SENT["author"]]
        with acting_as(author.user):
            announcement = announcement_create(
                partnership=partnership,
                title=SENT["title"],
                body=SENT["body"],
                author=author,
                created_by=author.user,
            )
            announcement_send(announcement=announcement)
        announcement_deliver(announcement_id=announcement.pk)
        context.log.append(f"announcement “{SENT['title']}”, sent")
    if not Announcement.objects.filter(partnership=partnership, title=DRAFT["title"]).exists():
        author = context.people[DRAFT["author"]]
        with acting_as(author.user):
            announcement_create(
                partnership=partnership,
                title=DRAFT["title"],
                body=DRAFT["body"],
                audience_organizations=[context.organizations[k] for k in DRAFT["organizations"]],
                audience_levels=DRAFT["levels"],
                author=author,
                created_by=author.user,
            )
        context.log.append(f"announcement “{DRAFT['title']}”, a draft")
