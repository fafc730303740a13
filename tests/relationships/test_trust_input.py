"""Bad answers to the trust survey (R6): a rating outside 1 to 4, rating one's own organization or
a non-member, answering for another organization or a closed wave each name the field, and
nothing is written."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.relationships import services_trust as services
from accord.relationships.models import TrustResponse
from tests.factories import OrganizationFactory
from tests.relationships.trust import counts, items, wave, world

pytestmark = pytest.mark.django_db


def fields_of(error: ValidationError) -> set[str]:
    return set(error.value.message_dict)


def _submit(found, the_wave, organization=None, respondent=None, ratings=None):
    return services.response_submit(
        wave=the_wave,
        organization=organization or found.organizations[0],
        respondent=respondent or found.people[0],
        ratings=ratings if ratings is not None else [{"rated": found.organizations[1], **items()}],
    )


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("rating of 5", "ratings.0.reliability"),
        ("rating of 0", "ratings.0.openness"),
        ("rating as text", "ratings.1.power"),
        ("intensity of 5", "ratings.0.intensity"),
        ("missing item", "ratings.0.mission"),
        ("own organization", "ratings.0.rated"),
        ("a non-member", "ratings.0.rated"),
        ("twice", "ratings.1.rated"),
        ("nothing", "ratings"),
        ("another organization", "organization"),
        ("an organization outside the wave", "organization"),
    ],
)
def test_bad_answers_name_the_field_and_write_nothing(case, field):
    found = world(3)
    the_wave = wave(found)
    one, two, three = found.organizations
    good = {"rated": two, **items()}
    ratings = {
        "rating of 5": [{**good, "reliability": 5}],
        "rating of 0": [{**good, "openness": 0}],
        "rating as text": [good, {"rated": three, **items(), "power": "3"}],
        "intensity of 5": [{**good, "intensity": 5}],
        "missing item": [{k: v for k, v in good.items() if k != "mission"}],
        "own organization": [{**good, "rated": one}],
        "a non-member": [{**good, "rated": OrganizationFactory()}],
        "twice": [good, good],
        "nothing": [],
    }.get(case)
    organization = {
        "another organization": two,
        "an organization outside the wave": OrganizationFactory(),
    }.get(case)
    before = counts()
    with pytest.raises(ValidationError) as error:
        _submit(found, the_wave, organization=organization, ratings=ratings)
    assert field in fields_of(error), error.value.message_dict
    assert counts() == before


def test_a_rating_error_names_the_organization_and_item():
    found = world(2)
    the_wave = wave(found)
    with pytest.raises(ValidationError) as error:
        _submit(found, the_wave, ratings=[{"rated": found.organizations[1], **items(7)}])
    message = error.value.message_dict["ratings.0.reliability"][0]
    assert found.organizations[1].name in message and "1 to 4" in message


def test_a_closed_or_scheduled_wave_takes_no_answer():
    found = world(2)
    closed = services.wave_close(wave=wave(found))
    with pytest.raises(ValidationError) as error:
        _submit(found, closed)
    assert fields_of(error) == {"wave"} and "closed" in str(error.value)
    with pytest.raises(ValidationError):
        services.wave_close(wave=closed)
    later = wave(found, opens_on=timezone.localdate() + timedelta(days=3), title="Later")
    assert later.status == "scheduled"
    with pytest.raises(ValidationError) as error:
        _submit(found, later)
    assert "opens on" in str(error.value)
    assert TrustResponse.objects.count() == 0
