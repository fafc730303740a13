"""The MOU demo data (L5): Bridges' MOU out for signature (two signed, three asked), the pilot's
MOU executed with its certificate, stages moved only through the lifecycle, a second load
changing nothing."""

import pytest

from accord.alignment.demo import charter as charter_demo
from accord.leadership.demo import mous as mou_demo
from accord.leadership.demo import templates as template_demo
from accord.leadership.models import Mou, MouVersion, Signatory
from accord.leadership.queries.mous import verification_of
from accord.measurement.demo import seed_before_stages
from accord.partnerships.demo import build_demo
from accord.relationships.demo import seed_groups

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def snapshot():
    models = (Mou, MouVersion, Signatory)
    return tuple(m.objects.count() for m in models) + tuple(m.history.count() for m in models)


def load():
    context = build_demo()
    seed_groups(context)  # the pilot becomes active: that needs an affected group named (R1)
    seed_before_stages(context)  # and an agreed measures set (M1)
    charter_demo.seed(context)
    template_demo.seed(context)
    mou_demo.seed(context)
    return context


def test_one_mou_out_for_signature_one_executed_and_a_second_load_changes_nothing():
    context = load()
    bridges = Mou.objects.get(partnership=context.partnerships["bridges"])
    version = bridges.versions.get()
    assert (bridges.status, version.status) == ("out_for_signature", "out_for_signature")
    statuses = dict(version.signatories.values_list("person__name", "status"))
    assert statuses == {
        "Harold Okafor": "signed",
        "Kwame Mensah": "signed",
        "Elena Ruiz": "pending",
        "Winona Fairbanks": "pending",
        "Naomi Fischer": "pending",
    }
    assert version.signatories.get(person__name="Elena Ruiz").person.user.username == "leader"
    assert (
        "1. Society of Civil and Environmental Engineers (SCEE) (Host)"
        in version.sections.get(key="parties").body
    )
    assert "version 1 of their charter" in version.sections.get(key="vision-and-values").body

    pilot = Mou.objects.get(partnership=context.partnerships["standards"])
    executed = pilot.versions.get()
    assert (pilot.status, executed.status) == ("executed", "executed")
    assert executed.certificate_document and executed.signing_order == "sequential"
    assert verification_of(executed).intact
    assert context.partnerships["standards"].stage == "concluded"
    assert context.partnerships["bridges"].stage == "forming"

    before = snapshot()
    again = load()
    assert not [line for line in again.log if "MOU" in line or "account" in line]
    assert snapshot() == before
