"""`{% pure %}` (accord/core/templatetags/fragments.py): parts of a page rendered once for the
values they are given, never stale, never another user's CSRF token."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.template import Context, Template
from django.test import Client
from django.urls import reverse, set_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe

from accord.accounts.notifications import notify
from accord.core.templatetags import fragments
from accord.directory.models import Person
from tests.factories import PersonFactory, RoleFactory


def render(source: str, **values) -> str:
    return Template("{% load fragments %}" + source).render(Context(values))


def context(**values) -> Context:
    """As a page's context: with a CSRF token."""
    return Context({"csrf_token": "readers-token", **values})


@dataclass(frozen=True)
class Row:
    name: str
    count: int


@dataclass
class Box:
    items: list


class TestTheTag:
    def test_the_body_sees_only_the_values_named(self):
        source = "{% pure name=who %}[{{ name }}|{{ outside }}|{{ who }}]{% endpure %}"
        assert render(source, who="Ada", outside="page") == "[Ada||]"

    def test_equal_values_are_rendered_once(self, monkeypatch):
        rendered = []
        original = fragments.PureNode._render

        def counted(node, *args):
            rendered.append(args[1])
            return original(node, *args)

        monkeypatch.setattr(fragments.PureNode, "_render", counted)
        template = Template(
            "{% load fragments %}{% pure rows=rows %}{{ rows|length }}{% endpure %}"
        )
        for _ in range(3):
            assert template.render(context(rows=(Row("a", 1),))) == "1"
        assert template.render(context(rows=(Row("a", 1), Row("b", 2)))) == "2"
        assert len(rendered) == 2

    def test_a_change_of_any_value_renders_again(self):
        loop = "{% for row in rows %}{{ row.name }}={{ row.count }};{% endfor %}"
        template = Template("{% load fragments %}{% pure rows=rows %}" + loop + "{% endpure %}")
        first = (Row("a", 1), Row("b", 2))
        assert template.render(context(**{"rows": first})) == "a=1;b=2;"
        assert template.render(context(**{"rows": (Row("a", 1), Row("b", 3))})) == "a=1;b=3;"
        # Mutable containers are read through too: the same box with another item is another key.
        box = Box(items=["x"])
        joined = "{{ box.items|join:',' }}"
        boxed = Template("{% load fragments %}{% pure box=box %}" + joined + "{% endpure %}")
        assert boxed.render(context(**{"box": box})) == "x"
        box.items.append("y")
        assert boxed.render(context(**{"box": box})) == "x,y"

    @pytest.mark.parametrize(
        ("one", "other"),
        [(1, True), (1, 1.0), ("<b>", mark_safe("<b>")), (0, False)],
    )
    def test_equal_values_that_show_differently_are_other_keys(self, one, other):
        template = Template("{% load fragments %}{% pure value=value %}{{ value }}{% endpure %}")
        shown = template.render(context(value=one))
        assert shown == Template("{{ value }}").render(Context({"value": one}))
        assert template.render(context(value=other)) == Template("{{ value }}").render(
            Context({"value": other})
        )

    def test_the_same_instant_on_two_clocks_is_two_keys(self):
        template = Template(
            "{% load fragments %}{% pure when=when %}{{ when|date:'H:i' }} ({{ when.tzinfo }})"
            "{% endpure %}"
        )
        instant = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
        with timezone.override("UTC"):
            assert template.render(context(**{"when": instant})) == "12:00 (UTC)"
            paris = instant.astimezone(ZoneInfo("Europe/Paris"))  # equal to `instant`
            assert template.render(context(**{"when": paris})) == "12:00 (Europe/Paris)"
        # The active time zone is part of the key: the part shows the reader's clock.
        with timezone.override("Asia/Tokyo"):
            assert template.render(context(**{"when": instant})) == "21:00 (UTC)"

    @pytest.mark.django_db
    def test_a_model_instance_is_refused(self):
        person = PersonFactory()
        with pytest.raises(TypeError, match="Person"):
            render("{% pure person=person %}{{ person.name }}{% endpure %}", person=person)

    def test_memory_holds_at_most_its_bound(self, monkeypatch):
        memory = fragments._Memory(3)
        monkeypatch.setattr(fragments, "MEMORY", memory)
        template = Template("{% load fragments %}{% pure n=n %}{{ n }}{% endpure %}")
        for n in range(10):
            assert template.render(context(n=n)) == str(n)
        assert len(memory) == 3

    def test_a_part_without_a_token_renders_as_csrf_token_would(self):
        template = Template(
            "{% load fragments %}{% pure n=n %}<form>{% csrf_token %}</form>{% endpure %}"
        )
        field = '<input type="hidden" name="csrfmiddlewaretoken" value="readers-token">'
        assert template.render(context(n=1)) == f"<form>{field}</form>"
        # The same part, from memory, for a mail or a PDF rendered without a token.
        assert template.render(Context({"n": 1})) == "<form></form>"


def tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


@pytest.mark.django_db
class TestThePartnershipPage:
    def test_every_part_carries_the_readers_own_token(self, cast):
        """The roles table's forms come from memory for the second reader: with their token."""
        url = reverse("partnerships:detail", args=[cast.own.pk])
        pages = {}
        for name in ("steward", "admin"):
            client = Client(enforce_csrf_checks=True)
            client.force_login(cast.users[name])
            response = client.get(url)
            secret = response.wsgi_request.META["CSRF_COOKIE"]
            found = tokens(response.text)
            assert len(found) > 3  # the roles' and members' forms, sign out
            assert {_unmask_cipher_token(token) for token in found} == {secret}
            assert fragments._CSRF_STAND_IN not in response.text
            pages[name] = (client, found)
        # A form taken from memory posts: the admin takes the viewer's role away with its token.
        client, found = pages["admin"]
        remove = reverse("partnerships:role-remove", args=[cast.own.pk, cast.own_role.pk])
        response = client.post(remove, {"csrfmiddlewaretoken": found[-1]})
        assert response.status_code == 302

    def test_a_renamed_person_shows_at_once(self, cast, client):
        """The roles table is a part kept in memory: a change to a row is another key."""
        url = reverse("partnerships:detail", args=[cast.own.pk])
        client.force_login(cast.users["steward"])
        person = PersonFactory(name="Grace Before", organization=cast.partner)
        RoleFactory(partnership=cast.own, person=person, role="viewer")
        assert "Grace Before" in client.get(url).text
        Person.objects.filter(pk=person.pk).update(name="Grace After")
        page = client.get(url).text
        assert "Grace After" in page and "Grace Before" not in page

    def test_from_memory_the_page_is_the_same(self, cast, client):
        url = reverse("partnerships:detail", args=[cast.own.pk])
        client.force_login(cast.users["steward"])
        fragments.MEMORY.clear()
        first, second = client.get(url).text, client.get(url).text
        assert len(fragments.MEMORY) >= 5  # sections, card, members, working together, roles...
        strip = re.compile(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"')
        assert strip.sub("", first) == strip.sub("", second)


class TestLinks:
    def test_the_prefix_the_site_is_mounted_at_is_part_of_the_key(self):
        template = Template(
            "{% load fragments paths %}{% pure n=n %}{% path 'partnerships:list' %}{% endpure %}"
        )
        try:
            set_script_prefix("/accord/")
            assert template.render(context(n=1)) == "/accord/partnerships/"
            set_script_prefix("/")
            assert template.render(context(n=1)) == "/partnerships/"
        finally:
            set_script_prefix("/")


NAV_ITEM = re.compile(r'<a class="nav-link active" aria-current="page" href="[^"]*">(\w[\w ]*)')


@pytest.mark.django_db
class TestTheNavigation:
    """base.html's navigation is a part rendered once per item and user."""

    @pytest.mark.parametrize(
        ("url", "item"),
        [
            ("partnerships:list", "Partnerships"),
            ("directory:organization-list", "Organizations"),
            ("directory:person-list", "People"),
            ("evaluation:portfolio", "Portfolio"),
            ("alignment:rubric-list", "Rubrics"),
            ("leadership:mou-template-list", "MOU templates"),
            ("accounts:notifications", "Notifications"),
            ("core:home", None),
        ],
    )
    def test_the_item_of_the_page_is_marked(self, cast, client, url, item):
        client.force_login(cast.users["admin"])
        marked = NAV_ITEM.findall(client.get(reverse(url)).text)
        assert marked == ([item] if item else [])

    def test_the_partnership_page_marks_partnerships(self, cast, client):
        client.force_login(cast.users["steward"])
        page = client.get(reverse("partnerships:detail", args=[cast.own.pk])).text
        assert NAV_ITEM.findall(page) == ["Partnerships"]
        assert "Rubrics" not in page  # an administrator's items only

    def test_the_unread_count_and_the_name_follow_each_change(self, cast, client):
        user = cast.users["viewer"]
        client.force_login(user)
        home = reverse("core:home")
        badge = re.compile(r">Notifications <span class=\"badge[^>]*>(\d+)<")
        assert not badge.search(client.get(home).text)
        notify(user=user, kind="reminder", title="One", url="/partnerships/", email=False)
        assert badge.search(client.get(home).text).group(1) == "1"
        notify(user=user, kind="reminder", title="Two", url="/partnerships/", email=False)
        assert badge.search(client.get(home).text).group(1) == "2"
        user.first_name, user.last_name = "Vera", "Viewer-Renamed"
        user.save()
        assert "Vera Viewer-Renamed" in client.get(home).text
