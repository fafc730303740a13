"""Rubric pages (A1): everyone signed in reads; platform administrators change; locked in use."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.alignment.models import Criterion, Rubric
from accord.alignment.queries.rubrics import default_rubric
from accord.alignment.services.rubrics import rubric_archive
from tests.matrix.alignment_assessments import start
from tests.matrix.alignment_rubrics import criterion_values, make_rubric

pytestmark = pytest.mark.django_db


def counts():
    return Rubric.objects.count(), Criterion.objects.count(), Criterion.history.count()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def detail(rubric) -> str:
    return reverse("alignment:rubric-detail", args=[rubric.pk])


class TestList:
    def test_everyone_signed_in_reads_the_rubrics(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(reverse("alignment:rubric-list"))
        assert response.status_code == 200
        assert "Accord default alignment rubric" in response.text and "Default" in response.text
        assert "New rubric" not in response.text

    def test_admin_gets_the_new_rubric_button(self, cast, client):
        client.force_login(cast.users["admin"])
        assert "New rubric" in client.get(reverse("alignment:rubric-list")).text

    def test_archived_rubrics_only_when_asked(self, cast, client):
        rubric = rubric_archive(rubric=make_rubric("Old rubric"))
        client.force_login(cast.users["viewer"])
        url = reverse("alignment:rubric-list")
        assert rubric not in client.get(url).context["page_obj"].object_list
        assert rubric in client.get(url, {"archived": "1"}).context["page_obj"].object_list

    def test_in_use_is_shown(self, cast, client):
        start(cast, "own")
        client.force_login(cast.users["viewer"])
        assert "In use: criteria fixed" in client.get(reverse("alignment:rubric-list")).text

    def test_query_budget_is_the_same_for_5_and_50_rubrics(self, cast, client):
        client.force_login(cast.users["viewer"])

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("alignment:rubric-list")).status_code == 200
            return len(captured)

        for _ in range(5):
            make_rubric(criteria=3)
        five = queries()
        for _ in range(45):
            make_rubric(criteria=3)
        assert queries() == five


class TestDetail:
    def test_shows_every_criterion_with_weight_and_every_level(self, cast, client):
        client.force_login(cast.users["contributor"])
        response = client.get(detail(default_rubric()))
        text = response.text
        assert text.count("<h1") == 1
        assert "Mission fit" in text and "Weight 2 · 20% of the total" in text
        assert "Weight 1.50 · 15% of the total" in text
        for criterion in default_rubric().criteria.all():
            for _, description in criterion.levels:
                assert description.replace("'", "&#x27;") in text
        assert "History" in text
        for hidden in ("Edit name and description", "Add a criterion", "Make default", "Copy"):
            assert hidden not in text

    def test_admin_gets_the_actions_and_history_of_criteria(self, cast, client):
        rubric = make_rubric("Editable")
        client.force_login(cast.users["admin"])
        text = client.get(detail(rubric)).text
        for shown in ("Edit name and description", "Add a criterion", "Make default", "Archive"):
            assert shown in text
        assert "Created criterion “Criterion 1”" in text

    def test_a_used_rubric_says_it_is_locked_and_offers_copy(self, cast, client):
        start(cast, "own")
        client.force_login(cast.users["admin"])
        text = client.get(detail(default_rubric())).text
        assert "its criteria and weights are fixed" in text
        assert reverse("alignment:rubric-copy", args=[default_rubric().pk]) in text
        assert "Add a criterion" not in text and "Remove<span" not in text

    def test_unknown_rubric_is_404(self, cast, client):
        client.force_login(cast.users["viewer"])
        assert client.get(reverse("alignment:rubric-detail", args=[999999])).status_code == 404


class TestWrites:
    def test_admin_creates_a_rubric_and_adds_a_criterion(self, cast, client):
        client.force_login(cast.users["admin"])
        response = client.post(
            reverse("alignment:rubric-create"), {"name": "Community rubric", "description": "x"}
        )
        rubric = Rubric.objects.get(name="Community rubric")
        assert response.url == detail(rubric) and not rubric.is_default
        response = client.post(
            reverse("alignment:criterion-add", args=[rubric.pk]),
            criterion_values("Trust", "1.25"),
            follow=True,
        )
        assert "Criterion “Trust” added." in messages_of(response)
        assert rubric.criteria.get().weight == pytest.approx(1.25)

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"weight": "0"}, "weight", "The weight must be positive."),
            ({"weight": "-1"}, "weight", "The weight must be positive."),
            ({"weight": "x"}, "weight", "Enter a number."),
            ({"level_4": ""}, "level_4", "This field is required."),
            ({"name": "Criterion 1"}, None, "already has a criterion with this name"),
        ],
    )
    def test_bad_criterion_is_refused_on_its_field_and_nothing_written(
        self, cast, client, changes, field, message
    ):
        rubric = make_rubric(criteria=1)
        client.force_login(cast.users["admin"])
        before = counts()
        response = client.post(
            reverse("alignment:criterion-add", args=[rubric.pk]),
            {**criterion_values("New"), **changes},
        )
        assert response.status_code == 200 and counts() == before
        form = response.context["form"]
        errors = form.errors.get(field) if field else form.non_field_errors()
        assert any(message in error for error in errors)
        if field:
            assert f'id="id_{field}_error"' in response.text

    def test_every_bad_field_is_named_in_the_same_answer(self, cast, client):
        rubric = make_rubric(criteria=1)
        client.force_login(cast.users["admin"])
        data = {**criterion_values("New"), "weight": "0", "level_5": ""}
        response = client.post(reverse("alignment:criterion-add", args=[rubric.pk]), data)
        assert set(response.context["form"].errors) == {"weight", "level_5"}

    def test_edit_a_criterion(self, cast, client):
        rubric = make_rubric(criteria=1)
        criterion = rubric.criteria.get()
        client.force_login(cast.users["admin"])
        url = reverse("alignment:criterion-edit", args=[rubric.pk, criterion.pk])
        assert client.get(url).context["form"].initial["name"] == "Criterion 1"
        client.post(url, criterion_values("Renamed", "4"))
        criterion.refresh_from_db()
        assert (criterion.name, criterion.weight) == ("Renamed", 4)

    def test_criteria_of_a_used_rubric_cannot_change(self, cast, client):
        start(cast, "own")
        rubric = default_rubric()
        criterion = rubric.criteria.first()
        client.force_login(cast.users["admin"])
        before = counts()
        for url, data in (
            (reverse("alignment:criterion-add", args=[rubric.pk]), criterion_values("Late")),
            (
                reverse("alignment:criterion-edit", args=[rubric.pk, criterion.pk]),
                criterion_values("Late"),
            ),
            (reverse("alignment:criterion-remove", args=[rubric.pk, criterion.pk]), {}),
        ):
            response = client.post(url, data, follow=True)
            assert any("Copy the rubric" in m for m in messages_of(response)), url
        assert client.get(reverse("alignment:criterion-add", args=[rubric.pk])).url == detail(
            rubric
        )
        assert counts() == before

    def test_remove_a_criterion_of_an_unused_rubric(self, cast, client):
        rubric = make_rubric(criteria=2)
        criterion = rubric.criteria.first()
        client.force_login(cast.users["admin"])
        url = reverse("alignment:criterion-remove", args=[rubric.pk, criterion.pk])
        response = client.post(url, follow=True)
        assert "Criterion “Criterion 1” removed." in messages_of(response)
        assert "Deleted criterion “Criterion 1”" in response.text  # in the history
        assert rubric.criteria.count() == 1

    def test_copy_is_how_a_used_rubric_changes(self, cast, client):
        start(cast, "own")
        client.force_login(cast.users["admin"])
        url = reverse("alignment:rubric-copy", args=[default_rubric().pk])
        assert "Copy of Accord default" in client.get(url).text
        response = client.post(url, {"name": "Revised rubric", "description": "Changed."})
        copy = Rubric.objects.get(name="Revised rubric")
        assert response.url == detail(copy) and copy.criteria.count() == 7
        assert "Add a criterion" in client.get(detail(copy)).text

    def test_copy_with_a_taken_name_is_refused_on_the_name(self, cast, client):
        client.force_login(cast.users["admin"])
        before = counts()
        response = client.post(
            reverse("alignment:rubric-copy", args=[default_rubric().pk]),
            {"name": "Accord default alignment rubric"},
        )
        assert response.status_code == 200 and "name" in response.context["form"].errors
        assert counts() == before

    def test_make_default_and_archive(self, cast, client):
        rubric = make_rubric("Next default")
        client.force_login(cast.users["admin"])
        client.post(reverse("alignment:rubric-make-default", args=[rubric.pk]))
        assert default_rubric() == rubric
        response = client.post(reverse("alignment:rubric-archive", args=[rubric.pk]), follow=True)
        assert any("cannot be archived" in m for m in messages_of(response))
        old = Rubric.objects.get(name="Accord default alignment rubric")
        response = client.post(reverse("alignment:rubric-archive", args=[old.pk]))
        assert response.url == reverse("alignment:rubric-list")
        old.refresh_from_db()
        assert old.is_archived

    def test_rename(self, cast, client):
        rubric = make_rubric()
        client.force_login(cast.users["admin"])
        client.post(
            reverse("alignment:rubric-edit", args=[rubric.pk]),
            {"name": "Renamed", "description": "New words."},
        )
        rubric.refresh_from_db()
        assert (rubric.name, rubric.description) == ("Renamed", "New words.")

    def test_steward_may_read_but_not_change(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(reverse("alignment:rubric-create"), {"name": "Mine"})
        assert response.status_code == 403
        assert "Only platform administrators may change rubrics." in response.text
        assert counts() == before
