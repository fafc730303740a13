"""Building partnerships for the scorecard's tests: members, a criterion's result, and a new
transaction's batch of changes."""

from django.db import transaction
from django.utils import timezone

from accord.evaluation.criteria import CRITERIA, Context, import_criteria
from tests.factories import MembershipFactory, OrganizationFactory, PartnershipFactory

import_criteria()


def partnership_with(*names: str):
    """A partnership whose current members are organizations of these names."""
    partnership = PartnershipFactory()
    for name in names:
        MembershipFactory(partnership=partnership, organization=OrganizationFactory(name=name))
    return partnership


def result(key: str, partnership, now=None):
    return CRITERIA[key].compute(Context(partnership, now or timezone.now()))


def members(partnership) -> list:
    return [
        m.organization for m in partnership.memberships.current().order_by("organization__name")
    ]


def as_if_a_new_transaction():
    """The test's setup ran in the test's own transaction, whose commit never comes: let the
    block under test start its own batch, as a new transaction would."""
    connection = transaction.get_connection()
    connection._accord_scorecard_batch = (None, -1)
