"""Bad answers through the trust network API (R6): 422 naming the field, nothing written."""

import pytest

from tests.relationships.trust import API, api_rating, call, counts, field_errors, wave, world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("rating of 5", "ratings.0.reliability"),
        ("rating of 0", "ratings.0.intensity"),
        ("own organization", "ratings.0.organization_id"),
        ("a non-member", "ratings.0.organization_id"),
        ("another organization", "organization_id"),
        ("no ratings", "ratings"),
    ],
)
def test_bad_answers_are_422_naming_the_field(client, case, field):
    found = world(3)
    the_wave = wave(found)
    one, two, _ = found.organizations
    outsider = world(1).organizations[0]
    client.force_login(found.users[0])
    body = {
        "rating of 5": {"organization_id": one.pk, "ratings": [api_rating(two, reliability=5)]},
        "rating of 0": {"organization_id": one.pk, "ratings": [api_rating(two, intensity=0)]},
        "own organization": {"organization_id": one.pk, "ratings": [api_rating(one)]},
        "a non-member": {"organization_id": one.pk, "ratings": [api_rating(outsider)]},
        "another organization": {"organization_id": two.pk, "ratings": [api_rating(one)]},
        "no ratings": {"organization_id": one.pk, "ratings": []},
    }[case]
    before = counts()
    response = call(
        client, "POST", f"{API.format(found.partnership.pk)}/{the_wave.pk}/responses", body
    )
    assert response.status_code == 422, response.json()
    assert field in field_errors(response), response.json()
    assert counts() == before
