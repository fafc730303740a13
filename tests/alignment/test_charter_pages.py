"""Charter pages end to end (A2, A3): overview, version, editing with live figures, status moves,
comments with the participation summary, endorsements; plain posts without JavaScript."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.alignment.models import (
    CharterBenefit,
    CharterComment,
    CharterEndorsement,
    CharterValue,
    CharterVersion,
)
from tests.factories import MembershipFactory, PersonFactory, RoleFactory
from tests.matrix.alignment_charter import charter_version

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count()
        for model in (
            CharterVersion,
            CharterValue,
            CharterBenefit,
            CharterComment,
            CharterEndorsement,
        )
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(name, cast, *args, side="own"):
    return reverse(f"alignment:{name}", args=[cast.partnership(side).pk, *args])


def edit_data(version, rows, **extra):
    """The edit form's fields for value rows [(id or None, name, meaning, delete), ...]."""
    data = {
        "vision": version.vision,
        "values-TOTAL_FORMS": str(len(rows)),
        "values-INITIAL_FORMS": str(sum(1 for row in rows if row[0])),
    }
    for index, (pk, name, meaning, delete) in enumerate(rows):
        data |= {
            f"values-{index}-value_id": pk or "",
            f"values-{index}-name": name,
            f"values-{index}-meaning": meaning,
        }
        if delete:
            data[f"values-{index}-DELETE"] = "on"
    return data | extra


class TestOverview:
    def test_without_versions_the_steward_may_start_one(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.get(url("charter", cast))
        assert "No final version yet." in response.text
        assert "Start the first version" in response.text
        crumbs = re.search(r'<ol class="breadcrumb">(.*?)</ol>', response.text, re.S).group(1)
        assert [c.strip() for c in re.findall(r">([^<>]+)</(?:a|li)>", crumbs)] == [
            "Home",
            "Partnerships",
            "Own partnership",
            "Charter",
        ]

    def test_viewer_reads_but_may_not_start(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(url("charter", cast))
        assert response.status_code == 200 and "Start the first version" not in response.text

    def test_shows_who_endorsed_and_who_is_waiting(self, cast, client):
        version = charter_version(cast, "own", "final")
        CharterEndorsement.objects.create(
            version=version, organization=cast.partner, person=cast.people["leader"]
        )
        client.force_login(cast.users["viewer"])
        text = client.get(url("charter", cast)).text
        assert "Not agreed yet." in text and "1 of 2 member organizations has endorsed" in text
        assert "Waiting for Host Society." in text
        assert "by Leader Person on" in text
        assert "The latest final version: version 1" in text and "Students first" in text

    def test_agreed_charter_and_the_working_version(self, cast, client):
        version = charter_version(cast, "own", "final")
        for organization in (cast.host, cast.partner):
            CharterEndorsement.objects.create(
                version=version,
                organization=organization,
                person=PersonFactory(organization=organization),
            )
        charter_version(cast, "own", "open")
        client.force_login(cast.users["stakeholder"])
        text = client.get(url("charter", cast)).text
        assert "<strong>Agreed.</strong> Every member organization (2 of 2)" in text
        assert "The charter as agreed in version 1" in text
        assert "Working version" in text and "Read and comment" in text

    def test_leader_is_offered_the_endorse_form_for_the_latest_final(self, cast, client):
        charter_version(cast, "own", "final")
        client.force_login(cast.users["leader"])
        text = client.get(url("charter", cast)).text
        assert "Endorse for Partner University" in text


class TestVersionPage:
    def test_shows_text_figures_comments_participation_and_history(self, cast, client):
        version = charter_version(cast, "own", "open")
        student = PersonFactory(name="Imani Student", organization=cast.partner, level="student")
        RoleFactory(partnership=cast.own, person=student, role="contributor")
        CharterComment.objects.create(version=version, person=student, body="Pay us fairly.")
        client.force_login(cast.users["viewer"])
        response = client.get(url("charter-version", cast, version.number))
        text = response.text
        assert "Charter, version 1" in text and "Open for comment" in text
        assert "Length and readability" in text and "Reading ease" in text
        assert "Imani Student</strong>, Partner University" in text and "Pay us fairly." in text
        levels = {row.label: row.heard for row in response.context["participation"].levels}
        assert levels["Student"] and not levels["Executive"]
        assert "Not heard from yet" in text
        silent = [p.name for p in response.context["participation"].not_heard_from]
        assert "Steward Person" in silent and "Imani Student" not in silent
        assert "Viewer Person" not in silent  # viewers only read
        assert "History" in text and "Version 1 started" in text
        assert "Your role lets you read this version but not comment on it." in text

    def test_steward_sees_the_moves_with_what_is_missing(self, cast, client):
        version = CharterVersion.objects.create(partnership=cast.own, number=1)
        client.force_login(cast.users["steward"])
        text = client.get(url("charter-version", cast, version.number)).text
        assert "Open for comment" in text and "Write the shared vision first." in text
        assert "Edit this draft" in text

    def test_unknown_version_is_404(self, cast, client):
        client.force_login(cast.users["steward"])
        assert client.get(url("charter-version", cast, 99)).status_code == 404


class TestEditing:
    def test_edit_page_shows_figures_beside_each_text_with_live_updates(self, cast, client):
        version = charter_version(cast, "own", "draft")
        client.force_login(cast.users["project_director"])
        response = client.get(url("charter-edit", cast, version.number))
        text = response.text
        stats_url = url("charter-text-stats", cast)
        assert f'hx-post="{stats_url}"' in text and 'hx-trigger="input changed delay:500ms"' in text
        assert 'id="stats-id_vision"' in text and 'aria-describedby="id_vision_helptext' in text
        assert 'id="stats-id_values-0-meaning"' in text
        assert "Benefits for Host Society" in text and "Benefits for Partner University" in text
        # Without JavaScript the figures are there from the start.
        assert text.count("Reading ease") >= 3

    def test_saving_adds_changes_removes_and_moves_values(self, cast, client):
        version = charter_version(cast, "own", "draft")
        students = version.values.get()
        client.force_login(cast.users["steward"])
        edit = url("charter-edit", cast, version.number)
        rows = [
            (students.pk, "Students first", "We ask students what they need.", False),
            (None, "Respect", "We listen before we plan.", False),
        ]
        response = client.post(edit, edit_data(version, rows), follow=True)
        assert "Version 1 saved." in messages_of(response)
        assert list(version.values.values_list("name", flat=True)) == ["Students first", "Respect"]
        respect = version.values.get(name="Respect")
        rows = [
            (students.pk, "Students first", "We ask students what they need.", False),
            (respect.pk, "Respect", "We listen before we plan.", False),
            (None, "", "", False),
        ]
        response = client.post(edit, edit_data(version, rows, move="1:up"))
        assert response.url.endswith("#values")
        assert list(version.values.values_list("name", flat=True)) == ["Respect", "Students first"]
        rows[0] = (students.pk, "Students first", "", True)
        client.post(edit, edit_data(version, rows))
        assert list(version.values.values_list("name", flat=True)) == ["Respect"]

    def test_value_without_meaning_is_refused_on_its_field(self, cast, client):
        version = charter_version(cast, "own", "draft")
        client.force_login(cast.users["steward"])
        before = counts()
        rows = [(None, "Equity", "", False)]
        response = client.post(url("charter-edit", cast, version.number), edit_data(version, rows))
        assert response.status_code == 200 and counts() == before
        assert "Say what “Equity” means in practice." in response.text
        assert 'id="id_values-0-meaning_error"' in response.text
        assert "The version was not saved" in response.text

    def test_two_values_with_one_name_are_refused(self, cast, client):
        version = charter_version(cast, "own", "draft")
        client.force_login(cast.users["steward"])
        before = counts()
        rows = [(None, "Equity", "One.", False), (None, "equity", "Two.", False)]
        response = client.post(url("charter-edit", cast, version.number), edit_data(version, rows))
        assert "“equity” is named twice." in response.text and counts() == before

    def test_a_stale_page_does_not_overwrite_someone_elses_save(self, cast, client):
        version = charter_version(cast, "own", "draft")
        client.force_login(cast.users["steward"])
        read = version.revision
        CharterVersion.objects.filter(pk=version.pk).update(updated_at=timezone.now())
        data = edit_data(version, [], vision="My change.", read_revision=read)
        response = client.post(url("charter-edit", cast, version.number), data)
        assert "saved this charter version after you opened it" in response.text
        assert "My change." in response.text  # the input is kept
        version.refresh_from_db()
        assert version.vision != "My change."

    def test_an_open_version_is_not_edited(self, cast, client):
        version = charter_version(cast, "own", "open")
        client.force_login(cast.users["steward"])
        response = client.get(url("charter-edit", cast, version.number), follow=True)
        assert "only a draft is edited" in " ".join(messages_of(response))

    def test_live_figures_come_back_as_a_partial(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            url("charter-text-stats", cast),
            {"field": "values-0-meaning", "values-0-meaning": "We ask. We listen. We act."},
            headers={"HX-Request": "true"},
        )
        assert "<html" not in response.text and "<dd>6 in 3 sentences</dd>" in response.text
        empty = client.post(url("charter-text-stats", cast), {"field": "vision"})
        assert "No words yet." in empty.text


class TestStartAndMove:
    def test_starting_a_version_lands_on_its_edit_page(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(url("charter-version-create", cast))
        assert response.url == url("charter-edit", cast, 1)
        again = client.post(url("charter-version-create", cast), follow=True)
        assert any("No new version was started." in m for m in messages_of(again))
        assert CharterVersion.objects.filter(partnership=cast.own).count() == 1

    def test_opening_an_empty_draft_says_what_is_missing(self, cast, client):
        version = CharterVersion.objects.create(partnership=cast.own, number=1)
        client.force_login(cast.users["steward"])
        response = client.post(
            url("charter-status", cast, version.number), {"to": "open"}, follow=True
        )
        (message,) = messages_of(response)
        assert message.startswith("Version 1 was not moved. Write the shared vision first.")
        version.refresh_from_db()
        assert version.status == "draft"

    def test_making_final_and_then_endorsing(self, cast, client):
        version = charter_version(cast, "own", "open")
        client.force_login(cast.users["steward"])
        response = client.post(
            url("charter-status", cast, version.number), {"to": "final"}, follow=True
        )
        assert "Version 1 is final: each member organization can now endorse it." in (
            messages_of(response)
        )
        client.force_login(cast.users["leader"])
        response = client.post(url("charter-endorse", cast, version.number), follow=True)
        assert "You endorsed version 1 for Partner University." in messages_of(response)

    def test_bad_status_is_refused(self, cast, client):
        version = charter_version(cast, "own", "draft")
        client.force_login(cast.users["steward"])
        response = client.post(
            url("charter-status", cast, version.number), {"to": "<b>x"}, follow=True
        )
        assert response.status_code == 200
        assert "Choose draft, open for comment or final." in messages_of(response)


class TestComments:
    def test_plain_post_adds_the_comment_and_returns_to_the_version(self, cast, client):
        version = charter_version(cast, "own", "open")
        client.force_login(cast.users["stakeholder"])
        response = client.post(
            url("charter-comment", cast, version.number), {"body": "Meet in the evenings."}
        )
        assert response.url == version.get_absolute_url() + "#comments"
        comment = CharterComment.objects.get()
        assert comment.person == cast.people["stakeholder"]

    def test_htmx_post_swaps_in_the_discussion(self, cast, client):
        version = charter_version(cast, "own", "open")
        client.force_login(cast.users["contributor"])
        response = client.post(
            url("charter-comment", cast, version.number),
            {"body": "Add childcare."},
            headers={"HX-Request": "true"},
        )
        assert "<html" not in response.text and 'id="discussion"' in response.text
        assert "Contributor Person</strong>, Partner University" in response.text
        assert "Add childcare." in response.text and "Your comment was added." in response.text

    def test_empty_comment_is_refused_on_its_field(self, cast, client):
        version = charter_version(cast, "own", "open")
        client.force_login(cast.users["leader"])
        before = counts()
        response = client.post(url("charter-comment", cast, version.number), {"body": "  "})
        assert response.status_code == 200 and counts() == before
        assert 'id="id_body_error"' in response.text

    def test_comment_on_a_draft_is_refused_with_a_message(self, cast, client):
        version = charter_version(cast, "own", "draft")
        client.force_login(cast.users["leader"])
        address = url("charter-comment", cast, version.number)
        response = client.post(address, {"body": "Hi."}, follow=True)
        assert any("only while a version is open" in m for m in messages_of(response))
        response = client.post(address, {"body": "Hi."}, headers={"HX-Request": "true"})
        assert "<html" not in response.text and "Your comment was not added." in response.text
        assert not CharterComment.objects.exists()

    def test_account_without_a_person_is_told_why(self, cast, client):
        version = charter_version(cast, "own", "open")
        client.force_login(cast.users["admin"])
        page = client.get(url("charter-version", cast, version.number))
        assert "not linked to a person in the directory" in page.text
        response = client.post(url("charter-comment", cast, version.number), {"body": "Hi."})
        assert response.status_code == 403
        assert "not linked to a person in the directory" in response.text
        assert not CharterComment.objects.exists()


class TestEndorsing:
    def test_endorsing_twice_is_answered_with_a_message(self, cast, client):
        version = charter_version(cast, "own", "final")
        client.force_login(cast.users["leader"])
        client.post(url("charter-endorse", cast, version.number))
        client.force_login(cast.users["project_director"])
        response = client.post(url("charter-endorse", cast, version.number), follow=True)
        assert response.status_code == 200
        assert any("already endorsed version 1" in m for m in messages_of(response))
        assert CharterEndorsement.objects.count() == 1

    @pytest.mark.parametrize("status", ["draft", "open"])
    def test_endorsing_a_version_that_is_not_final_is_refused(self, cast, client, status):
        version = charter_version(cast, "own", status)
        client.force_login(cast.users["leader"])
        response = client.post(url("charter-endorse", cast, version.number), follow=True)
        assert any("Only a final version can be endorsed." in m for m in messages_of(response))
        assert not CharterEndorsement.objects.exists()

    def test_endorsing_that_completes_agreement_says_so(self, cast, client):
        version = charter_version(cast, "own", "final")
        CharterEndorsement.objects.create(
            version=version, organization=cast.host, person=PersonFactory(organization=cast.host)
        )
        client.force_login(cast.users["project_director"])
        response = client.post(url("charter-endorse", cast, version.number), follow=True)
        assert "Every member organization has now endorsed it: agreed." in messages_of(response)

    def test_steward_may_not_endorse(self, cast, client):
        version = charter_version(cast, "own", "final")
        client.force_login(cast.users["steward"])
        assert client.post(url("charter-endorse", cast, version.number)).status_code == 403


class TestArchivedPartnership:
    def test_charter_is_read_only(self, cast, client):
        draft = charter_version(cast, "own", "draft")
        cast.own.archived_at = timezone.now()
        cast.own.save()
        client.force_login(cast.users["steward"])
        response = client.get(url("charter-edit", cast, draft.number), follow=True)
        assert "This partnership is archived" in " ".join(messages_of(response))
        assert "Move this version" not in response.text and "Edit this draft" not in response.text
        overview = client.get(url("charter", cast)).text
        assert "Start" not in re.sub(r"<h2.*", "", overview, flags=re.S)  # no start button
        before = counts()
        client.post(url("charter-version-create", cast))
        client.post(url("charter-status", cast, draft.number), {"to": "open"})
        assert counts() == before
        draft.refresh_from_db()
        assert draft.status == "draft"


class TestQueryBudgets:
    """Pages cost the same number of queries with 5 rows and with 50."""

    @staticmethod
    def queries(client, address) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    def test_overview(self, cast, client):
        client.force_login(cast.users["leader"])

        def add(n):
            for _ in range(n):
                membership = MembershipFactory(partnership=cast.own)
                person = PersonFactory(organization=membership.organization)
                version = CharterVersion.objects.get(partnership=cast.own, status="final")
                CharterEndorsement.objects.create(
                    version=version, organization=membership.organization, person=person
                )

        charter_version(cast, "own", "final")
        add(3)
        five = self.queries(client, url("charter", cast))
        add(45)
        assert self.queries(client, url("charter", cast)) == five

    def test_version_page_with_5_and_50_comments(self, cast, client):
        version = charter_version(cast, "own", "open")
        client.force_login(cast.users["steward"])

        def add(n):
            for _ in range(n):
                person = PersonFactory()
                RoleFactory(partnership=cast.own, person=person, role="stakeholder")
                CharterComment.objects.create(version=version, person=person, body="Yes.")
                CharterValue.objects.create(version=version, name=f"V{person.pk}", meaning="M.")

        add(5)
        five = self.queries(client, url("charter-version", cast, version.number))
        add(45)
        assert self.queries(client, url("charter-version", cast, version.number)) == five

    def test_edit_page(self, cast, client):
        version = charter_version(cast, "own", "draft")
        client.force_login(cast.users["steward"])

        def add(n):
            for index in range(n):
                CharterValue.objects.create(version=version, name=f"V{index}-{n}", meaning="M.")
                MembershipFactory(partnership=cast.own)

        add(5)
        five = self.queries(client, url("charter-edit", cast, version.number))
        add(45)
        assert self.queries(client, url("charter-edit", cast, version.number)) == five
