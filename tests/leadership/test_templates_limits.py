"""Limits on MOU template text (L5): text an administrator writes is filled in within a time and
a size (ACCORD_MOU_RENDER_SECONDS, ACCORD_MOU_RENDER_MAX_CHARS). Hostile text is refused with a
plain message when the template is saved (page, API) and when a draft is made; it never hangs a
worker or fills its memory."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.leadership.models import Mou, MouTemplate, MouTemplateSection
from accord.leadership.mou_context import SAMPLE_CONTEXT, check_text, render_text
from accord.leadership.services.templates import mou_template_create, template_section_add
from tests.matrix.leadership_mous import drafted
from tests.matrix.leadership_templates import make_template

pytestmark = pytest.mark.django_db

SECONDS = 0.3  # the time limit in these tests
TOO_SLOW = "took longer than 0.3 seconds, the limit"
TOO_LONG = "would be longer than 1,000,000 characters, the limit"
TOO_WIDE = "allows widths and decimal places up to 1,000"
PURPOSE = "partnership.purpose"  # about 60 characters in the sample data


def loops(depth: int, body: str) -> str:
    return ("{% for x in " + PURPOSE + " %}") * depth + body + "{% endfor %}" * depth


def doubling(times: int) -> str:
    withs = "".join(f"{{% with a{n + 1}=a{n}|add:a{n} %}}" for n in range(times))
    return (
        withs.replace("a0", "partnership.title")
        + f"{{{{ a{times}|length }}}}"
        + ("{% endwith %}" * times)
    )


HOSTILE = {
    # 60 ** 6 turns of a loop that writes nothing: only the clock stops it.
    "loops in loops": (loops(6, ""), TOO_SLOW),
    # 60 ** 4 turns that each write the purpose: 800 million characters.
    "loops that write": (loops(4, "{{ " + PURPOSE + " }}"), TOO_LONG),
    # Python would build a 2 GB string in one step.
    "a huge width": ('{{ partnership.title|stringformat:"2000000000s" }}', TOO_WIDE),
    "huge decimal places": ('{{ 1.5|floatformat:"50000000" }}', TOO_WIDE),
    # Each `with` doubles the title: 36 characters times 2 ** 40.
    "doubling": (doubling(40), TOO_LONG),
    # Joining a text's letters with the text itself squares its length, twice.
    "join squared": (
        "{% with s=partnership.purpose|make_list|join:partnership.purpose %}"
        "{{ s|make_list|join:s|length }}{% endwith %}",
        TOO_LONG,
    ),
    "deep nesting": ("{% if 1 %}" * 3000 + "x" + "{% endif %}" * 3000, "nests tags too deeply"),
}


@pytest.fixture(autouse=True)
def short_time_limit(settings):
    settings.ACCORD_MOU_RENDER_SECONDS = SECONDS


def counts():
    return MouTemplate.objects.count(), MouTemplateSection.objects.count(), Mou.objects.count()


class TestHostileText:
    @pytest.mark.parametrize("name", HOSTILE)
    def test_is_refused_quickly_with_a_plain_message(self, name):
        text, expected = HOSTILE[name]
        start = time.thread_time()
        problem = check_text(text)
        spent = time.thread_time() - start  # CPU time, as the limit counts it (unlimited: minutes)
        assert problem is not None and expected in problem, problem
        assert spent < SECONDS + 1

    def test_a_method_that_empties_a_list_changes_nothing_for_later_text(self):
        assert check_text("{{ parties.clear }}{{ commitments.pop }}") is None
        assert render_text("{{ parties|length }} {{ commitments|length }}", SAMPLE_CONTEXT) == (
            "2 1"
        )

    def test_ordinary_formatting_still_works(self):
        text = '{{ 3.14159|floatformat:2 }} {{ 7|stringformat:"03d" }} {{ parties|join:", " }}'
        assert render_text(text, {"parties": ["A", "B"]}) == "3.14 007 A, B"
        text = "{% for p in parties reversed %}{{ p }}{% endfor %}"
        assert render_text(text, {"parties": ["A", "B"]}) == "BA"


class TestSavingIsRefused:
    def test_by_the_service_naming_the_section(self, cast):
        template = make_template()
        before = counts()
        with pytest.raises(ValidationError) as refused:
            template_section_add(template=template, heading="Annex", body=HOSTILE["doubling"][0])
        message = refused.value.message_dict["body"][0]
        assert message.startswith("The text of the section “Annex” has an error: Filled in,")
        assert counts() == before

    def test_on_the_page(self, cast, client):
        template = make_template()
        client.force_login(cast.users["admin"])
        before = counts()
        response = client.post(
            reverse("leadership:mou-template-section-add", args=[template.pk]),
            {"heading": "Annex", "body": HOSTILE["loops in loops"][0]},
        )
        assert response.status_code == 200
        assert 'id="id_body_error"' in response.text
        assert TOO_SLOW in response.text
        assert counts() == before

    def test_by_the_api_naming_the_field(self, cast, client):
        client.force_login(cast.users["admin"])
        before = counts()
        response = client.post(
            "/api/v1/mou-templates",
            {
                "name": "Hostile",
                "sections": [{"heading": "Wide", "body": HOSTILE["a huge width"][0]}],
            },
            content_type="application/json",
        )
        assert response.status_code == 422
        (error,) = response.json()["errors"]
        assert error["field"] == "sections.0.body" and TOO_WIDE in error["message"]
        assert counts() == before


class TestDraftingIsRefused:
    def test_a_draft_past_the_size_limit_names_the_section(self, cast, settings):
        # Twenty purposes: about 1,200 characters with the sample data, so saving passes; the
        # partnership's own purpose is longer, and two such sections pass 2,000 together.
        settings.ACCORD_MOU_RENDER_MAX_CHARS = 2000
        body = "{{ partnership.purpose }}" * 20
        sections = [{"heading": "One", "body": body}, {"heading": "Two", "body": body}]
        template = mou_template_create(name="Long", sections=sections)
        before = counts()
        with pytest.raises(ValidationError) as refused:
            drafted(cast, template=template)
        assert refused.value.messages[0] == (
            "The template section “Two” could not be filled in: Filled in, the text would be "
            "longer than 2,000 characters, the limit. Loops or filters that repeat text are the "
            "usual cause."
        )
        assert counts() == before

    def test_the_default_template_drafts_well_within_the_limits(self, cast):
        version = drafted(cast)
        assert version.sections.count() == 12
