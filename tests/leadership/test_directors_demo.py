"""The project directors demo data (L6): a flagged gap, a handover waiting, the steward's
notifications; loading it again changes nothing."""

import pytest

from accord.accounts.models import Notification
from accord.leadership.demo import directors as directors_demo
from accord.leadership.models import ProjectDirectorHandover
from accord.leadership.queries.directors import as_rows, member_directors
from accord.partnerships.demo import build_demo
from accord.partnerships.models import Membership

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    return (
        Membership.objects.count(),
        ProjectDirectorHandover.objects.count(),
        ProjectDirectorHandover.history.count(),
        Notification.objects.count(),
    )


def test_a_gap_a_waiting_handover_and_notifications_and_loads_again_unchanged():
    context = build_demo()
    directors_demo.seed(context)
    eastside = as_rows(member_directors(context.partnerships["eastside"]))
    flagged = [row.organization.name for row in eastside if row.flagged]
    assert flagged == ["Engineers for Equitable Communities"]
    handover = ProjectDirectorHandover.objects.get()
    assert handover.partnership == context.partnerships["bridges"]
    assert handover.status == "pending" and handover.outgoing.person.name == "Naomi Fischer"
    assert handover.incoming.user.username == "contributor"
    assert Notification.objects.filter(
        user__username="contributor", kind="director_handover"
    ).exists()
    steward = Notification.objects.filter(user__username="steward")
    assert steward.count() == 2 and steward.filter(read_at__isnull=True).count() == 1

    before = snapshot()
    again = build_demo()
    directors_demo.seed(again)
    assert not again.log
    assert snapshot() == before


def test_an_answered_handover_is_not_nominated_again():
    context = build_demo()
    directors_demo.seed(context)
    ProjectDirectorHandover.objects.update(status="declined")
    directors_demo.seed(build_demo())
    assert ProjectDirectorHandover.objects.count() == 1
