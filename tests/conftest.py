"""Shared test setup: fast hashing, tasks run inline, and the people every permission test uses."""

import os

import pytest

from tests.factories import (
    PASSWORD,  # noqa: F401
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)
from tests.smtp import smtp_server  # noqa: F401

# pytester runs pytest on small example modules (tests/test_module_time.py); module_time fails a
# run in which one test module takes more than 60 s on its own.
pytest_plugins = ["pytester", "tests.module_time"]


def pytest_unconfigure(config):
    import shutil

    from django.conf import settings

    if "accord-test-media-" in str(getattr(settings, "MEDIA_ROOT", "")):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    """Tests of what only PostgreSQL does belong to the PostgreSQL pass: not collected on SQLite
    (deselected, never skipped)."""
    if on_postgresql():
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Django is set up before this hook, and a task defined in a module imported then (through
    # an admin module) has already read TASKS: have the task backends read it again.
    from django.core.signals import setting_changed

    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    # Uploaded and generated files (MOU PDFs) go to a folder of this test run, not to var/media.
    import tempfile

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="accord-test-media-")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Playwright's sync API runs an event loop; Django must allow ORM calls from live_server tests.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class Cast:
    """Two partnerships and one user per role in the first: the matrix every access test uses.

    `own` is the partnership the role-holders belong to; `other` is a partnership none of them
    belongs to (its own steward is `other_steward`).
    """

    ROLES = ("viewer", "stakeholder", "contributor", "leader", "project_director", "steward")

    def __init__(self):
        self.host = OrganizationFactory(
            name="Host Society", kind="internal", subtype="professional_society"
        )
        self.partner = OrganizationFactory(name="Partner University", subtype="university")
        self.own = PartnershipFactory(title="Own partnership")
        self.other = PartnershipFactory(title="Other partnership")
        self.own_membership = MembershipFactory(
            partnership=self.own, organization=self.host, kind="host"
        )
        self.partner_membership = MembershipFactory(partnership=self.own, organization=self.partner)
        self.other_membership = MembershipFactory(
            partnership=self.other, organization=self.partner, kind="host"
        )
        self.users = {}
        self.people = {}
        for role in self.ROLES:
            user = UserFactory(username=role)
            person = PersonFactory(
                name=f"{role.replace('_', ' ').title()} Person",
                organization=self.partner,
                user=user,
            )
            RoleFactory(partnership=self.own, person=person, role=role)
            self.users[role] = user
            self.people[role] = person
        self.users["outsider"] = UserFactory(username="outsider")
        self.people["outsider"] = PersonFactory(
            name="Outsider Person", organization=self.partner, user=self.users["outsider"]
        )
        self.users["admin"] = UserFactory(username="admin", is_superuser=True, is_staff=True)
        other_steward = UserFactory(username="other_steward")
        self.people["other_steward"] = PersonFactory(
            name="Other Steward", organization=self.partner, user=other_steward
        )
        RoleFactory(partnership=self.other, person=self.people["other_steward"], role="steward")
        self.users["other_steward"] = other_steward
        self.other_role = self.other.roles.get()
        self.own_role = self.own.roles.get(role="viewer")

    # Objects on each side of the matrix: "own" (the actors' partnership) or "other".
    def partnership(self, side: str):
        return self.own if side == "own" else self.other

    def membership(self, side: str):
        return self.partner_membership if side == "own" else self.other_membership

    def role_assignment(self, side: str):
        return self.own_role if side == "own" else self.other_role


@pytest.fixture(scope="class")
def cast(django_db_setup, django_db_blocker):
    """The shared cast, built once per test class (module-level tests get one per class too)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield Cast()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True, scope="session")
def _openapi_schema_built_once():
    """The API's OpenAPI schema, built once per test process (about a second each time).

    The routes do not change while the tests run, so every request for /api/v1/openapi.json and
    every test that reads `api.get_openapi_schema()` gets a copy of the first one built for the
    same arguments; a copy, so that no test can change what the next one reads.
    """
    import copy

    from accord.api import api

    build = api.get_openapi_schema
    built = {}

    def get_openapi_schema(**kwargs):
        key = repr(sorted(kwargs.items()))
        if key not in built:
            built[key] = build(**kwargs)
        return copy.deepcopy(built[key])

    api.get_openapi_schema = get_openapi_schema
    yield
    del api.get_openapi_schema


# Rows that data migrations write (the default rubric, the default MOU template). A transactional
# test ends by emptying every table, so the tests after it would find them gone: put them back.
MIGRATION_DATA = [
    ("accord.alignment.migrations.0002_default_rubric", "create_default_rubric"),
    ("accord.leadership.migrations.0002_default_mou_template", "create_default_template"),
    ("accord.surveys.migrations.0002_default_instrument", "create_default_instrument"),
]


@pytest.fixture(autouse=True)
def _data_from_migrations(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    for module, function in MIGRATION_DATA:
        # Each function is idempotent: it writes nothing when its row is already there.
        getattr(importlib.import_module(module), function)(apps, None)
