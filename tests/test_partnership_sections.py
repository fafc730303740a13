"""The partnership navigation: the overview and every pillar page, for those who may see it."""

import pytest
from django.urls import reverse

from accord.core.access import Perm
from accord.partnerships.sections import SECTIONS, Section, register_section, sections_for


@pytest.mark.django_db
class TestSections:
    def test_the_partnership_page_lists_every_section_and_marks_the_overview(self, cast, client):
        client.force_login(cast.users["viewer"])
        html = client.get(reverse("partnerships:detail", args=[cast.own.pk])).content.decode()
        for section in SECTIONS.values():
            if section.permission == Perm.VIEW:  # the viewer's sections; the others are hidden
                assert reverse(section.url_name, args=[cast.own.pk]) in html
        assert 'aria-current="page">Overview</a>' in html

    def test_a_section_needing_a_permission_is_hidden_from_those_without_it(self, cast):
        register_section(
            Section("test-only", "Steward tools", "partnerships:edit", 999, Perm.ARCHIVE)
        )
        try:
            keys = [s.key for s in sections_for(cast.own, {Perm.VIEW})]
            assert "test-only" not in keys
            keys = [s.key for s in sections_for(cast.own, {Perm.VIEW, Perm.ARCHIVE})]
            assert keys[-1] == "test-only"
        finally:
            SECTIONS.pop("test-only")

    def test_overview_comes_first(self, cast):
        assert sections_for(cast.own, {Perm.VIEW})[0].key == "overview"
