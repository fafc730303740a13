"""Shared builders of the survey tests: a partnership whose people a wave asks, and answers."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from accord.surveys import services
from accord.surveys.models import Item, SurveyAnswer, SurveyInvitation, SurveyResponse, SurveyWave
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)


@dataclass
class World:
    partnership: object
    organizations: list
    steward: object
    people: list = field(default_factory=list)


def world(n: int = 6, organizations: int = 2, levels=("staff",)) -> World:
    """A partnership with a steward and `n` contributors with accounts, spread over the
    organizations and levels in turn."""
    partnership = PartnershipFactory()
    orgs = [OrganizationFactory() for _ in range(organizations)]
    for org in orgs:
        MembershipFactory(partnership=partnership, organization=org)
    steward_user = UserFactory()
    steward = PersonFactory(organization=orgs[0], user=steward_user, level="executive")
    RoleFactory(partnership=partnership, person=steward, role="steward")
    found = World(partnership, orgs, steward)
    for index in range(n):
        person = PersonFactory(
            organization=orgs[index % organizations],
            user=UserFactory(),
            level=levels[index % len(levels)],
        )
        RoleFactory(partnership=partnership, person=person, role="contributor")
        found.people.append(person)
    return found


def wave(found: World, *, anonymous=True, roles=("contributor",), title="Spring", **kwargs):
    today = timezone.localdate()
    return services.wave_open(
        partnership=found.partnership,
        title=title,
        opens_on=kwargs.pop("opens_on", today),
        closes_on=kwargs.pop("closes_on", today + timedelta(days=14)),
        roles=list(roles),
        anonymous=anonymous,
        opened_by=found.steward.user,
        **kwargs,
    )


def items_of(the_wave) -> list:
    return list(
        Item.objects.filter(factor__category__instrument=the_wave.instrument).order_by("pk")
    )


def answers(the_wave, value=4, **by_factor) -> list[dict]:
    """An answer to every item: `value`, or the value given for the item's factor key."""
    return [
        {"item_id": item.pk, "value": by_factor.get(item.factor.key.replace("-", "_"), value)}
        for item in Item.objects.filter(factor__category__instrument=the_wave.instrument)
        .select_related("factor")
        .order_by("pk")
    ]


def counts() -> tuple[int, int, int]:
    return (
        SurveyResponse.objects.count(),
        SurveyAnswer.objects.count(),
        SurveyInvitation.objects.filter(answered_at__isnull=False).count(),
    )


def waves_count() -> int:
    return SurveyWave.objects.count()
