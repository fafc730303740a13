"""The measures set (M1) and its indicators (M2): versions, the agreement rule, bad input refused
naming the field with nothing written, dimension versions, the diff, the stage requirement, the
waiting item and the timeline."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accord.core.audit import acting_as
from accord.core.waiting import waiting_for
from accord.measurement import queries, services
from accord.measurement.models import DimensionVersion, Indicator, IndicatorTarget, MeasuresVersion
from accord.partnerships import services as partnerships
from accord.partnerships.lifecycle import transition_problems
from accord.partnerships.models import Partnership, Stage
from accord.partnerships.timeline import timeline_of
from tests.factories import AffectedGroupFactory, OrganizationFactory

from .helpers import agree, dimension, draft, final, host_leader, indicator_values

pytestmark = pytest.mark.django_db
Status = MeasuresVersion.Status


def rows():
    return (Indicator.objects.count(), IndicatorTarget.objects.count(), Indicator.history.count())


def refused(call, field: str) -> str:
    before = rows()
    with pytest.raises(ValidationError) as error:
        call()
    assert rows() == before, "nothing is written"
    assert field in error.value.message_dict, error.value.message_dict
    return " ".join(error.value.message_dict[field])


class TestBadInput:
    def test_a_target_for_a_qualitative_indicator(self, cast):
        version = draft(cast, indicators=0)
        values = indicator_values(cast, type="qualitative", baseline_value=None)
        message = refused(lambda: services.indicator_add(version=version, values=values), "targets")
        assert "qualitative indicator has no numeric targets" in message

    def test_a_range_with_its_minimum_above_its_maximum(self, cast):
        version = draft(cast, indicators=0)
        values = indicator_values(
            cast, direction="range", range_low=Decimal("10"), range_high=Decimal("5")
        )
        message = refused(
            lambda: services.indicator_add(version=version, values=values), "range_low"
        )
        assert "lowest wanted (10) is above the highest (5)" in message
        values = indicator_values(cast, plausible_min=Decimal("9"), plausible_max=Decimal("1"))
        refused(lambda: services.indicator_add(version=version, values=values), "plausible_min")

    def test_a_responsible_organization_that_is_not_a_member(self, cast):
        version = draft(cast, indicators=0)
        stranger = OrganizationFactory(name="Stranger Works")
        values = indicator_values(cast, responsible_organization_id=stranger.pk)
        message = refused(
            lambda: services.indicator_add(version=version, values=values),
            "responsible_organization_id",
        )
        assert "Stranger Works is not a current member" in message

    def test_a_category_twice_in_a_dimension(self, cast):
        before = DimensionVersion.objects.count()
        with pytest.raises(ValidationError) as error:
            dimension(cast, categories=["Woman", "Man", "woman"])
        assert error.value.message_dict["categories.2"] == [
            "“woman” is listed twice; each category appears once."
        ]
        assert DimensionVersion.objects.count() == before

    def test_editing_a_final_version(self, cast):
        version = final(cast, draft(cast, indicators=1))
        indicator = version.indicators.get()
        message = refused(
            lambda: services.indicator_update(indicator=indicator, values={"name": "New"}),
            "status",
        )
        assert "is final and is never edited; start a new version instead" in message
        refused(
            lambda: services.indicator_add(version=version, values=indicator_values(cast)),
            "status",
        )
        with pytest.raises(ValidationError) as error:
            services.measures_version_update(version=version, expectations="Changed")
        assert "status" in error.value.message_dict
        version.refresh_from_db()
        assert version.expectations == "Report within three weeks."

    def test_values_outside_the_type_and_ratio_parts(self, cast):
        version = draft(cast, indicators=0)
        bad_count = indicator_values(cast, targets=[{"period": "Q1", "value": Decimal("2.5")}])
        message = refused(
            lambda: services.indicator_add(version=version, values=bad_count), "targets.0.value"
        )
        assert "not a count" in message
        ratio = indicator_values(cast, type="ratio", numerator="Placed")
        refused(lambda: services.indicator_add(version=version, values=ratio), "denominator")
        twice = indicator_values(
            cast,
            targets=[{"period": "Q1", "value": 1}, {"period": "q1", "value": 2}],
        )
        refused(lambda: services.indicator_add(version=version, values=twice), "targets.1.period")
        percentage = indicator_values(cast, type="percentage", baseline_value=Decimal("140"))
        refused(
            lambda: services.indicator_add(version=version, values=percentage), "baseline_value"
        )


class TestVersions:
    def test_a_version_moves_and_is_agreed_when_every_member_endorsed(self, cast):
        version = draft(cast)
        assert services.move_problems(version, Status.FINAL) == {
            "to": "Version 1 must be open for comment before it becomes final."
        }
        services.measures_version_move(version=version, to_status=Status.OPEN)
        with acting_as(cast.users["contributor"]):
            services.measures_comment_add(
                version=version, person=cast.people["contributor"], body="Count transfers too."
            )
        services.measures_version_move(version=version, to_status=Status.FINAL)
        assert not queries.agreement_for(cast.own).agreed
        with acting_as(cast.users["leader"]):
            services.measures_endorse(version=version, person=cast.people["leader"])
        assert [o.pk for o in queries.agreement_for(cast.own).waiting] == [cast.host.pk]
        with pytest.raises(services.AlreadyEndorsed):
            services.measures_endorse(version=version, person=cast.people["project_director"])
        with pytest.raises(ValidationError) as error:
            services.measures_endorse(version=version, person=cast.people["contributor"])
        assert "Only a leader or project director" in error.value.message_dict["person"][0]
        services.measures_endorse(version=version, person=host_leader(cast))
        assert queries.agreement_for(cast.own).agreed
        assert queries.agreed_version(cast.own) == version

    def test_a_change_after_agreement_is_a_new_version_that_asks_again(self, cast):
        first = agree(cast, draft(cast))
        second = services.measures_version_create(partnership=cast.own)
        assert second.based_on == first and second.indicators.count() == 2
        copied = second.indicators.get(name="Indicator 1")
        assert [(t.period, t.value) for t in copied.targets.all()] == [("2026 Q1", Decimal("45"))]
        services.indicator_update(
            indicator=copied, values={"definition": "Students who attended every week."}
        )
        final(cast, second)
        assert not queries.agreement_for(cast.own).agreed
        assert queries.agreed_version(cast.own) == first, "the agreed one stays until replaced"
        with pytest.raises(ValidationError) as error:
            services.measures_endorse(version=first, person=cast.people["leader"])
        assert "replaced by version 2" in error.value.message_dict["version"][0]
        first.refresh_from_db()
        assert first.indicators.get(name="Indicator 1").definition.startswith(
            "Students who attended at"
        )
        sections = queries.measures_diff(
            *queries.with_indicators(MeasuresVersion.objects.filter(partnership=cast.own)).order_by(
                "number"
            )
        )
        changed = {s.heading: s.status for s in sections}
        assert changed["Indicator: Indicator 1"] == "changed"
        assert changed["Indicator: Indicator 2"] == "same"
        history = queries.version_history(second)
        assert any(e.action == "Indicator “Indicator 1” changed" for e in history)

    def test_only_one_version_is_worked_on_at_a_time(self, cast):
        draft(cast, indicators=0)
        with pytest.raises(ValidationError) as error:
            services.measures_version_create(partnership=cast.own)
        assert "finish it before starting another" in error.value.message_dict["status"][0]

    def test_a_version_needs_an_indicator_to_open(self, cast):
        version = draft(cast, indicators=0)
        with pytest.raises(ValidationError) as error:
            services.measures_version_move(version=version, to_status=Status.OPEN)
        assert error.value.message_dict["indicators"] == ["Define at least one indicator first."]


class TestDimensions:
    def test_a_changed_scheme_is_a_new_version_and_references_keep_theirs(self, cast):
        gender = dimension(cast)
        first = gender.versions.get()
        labels = list(first.categories.values_list("label", "kind"))
        assert labels[-2:] == [("Prefer not to say", "declined"), ("Unknown", "unknown")]
        version = draft(cast, indicators=0)
        indicator = services.indicator_add(
            version=version, values=indicator_values(cast, dimension_version_ids=[first.pk])
        )
        second = services.dimension_revise(
            dimension=gender, categories=["Woman", "Man", "Non-binary", "Two-spirit"]
        )
        assert second.number == 2
        assert list(indicator.dimensions.all()) == [first]
        assert first.categories.count() == 5 and second.categories.count() == 6
        with pytest.raises(ValidationError) as error:
            services.dimension_revise(
                dimension=gender, categories=["Woman", "Man", "Non-binary", "Two-spirit"]
            )
        assert "nothing changed" in error.value.message_dict["categories"][0]
        with pytest.raises(ValidationError) as error:
            services.indicator_update(
                indicator=indicator, values={"dimension_version_ids": [first.pk, second.pk]}
            )
        assert error.value.message_dict["dimension_version_ids"] == [
            "Choose one version of each dimension."
        ]

    def test_core_values_come_from_the_agreed_charter_only(self, cast):
        version = draft(cast, indicators=0)
        with pytest.raises(ValidationError) as error:
            services.indicator_add(
                version=version, values=indicator_values(cast, core_value_ids=[1])
            )
        assert "this partnership has none yet" in error.value.message_dict["core_value_ids"][0]


class TestWiring:
    def test_active_requires_an_agreed_measures_set(self, cast):
        Partnership.objects.filter(pk=cast.own.pk).update(stage=Stage.FORMALIZED)
        cast.own.refresh_from_db()
        problems = transition_problems(cast.own, Stage.ACTIVE)
        assert any("agree on their measures set" in p for p in problems)
        agree(cast, draft(cast))
        assert not any("measures" in p for p in transition_problems(cast.own, Stage.ACTIVE))
        AffectedGroupFactory(partnership=cast.own)  # what pillar 3 asks of "active" (R1)
        partnerships.partnership_transition(partnership=cast.own, to_stage=Stage.ACTIVE)

    def test_a_final_version_waits_for_each_members_endorsement_and_is_on_the_timeline(self, cast):
        version = final(cast, draft(cast))
        kinds = [w.kind for w in waiting_for(cast.users["leader"])]
        assert "measurement.measures.endorse" in kinds
        assert "measurement.measures.endorse" not in [
            w.kind for w in waiting_for(cast.users["contributor"])
        ]
        assert not [
            e for e in timeline_of(cast.own, cast.users["leader"]) if e.label == "Measures set"
        ]
        agree(cast, version)
        assert "measurement.measures.endorse" not in [
            w.kind for w in waiting_for(cast.users["leader"])
        ]
        (entry,) = [
            e for e in timeline_of(cast.own, cast.users["leader"]) if e.label == "Measures set"
        ]
        assert entry.title == "Measures set version 1 agreed by every member"
        assert entry.url == version.get_absolute_url()
