"""Rubric services (A1): create, default, copy, archive, criteria, and the lock once in use."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accord.alignment.models import Criterion, Rubric
from accord.alignment.queries.rubrics import default_rubric, rubric_history
from accord.alignment.services import rubrics as services
from accord.alignment.services.assessments import assessment_start
from tests.factories import OrganizationFactory
from tests.matrix.alignment_assessments import start
from tests.matrix.alignment_rubrics import criterion_values, make_rubric

pytestmark = pytest.mark.django_db


def counts():
    return Rubric.objects.count(), Criterion.objects.count()


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


class TestDefaultRubric:
    def test_migration_ships_the_default_rubric_with_seven_described_criteria(self):
        rubric = default_rubric()
        assert rubric.name == "Accord default alignment rubric"
        criteria = list(rubric.criteria.all())
        assert len(criteria) == 7 and all(c.weight > 0 for c in criteria)
        assert all(text for c in criteria for _, text in c.levels)


class TestCreateAndChange:
    def test_create_with_criteria_in_order(self):
        rubric = make_rubric("Short rubric", criteria=3)
        assert [c.name for c in rubric.criteria.all()] == [
            "Criterion 1",
            "Criterion 2",
            "Criterion 3",
        ]
        assert [c.position for c in rubric.criteria.all()] == [1, 2, 3]
        assert not rubric.is_default

    def test_a_bad_criterion_refuses_the_whole_rubric(self):
        before = counts()
        bad = criterion_values("Broken", weight="0")
        with pytest.raises(ValidationError) as excinfo:
            services.rubric_create(name="All or nothing", criteria=[criterion_values(), bad])
        assert errors_of(excinfo) == {"criteria.1.weight": ["The weight must be positive."]}
        assert counts() == before

    def test_making_a_rubric_default_takes_it_from_the_previous_one(self):
        previous = default_rubric()
        rubric = make_rubric()
        services.rubric_make_default(rubric=rubric)
        previous.refresh_from_db()
        assert rubric.is_default and not previous.is_default
        assert default_rubric() == rubric

    def test_create_as_default(self):
        rubric = make_rubric(is_default=True)
        assert Rubric.objects.get(is_default=True) == rubric

    def test_an_archived_rubric_cannot_become_the_default(self):
        rubric = services.rubric_archive(rubric=make_rubric())
        with pytest.raises(ValidationError) as excinfo:
            services.rubric_make_default(rubric=rubric)
        assert "is_default" in errors_of(excinfo)
        assert default_rubric().name == "Accord default alignment rubric"

    def test_the_default_rubric_cannot_be_archived(self):
        with pytest.raises(ValidationError) as excinfo:
            services.rubric_archive(rubric=default_rubric())
        assert "Make another rubric the default first" in errors_of(excinfo)["is_default"][0]
        assert default_rubric().archived_at is None

    def test_duplicate_name_is_refused_naming_the_field(self):
        with pytest.raises(ValidationError) as excinfo:
            services.rubric_create(name="Accord default alignment rubric")
        assert "name" in errors_of(excinfo)

    def test_rename_is_allowed_while_in_use(self, cast):
        rubric = default_rubric()
        start(cast, "own")
        services.rubric_update(rubric=rubric, name="Renamed", description="Still the same.")
        rubric.refresh_from_db()
        assert rubric.name == "Renamed"


class TestCriteria:
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"weight": "0"}, "weight"),
            ({"weight": "-1"}, "weight"),
            ({"weight": "1000"}, "weight"),
            ({"weight": "0.001"}, "weight"),
            ({"level_3": ""}, "level_3"),
            ({"name": ""}, "name"),
            ({"name": "Criterion 1"}, "__all__"),  # already in the rubric
        ],
    )
    def test_bad_criterion_is_refused_naming_the_field(self, changes, field):
        rubric = make_rubric(criteria=1)
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            services.criterion_add(rubric=rubric, **{**criterion_values("New"), **changes})
        assert field in errors_of(excinfo)
        assert counts() == before

    def test_weight_message_names_what_is_wrong(self):
        with pytest.raises(ValidationError) as excinfo:
            services.criterion_add(rubric=make_rubric(), **criterion_values("New", weight="0"))
        assert errors_of(excinfo)["weight"] == ["The weight must be positive."]

    def test_add_edit_and_delete_on_an_unused_rubric(self):
        rubric = make_rubric(criteria=1)
        criterion = services.criterion_add(rubric=rubric, **criterion_values("Reach", "2.5"))
        assert (criterion.position, criterion.weight) == (2, Decimal("2.5"))
        services.criterion_update(criterion=criterion, weight=Decimal("3"), level_1="Nothing.")
        criterion.refresh_from_db()
        assert (criterion.weight, criterion.level_1) == (Decimal("3"), "Nothing.")
        services.criterion_delete(criterion=criterion)
        assert list(rubric.criteria.values_list("name", flat=True)) == ["Criterion 1"]
        history = rubric_history(rubric)
        actions = [entry.action for entry in history]
        assert "Deleted criterion “Reach”" in actions
        changed = next(e for e in history if e.action == "Changed criterion “Reach”")
        assert {(c.label, c.old, c.new) for c in changed.changes} >= {("Weight", "2.50", "3.00")}

    def test_criteria_of_a_used_rubric_are_locked(self, cast):
        rubric = make_rubric(criteria=2)
        assessment_start(partnership=cast.own, candidate=OrganizationFactory(), rubric=rubric)
        criterion = rubric.criteria.first()
        before = counts()
        for attempt in (
            lambda: services.criterion_add(rubric=rubric, **criterion_values("Late")),
            lambda: services.criterion_update(criterion=criterion, weight=Decimal("5")),
            lambda: services.criterion_delete(criterion=criterion),
        ):
            with pytest.raises(ValidationError) as excinfo:
                attempt()
            assert "Copy the rubric" in excinfo.value.messages[0]
        assert counts() == before
        criterion.refresh_from_db()
        assert criterion.weight == Decimal("1")

    def test_criteria_of_an_archived_rubric_are_locked(self):
        rubric = services.rubric_archive(rubric=make_rubric())
        with pytest.raises(ValidationError, match="archived"):
            services.criterion_add(rubric=rubric, **criterion_values("Late"))


class TestCopy:
    def test_copy_duplicates_criteria_weights_and_levels_under_a_new_name(self, cast):
        original = default_rubric()
        start(cast, "own")  # in use: the copy is how it changes
        copy = services.rubric_copy(rubric=original, name="Default, revised")
        fields = ["name", "weight", "position", *[f"level_{n}" for n in range(1, 6)]]
        assert list(copy.criteria.values_list(*fields)) == list(
            original.criteria.values_list(*fields)
        )
        assert copy.description == original.description
        assert not copy.is_default and not copy.is_in_use
        services.criterion_update(criterion=copy.criteria.first(), weight=Decimal("4"))
        assert original.criteria.first().weight == Decimal("2")

    def test_copy_needs_a_new_name(self):
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            services.rubric_copy(rubric=default_rubric(), name="Accord default alignment rubric")
        assert "name" in errors_of(excinfo)
        assert counts() == before
