"""MOU PDFs are rendered by the task worker and stored; a request serves the stored file (L5).

The tasks go to the database queue, as in production, and `accord worker`'s own steps run them
in this process (accord/core/worker.py), so that a request is seen while a PDF is still being
rendered. Renders are counted by wrapping WeasyPrint's layout (`rendering._render`) with a
counter: the real function still runs.
"""

import hashlib

import pytest
from django_tasks_db.models import DBTaskResult

from accord.leadership import rendering
from accord.leadership.models import MouVersion
from accord.leadership.services import mous as mou_services
from accord.leadership.services import pdfs
from tests.matrix.leadership_mous import make_mou
from tests.test_worker import make_worker

pytestmark = pytest.mark.django_db
API = "/api/v1/partnerships"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def queue(settings, tmp_path):
    """Tasks wait in the database queue until the worker runs them (the other tests run them
    inline); files go to a folder of this test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def renders(monkeypatch):
    """How many times WeasyPrint laid a document out (the real layout runs)."""
    calls = []
    real = rendering._render

    def counted(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(rendering, "_render", counted)
    return calls


def run_worker() -> list[DBTaskResult]:
    """Run every queued task with the worker's own steps (claim, run, record); the tasks as
    recorded."""
    worker = make_worker()
    while worker.step():
        pass
    return list(DBTaskResult.objects.order_by("enqueued_at", "id"))


def page(name: str, version: MouVersion) -> str:
    from django.urls import reverse

    mou = version.mou
    return reverse(f"leadership:{name}", args=[mou.partnership_id, mou.pk, version.number])


def api(version: MouVersion, path: str) -> str:
    mou = version.mou
    return f"{API}/{mou.partnership_id}/mous/{mou.pk}/versions/{version.number}{path}"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def stored_files(tmp_path) -> list[str]:
    return sorted(p.name for p in tmp_path.rglob("*.pdf"))


class TestDraftPdf:
    def test_the_request_waits_for_the_worker_then_serves_the_stored_file(
        self, cast, client, renders, tmp_path
    ):
        version = make_mou(cast, "own", "draft")
        client.force_login(cast.users["viewer"])
        waiting = client.get(page("mou-pdf", version))
        # The page says it is being prepared and asks again with htmx; nothing was rendered.
        assert waiting.status_code == 200 and waiting["Content-Type"].startswith("text/html")
        assert 'hx-trigger="every 2s"' in waiting.text
        assert "Accord is preparing the draft PDF" in waiting.text
        assert renders == []
        assert DBTaskResult.objects.filter(status="READY").count() == 1

        # The polling fragment: still waiting, and asking does not queue the task again.
        fragment = client.get(page("mou-pdf", version), **HTMX)
        assert fragment.status_code == 200 and "<html" not in fragment.text
        assert 'hx-trigger="every 2s"' in fragment.text
        assert DBTaskResult.objects.count() == 1

        [task] = run_worker()
        assert task.status == "SUCCESSFUL" and task.return_value == "stored"
        assert len(renders) == 1
        version.refresh_from_db()
        stored = rendering.read_stored(version.preview)
        assert stored.startswith(b"%PDF-")
        assert version.preview_sha256 == hashlib.sha256(stored).hexdigest()

        # Ready: the fragment offers the download and stops asking.
        fragment = client.get(page("mou-pdf", version), **HTMX)
        assert "Download the draft PDF" in fragment.text and "hx-trigger" not in fragment.text
        # A request for the PDF serves the stored bytes; it renders nothing and queues nothing.
        response = client.get(page("mou-pdf", version))
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert body(response) == stored
        assert len(renders) == 1 and DBTaskResult.objects.count() == 1

    def test_an_edit_queues_the_new_text_and_the_old_file_is_no_longer_served(
        self, cast, client, renders, django_capture_on_commit_callbacks
    ):
        version = make_mou(cast, "own", "draft")
        pdfs.queue_preview(version.pk, pdfs.preview_html(version)[1])
        run_worker()
        section = version.sections.get(key="purpose")
        with django_capture_on_commit_callbacks(execute=True):
            mou_services.mou_section_update(
                section=section, heading="Purpose", body="A new purpose.", user=None
            )
        # The edit queued the rendering of the new text once it committed.
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        client.force_login(cast.users["viewer"])
        response = client.get(page("mou-pdf", version), **HTMX)
        assert 'hx-trigger="every 2s"' in response.text  # the stored PDF is of the old text
        run_worker()
        assert len(renders) == 2
        response = client.get(page("mou-pdf", version))
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert len(renders) == 2

    def test_a_task_run_twice_stores_one_file(self, cast, renders, tmp_path):
        version = make_mou(cast, "own", "draft")
        source = pdfs.preview_html(version)[1]
        pdfs.queue_preview(version.pk, source)
        pdfs.queue_preview(version.pk, source)
        first, second = run_worker()
        assert (first.return_value, second.return_value) == ("stored", "already")
        assert len(renders) == 1
        assert len(stored_files(tmp_path)) == 1

    def test_a_stale_task_for_an_older_text_does_nothing(self, cast, renders, tmp_path):
        version = make_mou(cast, "own", "draft")
        old = pdfs.preview_html(version)[1]
        mou_services.mou_section_update(
            section=version.sections.get(key="term"), heading="Term", body="Five years."
        )
        assert pdfs.store_preview(version.pk, old) == "stale"
        assert renders == [] and stored_files(tmp_path) == []
        version.refresh_from_db()
        assert not version.preview and version.preview_source == ""
