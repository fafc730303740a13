"""The measures set pages (M1, M2): a steward drafts, adds and edits indicators, moves the
version; members comment and endorse; bad input is refused on the form naming the field with
nothing written; every page costs the same number of queries at two sizes."""

import pytest
from django.urls import reverse

from accord.measurement import services
from accord.measurement.models import (
    Dimension,
    Indicator,
    MeasuresVersion,
)
from tests.factories import OrganizationFactory

from .helpers import draft, final, host_leader

pytestmark = pytest.mark.django_db
Status = MeasuresVersion.Status


def url(name, cast, *args):
    return reverse(f"measurement:{name}", args=[cast.own.pk, *args])


def form_data(cast, **changes):
    data = {
        "name": "Paid internships placed",
        "definition": "Paid internships of at least eight weeks.",
        "type": "count",
        "unit": "internships",
        "kind": "how_much",
        "direction": "up",
        "frequency": "quarterly",
        "baseline_value": "12",
        "targets": "2026 Q1 = 5\n2026 Q2 = 10",
        "responsible_organization_id": str(cast.partner.pk),
    }
    return data | changes


class TestSteward:
    def test_the_steward_drafts_a_version_and_adds_an_indicator(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(url("version-create", cast), follow=True)
        assert "Version 1 started" in response.text
        version = MeasuresVersion.objects.get(partnership=cast.own)
        response = client.post(url("indicator-add", cast, 1), form_data(cast), follow=True)
        assert "Indicator “Paid internships placed” saved." in response.text
        indicator = version.indicators.get()
        assert [(t.period, f"{t.value:f}") for t in indicator.targets.all()] == [
            ("2026 Q1", "5.0000"),
            ("2026 Q2", "10.0000"),
        ]
        page = client.get(url("indicator", cast, 1, indicator.pk))
        assert "How much did we do?" in page.text
        response = client.post(
            url("indicator-edit", cast, 1, indicator.pk),
            form_data(cast, unit="placements"),
            follow=True,
        )
        indicator.refresh_from_db()
        assert indicator.unit == "placements"
        response = client.post(
            url("version-edit", cast, 1),
            {"expectations": "Report within three weeks.", "deliverables": ""},
            follow=True,
        )
        assert "Report within three weeks." in response.text

    def test_bad_input_names_the_field_and_writes_nothing(self, cast, client):
        draft(cast, indicators=0)
        client.force_login(cast.users["steward"])
        stranger = OrganizationFactory()
        cases = [
            ({"type": "qualitative", "baseline_value": ""}, "qualitative indicator has no numeric"),
            ({"direction": "range", "range_low": "9", "range_high": "1"}, "is above the highest"),
            ({"targets": "2026 Q1 is forty"}, "Line 1: write “period = value”"),
            ({"responsible_organization_id": str(stranger.pk)}, "Select a valid choice"),
        ]
        for changes, message in cases:
            response = client.post(url("indicator-add", cast, 1), form_data(cast, **changes))
            assert response.status_code == 422
            assert message in response.text, changes
        assert Indicator.objects.count() == 0

    def test_a_plausible_range_is_proposed_from_past_values(self, cast, client):
        draft(cast, indicators=0)
        client.force_login(cast.users["steward"])
        response = client.post(
            url("indicator-add", cast, 1),
            form_data(cast, past_values="10, 12, 14", propose="1"),
        )
        assert response.status_code == 200
        assert 'value="8.0000"' in response.text and 'value="16.0000"' in response.text
        assert Indicator.objects.count() == 0

    def test_a_final_version_is_not_edited(self, cast, client):
        version = final(cast, draft(cast, indicators=1))
        client.force_login(cast.users["steward"])
        response = client.get(url("version-edit", cast, 1), follow=True)
        assert "only a draft is edited" in response.text
        indicator = version.indicators.get()
        response = client.post(url("indicator-remove", cast, 1, indicator.pk), follow=True)
        assert "is final and is never edited" in response.text
        assert Indicator.objects.filter(pk=indicator.pk).exists()

    def test_dimensions_are_added_and_revised(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            url("dimensions", cast),
            {"name": "Region", "categories": "South\nNorth\nsouth"},
        )
        assert response.status_code == 422
        assert "Line 3: “south” is listed twice" in response.text
        assert not Dimension.objects.exists()
        response = client.post(
            url("dimensions", cast), {"name": "Region", "categories": "South\nNorth"}, follow=True
        )
        region = Dimension.objects.get()
        assert "Prefer not to say" in response.text
        response = client.post(
            url("dimension", cast, region.pk),
            {"categories": "South\nNorth\nWest", "note": "West added"},
            follow=True,
        )
        assert "Version 2 of “Region” saved." in response.text
        assert region.versions.count() == 2


class TestMembers:
    def test_a_member_comments_and_each_leader_endorses(self, cast, client):
        version = draft(cast)
        services.measures_version_move(version=version, to_status=Status.OPEN)
        client.force_login(cast.users["contributor"])
        response = client.post(url("version-comment", cast, 1), {"body": "Count transfers."})
        assert response.status_code == 302
        services.measures_version_move(version=version, to_status=Status.FINAL)
        client.force_login(cast.users["leader"])
        response = client.post(url("version-endorse", cast, 1), {"note": ""}, follow=True)
        assert "You endorsed version 1 for Partner University." in response.text
        client.force_login(host_leader(cast).user)
        response = client.post(url("version-endorse", cast, 1), {}, follow=True)
        assert "Every member organization has now endorsed it: agreed." in response.text
        page = client.get(url("measures", cast))
        assert "Agreed." in page.text

    def test_a_viewer_reads_but_does_not_change(self, cast, client):
        draft(cast)
        client.force_login(cast.users["viewer"])
        assert client.get(url("version", cast, 1)).status_code == 200
        assert client.post(url("version-create", cast)).status_code == 403
        assert client.post(url("indicator-add", cast, 1), form_data(cast)).status_code == 403
