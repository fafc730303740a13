"""Opening waves and answering them: whom a wave asks, anonymous answers that name nobody,
answering once, and bad input (a value outside 1 to 5, a statement not in the instrument, a
closed wave, a second answer) refused with the field named and nothing written."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.core.audit import acting_as
from accord.surveys import services
from accord.surveys.models import Item, SurveyInvitation, SurveyResponse
from tests.factories import PersonFactory, RoleFactory
from tests.surveys.world import answers, counts, items_of, wave, waves_count, world

pytestmark = pytest.mark.django_db


def test_a_wave_asks_each_holder_of_the_chosen_roles_once():
    found = world(4)
    # One person holds two roles: they are asked once.
    RoleFactory(partnership=found.partnership, person=found.people[0], role="leader")
    the_wave = wave(found, roles=["contributor", "leader"])
    invited = set(the_wave.invitations.values_list("person_id", flat=True))
    assert invited == {p.pk for p in found.people}
    assert all(len(i.token) >= 40 for i in the_wave.invitations.all())


def test_levels_narrow_whom_a_wave_asks():
    found = world(4, levels=("staff", "student"))
    the_wave = wave(found, levels=["student"])
    asked = set(the_wave.invitations.values_list("person__level", flat=True))
    assert asked == {"student"}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": ""}, "title"),
        ({"roles": []}, "roles"),
        ({"roles": ["chair"]}, "roles"),
        ({"levels": ["sage"]}, "levels"),
        ({"roles": ["viewer"]}, "roles"),  # nobody holds it
        ({"closes_on": timezone.localdate() - timedelta(days=1)}, "closes_on"),
    ],
)
def test_a_bad_wave_names_the_field_and_writes_nothing(values, field):
    found = world(2)
    before = waves_count()
    with pytest.raises(ValidationError) as error:
        wave(found, **values)
    assert field in error.value.message_dict
    assert waves_count() == before


def test_an_anonymous_answer_names_nobody():
    found = world(5)
    the_wave = wave(found)
    person = found.people[0]
    with acting_as(person.user):
        response = services.answer_submit(wave=the_wave, person=person, answers=answers(the_wave))
    assert response.person_id is None
    assert (response.organization_id, response.level) == (person.organization_id, "staff")
    assert response.history.get().history_user_id is None
    invitation = SurveyInvitation.objects.get(wave=the_wave, person=person)
    assert invitation.answered_at is not None and invitation.token is None
    # Nothing on the answer leads back to the invitation.
    assert not any(f.related_model is SurveyInvitation for f in SurveyResponse._meta.fields)


def test_a_named_answer_carries_its_person():
    found = world(5)
    the_wave = wave(found, anonymous=False)
    person = found.people[1]
    with acting_as(person.user):
        response = services.answer_submit(wave=the_wave, person=person, answers=answers(the_wave))
    assert response.person == person
    assert response.history.get().history_user == person.user


def test_a_second_answer_from_the_same_invitation_is_refused_and_writes_nothing():
    found = world(5)
    the_wave = wave(found)
    person = found.people[0]
    services.answer_submit(wave=the_wave, person=person, answers=answers(the_wave, 2))
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.answer_submit(wave=the_wave, person=person, answers=answers(the_wave, 5))
    assert "already answered" in error.value.message_dict["invitation"][0]
    assert counts() == before


def _bad(the_wave, case):
    good = answers(the_wave)
    first = good[0]["item_id"]
    return {
        "a value of 6": ([{**good[0], "value": 6}, *good[1:]], "answers.0.value"),
        "a value of 0": ([*good[:-1], {**good[-1], "value": 0}], f"answers.{len(good) - 1}.value"),
        "a value as text": ([{**good[0], "value": "4"}, *good[1:]], "answers.0.value"),
        "a value as true": ([{**good[0], "value": True}, *good[1:]], "answers.0.value"),
        "an unknown item": (
            [*good, {"item_id": 10**9, "value": 3}],
            f"answers.{len(good)}.item_id",
        ),
        "an item twice": ([*good, {"item_id": first, "value": 3}], f"answers.{len(good)}.item_id"),
        "an item missing": (good[1:], "answers"),
        "nothing": ([], "answers"),
    }[case]


@pytest.mark.parametrize(
    "case",
    [
        "a value of 6",
        "a value of 0",
        "a value as text",
        "a value as true",
        "an unknown item",
        "an item twice",
        "an item missing",
        "nothing",
    ],
)
def test_bad_answers_name_the_field_and_write_nothing(case):
    found = world(5)
    the_wave = wave(found)
    given, field = _bad(the_wave, case)
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.answer_submit(wave=the_wave, person=found.people[0], answers=given)
    assert field in error.value.message_dict, error.value.message_dict
    assert counts() == before
    assert SurveyInvitation.objects.get(wave=the_wave, person=found.people[0]).token


def test_an_item_of_another_instrument_is_not_in_this_one():
    found = world(5)
    the_wave = wave(found)
    copy = services.instrument_copy(instrument=the_wave.instrument, name="Another")
    given = answers(the_wave)
    given[0]["item_id"] = Item.objects.filter(factor__category__instrument=copy).first().pk
    with pytest.raises(ValidationError) as error:
        services.answer_submit(wave=the_wave, person=found.people[0], answers=given)
    assert "answers.0.item_id" in error.value.message_dict


def test_a_closed_wave_takes_no_answer():
    found = world(5)
    the_wave = wave(found)
    services.wave_close(wave=the_wave)
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.answer_submit(wave=the_wave, person=found.people[0], answers=answers(the_wave))
    assert "closed" in error.value.message_dict["wave"][0]
    assert counts() == before


def test_a_scheduled_wave_takes_no_answer_yet():
    found = world(5)
    later = timezone.localdate() + timedelta(days=3)
    the_wave = wave(found, opens_on=later, closes_on=later + timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        services.answer_submit(wave=the_wave, person=found.people[0], answers=answers(the_wave))
    assert "opens on" in error.value.message_dict["wave"][0]


def test_someone_the_wave_did_not_ask_cannot_answer():
    found = world(5)
    the_wave = wave(found)
    stranger = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.answer_submit(wave=the_wave, person=stranger, answers=answers(the_wave))
    assert "did not ask you" in error.value.message_dict["invitation"][0]
    # Nor can someone asked who has since left the partnership.
    leaving = found.people[2]
    leaving.roles.update(archived_at=timezone.now())
    with pytest.raises(ValidationError):
        services.answer_submit(wave=the_wave, person=leaving, answers=answers(the_wave))


def test_an_instrument_a_wave_used_changes_only_as_a_copy():
    found = world(5)
    the_wave = wave(found)
    item = items_of(the_wave)[0]
    changed = services.item_update(item=item, statement="A new wording.")
    item.refresh_from_db()
    assert item.statement != "A new wording."
    instrument = changed.factor.category.instrument
    assert instrument.previous == the_wave.instrument
    assert instrument.version == the_wave.instrument.version + 1
    assert changed.factor.key == item.factor.key
    # An instrument no wave has used changes in place.
    again = services.item_update(item=changed, statement="Worded once more.")
    assert again.pk == changed.pk


def test_opening_a_wave_tells_each_person_it_asks_with_their_own_link():
    from accord.accounts.models import Notification

    found = world(3)
    the_wave = wave(found)
    sent = Notification.objects.filter(kind="survey_invitation")
    assert {n.user_id for n in sent} == {p.user_id for p in found.people}
    tokens = {i.person.user_id: i.token for i in the_wave.invitations.select_related("person")}
    assert all(n.url.endswith(f"/surveys/invitation/{tokens[n.user_id]}/") for n in sent)
