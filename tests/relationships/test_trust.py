"""The trust survey's writes (R6): waves open and close, one answer per organization, changed
while the wave is open; bad input names the field and writes nothing; the survey waits on each
respondent's list until their organization has answered or the wave closes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.core.models import StaleRevision
from accord.core.waiting import waiting_for
from accord.relationships import services_trust as services
from accord.relationships.models import TrustRating, TrustResponse
from accord.relationships.queries_trust import results_of, surveys_waiting
from tests.factories import PersonFactory, RoleFactory
from tests.relationships.trust import answer, counts, items, wave, world

pytestmark = pytest.mark.django_db


def fields_of(error: ValidationError) -> set[str]:
    return set(error.value.message_dict)


def test_a_wave_covers_the_members_when_it_opens():
    found = world(3)
    the_wave = wave(found, opened_by=found.steward)
    assert the_wave.status == "open" and the_wave.is_open()
    assert set(the_wave.members.values_list("organization_id", flat=True)) == {
        org.pk for org in found.organizations
    }
    assert the_wave.history.first().history_user is None  # no request: written by a service


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": " "}, "title"),
        ({"opens_on": None}, "opens_on"),
        ({"closes_on": None}, "closes_on"),
        ({"closes_on": timezone.localdate() - timedelta(days=1)}, "closes_on"),
        (
            {
                "opens_on": timezone.localdate() + timedelta(days=5),
                "closes_on": timezone.localdate() + timedelta(days=2),
            },
            "closes_on",
        ),
        ({"closes_on": timezone.localdate() + timedelta(days=400)}, "closes_on"),
    ],
)
def test_a_wave_with_bad_dates_is_refused(values, field):
    found = world(2)
    before = counts()
    with pytest.raises(ValidationError) as error:
        wave(found, **values)
    assert field in fields_of(error)
    assert counts() == before


def test_a_wave_needs_two_members():
    found = world(1)
    with pytest.raises(ValidationError) as error:
        wave(found)
    assert "two member organizations" in str(error.value)


def test_an_answer_is_saved_whole_and_changed_while_the_wave_is_open():
    found = world(3)
    the_wave = wave(found)
    response = answer(found, the_wave, 0, 3)
    assert response.ratings.count() == 2 and response.revision == 1
    response = answer(found, the_wave, 0, 4, only=[1])
    assert TrustResponse.objects.filter(wave=the_wave).count() == 1
    assert response.revision == 2
    assert list(response.ratings.values_list("rated_id", "reliability")) == [
        (found.organizations[1].pk, 4)
    ]
    results = results_of(the_wave).results
    assert results.ties == 1 and results.trust == 4.0


def test_a_stale_answer_is_refused():
    found = world(2)
    the_wave = wave(found)
    read = answer(found, the_wave, 0, 3)
    stale = TrustResponse.objects.get(pk=read.pk)
    answer(found, the_wave, 0, 2)
    stale.expect_revision(1)  # as read before the second save: the row is now at revision 2
    with pytest.raises(StaleRevision):
        services.response_submit(
            wave=the_wave,
            organization=found.organizations[0],
            respondent=found.people[0],
            ratings=[{"rated": found.organizations[1], **items(1)}],
            response=stale,
        )
    assert set(TrustRating.objects.values_list("reliability", flat=True)) == {2}


def _submit(found, the_wave, organization=None, respondent=None, ratings=None):
    return services.response_submit(
        wave=the_wave,
        organization=organization or found.organizations[0],
        respondent=respondent or found.people[0],
        ratings=ratings if ratings is not None else [{"rated": found.organizations[1], **items()}],
    )


def test_a_leader_answers_for_the_organization_their_role_speaks_for():
    found = world(2)
    leader = PersonFactory(organization=found.organizations[1])
    RoleFactory(partnership=found.partnership, person=leader, role="leader")
    contributor = PersonFactory(organization=found.organizations[0])
    RoleFactory(partnership=found.partnership, person=contributor, role="contributor")
    the_wave = wave(found)
    response = _submit(
        found,
        the_wave,
        organization=found.organizations[1],
        respondent=leader,
        ratings=[{"rated": found.organizations[0], **items()}],
    )
    assert response.respondent == leader
    with pytest.raises(ValidationError) as error:
        _submit(found, the_wave, respondent=contributor)
    assert fields_of(error) == {"organization"}


def test_the_survey_waits_until_answered_or_closed():
    found = world(3)
    the_wave = wave(found)
    kinds = [item.kind for item in waiting_for(found.users[0])]
    assert kinds.count("relationships.trust.respond") == 1
    item = surveys_waiting(found.users[0])[0]
    assert found.organizations[0].name in item.title and item.partnership_id == found.partnership.pk
    assert surveys_waiting(found.steward) == []
    answer(found, the_wave, 0)
    assert surveys_waiting(found.users[0]) == []
    assert len(surveys_waiting(found.users[1])) == 1
    services.wave_close(wave=the_wave)
    assert surveys_waiting(found.users[1]) == []


def test_the_survey_does_not_wait_before_the_wave_opens():
    found = world(2)
    wave(found, opens_on=timezone.localdate() + timedelta(days=1))
    assert surveys_waiting(found.users[0]) == []
