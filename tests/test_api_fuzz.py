"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis).

Every operation in /api/v1/openapi.json gets generated requests, valid and invalid, sent through
Accord's WSGI application with a personal API token. No response may be a server error, and each
must be what the schema promises: a documented status code, its content type and its body.

The caller is a platform administrator who is also steward of the demo's "Bridges" partnership
and one of the signatories of its MOU out for signature; about half the requests name real
objects in it (its members, assessment, charter, MOU, handover, learning, commitments and
announcements, a MOU template and one of the caller's notifications), so routes get past their
404 to the validation and service code behind it. The MOU routes also name the executed MOU of the
demo's concluded pilot, for the routes that serve what only an executed MOU has.

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

from accord.accounts.notifications import notify
from accord.accounts.services import token_create
from accord.core.services import save_validated
from accord.leadership.models import Mou, MouVersion, Signatory
from accord.leadership.queries.templates import default_template
from accord.partnerships.models import Partnership
from accord.wsgi import application
from tests.factories import PersonFactory, RoleFactory, UserFactory

# The coverage phase sends every boundary case the schema defines, whatever max_examples says: its
# valid ones are kept; invalid input and unexpected methods are left to the random phase. A fixed
# seed makes every run (and every pytest-xdist worker) draw the same examples, the real objects'
# ids aside, so that a failure is the code's and not the draw's; change SEED to explore others.
SEED = 2026
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "phases": {"coverage": {"generation": {"mode": "positive"}, "unexpected-methods": []}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The ids of real objects, by path parameter name; filled in by the `world` fixture. The MOU
# routes call a version `number` as the charter routes do, so theirs are kept apart: one set for
# each MOU, with its partnership.
REAL_IDS: dict[str, int] = {}
REAL_MOU_IDS: list[dict[str, int]] = []
# The measures set's routes call its version `number` too: the demo's agreed version, its first
# indicator and a dimension.
REAL_MEASURES_IDS: dict[str, int] = {}

BRIDGES = "Bridges to Civil Engineering Careers"
PILOT = "Inclusive Design Standards Pilot"


class World:
    """The demo data, the fuzzing user with their token, and a real id for each path parameter."""

    def __init__(self):
        call_command("seed", "--demo", verbosity=0)
        # The demo partnership with members, roles, an assessment, charter versions, an MOU out
        # for signature, a handover waiting, learning, commitments and announcements.
        partnership = Partnership.objects.get(title=BRIDGES)
        membership = partnership.memberships.order_by("pk").first()
        assessment = partnership.assessments.order_by("pk").first()
        charter = partnership.charter_versions.order_by("number").last()
        user = UserFactory(username="fuzzer", is_superuser=True, is_staff=True)
        person = PersonFactory(name="Fuzz Steward", organization=membership.organization, user=user)
        steward = RoleFactory(partnership=partnership, person=person, role="steward")
        _, self.token = token_create(user=user, name="schemathesis")
        out = partnership.mous.get(status=Mou.Status.OUT_FOR_SIGNATURE).versions.get(
            status=MouVersion.Status.OUT_FOR_SIGNATURE
        )
        # The caller is asked to sign too, so that signing and declining get past their 403.
        save_validated(
            Signatory(
                version=out,
                person=person,
                organization=membership.organization,
                status=Signatory.Status.PENDING,
            )
        )
        executed = MouVersion.objects.get(
            mou__partnership__title=PILOT, status=MouVersion.Status.EXECUTED
        )
        template = default_template()
        notification = notify(user=user, kind="fuzz", title="For the fuzzer", email=False)
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
            "template_id": template.pk,
            "section_id": template.sections.order_by("pk").first().pk,
            "handover_id": partnership.director_handovers.order_by("pk").first().pk,
            "learning_id": partnership.learning_activities.order_by("pk").first().pk,
            "commitment_id": partnership.leader_commitments.order_by("pk").first().pk,
            "announcement_id": partnership.announcements.order_by("pk").first().pk,
            "notification_id": notification.pk,
            "engagement_id": (met := partnership.engagements.order_by("pk").first()).pk,
            "attendee_id": met.attendees.order_by("pk").first().pk,
            "item_id": partnership.engagements.exclude(action_items=None)
            .first()
            .action_items.first()
            .pk,
            "input_id": partnership.inputs.order_by("pk").first().pk,
            "pledge_id": (pledge := partnership.pledges.order_by("pk").first()).pk,
            "contribution_id": pledge.contributions.order_by("pk").first().pk,
        }
        measures = partnership.measures_versions.order_by("number").first()
        self.measures_ids = {
            "number": measures.number,
            "indicator_id": measures.indicators.order_by("pk").first().pk,
            "dimension_id": partnership.measurement_dimensions.order_by("pk").first().pk,
        }
        self.mou_ids = [
            {"partnership_id": v.mou.partnership_id, "mou_id": v.mou_id, "number": v.number}
            for v in (out, executed)
        ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = World()
            REAL_IDS.update(world.ids)
            REAL_MOU_IDS.extend(world.mou_ids)
            REAL_MEASURES_IDS.update(world.measures_ids)
            yield world
        finally:
            REAL_IDS.clear()
            REAL_MOU_IDS.clear()
            REAL_MEASURES_IDS.clear()
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
    worlds = [REAL_IDS]
    if "/mous/" in context.operation.path:
        worlds = [REAL_IDS | ids for ids in REAL_MOU_IDS]
    if "/measures/" in context.operation.path:
        worlds = [REAL_IDS | REAL_MEASURES_IDS]
    real = [
        {name: ids.get(name, value) for name, value in path_parameters.items()} for ids in worlds
    ]
    return st.one_of(st.just(path_parameters), st.sampled_from(real))


# The operations are fuzzed in modules, each within the module time limit: this one (the
# foundation: directory, partnerships, accounts), test_api_fuzz_leadership.py,
# test_api_fuzz_pillars.py and test_api_fuzz_assessments.py (alignment),
# test_api_fuzz_relationships.py (relationships),
# test_api_fuzz_ledger.py (the input ledger), test_api_fuzz_trust.py (the trust network),
# test_api_fuzz_measurement.py (the measures set) and the parts named below. A new pillar's
# paths go in a part.
LEADERSHIP = (
    r"/(mous|mou-templates|project-directors|announcements|commitments|learning|verify)(/|$)"
)
# Alignment, in two parts (test_api_fuzz_pillars.py: charter and rubrics;
# test_api_fuzz_assessments.py: assessments and candidates), and relationships
# (test_api_fuzz_relationships.py), so that each stays within the module time limit on a busy
# machine.
ALIGNMENT = r"/(charter|rubrics)(/|$)"
ASSESSMENTS = r"/(assessments|candidates)(/|$)"
RELATIONSHIPS = (
    r"/(engagements|bodies|stakeholder-groups|stakeholders|cadence|action-items|communication)"
    r"(/|$)"
)
PILLARS = f"({ALIGNMENT})|({ASSESSMENTS})|({RELATIONSHIPS})"
# test_api_fuzz_trust.py (the trust and value network, R6).
TRUST = r"/trust-waves(/|$)"
# The input ledger (R6): a part of its own (test_api_fuzz_ledger.py).
LEDGER = r"/(inputs|consultations|input-settings|responsiveness)(/|$)"
MEASUREMENT = r"/measures(/|$)"
# Collecting values (periods, submissions, values, files): test_api_fuzz_collection.py.
COLLECTION = r"/measures/periods(/|$)"
# Evidence and deliverables (M2, M3): test_api_fuzz_evidence.py.
EVIDENCE = r"/(evidence|deliverables|fulfilment)(/|$)"
# Resources (M5): pledges, contributions, the currency and the summary (test_api_fuzz_resources.py).
RESOURCES = r"/(pledges|resource-settings|resources)(/|$)"
# The health scorecard: test_api_fuzz_scorecard.py.
SCORECARD = r"/(scorecard|scorecard-criteria)(/|$)"
# The collaboration survey: a part of its own (test_api_fuzz_surveys.py).
SURVEYS = r"/(survey-waves|survey-trends)(/|$)"
# The portfolio: test_api_fuzz_portfolio.py.
PORTFOLIO = r"/portfolio(/|$)"


def fuzz_test(part):
    """The test for one part of the schema: every operation in it, checked on PostgreSQL."""

    # Generating and sending requests is the same Python on either database; PostgreSQL (the
    # production database) is where the requests are checked, not the SQLite pass.
    @pytest.mark.postgresql
    @pytest.mark.django_db
    @pytest.mark.usefixtures("keep_connection")
    @part.parametrize()
    @settings(
        # With the coverage phase's cases, a few hundred requests per module: each module stays
        # under the 60 s that tests/module_time.py allows one module.
        max_examples=3,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    def test_api_conforms_to_its_schema(case, world):
        case.call_and_validate(headers={"Authorization": f"Bearer {world.token}"}, checks=CHECKS)

    return test_api_conforms_to_its_schema


test_api_conforms_to_its_schema = fuzz_test(
    schema.exclude(path_regex=LEADERSHIP)
    .exclude(path_regex=PILLARS)
    .exclude(path_regex=TRUST)
    .exclude(path_regex=LEDGER)
    .exclude(path_regex=MEASUREMENT)
    .exclude(path_regex=EVIDENCE)
    .exclude(path_regex=RESOURCES)
    .exclude(path_regex=SCORECARD)
    .exclude(path_regex=SURVEYS)
    .exclude(path_regex=PORTFOLIO)
)
