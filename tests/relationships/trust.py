"""Helpers the trust and value network tests share (R6): a partnership whose member
organizations each have a project director who answers the survey."""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from accord.relationships import services_trust as services
from accord.relationships.models import TrustRating, TrustResponse, TrustWave, TrustWaveMember
from accord.relationships.models_trust import RATING_FIELDS
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

API = "/api/v1/partnerships/{}/trust-waves"


def call(client, method, address, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json", **headers)


def field_errors(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def counts():
    return tuple(
        model.objects.count() for model in (TrustWave, TrustWaveMember, TrustResponse, TrustRating)
    )


@dataclass
class World:
    partnership: object
    steward: object
    organizations: list = field(default_factory=list)
    users: list = field(default_factory=list)  # the project director of each organization
    people: list = field(default_factory=list)


def world(n: int = 3, partnership=None) -> World:
    """A partnership with `n` member organizations, a steward and a project director of each."""
    partnership = partnership or PartnershipFactory()
    steward = UserFactory()
    RoleFactory(partnership=partnership, person=PersonFactory(user=steward), role="steward")
    found = World(partnership, steward)
    for _ in range(n):
        found_organization(found)
    return found


def found_organization(found: World):
    organization = OrganizationFactory()
    MembershipFactory(partnership=found.partnership, organization=organization)
    user = UserFactory()
    person = PersonFactory(organization=organization, user=user)
    RoleFactory(partnership=found.partnership, person=person, role="project_director")
    found.organizations.append(organization)
    found.users.append(user)
    found.people.append(person)
    return organization


def wave(found: World, **values) -> TrustWave:
    today = timezone.localdate()
    return services.wave_open(
        partnership=found.partnership,
        title=values.pop("title", "Spring wave"),
        opens_on=values.pop("opens_on", today),
        closes_on=values.pop("closes_on", today + timedelta(days=14)),
        **values,
    )


def items(value: int = 3, intensity: int = 2) -> dict:
    return {name: (intensity if name == "intensity" else value) for name in RATING_FIELDS}


def answer(found: World, the_wave, index: int, value: int = 3, only=None) -> TrustResponse:
    """Organization `index` rates every other (or those in `only`) with `value` on each item."""
    organization = found.organizations[index]
    others = [org for org in found.organizations if org.pk != organization.pk]
    if only is not None:
        others = [found.organizations[i] for i in only]
    return services.response_submit(
        wave=the_wave,
        organization=organization,
        respondent=found.people[index],
        ratings=[{"rated": other, **items(value)} for other in others],
    )


def api_rating(organization, value: int = 3, **changes) -> dict:
    return {"organization_id": organization.pk, **items(value), **changes}
