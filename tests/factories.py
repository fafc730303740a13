"""factory_boy factories for Accord's models."""

import factory
from django.utils import timezone

from accord.accounts.models import User
from accord.directory.models import Organization, Person
from accord.partnerships.models import Membership, Partnership, PartnershipRole, StageChange

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.LazyAttribute(lambda u: u.username.replace("_", " ").title())
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = Organization.Kind.EXTERNAL
    subtype = Organization.Subtype.NONPROFIT
    mission = "Advance equity in engineering education."
    city = "Reston"
    country = "United States"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organization = factory.SubFactory(OrganizationFactory)
    level = Person.Level.STAFF


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Partnership {n}")
    purpose = "Broaden participation of under-represented students in civil engineering."

    @factory.post_generation
    def initial_stage(obj, create, extracted, **kwargs):
        if create:
            StageChange.objects.create(partnership=obj, from_stage="", to_stage=obj.stage)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    partnership = factory.SubFactory(PartnershipFactory)
    organization = factory.SubFactory(OrganizationFactory)
    kind = Membership.Kind.PARTNER
    joined_on = factory.LazyFunction(timezone.localdate)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipRole

    partnership = factory.SubFactory(PartnershipFactory)
    person = factory.SubFactory(PersonFactory)
    role = "contributor"
    organization = factory.LazyAttribute(lambda role: role.person.organization)


def scored(assessment, score: int = 4):
    """Give an open assessment the evidence a decision needs: a candidate-side assessor (a new
    person of the candidate organization) who scored every criterion."""
    from accord.alignment.models import Assessor
    from accord.alignment.services.assessments import ScoreEntry, assessment_score, assessor_add

    person = PersonFactory(organization=assessment.candidate)
    assessor = assessor_add(
        assessment=assessment, person=person, direction=Assessor.Direction.CANDIDATE
    )
    entries = [ScoreEntry(criterion.pk, score) for criterion in assessment.rubric.criteria.all()]
    assessment_score(assessment=assessment, assessor=assessor, scores=entries)
    return assessment


class StakeholderGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "directory.StakeholderGroup"

    name = factory.Sequence(lambda n: f"Stakeholder group {n}")
    description = "People the partnership's work affects."


class AffectedGroupFactory(factory.django.DjangoModelFactory):
    """A stakeholder group a partnership names as affected: what "active" requires (R1)."""

    class Meta:
        model = "relationships.AffectedGroup"

    partnership = factory.SubFactory(PartnershipFactory)
    group = factory.SubFactory(StakeholderGroupFactory)
