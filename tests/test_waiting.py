"""What is waiting for me (home page and GET /api/v1/waiting): each kind of work appears for the
person it waits for, links to where it is done, says since when, and disappears once done; a
candidate-side assessor without any role sees their assessment; the cost in queries does not grow
with the number of partnerships."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.alignment.models import Assessor, CharterComment, CharterEndorsement, CharterVersion
from accord.alignment.queries.rubrics import default_rubric
from accord.alignment.services.assessments import assessment_start, assessor_add
from accord.core.waiting import WAITING_PROVIDERS, waiting_for
from accord.leadership.models import (
    Announcement,
    Mou,
    MouVersion,
    ProjectDirectorHandover,
    Signatory,
)
from accord.measurement.models import Deliverable
from accord.relationships.models import ActionItem, Engagement
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EVERY_KIND = {
    "alignment.assessment.score",
    "alignment.charter.endorse",
    "alignment.charter.comment",
    "leadership.mou.sign",
    "leadership.handover.answer",
    "leadership.announcement.send",
    "leadership.director.name",
    "relationships.action.do",
    "measurement.deliverable.overdue",
}


class World:
    """One person who steward and leader for their organization in `n` partnerships, with one
    of every kind of waiting work in each."""

    def __init__(self, n: int):
        self.organization = OrganizationFactory()
        self.user = UserFactory()
        self.person = PersonFactory(organization=self.organization, user=self.user)
        self.partnerships = [self.add_partnership() for _ in range(n)]

    def add_partnership(self):
        partnership = PartnershipFactory()
        MembershipFactory(partnership=partnership, organization=self.organization, kind="host")
        # A member without a project director: the steward's gap (L6).
        MembershipFactory(partnership=partnership, organization=OrganizationFactory())
        RoleFactory(partnership=partnership, person=self.person, role="steward")
        RoleFactory(partnership=partnership, person=self.person, role="project_director")
        now = timezone.now()
        CharterVersion.objects.create(
            partnership=partnership, number=1, status="final", opened_at=now, finalized_at=now
        )
        CharterVersion.objects.create(
            partnership=partnership, number=2, status="open", opened_at=now
        )
        Announcement.objects.create(
            partnership=partnership,
            author=self.person,
            created_by=self.user,
            title="Draft news",
            body="Soon.",
        )
        assessment = assessment_start(
            partnership=partnership, candidate=OrganizationFactory(), created_by=self.user
        )
        assessor_add(assessment=assessment, person=self.person, direction=Assessor.Direction.HOST)
        ProjectDirectorHandover.objects.create(
            partnership=partnership,
            organization=self.organization,
            incoming=PersonFactory(organization=self.organization, user=UserFactory()),
            nominated_by=self.user,
        )
        mou = Mou.objects.create(partnership=partnership, title="MOU", status="out_for_signature")
        version = MouVersion.objects.create(
            mou=mou, number=1, status="out_for_signature", sent_at=now
        )
        Signatory.objects.create(
            version=version,
            person=self.person,
            organization=self.organization,
            status="pending",
            asked_at=now,
        )
        engagement = Engagement.objects.create(partnership=partnership, title="Met", starts_at=now)
        ActionItem.objects.create(
            engagement=engagement, title="Follow up", owner=self.person, due_on=now.date()
        )
        Deliverable.objects.create(
            partnership=partnership,
            organization=self.organization,
            title="Bridge curriculum",
            due_on=now.date() - timedelta(days=3),
        )
        return partnership


def kinds(user) -> list[str]:
    return sorted(item.kind for item in waiting_for(user))


def test_every_kind_of_work_waits_with_its_link_and_since_when():
    world = World(1)
    items = waiting_for(world.user)
    # The nomination waits for its nominee, not for the steward who made it.
    assert {item.kind for item in items} == EVERY_KIND - {"leadership.handover.answer"}
    for item in items:
        assert item.url.startswith("/partnerships/")
        assert item.since is not None
        assert item.partnership == world.partnerships[0].title
    handover = ProjectDirectorHandover.objects.get()
    assert kinds(handover.incoming.user) == ["leadership.handover.answer"]


def test_queries_do_not_grow_with_the_number_of_partnerships(client):
    counts, pages = [], []
    for n in (1, 4):
        world = World(n)
        with CaptureQueriesContext(connection) as queries:
            items = waiting_for(world.user)
        assert len(items) == n * (len(EVERY_KIND) - 1)
        counts.append(len(queries))
        client.force_login(world.user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("core:home")).status_code == 200
        pages.append(len(queries))
    # At most one query per registered provider (every pillar's), and two for the user's person.
    assert counts[0] == counts[1] <= len(WAITING_PROVIDERS) + 2, counts
    assert pages[0] == pages[1], pages


def test_each_item_disappears_once_done():
    world = World(1)
    partnership = world.partnerships[0]
    CharterEndorsement.objects.create(
        version=partnership.charter_versions.get(number=1),
        organization=world.organization,
        person=world.person,
    )
    CharterComment.objects.create(
        version=partnership.charter_versions.get(number=2), person=world.person, body="Good."
    )
    Announcement.objects.update(status="sent", sent_at=timezone.now())
    Signatory.objects.update(status="signed", signed_at=timezone.now(), signed_sha256="0" * 64)
    RoleFactory(
        partnership=partnership,
        person=PersonFactory(organization=partnership.memberships.last().organization),
        role="project_director",
    )
    ActionItem.objects.update(status="done")
    Deliverable.objects.update(status="delivered", delivered_on=timezone.localdate())
    assert kinds(world.user) == ["alignment.assessment.score"]
    assessor = Assessor.objects.get()
    for criterion in default_rubric().criteria.all():
        assessor.scores.create(criterion=criterion, score=3)
    assert kinds(world.user) == []


def test_what_waits_for_someone_else_does_not_show():
    world = World(1)
    assert kinds(UserFactory()) == []
    # A viewer of the same partnership has nothing to sign, send, name or endorse.
    viewer = PersonFactory(organization=world.organization, user=UserFactory())
    RoleFactory(partnership=world.partnerships[0], person=viewer, role="viewer")
    assert kinds(viewer.user) == []
    # An administrator sees everything, but only their own work waits for them.
    assert kinds(UserFactory(is_superuser=True, is_staff=True)) == []


def test_a_candidate_side_assessor_without_a_role_sees_the_assessment():
    world = World(1)
    candidate = OrganizationFactory(name="Candidate Institute")
    assessor = PersonFactory(organization=candidate, user=UserFactory())
    assessment = assessment_start(
        partnership=world.partnerships[0], candidate=candidate, created_by=world.user
    )
    assessor_add(assessment=assessment, person=assessor, direction=Assessor.Direction.CANDIDATE)
    items = waiting_for(assessor.user)
    assert [item.kind for item in items] == ["alignment.assessment.score"]
    assert items[0].url == reverse(
        "alignment:assessment-score", args=[world.partnerships[0].pk, assessment.pk]
    )


def test_a_gap_waits_since_the_last_director_left():
    world = World(1)
    partnership = world.partnerships[0]
    member = partnership.memberships.last().organization
    ended = timezone.now() - timedelta(days=3)
    role = RoleFactory(
        partnership=partnership, person=PersonFactory(organization=member), role="project_director"
    )
    type(role).objects.filter(pk=role.pk).update(archived_at=ended)
    gap = next(i for i in waiting_for(world.user) if i.kind == "leadership.director.name")
    assert gap.since == ended


def test_the_home_page_and_the_api_list_it(client):
    world = World(1)
    client.force_login(world.user)
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Waiting for you" in html
    for item in waiting_for(world.user):
        assert f'href="{item.url}"' in html
    assert "Your partnerships" in html
    answer = client.get("/api/v1/waiting")
    assert answer.status_code == 200
    assert {row["kind"] for row in answer.json()} == EVERY_KIND - {"leadership.handover.answer"}
    nobody = UserFactory()
    client.force_login(nobody)
    assert "Nothing is waiting for you." in client.get(reverse("core:home")).content.decode()
    assert client.get("/api/v1/waiting").json() == []


def test_every_provider_runs_sql_compiled_once_per_process(monkeypatch):
    """The second time, what waits is read without the ORM building a query: each provider's SQL
    is compiled once per process with the user's id (and today's date) as parameters
    (accord/core/compiled.py UserQuery), for a person with roles, an administrator and an
    account without a person; and it still answers what the ORM would."""
    from django.db.models.sql.compiler import SQLCompiler

    world = World(1)
    admin = UserFactory(is_superuser=True)
    without_person = UserFactory()
    built = []
    as_sql = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        built.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    for user in (world.user, admin, without_person):
        first = waiting_for(user)
        monkeypatch.setattr(SQLCompiler, "as_sql", counted)
        again = waiting_for(user)
        monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
        assert again == first
        assert built == [], (user, built)
    assert {item.kind for item in waiting_for(world.user)} == EVERY_KIND - {
        "leadership.handover.answer"
    }
