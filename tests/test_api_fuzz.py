"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis).

Every operation in /api/v1/openapi.json gets generated requests, valid and invalid, sent through
Accord's WSGI application with a personal API token. No response may be a server error, and each
must be what the schema promises: a documented status code, its content type and its body.

The caller is a platform administrator who is also steward of the demo's "Bridges" partnership;
about half the requests name real objects in it, so routes get past their 404 to the validation
and service code behind it.

Database: the demo data is loaded once for the module inside a transaction rolled back at the end
(like the `cast` fixture); each operation is one test whose examples share a nested transaction,
so what one operation's examples write is gone before the next operation starts. A transactional
test (`transaction=True`) would instead flush every table after each operation, rows that the
migrations create included, and commit hooks would queue real background work.
"""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from accord.accounts.services import token_create
from accord.partnerships.models import Partnership
from accord.wsgi import application
from tests.factories import PersonFactory, RoleFactory, UserFactory

# The coverage phase sends every boundary case the schema defines, whatever max_examples says: its
# valid ones are kept; invalid input and unexpected methods are left to the random phase, which
# keeps the module to well under two minutes.
CONFIG = schemathesis.Config.from_dict(
    {"phases": {"coverage": {"generation": {"mode": "positive"}, "unexpected-methods": []}}}
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The ids of real objects, by path parameter name; filled in by the `world` fixture.
REAL_IDS: dict[str, int] = {}


class World:
    """The demo data, the fuzzing user with their token, and a real id for each path parameter."""

    def __init__(self):
        call_command("seed", "--demo", verbosity=0)
        # The demo partnership with members, roles, an assessment and charter versions.
        partnership = Partnership.objects.get(title="Bridges to Civil Engineering Careers")
        membership = partnership.memberships.order_by("pk").first()
        assessment = partnership.assessments.order_by("pk").first()
        charter = partnership.charter_versions.order_by("number").last()
        user = UserFactory(username="fuzzer", is_superuser=True, is_staff=True)
        person = PersonFactory(name="Fuzz Steward", organization=membership.organization, user=user)
        steward = RoleFactory(partnership=partnership, person=person, role="steward")
        _, self.token = token_create(user=user, name="schemathesis")
        self.ids = {
            "partnership_id": partnership.pk,
            "organization_id": membership.organization_id,
            "person_id": person.pk,
            "membership_id": membership.pk,
            "role_id": steward.pk,
            "rubric_id": assessment.rubric_id,
            "criterion_id": assessment.rubric.criteria.order_by("pk").first().pk,
            "assessment_id": assessment.pk,
            "assessor_id": assessment.assessors.order_by("pk").first().pk,
            "number": charter.number,
        }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = World()
            REAL_IDS.update(world.ids)
            yield world
        finally:
            REAL_IDS.clear()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def keep_connection():
    """Keep the database connection across requests, as Django's test client does.

    The WSGI handler closes a connection that is inside a transaction at the start and end of
    every request; here that transaction holds the world.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the generated requests name real objects (ids are known once the world is built)."""
    if not path_parameters:
        return st.just(path_parameters)
    real = {name: REAL_IDS.get(name, value) for name, value in path_parameters.items()}
    return st.sampled_from([path_parameters, real])


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_connection")
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_api_conforms_to_its_schema(case, world):
    case.call_and_validate(headers={"Authorization": f"Bearer {world.token}"}, checks=CHECKS)
