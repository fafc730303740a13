"""Every write Accord makes leaves a history entry naming its actor (audit trail, all pillars).

The test enumerates the models: every Accord model with an audit trail must have a history row
written by the journey below, each naming the person who acted; every model without one is listed
in NOT_AUDITED with its reason. A new model therefore fails here until it has a case or a reason.
The partnership page's History shows what belongs to the partnership: roles given and taken,
members joining (also through an assessment's "select") and leaving, with who and when.
"""

from datetime import date

import pytest
from django.apps import apps
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from simple_history.models import registered_models

from accord.alignment.models import Assessor
from accord.alignment.services import assessments, charter, rubrics
from accord.alignment.services.assessments import ScoreEntry
from accord.core.audit import SYSTEM, acting_as, current_actor, history_of, who_of
from accord.directory import services as directory
from accord.directory import services_groups as groups
from accord.invitations import services as invitations
from accord.leadership.models import MouTemplate
from accord.leadership.services import announcements, commitments, directors, templates
from accord.measurement import collection
from accord.measurement import services as measures
from accord.measurement import services_deliverables as deliverables
from accord.measurement import services_evidence as evidence
from accord.partnerships import services as partnerships
from accord.relationships import services as relationships
from accord.relationships import services_bodies as bodies
from accord.relationships import services_engagements as engagements
from accord.relationships import services_ledger as ledger
from accord.relationships import services_trust as trust
from accord.reports import services_digests as digests
from accord.surveys import services as surveys
from accord.surveys.models import Item
from tests.factories import OrganizationFactory, PersonFactory, UserFactory
from tests.matrix.alignment_assessments import every_score
from tests.matrix.leadership_mous import drafted, sent

pytestmark = pytest.mark.django_db

# Models deliberately without an audit trail, each with its reason.
NOT_AUDITED = {
    "core.WorkerHeartbeat": "the worker's liveness beat, rewritten every few seconds",
    "accounts.User": "sign-in accounts: Django records last login; people are audited as Person",
    "accounts.ApiToken": "a credential: its creation, last use and revocation are on the token",
    "accounts.Notification": "a message to one person, itself a record of what they were told",
    "accounts.SignInThrottle": "a counter of failed sign-ins, forgotten after a sign-in",
    "partnerships.StageChange": "itself the lifecycle's log: who moved it, when and why",
    "alignment.OrganizationVector": "derived from the organization's texts, rebuilt at will",
    "alignment.DirectoryChange": "a token the database sets on every directory write (triggers)",
    "leadership.AnnouncementDelivery": "itself the delivery log of an announcement",
    "core.IdempotencyRecord": "a stored API answer for retries, written with the write it answers",
    "core.RateLimitWindow": "a counter of uses of a rate-limited route, dropped as windows pass",
    "measurement.DataValue": "values are audited per submission (SubmissionEvent: who, when, "
    "which cells changed), not one history row per cell among millions",
    "measurement.SubmissionEvent": "itself the audit trail of a submission's values",
    "evaluation.ScorecardSnapshot": "computed from audited records by a task, never edited; "
    "the snapshots are themselves the scorecard's history",
    "evaluation.ScorecardPending": "a mark that a recompute is queued, removed when it runs",
    "reports.DigestIssue": "what a digest said when it went out: itself the record of sending",
    "reports.DigestDelivery": "itself the delivery log of a digest",
    "reports.DigestUnsubscription": "a person's own choice not to receive a digest, with its "
    "time; removed when they subscribe again",
    "surveys.SurveyAnswer": "written once with its response and never changed: the response's "
    "trail records the write (and an anonymous one names nobody)",
}
# Writes that name no actor on purpose, each with its reason (their models are audited otherwise).
NO_ACTOR = {
    "relationships.services_ledger.input_submit_public": "anonymous by design: input from the "
    "public form is written in nobody's name, even when the visitor is signed in (R6)",
    "surveys.services.answer_submit": "anonymous by design: an answer to an anonymous survey "
    "wave is written in nobody's name, even inside the respondent's request; only the "
    "invitation records that its person answered",
}


def accord_models():
    return [m for m in apps.get_models() if m.__module__.startswith("accord.")]


def audited_models():
    return sorted(
        (m for m in registered_models.values() if m.__module__.startswith("accord.")),
        key=lambda m: m._meta.label,
    )


def test_every_model_is_audited_or_says_why_not():
    audited = {m._meta.label for m in audited_models()}
    historical = {m.history.model._meta.label for m in audited_models()}
    unexplained = {
        m._meta.label
        for m in accord_models()
        if m._meta.label not in audited | historical | set(NOT_AUDITED)
    }
    assert unexplained == set(), "Give these models a history, or a reason in NOT_AUDITED"
    assert audited.isdisjoint(NOT_AUDITED)


def every_write(cast, actor):
    """Call a write service for every audited model, acting as `actor` (as a request would)."""
    own = cast.own
    leader = cast.people["leader"]
    # Directory
    organization = directory.organization_create(name="Riverside Trust", subtype="nonprofit")
    directory.organization_update(organization=organization, city="Riverside")
    directory.organization_values_update(
        organization=organization,
        values=["Access"],
        practices=[{"practice": "pay_equity", "evidence_url": "", "note": "Audited yearly."}],
    )
    directory.culture_profile_save(organization=organization, read_revision=0, languages=["en"])
    host_person = directory.person_create(
        by=actor, name="Hana Host", organization=cast.host, email="hana@example.org"
    )
    invitations.invitation_request(person=host_person, requested_by=actor, partnership=own)
    # Partnerships: a member joins and leaves, a role is given and taken
    membership = partnerships.membership_add(partnership=own, organization=organization)
    partnerships.membership_update(membership=membership, left_on=date.today())
    role = partnerships.role_assign(partnership=own, person=host_person, role="contributor")
    partnerships.role_archive(assignment=role)
    partnerships.partnership_update(partnership=own, purpose="A shared purpose, said again.")
    # Alignment: rubrics, an assessment that selects its candidate, the charter
    rubric = rubrics.rubric_copy(rubric=rubrics.Rubric.objects.get(is_default=True), name="Copy")
    rubrics.criterion_update(criterion=rubric.criteria.first(), name="Renamed")
    candidate = OrganizationFactory(name="Candidate College")
    assessment = assessments.assessment_start(
        partnership=own, candidate=candidate, created_by=actor
    )
    assessor = assessments.assessor_add(
        assessment=assessment, person=cast.people["contributor"], direction=Assessor.Direction.HOST
    )
    assessments.assessment_score(
        assessment=assessment,
        assessor=assessor,
        scores=[ScoreEntry(c, s, "") for c, s in every_score()],
    )
    assessments.assessment_decide(
        assessment=assessment, decision="select", rationale="A good fit.", decided_by=actor
    )
    version = charter.charter_version_create(partnership=own, created_by=actor)
    charter.charter_version_update(
        version=version,
        vision="Every student finds a path into civil engineering.",
        values=[{"id": None, "name": "Students first", "meaning": "We ask students."}],
        benefits={m.organization_id: "Paid internships." for m in own.memberships.current()},
    )
    charter.charter_version_move(version=version, to_status="open")
    charter.charter_comment_add(version=version, person=leader, body="Clear and kind.")
    charter.charter_version_move(version=version, to_status="final")
    charter.charter_endorse(version=version, person=leader)
    # Leadership
    announcements.announcement_create(
        partnership=own, title="Direction", body="Two programs.", author=leader, created_by=actor
    )
    commitments.learning_log(
        partnership=own,
        person=leader,
        title="Cultural humility",
        completed_on=date.today(),
        hours=2,
    )
    commitments.commitment_create(
        partnership=own, person=leader, kind="time", description="Mentoring", starts_on=date.today()
    )
    directors.director_name(
        partnership=own, organization=cast.host, person=host_person, named_by=actor
    )
    incoming = PersonFactory(organization=cast.host, user=UserFactory())
    directors.handover_nominate(
        partnership=own, organization=cast.host, incoming=incoming, nominated_by=actor
    )
    templates.mou_template_copy(template=MouTemplate.objects.get(is_default=True), name="Copy")
    sent(cast, drafted(cast))
    # Relationships (R1): a stakeholder group, who represents it, a partnership naming it
    group = groups.group_create(name="Riverside tenants", created_by=actor)
    groups.group_update(group=group, reference_share="0.2")
    groups.representation_add(group=group, organization=cast.partner, how="serves")
    relationships.affected_group_add(partnership=own, group=group)
    # Relationships (R2): a body, a seat, a meeting with attendance and a contribution
    body = bodies.body_create(partnership=own, name="Planning committee")
    bodies.body_update(body=body, purpose="Plans the bridge programs.")
    seat = bodies.seat_add(body=body, person=leader, since=date(2026, 1, 1), group=group)
    bodies.meeting_record(
        body=body,
        held_on=date(2026, 2, 1),
        present={seat.pk},
        contributions=[bodies.ContributionEntry(seat.pk, "proposal", "Evening sessions.")],
    )
    # Relationships (R4, R5): an engagement, who attended, an action item, the rhythm, a feed
    met = engagements.engagement_create(
        partnership=own, title="Met", starts_at=timezone.now(), groups=[group]
    )
    engagements.attendee_add(engagement=met, organization=cast.partner, name="Guest")
    engagements.action_item_add(engagement=met, title="Write", owner=leader, due_on=date.today())
    engagements.rhythm_set(partnership=own, days=30)
    engagements.calendar_feed_create(user=actor)
    # Trust and value network (R6): a wave, the leader's answer for their organization, closing
    wave = trust.wave_open(
        partnership=own, title="Wave", opens_on=date.today(), closes_on=date.today()
    )
    ratings = [{"rated": cast.host, **dict.fromkeys(trust.RATING_FIELDS, 3)}]
    response = trust.response_submit(
        wave=wave, organization=cast.partner, respondent=leader, ratings=ratings
    )
    ratings[0]["reliability"] = 4
    trust.response_submit(
        wave=wave, organization=cast.partner, respondent=leader, ratings=ratings, response=response
    )
    trust.wave_close(wave=wave)
    # Relationships (R6): settings, a consultation, input with its triage and an action
    ledger.settings_set(partnership=own, ack_days=3, response_days=20, public_form=True)
    asked = ledger.consultation_create(
        partnership=own, question="Which weeks?", opens_on=date.today(), closes_on=date.today()
    )
    heard = ledger.input_record(
        partnership=own, subject="Weeks", text="Weeks 2 to 7.", consultation=asked, name="Kofi"
    )
    ledger.input_respond(item=heard, response="Thank you.", by=actor)
    ledger.input_action_add(item=heard, engagement=met)
    ledger.input_publish(item=heard)
    # Measurement (M1, M2): a dimension and its new version, a measures set agreed step by step
    region = measures.dimension_create(partnership=own, name="Region", categories=["South"])
    measures.dimension_revise(dimension=region, categories=["South", "North"])
    draft = measures.measures_version_create(partnership=own, created_by=actor)
    measures.measures_version_update(version=draft, expectations="Report each quarter.")
    indicator = measures.indicator_add(
        version=draft,
        values={
            "name": "Students placed",
            "definition": "Students in a paid internship.",
            "type": "count",
            "kind": "how_much",
            "responsible_organization_id": cast.partner.pk,
            "dimension_version_ids": [region.versions.get(number=2).pk],
            "targets": [{"period": "2026", "value": 10}],
        },
    )
    measures.indicator_update(indicator=indicator, values={"unit": "students"})
    measures.measures_version_move(version=draft, to_status="open")
    measures.measures_comment_add(version=draft, person=leader, body="Count transfers too.")
    measures.measures_version_move(version=draft, to_status="final")
    measures.measures_endorse(version=draft, person=leader)
    # Collecting data (M3): a period, a submission written, submitted and approved
    period = collection.period_create(
        partnership=own, label="2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    submission = collection.submission_for(period, cast.partner)
    cells, _ = collection.Catalog(period).clean_all([{"indicator": "Students placed", "value": 4}])
    collection.write_cells(submission, cells)
    collection.submit(submission)
    collection.approve(submission)
    # Evidence (M3): a story tagged to the indicator, then changed; a deliverable (M2) with it
    story = evidence.evidence_create(
        partnership=own, title="A first placement", body="Ana…", indicator_ids=[indicator.pk]
    )
    evidence.evidence_update(evidence=story, body="Ana, in week one…")
    promised = deliverables.deliverable_create(
        partnership=own,
        organization_id=cast.partner.pk,
        title="Bridge curriculum",
        due_on=date(2026, 3, 1),
    )
    deliverables.deliverable_update(
        deliverable=promised,
        status="delivered",
        delivered_on=date(2026, 2, 27),
        evidence_ids=[story.pk],
    )
    # Evidence (M3): a story tagged to the indicator
    from accord.core.services import save_validated
    from accord.measurement.models import Evidence

    story = save_validated(Evidence(partnership=own, title="A first placement", body="Ana…"))
    story.indicators.add(indicator)
    # Resources (M5): the currency, a pledge changed, a contribution logged and changed
    from accord.measurement import services_resources as resources

    resources.settings_set(partnership=own, currency="EUR")
    pledged = resources.pledge_create(
        partnership=own,
        organization=cast.host,
        kind="financial",
        amount="5000",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    resources.pledge_update(pledge=pledged, description="Summer stipends")
    given = resources.contribution_log(
        pledge=pledged, delivered_on=date(2026, 2, 1), amount="1250.50", evidence=story
    )
    resources.contribution_update(contribution=given, note="First installment")
    # Progress reports (M4): every other member's data approved too, then a report started,
    # written and published
    from accord.partnerships.models import Membership
    from accord.reports import services_progress as progress_reports

    for membership in Membership.objects.current().filter(partnership=own):
        if membership.organization_id == cast.partner.pk:
            continue
        member_data = collection.submission_for(period, membership.organization)
        collection.write_cells(member_data, cells)
        collection.submit(member_data)
        collection.approve(member_data)
    report = progress_reports.report_create(
        partnership=own, period_id=period.pk, audience="internal", created_by=actor
    )
    progress_reports.report_update(report=report, results="Placements began.")
    progress_reports.report_publish(report=report, by=actor)
    # Collaboration survey: an instrument copied and reworded, a named wave answered and closed
    # (an anonymous answer names nobody: test_an_anonymous_survey_answer_names_no_actor)
    instrument = surveys.instrument_copy(instrument=surveys.default_instrument(), name="Ours")
    surveys.item_update(
        item=Item.objects.filter(factor__category__instrument=instrument).first(),
        statement="Reworded.",
    )
    survey = surveys.wave_open(
        partnership=own,
        title="Survey",
        opens_on=date.today(),
        closes_on=date.today(),
        roles=["leader"],
        anonymous=False,
    )
    surveys.answer_submit(wave=survey, person=leader, answers=_survey_answers(survey))
    surveys.wave_close(wave=survey)
    # Digests: one set up and changed by a steward
    digest = digests.digest_create(
        partnership=own,
        by=actor,
        title="Weekly",
        roles=["steward"],
        level="summary",
        frequency="weekly",
    )
    digests.digest_update(digest=digest, level="detailed")
    return membership, role, assessment


def _survey_answers(wave) -> list[dict]:
    items = Item.objects.filter(factor__category__instrument=wave.instrument)
    return [{"item_id": pk, "value": 4} for pk in items.values_list("pk", flat=True)]


def test_anonymous_input_names_no_actor_by_design(cast):
    """The one write in NO_ACTOR: the public form's input, even inside a signed-in request."""
    assert set(NO_ACTOR) == {
        "relationships.services_ledger.input_submit_public",
        "surveys.services.answer_submit",
    }
    ledger.settings_set(partnership=cast.own, ack_days=5, response_days=30, public_form=True)
    with acting_as(cast.users["steward"]):
        item = ledger.input_submit_public(
            partnership=cast.own, subject="Bus", text="No bus.", anonymous=True
        )
        assert current_actor() == cast.users["steward"]  # the block's actor is back after it
    assert item.history.get().history_user_id is None
    assert who_of(item.history.get()) == SYSTEM


def test_an_anonymous_survey_answer_names_no_actor(cast):
    """The survey's write in NO_ACTOR: an anonymous wave's answer, inside the person's request."""
    leader = cast.people["leader"]
    survey = surveys.wave_open(
        partnership=cast.own,
        title="Anonymous",
        opens_on=date.today(),
        closes_on=date.today(),
        roles=["leader"],
    )
    with acting_as(cast.users["leader"]):
        response = surveys.answer_submit(
            wave=survey, person=leader, answers=_survey_answers(survey)
        )
        assert current_actor() == cast.users["leader"]
    assert response.person_id is None
    assert response.history.get().history_user_id is None
    assert who_of(response.history.get()) == SYSTEM
    # The invitation says its person answered: that is their own act, and all it says.
    invitation = survey.invitations.get(person=leader)
    assert invitation.history.latest("history_date").history_user == cast.users["leader"]
    # No partnership page shows an answer's trail (its moment would point to its author).
    assert not [
        e
        for e in history_of(cast.own, cast.users["steward"], limit=500)
        if "An answer" in e.subject
    ]


def _lines(entries) -> list[str]:
    return [f"{e.subject} · {e.action} by {e.who}" for e in entries]


def test_every_write_names_its_actor_and_the_partnership_shows_it(cast):
    actor = cast.users["steward"]
    before = {m: m.history.aggregate(n=Max("history_id"))["n"] or 0 for m in audited_models()}
    with acting_as(actor):
        assert current_actor() == actor
        _, role, _ = every_write(cast, actor)
    assert current_actor() is None
    written = {
        m._meta.label: list(
            m.history.filter(history_id__gt=before[m]).values_list("history_user", flat=True)
        )
        for m in audited_models()
    }
    missing = sorted(label for label, users in written.items() if not users)
    assert missing == [], "No write of these models was made: add a case to every_write"
    anonymous = sorted(label for label, users in written.items() if set(users) != {actor.pk})
    assert anonymous == [], "These writes do not name their actor"

    # The partnership's History: roles given and taken, members joining and leaving, with who.
    steward = actor.display_name
    lines = _lines(history_of(cast.own, cast.users["viewer"], limit=200))
    person = role.person.name
    assert f"Partnership role: {person} as Contributor · Created by {steward}" in lines
    assert f"Partnership role: {person} as Contributor · Archived by {steward}" in lines
    assert f"Membership: Riverside Trust · Created by {steward}" in lines
    assert f"Membership: Riverside Trust · Changed by {steward}" in lines
    # Selecting the assessed candidate makes it a member: that shows too.
    assert f"Membership: Candidate College · Created by {steward}" in lines
    left = next(
        e
        for e in history_of(cast.own, actor, limit=200)
        if e.subject == "Membership: Riverside Trust"
    )
    assert [c.label for c in left.changes] == ["Left on"]


def test_the_partnership_page_shows_a_role_taken(cast, client):
    """Before: History listed only the partnership's own fields; a role taken left no line."""
    client.force_login(cast.users["steward"])
    person = PersonFactory(name="Rosa Role", organization=cast.partner)
    with acting_as(cast.users["steward"]):
        role = partnerships.role_assign(partnership=cast.own, person=person, role="viewer")
        partnerships.role_archive(assignment=role)
    client.force_login(cast.users["viewer"])
    # The page loads its History on demand from the history page (and links to it).
    page = client.get(cast.own.get_absolute_url()).content.decode()
    history_url = reverse("partnerships:history", args=[cast.own.pk])
    assert f'hx-get="{history_url}"' in page[page.index('id="history-heading"') :]
    history = client.get(history_url).content.decode()
    assert "Partnership role: Rosa Role as Viewer" in history
    assert f"Archived</strong> by {cast.users['steward'].display_name}" in history


def test_a_draft_announcement_is_left_out_for_those_who_may_not_read_it(cast):
    from accord.leadership.models import Announcement

    with acting_as(cast.users["leader"]):
        announcements.announcement_create(
            partnership=cast.own,
            title="Not yet",
            body="A draft.",
            author=cast.people["leader"],
            created_by=cast.users["leader"],
        )
    assert Announcement.objects.filter(title="Not yet").exists()
    for_viewer = _lines(history_of(cast.own, cast.users["viewer"]))
    for_writer = _lines(history_of(cast.own, cast.users["leader"]))
    assert not any("Not yet" in line for line in for_viewer)
    assert any("Announcement: Not yet" in line for line in for_writer)


def test_a_long_text_change_reads_word_by_word(cast):
    before = (
        "Eastside residents are at the table from the first plan to the final design. Meetings "
        "are in the evening, with food, childcare and interpreters, in every neighbourhood."
    )
    after = before.replace("childcare and interpreters", "childcare, transport and interpreters")
    with acting_as(cast.users["steward"]):
        partnerships.partnership_update(partnership=cast.own, purpose=before)
        partnerships.partnership_update(partnership=cast.own, purpose=after)
    change = next(c for c in history_of(cast.own, cast.users["steward"])[0].changes)
    assert change.field == "purpose"
    added = [p.text for p in change.pieces if p.kind == "added"]
    removed = [p.text for p in change.pieces if p.kind == "removed"]
    assert (added, removed) == ([", transport"], [])
    shown = "".join(p.text for p in change.pieces)
    assert shown.startswith("…") and "childcare, transport and interpreters" in shown
    assert len(shown) < len(after)


def test_writes_outside_a_request_name_accord_unless_acting_as(cast):
    with acting_as(None):
        partnerships.partnership_update(partnership=cast.own, purpose="Said by nobody.")
    assert history_of(cast.own, cast.users["steward"])[0].who == SYSTEM
    with acting_as(cast.users["steward"].pk):  # a task is given the id of whoever queued it
        partnerships.partnership_update(partnership=cast.own, purpose="Said by the steward.")
    assert history_of(cast.own, cast.users["steward"])[0].who == cast.users["steward"].display_name


def test_the_delivery_task_acts_for_whoever_sent(
    cast, smtp_server, django_capture_on_commit_callbacks
):
    leader = cast.users["leader"]
    with acting_as(leader), django_capture_on_commit_callbacks() as queued:
        found = announcements.announcement_create(
            partnership=cast.own,
            title="Direction",
            body="Two more programs.",
            audience_levels=["staff"],
            author=cast.people["leader"],
            created_by=leader,
        )
        announcements.announcement_send(announcement=found)
    assert current_actor() is None
    for callback in queued:  # the worker runs the task later, outside the sender's request
        callback()
    smtp_server.wait_for(6)
    last = found.history.latest("history_date")
    assert (last.status, last.history_user) == ("sent", leader)
