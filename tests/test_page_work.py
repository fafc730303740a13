"""What every page would otherwise redo on each request, done once per process instead.

The lists' filter fields are rendered once per query string, the static files every page links
are looked up once, and a choice field's labels are read from a dict built once per field
(docs/performance.md). Each must still show what the request asks for.
"""

import pytest
from django.core.cache import caches
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse

from accord.core.models import TimeStampedModel
from accord.directory.models import Organization
from accord.partnerships.models import Partnership, Stage
from tests.factories import OrganizationFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_PAGES = ["partnerships:list", "directory:organization-list", "directory:person-list"]
FIELD = "forms/_filter_field.html"


@pytest.fixture
def admin(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def rendered(response) -> list[str]:
    return [template.name for template in response.templates]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_lists_filter_fields_are_rendered_once_per_query_string(admin, client, name):
    caches["fragments"].clear()
    url = reverse(name)
    first = client.get(url, {"q": "river", "include_archived": "on"})
    assert FIELD in rendered(first)
    again = client.get(url, {"q": "river", "include_archived": "on"})
    assert FIELD not in rendered(again)
    html = again.content.decode()
    assert 'value="river"' in html and " checked>" in html
    # Another search is its own fragment: the box shows what was asked, the box is unticked.
    other = client.get(url, {"q": "brook"})
    assert FIELD in rendered(other)
    html = other.content.decode()
    assert 'value="brook"' in html and 'value="river"' not in html
    assert 'id="id_include_archived" checked' not in html


def test_a_refused_filter_shows_its_error_from_the_cached_fragment_too(admin, client):
    caches["fragments"].clear()
    for _ in range(2):
        response = client.get(reverse("partnerships:list"), {"stage": "no-such-stage"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()


def test_every_page_links_the_static_files_the_storage_names(admin, client):
    html = client.get(reverse("partnerships:list")).content.decode()
    assert f'href="{static("bootstrap/css/bootstrap.min.css")}"' in html
    with override_settings(STATIC_URL="/assets/"):
        html = client.get(reverse("partnerships:list")).content.decode()
        assert 'href="/assets/bootstrap/css/bootstrap.min.css"' in html
    html = client.get(reverse("partnerships:list")).content.decode()
    assert f'href="{static("accord/accord.css")}"' in html


def test_choice_labels_are_djangos_for_every_value_of_every_field():
    partnership = PartnershipFactory.build()
    for value, label in Stage.choices:
        partnership.stage = value
        assert partnership.get_stage_display() == label
    partnership.stage = "not-a-stage"
    assert partnership.get_stage_display() == "not-a-stage"
    organization = OrganizationFactory.build(kind=Organization.Kind.EXTERNAL)
    assert organization.get_kind_display() == Organization.Kind.EXTERNAL.label
    # Every model with the shortcut gives the label Django's own implementation gives.
    for model in (Partnership, Organization):
        assert issubclass(model, TimeStampedModel)
        instance = model()
        for field in model._meta.fields:
            for value, _ in field.flatchoices:
                setattr(instance, field.attname, value)
                mine = getattr(instance, f"get_{field.name}_display")()
                assert mine == super(TimeStampedModel, instance)._get_FIELD_display(field)


def test_the_date_filter_gives_djangos_text_in_every_time_zone_and_format():
    from datetime import UTC, date, datetime, time
    from zoneinfo import ZoneInfo

    from django.template import engines
    from django.template.defaultfilters import date as django_date
    from django.utils import timezone

    template = engines["django"].from_string(
        '{{ when|date:"j M Y H:i T" }}|{{ when|date:"c" }}|{{ day|date }}|{{ at|date:"H:i" }}'
        '|{{ nothing|date:"c" }}|{{ text|date }}'
    )
    when = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night Paris moves its clocks
    context = {"when": when, "day": date(2026, 1, 2), "at": time(9, 5), "nothing": None}
    context["text"] = "not a date"
    for zone in ("UTC", "Europe/Paris", "America/Chicago", "Asia/Kolkata"):
        with timezone.override(ZoneInfo(zone)):
            for _ in range(2):  # the second time from what the filter remembers
                local = timezone.localtime(when)
                expected = (
                    f"{django_date(local, 'j M Y H:i T')}|{django_date(local, 'c')}"
                    f"|{django_date(context['day'])}|09:05||"
                )
                assert template.render(context) == expected
    # The night Chicago's clocks go back: 01:30 twice, an hour apart, equal within the zone.
    twice = engines["django"].from_string("{{ first|date:'c' }} {{ second|date:'c' }}")
    with timezone.override(ZoneInfo("America/Chicago")):
        shown = twice.render(
            {
                "first": datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
                "second": datetime(2026, 11, 1, 7, 30, tzinfo=UTC),
            }
        )
    assert shown == "2026-11-01T01:30:00-05:00 2026-11-01T01:30:00-06:00"
    with override_settings(USE_TZ=False):
        naive = {**context, "when": datetime(2026, 3, 29, 0, 30)}
        assert template.render(naive).split("|")[1] == "2026-03-29T00:30:00"
    assert template.render(context).split("|")[2] == django_date(date(2026, 1, 2))
