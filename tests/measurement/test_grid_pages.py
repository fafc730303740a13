"""The data grid (M3) as people use it: a contributor enters values in the grid (all cells at
once without JavaScript, all or nothing; one cell at a time with htmx), a stale read is refused,
submission locks the grid, and a reviewer returns (with a comment), approves and reopens."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accord.measurement.models import DataValue, Submission

from .grid import collecting

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def period(cast):
    return collecting(cast)


def url(cast, period, name="grid", organization=None):
    organization = organization or cast.partner
    return reverse(f"measurement:{name}", args=[cast.own.pk, period.pk, organization.pk])


def key(period, name, *labels):
    """The form key of a cell: "<indicator>-<category a>-<category b>"."""
    from accord.measurement.collection import Catalog

    spec = next(s for s in Catalog(period) if s.indicator.name == name)
    ids = []
    for position, label in enumerate(labels):
        ids.append(next(c.pk for c in spec.categories[position] if c.label == label))
    ids += [0] * (2 - len(ids))
    return f"{spec.indicator.pk}-{ids[0]}-{ids[1]}"


def revision(cast, period) -> int:
    return Submission.objects.get(period=period, organization=cast.partner).revision


def test_the_grid_shows_every_indicator_with_labelled_inputs(client, cast, period):
    client.force_login(cast.users["contributor"])
    page = client.get(url(cast, period))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("Students enrolled", "Students placed", "Share retained", "Mentors"):
        assert name in html
    assert 'aria-label="Students placed, Woman"' in html
    assert 'aria-label="Share retained, Man: numerator"' in html
    assert 'aria-label="Mentors, Woman, North"' in html
    assert "<textarea" in html and 'aria-label="What changed, value"' in html
    assert "5 of 5 cells missing" in html  # nothing entered: no sum of what is there
    assert "usually 10 to 500" in html
    assert "Upload a file" in html  # the file way in, beside the grid
    # A viewer reads the same grid without inputs.
    client.force_login(cast.users["viewer"])
    html = client.get(url(cast, period)).content.decode()
    assert "Students placed" in html and 'name="read_revision"' not in html
    assert "only Partner University's own people" in html


def test_saving_the_whole_grid_is_all_or_nothing(client, cast, period):
    client.force_login(cast.users["contributor"])
    client.get(url(cast, period))
    read = revision(cast, period)
    woman = key(period, "Students placed", "Woman")
    data = {
        "read_revision": read,
        f"{key(period, 'Students enrolled')}-v": "40",
        f"{woman}-v": "12",
        f"{key(period, 'Students placed', 'Man')}-v": "12.5",  # not a count
        f"{key(period, 'Share retained', 'Woman')}-n": "3",  # no denominator
    }
    answer = client.post(url(cast, period), data)
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "2 cells need attention: nothing was saved." in html
    assert "is not a count" in html and "numerator and its denominator" in html
    assert 'value="12.5"' in html  # what was typed is kept
    assert DataValue.objects.count() == 0
    data[f"{key(period, 'Students placed', 'Man')}-v"] = "13"
    data[f"{key(period, 'Share retained', 'Woman')}-d"] = "4"
    answer = client.post(url(cast, period), data)
    assert answer.status_code == 302
    assert DataValue.objects.count() == 4
    assert DataValue.objects.get(numerator=3).value == Decimal("0.75")
    page = client.get(url(cast, period)).content.decode()
    assert "4 cells saved." in page
    assert "3 of 5 cells missing" in page  # two of five genders entered
    assert "Saved values" in page and "Students placed, Woman: — → 12" in page


def test_a_stale_read_is_refused_and_the_input_kept(client, cast, period):
    client.force_login(cast.users["contributor"])
    client.get(url(cast, period))
    read = revision(cast, period)
    cell = key(period, "Students enrolled")
    client.post(url(cast, period), {"read_revision": read, f"{cell}-v": "40"})
    answer = client.post(url(cast, period), {"read_revision": read, f"{cell}-v": "41"})
    assert answer.status_code == 409
    html = answer.content.decode()
    assert "after you opened it, so your changes were not saved" in html
    assert 'value="41"' in html
    assert DataValue.objects.get().value == 40
    # htmx: the same refusal in the cell's status, and the page keeps its revision.
    answer = client.post(
        url(cast, period, "grid-cell"),
        {"read_revision": read, "cell": cell, f"{cell}-v": "42"},
        **HTMX,
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "your changes were not saved" in html and f'value="{read}"' in html
    assert DataValue.objects.get().value == 40


def test_a_cell_saves_alone_with_htmx(client, cast, period):
    client.force_login(cast.users["contributor"])
    client.get(url(cast, period))
    read = revision(cast, period)
    cell = key(period, "Students enrolled")
    answer = client.post(
        url(cast, period, "grid-cell"),
        {"read_revision": read, "cell": cell, f"{cell}-v": "900"},
        **HTMX,
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert f'id="st-{cell}"' in html and "Saved" in html
    assert "Outside the usual range (10 to 500)" in html  # flagged, not refused
    assert f'id="grid-revision" name="read_revision" value="{read + 1}"' in html
    assert DataValue.objects.get().outlier
    # The computed sum beside a total answers out of band.
    woman = key(period, "Students placed", "Woman")
    html = client.post(
        url(cast, period, "grid-cell"),
        {"read_revision": read + 1, "cell": woman, f"{woman}-v": "5"},
        **HTMX,
    ).content.decode()
    assert "4 of 5 cells missing" in html and 'hx-swap-oob="true"' in html
    # An error answers in the cell, nothing written.
    html = client.post(
        url(cast, period, "grid-cell"),
        {"read_revision": read + 2, "cell": woman, f"{woman}-v": "-1"},
        **HTMX,
    ).content.decode()
    assert "cell-error" in html and "is not a count" in html
    assert DataValue.objects.get(category_a__isnull=False).value == 5
    # A key the period does not collect.
    html = client.post(
        url(cast, period, "grid-cell"), {"cell": "999-0-0", "999-0-0-v": "1"}, **HTMX
    ).content.decode()
    assert "not one this period collects" in html
    # Without htmx the cell route saves and goes back to the grid.
    answer = client.post(url(cast, period, "grid-cell"), {"cell": cell, f"{cell}-v": "50"})
    assert (
        answer.status_code == 302
        and DataValue.objects.get(category_a=None, indicator__name="Students enrolled").value == 50
    )


def test_not_a_member_organization_is_not_found(client, cast, period):
    from tests.factories import OrganizationFactory

    client.force_login(cast.users["steward"])
    stranger = OrganizationFactory()
    assert client.get(url(cast, period, organization=stranger)).status_code == 404
    big = reverse("measurement:grid", args=[cast.own.pk, period.pk, 2**63])
    assert client.get(big).status_code == 404
