"""Building measures sets for the tests: a draft with indicators, and agreeing one."""

from decimal import Decimal

from accord.core.audit import acting_as
from accord.directory.models import Person
from accord.measurement import services
from accord.measurement.models import MeasuresVersion
from tests.factories import PersonFactory, RoleFactory, UserFactory

Status = MeasuresVersion.Status


def indicator_values(cast, **changes) -> dict:
    values = {
        "name": "Students in the summer bridge",
        "definition": "Students who attended at least four of the six weeks.",
        "type": "count",
        "unit": "students",
        "kind": "how_much",
        "direction": "up",
        "frequency": "quarterly",
        "baseline_value": Decimal("38"),
        "responsible_organization_id": cast.partner.pk,
        "targets": [{"period": "2026 Q1", "value": Decimal("45")}],
    }
    return values | changes


def dimension(cast, name="Gender identity", categories=("Woman", "Man", "Non-binary")):
    return services.dimension_create(partnership=cast.own, name=name, categories=list(categories))


def draft(cast, indicators: int = 2, partnership=None) -> MeasuresVersion:
    """A draft of `indicators` indicators in the own partnership (or `partnership`)."""
    partnership = partnership or cast.own
    version = services.measures_version_create(partnership=partnership)
    services.measures_version_update(
        version=version, expectations="Report within three weeks.", deliverables="A bridge."
    )
    for index in range(indicators):
        services.indicator_add(
            version=version, values=indicator_values(cast, name=f"Indicator {index + 1}")
        )
    return version


def host_leader(cast):
    """A leader of the host organization (the cast's people all belong to the partner)."""
    found = Person.objects.filter(user__username="host_leader").first()
    if found is None:
        user = UserFactory(username="host_leader")
        found = PersonFactory(name="Host Leader", organization=cast.host, user=user)
        RoleFactory(partnership=cast.own, person=found, role="leader")
    return found


def final(cast, version: MeasuresVersion) -> MeasuresVersion:
    services.measures_version_move(version=version, to_status=Status.OPEN)
    services.measures_version_move(version=version, to_status=Status.FINAL)
    return version


def agree(cast, version: MeasuresVersion) -> MeasuresVersion:
    """Make `version` final and endorsed by both members of the own partnership."""
    if version.status != Status.FINAL:
        final(cast, version)
    for person in (cast.people["leader"], host_leader(cast)):
        with acting_as(person.user):
            services.measures_endorse(version=version, person=person)
    return version


def count_ratio_and_percentage(cast, reached_targets: list[dict], **percentage) -> object:
    """An agreed measures set of three indicators: "Reached", a count by gender (Woman, Man) with
    `reached_targets`; "Retained", a ratio of Kept to Enrolled; "Satisfied", a percentage (with
    `percentage`'s fields). The agreed version."""
    from accord.measurement import services

    gender = dimension(cast, categories=("Woman", "Man"))
    version = draft(cast, indicators=0)
    services.indicator_add(
        version=version,
        values=indicator_values(
            cast,
            name="Reached",
            dimension_version_ids=[gender.versions.get().pk],
            targets=reached_targets,
        ),
    )
    services.indicator_add(
        version=version,
        values=indicator_values(
            cast,
            name="Retained",
            type="ratio",
            numerator="Kept",
            denominator="Enrolled",
            targets=[],
        ),
    )
    services.indicator_add(
        version=version,
        values=indicator_values(
            cast, name="Satisfied", type="percentage", targets=[], **percentage
        ),
    )
    agree(cast, version)
    return version
