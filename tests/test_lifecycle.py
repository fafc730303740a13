"""The partnership lifecycle: allowed moves, refusals with reasons, and the recorded timeline."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.leadership.models import Mou
from accord.partnerships import lifecycle, services
from accord.partnerships.lifecycle import ALLOWED_TRANSITIONS, STAGE_REQUIREMENTS
from accord.partnerships.models import Partnership, Stage, StageChange
from tests.factories import AffectedGroupFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ALLOWED = [(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in targets]
ILLEGAL = [
    (a, b) for a in Stage.values for b in Stage.values if a != b and b not in ALLOWED_TRANSITIONS[a]
]
MOU_MESSAGE = "executed memorandum of understanding"
NO_MOU_YET = "this partnership has none yet"


@pytest.fixture
def mou_executed():
    """Pretend the pillars' requirements are met (the executed MOU, the agreed measures set),
    the way the pillars meet them."""
    saved = {stage: dict(rules) for stage, rules in STAGE_REQUIREMENTS.items()}
    lifecycle.set_stage_requirement(Stage.FORMALIZED, "executed_mou", lambda p: None)
    for name in saved.get(Stage.ACTIVE, {}):
        lifecycle.set_stage_requirement(Stage.ACTIVE, name, lambda p: None)
    yield
    STAGE_REQUIREMENTS.clear()
    STAGE_REQUIREMENTS.update(saved)


def at_stage(stage: str) -> Partnership:
    """A partnership at `stage` that names an affected group, as "active" requires (R1)."""
    partnership = PartnershipFactory()
    AffectedGroupFactory(partnership=partnership)
    Partnership.objects.filter(pk=partnership.pk).update(stage=stage)
    partnership.refresh_from_db()
    return partnership


def test_every_stage_has_a_row_of_moves():
    assert set(ALLOWED_TRANSITIONS) == set(Stage.values)


@pytest.mark.usefixtures("mou_executed")
@pytest.mark.parametrize(("from_stage", "to_stage"), ALLOWED)
def test_allowed_move_is_made_and_recorded(from_stage, to_stage):
    partnership = at_stage(from_stage)
    user = UserFactory()
    moment = timezone.now().replace(microsecond=0) + timedelta(days=3)
    with time_machine.travel(moment, tick=False):
        services.partnership_transition(
            partnership=partnership, to_stage=to_stage, changed_by=user, note="Agreed."
        )
    partnership.refresh_from_db()
    assert partnership.stage == to_stage
    assert partnership.stage_changed_at == moment
    change = partnership.stage_changes.last()
    assert (change.from_stage, change.to_stage) == (from_stage, to_stage)
    assert change.changed_by == user
    assert change.changed_at == moment
    assert change.note == "Agreed."


@pytest.mark.parametrize(("from_stage", "to_stage"), ILLEGAL)
def test_illegal_move_is_refused_naming_both_stages(from_stage, to_stage):
    partnership = at_stage(from_stage)
    changes = StageChange.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.partnership_transition(partnership=partnership, to_stage=to_stage)
    message = " ".join(refused.value.message_dict["to_stage"])
    assert Stage(from_stage).label.lower() in message
    assert Stage(to_stage).label.lower() in message
    partnership.refresh_from_db()
    assert partnership.stage == from_stage
    assert StageChange.objects.count() == changes


def test_formalized_needs_an_executed_mou():
    partnership = at_stage(Stage.FORMING)
    with pytest.raises(ValidationError) as refused:
        services.partnership_transition(partnership=partnership, to_stage=Stage.FORMALIZED)
    message = " ".join(refused.value.message_dict["to_stage"])
    assert MOU_MESSAGE in message and NO_MOU_YET in message
    partnership.refresh_from_db()
    assert partnership.stage == Stage.FORMING
    assert not partnership.stage_changes.filter(to_stage=Stage.FORMALIZED).exists()


def test_formalized_with_an_executed_mou_succeeds():
    """The leadership pillar's rule (L5): an executed MOU in effect lets the move through."""
    partnership = at_stage(Stage.FORMING)
    Mou.objects.create(
        partnership=partnership,
        title="Memorandum of understanding",
        status=Mou.Status.EXECUTED,
        executed_at=timezone.now(),
        effective_on=timezone.localdate(),
    )
    services.partnership_transition(partnership=partnership, to_stage=Stage.FORMALIZED)
    partnership.refresh_from_db()
    assert partnership.stage == Stage.FORMALIZED


def test_an_mou_still_out_for_signature_does_not_formalize():
    partnership = at_stage(Stage.FORMING)
    Mou.objects.create(partnership=partnership, title="Ours", status=Mou.Status.OUT_FOR_SIGNATURE)
    with pytest.raises(ValidationError) as refused:
        services.partnership_transition(partnership=partnership, to_stage=Stage.FORMALIZED)
    assert "“Ours” is still out for signature" in " ".join(refused.value.message_dict["to_stage"])


def test_concluded_is_terminal():
    assert ALLOWED_TRANSITIONS[Stage.CONCLUDED] == ()
    partnership = at_stage(Stage.CONCLUDED)
    assert lifecycle.allowed_next_stages(partnership) == ()
    for stage in Stage.values:
        assert lifecycle.transition_problems(partnership, stage), stage


def test_moving_to_the_current_stage_is_refused():
    partnership = at_stage(Stage.ACTIVE)
    assert lifecycle.transition_problems(partnership, Stage.ACTIVE) == [
        "The partnership is already active."
    ]


def test_unknown_stage_is_refused():
    partnership = at_stage(Stage.EXPLORING)
    with pytest.raises(ValidationError) as refused:
        services.partnership_transition(partnership=partnership, to_stage="dormant")
    assert "not a lifecycle stage" in str(refused.value)


def test_archived_partnership_cannot_move():
    partnership = PartnershipFactory()
    services.partnership_archive(partnership=partnership)
    with pytest.raises(ValidationError) as refused:
        services.partnership_transition(partnership=partnership, to_stage=Stage.FORMING)
    assert "archived" in " ".join(refused.value.message_dict["to_stage"])
    partnership.refresh_from_db()
    assert partnership.stage == Stage.EXPLORING


def test_a_walk_through_the_whole_lifecycle_builds_the_timeline(mou_executed):
    partnership = services.partnership_create(title="Walk", purpose="Walk every stage.")
    AffectedGroupFactory(partnership=partnership)
    path = [Stage.FORMING, Stage.FORMALIZED, Stage.ACTIVE, Stage.REVIEWING, Stage.RENEWED]
    path += [Stage.CONCLUDED]
    for stage in path:
        services.partnership_transition(partnership=partnership, to_stage=stage)
    timeline = list(partnership.stage_changes.values_list("from_stage", "to_stage"))
    assert timeline == [
        ("", Stage.EXPLORING),
        *zip([Stage.EXPLORING, *path[:-1]], path, strict=True),
    ]


def test_a_stage_change_is_in_the_partnerships_history():
    partnership = PartnershipFactory()
    services.partnership_transition(partnership=partnership, to_stage=Stage.FORMING)
    latest = partnership.history.first()
    assert latest.stage == Stage.FORMING
    assert latest.prev_record.stage == Stage.EXPLORING


def test_the_callers_object_follows_the_move_so_a_later_save_keeps_the_stage():
    partnership = PartnershipFactory()
    services.partnership_transition(partnership=partnership, to_stage=Stage.FORMING)
    assert partnership.stage == Stage.FORMING
    services.partnership_update(partnership=partnership, title="Renamed")
    latest = partnership.history.first()
    assert (latest.title, latest.stage) == ("Renamed", Stage.FORMING)
    assert Partnership.objects.get(pk=partnership.pk).stage == Stage.FORMING
