"""The demo's relationships data (R1, R2): an affected group no member represents, a planning
committee where the tribal college's community holds one seat with no vote, a community
organizer who attends and is never heard; loading it again changes nothing."""

import pytest

from accord.partnerships.demo import build_demo
from accord.relationships import demo
from accord.relationships.models import AffectedGroup, Attendance, Body, BodyMeeting, Seat
from accord.relationships.queries import stakeholders_of
from accord.relationships.queries_bodies import analyses_of

pytestmark = pytest.mark.django_db


def rows():
    models = (AffectedGroup, Body, Seat, BodyMeeting, Attendance)
    return [m.objects.count() for m in models] + [m.history.count() for m in models]


def test_the_demo_tells_the_story_and_loads_again_unchanged():
    context = build_demo()
    demo.seed_demo(context)
    bridges, eastside = context.partnerships["bridges"], context.partnerships["eastside"]
    unrepresented = [r.group.name for r in stakeholders_of(bridges) if r.unrepresented]
    assert unrepresented == ["First-generation college students"]
    (committee,) = analyses_of(bridges)
    tribal = {
        f.kind for f in committee.analysis.flags if f.message.startswith("Tribal-nation students")
    }
    assert {"lone", "no_vote", "token"} <= tribal
    (working_group,) = analyses_of(eastside)
    quiet = [f for f in working_group.analysis.flags if f.kind == "never_heard"]
    holloway = context.people["holloway"]
    assert [s.person for s in working_group.seats if s.pk in {f.seat for f in quiet}] == [holloway]
    before = rows()
    demo.seed_demo(build_demo())
    assert rows() == before
