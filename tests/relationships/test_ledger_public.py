"""The public input form (R6): 404 while the form is off; anonymous input
leaves no identity, IP address or actor in any table; a honeypot, a rate limit and bad input
write nothing (the public page: test_ledger_public_page.py)."""

import pytest
from django.db import connection

from accord.relationships import services_ledger as services
from accord.relationships.models import Input
from tests.relationships.ledger import counts, form_on, form_url

pytestmark = pytest.mark.django_db
IP = "203.0.113.77"


def post(client, partnership, ip=IP, **values):
    data = {"subject": "Bus", "text": "No bus on Saturdays.", "anonymous": "on", **values}
    return client.post(form_url(partnership), data, REMOTE_ADDR=ip)


def every_text_in_the_database() -> str:
    """Every row of every table, as text: what an identity or address could hide in."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


class TestForm:
    def test_off_is_not_found_for_everyone(self, cast, client):
        assert client.get(form_url(cast.own)).status_code == 404
        assert post(client, cast.own).status_code == 404
        client.force_login(cast.users["steward"])
        assert client.get(form_url(cast.own)).status_code == 404
        assert Input.objects.count() == 0

    def test_on_it_says_what_anonymous_means(self, cast, client):
        form_on(cast.own, form_question="How could the bus work better?")
        page = client.get(form_url(cast.own)).content.decode()
        assert "How could the bus work better?" in page and cast.own.title in page
        assert "no name, no e-mail and no IP address" in page

    def test_anonymous_input_leaves_no_identity_address_or_actor(self, cast, client):
        form_on(cast.own)
        client.force_login(cast.users["leader"])  # even a signed-in visitor is not recorded
        answer = post(client, cast.own, subject="Childcare", text="Is there childcare?")
        assert answer.status_code == 200 and b"your input is sent" in answer.content
        item = Input.objects.get()
        assert item.anonymous and item.source == "public_form"
        assert (item.person, item.organization, item.name, item.email) == (None, None, "", "")
        history = item.history.get()
        assert history.history_user_id is None
        assert (history.person_id, history.name, history.email) == (None, "", "")
        everything = every_text_in_the_database()
        assert IP not in everything
        # Leader's account appears elsewhere (their user row), never with the input.
        for row in (item, history):
            assert "Leader" not in repr(row.__dict__)

    def test_identified_public_input_keeps_the_name_given(self, cast, client):
        form_on(cast.own)
        post(client, cast.own, anonymous="", name="Dana Brooks", email="dana@example.org")
        item = Input.objects.get()
        assert (item.anonymous, item.name, item.email) == (False, "Dana Brooks", "dana@example.org")
        assert item.history.get().history_user_id is None

    @pytest.mark.parametrize(
        ("values", "field", "message"),
        [
            ({"subject": "x" * 201}, "Subject", "Keep the subject under 200 characters"),
            ({"text": "x" * (services.MAX_TEXT + 1)}, "Your input", "Keep the input under"),
            ({"text": ""}, "Your input", "Write the input"),
            ({"anonymous": "", "name": ""}, "Your name", "Give your name, or choose"),
            ({"anonymous": "", "name": "A", "email": "not-mail"}, "Your e-mail", "Give an e-mail"),
            ({"subject": "Bus\x00"}, "Subject", "Null characters are not allowed"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(
        self, cast, client, values, field, message
    ):
        form_on(cast.own)
        before = counts()
        answer = post(client, cast.own, **values)
        assert answer.status_code == 422
        page = answer.content.decode()
        assert "Nothing was sent" in page and f"{field}:" in page and message in page
        assert counts() == before

    def test_a_body_over_the_request_limit_is_refused_and_writes_nothing(
        self, cast, client, settings
    ):
        form_on(cast.own)
        answer = post(client, cast.own, text="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
        assert answer.status_code == 400
        assert Input.objects.count() == 0

    def test_a_filled_honeypot_writes_nothing(self, cast, client):
        form_on(cast.own)
        answer = post(client, cast.own, website="http://spam.example")
        assert answer.status_code == 200 and b"your input is sent" in answer.content
        assert Input.objects.count() == 0

    def test_the_rate_limit_answers_429_and_writes_nothing(self, cast, client, settings):
        settings.ACCORD_PUBLIC_INPUT_LIMIT = 2
        form_on(cast.own)
        assert post(client, cast.own).status_code == 200
        assert post(client, cast.own).status_code == 200
        limited = post(client, cast.own)
        assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
        assert b"Too many submissions from your address" in limited.content
        assert Input.objects.count() == 2
        assert post(client, cast.own, ip="198.51.100.9").status_code == 200  # another address

    def test_an_archived_partnership_has_no_form(self, cast, client):
        form_on(cast.own)
        cast.own.archived_at = cast.own.created_at
        cast.own.save()
        assert client.get(form_url(cast.own)).status_code == 404
