"""Item 8 of pillar 3: "active" requires at least one affected stakeholder group named. The
refusal names what is missing, in the service, on the partnership's page (with a link to the
Stakeholders section, where it is done) and in the API (422 on `to_stage`); nothing is written."""

import json

import pytest
from django.urls import reverse

from accord.partnerships import services
from accord.partnerships.lifecycle import (
    STAGE_REQUIREMENTS,
    set_stage_requirement,
    transition_problems,
    unmet_requirements,
)
from accord.partnerships.models import Partnership, Stage, StageChange
from accord.relationships.services import affected_group_add, affected_group_remove
from tests.factories import StakeholderGroupFactory

pytestmark = pytest.mark.django_db
MISSING = "names at least one stakeholder group its work affects"


@pytest.fixture(autouse=True)
def only_this_rule():
    """The other pillars' requirements for "active" (the agreed measures set) are met, so that
    what is refused here is this rule alone; they are restored afterwards."""
    saved = {stage: dict(rules) for stage, rules in STAGE_REQUIREMENTS.items()}
    for name in saved.get(Stage.ACTIVE, {}):
        if name != "affected_group":
            set_stage_requirement(Stage.ACTIVE, name, lambda partnership: None)
    yield
    STAGE_REQUIREMENTS.clear()
    STAGE_REQUIREMENTS.update(saved)


def formalized(cast) -> Partnership:
    Partnership.objects.filter(pk=cast.own.pk).update(stage=Stage.FORMALIZED)
    cast.own.refresh_from_db()
    return cast.own


def counts(partnership):
    partnership.refresh_from_db()
    return partnership.stage, StageChange.objects.filter(partnership=partnership).count()


class TestActiveNeedsAnAffectedGroup:
    def test_the_service_refuses_and_names_what_is_missing(self, cast):
        partnership = formalized(cast)
        problems = transition_problems(partnership, Stage.ACTIVE)
        assert len(problems) == 1 and MISSING in problems[0]
        with pytest.raises(Exception, match="stakeholder group"):
            services.partnership_transition(partnership=partnership, to_stage=Stage.ACTIVE)
        assert counts(partnership)[0] == Stage.FORMALIZED

    def test_naming_a_group_lets_it_move_and_removing_it_brings_the_rule_back(self, cast):
        partnership = formalized(cast)
        affected = affected_group_add(partnership=partnership, group=StakeholderGroupFactory())
        assert transition_problems(partnership, Stage.ACTIVE) == []
        affected_group_remove(affected=affected)
        assert MISSING in transition_problems(partnership, Stage.ACTIVE)[0]

    def test_the_page_shows_the_missing_requirement_with_a_link(self, cast, client):
        partnership = formalized(cast)
        client.force_login(cast.users["steward"])
        page = client.get(partnership.get_absolute_url()).text
        link = reverse("relationships:stakeholders", args=[partnership.pk])
        assert MISSING in page and f'href="{link}"' in page
        assert "Name an affected group" in page
        [unmet] = unmet_requirements(partnership)
        assert (unmet.stage, unmet.url) == (Stage.ACTIVE, link)

    def test_a_refused_move_on_the_page_says_why_and_writes_nothing(self, cast, client):
        partnership = formalized(cast)
        client.force_login(cast.users["steward"])
        before = counts(partnership)
        url = reverse("partnerships:transition", args=[partnership.pk])
        data = {"to_stage": "active", "revision": partnership.revision}
        response = client.post(url, data, follow=True)
        assert response.status_code == 200 and counts(partnership) == before
        assert "The stage was not changed" in response.text and MISSING in response.text

    def test_the_api_refuses_with_422_on_to_stage(self, cast, client):
        partnership = formalized(cast)
        client.force_login(cast.users["steward"])
        before = counts(partnership)
        response = client.post(
            f"/api/v1/partnerships/{partnership.pk}/transition",
            json.dumps({"to_stage": "active"}),
            content_type="application/json",
        )
        assert response.status_code == 422, response.content
        [error] = response.json()["errors"]
        assert error["field"] == "to_stage" and MISSING in error["message"]
        assert counts(partnership) == before

    def test_no_requirement_is_shown_once_a_group_is_named(self, cast, client):
        partnership = formalized(cast)
        affected_group_add(partnership=partnership, group=StakeholderGroupFactory())
        client.force_login(cast.users["steward"])
        assert MISSING not in client.get(partnership.get_absolute_url()).text
