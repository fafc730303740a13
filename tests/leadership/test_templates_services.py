"""MOU templates (L5): the sandbox that renders section text over plain data, and the writes an
administrator makes (sections checked on save, one default, archive, copy, reorder)."""

import pytest
from django.core.exceptions import ValidationError

from accord.leadership.models import MouTemplate, MouTemplateSection
from accord.leadership.mou_context import SAMPLE_CONTEXT, SectionTextError, check_text, render_text
from accord.leadership.queries.templates import default_template
from accord.leadership.services import templates as services
from tests.matrix.leadership_templates import make_template

pytestmark = pytest.mark.django_db


def counts():
    return MouTemplate.objects.count(), MouTemplateSection.objects.count()


class TestSandbox:
    def test_renders_plain_data(self):
        text = "{% for p in parties %}{{ forloop.counter }}. {{ p.name }}\n{% endfor %}"
        assert render_text(text, SAMPLE_CONTEXT).startswith(
            "1. Society of Civil and Environmental Engineers\n2. Carver Heights University"
        )

    def test_output_is_not_html_escaped(self):
        assert render_text("{{ x }}", {"x": "Smith & Sons <Ltd>"}) == "Smith & Sons <Ltd>"

    @pytest.mark.parametrize(
        "text",
        [
            "{% load static %}",
            '{% include "base.html" %}',
            '{% extends "base.html" %}',
            "{% debug %}",
            '{% url "core:home" %}',
            "{% csrf_token %}",
            "{% lorem 1000000 w %}",
        ],
    )
    def test_tags_that_reach_outside_are_refused(self, text):
        problem = check_text(text)
        assert problem and "is not allowed" in problem

    def test_attributes_with_underscores_are_refused(self):
        assert "may not begin with underscores" in check_text("{{ partnership.__class__ }}")

    def test_padding_filters_are_refused(self):
        assert "Invalid filter" in check_text('{{ "x"|center:"1000000000" }}')

    def test_syntax_error_says_what(self):
        assert check_text("{% if %}") == "Unexpected end of expression in if tag."
        with pytest.raises(SectionTextError):
            render_text("{% for x in %}", SAMPLE_CONTEXT)

    def test_default_template_renders_every_section_against_the_sample(self):
        template = default_template()
        assert template is not None and template.sections.count() == 12
        for section in template.sections.all():
            assert check_text(section.body) is None, section.heading


class TestTemplateWrites:
    def test_create_with_sections_makes_keys_from_headings(self):
        template = services.mou_template_create(
            name="Short MOU",
            sections=[
                {"heading": "Who we are", "body": "{{ partnership.title }}"},
                {"heading": "Who we are", "body": "Again."},
            ],
        )
        keys = list(template.sections.order_by("position").values_list("key", flat=True))
        assert keys == ["who-we-are", "who-we-are-2"]

    def test_a_syntax_error_names_the_section_and_writes_nothing(self):
        before = counts()
        with pytest.raises(ValidationError) as refused:
            services.mou_template_create(
                name="Broken",
                sections=[{"heading": "Parties", "body": "{% for party in parties %}"}],
            )
        message = refused.value.message_dict["sections.0.body"][0]
        assert "The text of the section “Parties” has an error" in message
        assert counts() == before

    def test_adding_a_section_that_loads_a_library_is_refused(self):
        template = make_template()
        before = counts()
        with pytest.raises(ValidationError) as refused:
            services.template_section_add(
                template=template, heading="Sneaky", body="{% load static %}{% static 'x' %}"
            )
        assert "“Sneaky”" in refused.value.message_dict["body"][0]
        assert counts() == before

    def test_browser_line_breaks_are_stored_plain(self):
        section = services.template_section_add(
            template=make_template(), heading="Lines", body="One\r\n\r\nTwo"
        )
        assert section.body == "One\n\nTwo"

    def test_one_default_at_a_time(self):
        old = default_template()
        new = make_template()
        services.mou_template_make_default(template=new)
        old.refresh_from_db()
        assert (old.is_default, default_template()) == (False, new)

    def test_the_default_cannot_be_archived(self):
        with pytest.raises(ValidationError) as refused:
            services.mou_template_archive(template=default_template())
        assert "default template cannot be archived" in refused.value.message_dict["is_default"][0]
        assert default_template().archived_at is None

    def test_an_archived_template_keeps_its_sections(self):
        template = make_template()
        services.mou_template_archive(template=template)
        with pytest.raises(ValidationError) as refused:
            services.template_section_add(template=template, heading="More", body="Text.")
        assert "archived" in refused.value.messages[0]
        with pytest.raises(ValidationError):
            services.mou_template_make_default(template=template)

    def test_copy_has_the_same_sections(self):
        template = make_template(sections=3)
        copy = services.mou_template_copy(template=template, name="Copied")
        assert [s.heading for s in copy.sections.order_by("position")] == [
            "Clause 1",
            "Clause 2",
            "Clause 3",
        ]
        assert copy.description == template.description and not copy.is_default

    def test_moving_a_section_renumbers_the_others(self):
        template = make_template(sections=3)
        last = template.sections.get(heading="Clause 3")
        services.template_section_move(section=last, position=1)
        order = list(template.sections.order_by("position").values_list("heading", "position"))
        assert order == [("Clause 3", 1), ("Clause 1", 2), ("Clause 2", 3)]

    def test_deleting_a_section_keeps_its_history(self):
        template = make_template()
        section = template.sections.first()
        pk = section.pk
        services.template_section_delete(section=section)
        assert MouTemplateSection.history.filter(id=pk, history_type="-").exists()
