"""MOU template pages (L5): everyone signed in reads; platform administrators create, edit,
reorder, copy, archive and choose the default; a syntax error in a section is a field error that
names the section, and nothing is written."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.leadership.models import MouTemplate, MouTemplateSection
from accord.leadership.queries.templates import default_template
from tests.matrix.leadership_templates import make_template

pytestmark = pytest.mark.django_db


def counts():
    return MouTemplate.objects.count(), MouTemplateSection.objects.count()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


class TestReading:
    def test_everyone_signed_in_reads_the_default_template(self, cast, client):
        client.force_login(cast.users["outsider"])
        text = client.get(reverse("leadership:mou-template-list")).text
        assert "Accord standard memorandum of understanding" in text and "Default" in text
        assert "New template" not in text
        template = default_template()
        text = client.get(reverse("leadership:mou-template-detail", args=[template.pk])).text
        assert "12. Signatures" in text and "{{ partnership.title }}" in text
        assert "Read it filled in with example data" in text
        assert "Bridges to Civil Engineering Careers" in text  # the sample data, filled in
        assert "History" in text and "Edit<span" not in text

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(reverse("leadership:mou-template-list"))
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]

    def test_list_query_budget(self, cast, client):
        client.force_login(cast.users["admin"])

        def cost(n):
            for _ in range(MouTemplate.objects.count(), n):
                make_template(sections=1)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("leadership:mou-template-list")).status_code == 200
            return len(captured)

        assert cost(5) == cost(50)


class TestWriting:
    def test_admin_adds_a_section_with_a_syntax_error_and_is_told_which(self, cast, client):
        template = make_template()
        client.force_login(cast.users["admin"])
        before = counts()
        response = client.post(
            reverse("leadership:mou-template-section-add", args=[template.pk]),
            {"heading": "Publicity", "body": "{% if partnership.title %}Unclosed"},
        )
        assert response.status_code == 200
        assert 'id="id_body_error"' in response.text
        assert "The text of the section “Publicity” has an error" in response.text
        assert counts() == before

    def test_admin_creates_a_template_and_moves_sections(self, cast, client):
        client.force_login(cast.users["admin"])
        response = client.post(
            reverse("leadership:mou-template-create"),
            {"name": "Short form", "description": "Two clauses."},
            follow=True,
        )
        template = MouTemplate.objects.get(name="Short form")
        assert any("Now add its sections" in m for m in messages_of(response))
        for heading in ("First", "Second"):
            client.post(
                reverse("leadership:mou-template-section-add", args=[template.pk]),
                {"heading": heading, "body": f"{heading} clause of {{{{ partnership.title }}}}."},
            )
        second = template.sections.get(heading="Second")
        client.post(
            reverse("leadership:mou-template-section-move", args=[template.pk, second.pk]),
            {"direction": "up"},
        )
        assert list(template.sections.order_by("position").values_list("heading", flat=True)) == [
            "Second",
            "First",
        ]
        response = client.post(
            reverse("leadership:mou-template-section-move", args=[template.pk, second.pk]),
            {"direction": "sideways"},
            follow=True,
        )
        assert any("choose up or down" in m for m in messages_of(response))

    def test_archiving_the_default_is_refused(self, cast, client):
        client.force_login(cast.users["admin"])
        template = default_template()
        response = client.post(
            reverse("leadership:mou-template-archive", args=[template.pk]), follow=True
        )
        assert any("The default template cannot be archived" in m for m in messages_of(response))
        template.refresh_from_db()
        assert template.archived_at is None

    def test_a_steward_may_not_change_templates(self, cast, client):
        client.force_login(cast.users["steward"])
        template = make_template()
        before = counts()
        for name, data in (
            ("mou-template-edit", {"name": "X"}),
            ("mou-template-section-add", {"heading": "X", "body": "X"}),
            ("mou-template-archive", {}),
        ):
            response = client.post(reverse(f"leadership:{name}", args=[template.pk]), data)
            assert response.status_code == 403, name
        assert counts() == before
