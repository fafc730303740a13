"""Fixtures of the scorecard's tests."""

import pytest
from django.tasks import default_task_backend


@pytest.fixture
def queue(settings):
    """The tasks the triggers queue, recorded and not run."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend.results
    default_task_backend.clear()
