"""The audit trail as people read it: field-level before and after, in plain words."""

from datetime import UTC, datetime

import pytest

from accord.alignment.models import Assessment
from accord.core.audit import display_value, history_for
from accord.directory import services
from tests.factories import OrganizationFactory, UserFactory


@pytest.mark.django_db
def test_a_list_field_reads_as_a_plain_list():
    organization = OrganizationFactory(values=[])
    services.organization_update(organization=organization, values=["Access", "Family"])
    latest = history_for(organization)[0]
    change = next(change for change in latest.changes if change.field == "values")
    assert (change.old, change.new) == ("—", "Access, Family")


@pytest.mark.django_db
def test_a_choice_reads_as_its_label():
    organization = OrganizationFactory(subtype="nonprofit")
    services.organization_update(organization=organization, subtype="public_agency")
    change = next(c for c in history_for(organization)[0].changes if c.field == "subtype")
    assert (change.old, change.new) == ("Nonprofit", "Public agency")


@pytest.mark.django_db
def test_times_read_as_dates_and_users_as_their_names():
    user = UserFactory(username="sam", first_name="Sam", last_name="Steward")
    decided_at = datetime(2026, 11, 27, 7, 11, tzinfo=UTC)
    assert display_value(Assessment, "decided_by", user.pk) == "Sam Steward"
    assert display_value(Assessment, "decided_at", decided_at) == "27 Nov 2026, 07:11"
