"""Access-matrix entries for qualitative evidence (M3) and deliverables (M2). See
tests/matrix/__init__.py for how outcomes are derived.

Everyone with a role reads evidence, deliverables and fulfilment; "measurement.evidence.record"
(members who add records) records evidence; "measurement.evidence.change" (its author while adding
records, or a steward) changes and archives it: the matrix's evidence is written by the
contributor, so the contributor and the steward may, the leader and project director may not.
"measurement.deliverable.manage" (steward, project director) sets, edits and archives
deliverables; "measurement.deliverable.report" (those, and the delivering organization's people
who add records: the cast's people all belong to the partner, which delivers the matrix's
deliverable) reports where one stands.
"""

from datetime import date

from django.urls import reverse

from accord.measurement import services_deliverables, services_evidence
from tests.matrix import Route, Target
from tests.measurement.files import image

FOUND = frozenset({302})
CREATED = frozenset({201})
GONE = frozenset({204})
RECORD = "measurement.evidence.record"
CHANGE = "measurement.evidence.change"
MANAGE = "measurement.deliverable.manage"
REPORT = "measurement.deliverable.report"
EVIDENCE = "/api/v1/partnerships/{partnership_id}/evidence"
DELIVERABLES = "/api/v1/partnerships/{partnership_id}/deliverables"
PNG = image("PNG")


def evidence(cast, side):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return services_evidence.evidence_create(
        partnership=cast.partnership(side),
        kind="file",
        title="Site visit photo",
        upload=SimpleUploadedFile("visit.png", PNG),
        created_by=cast.users["contributor"],
    )


def deliverable(cast, side):
    return services_deliverables.deliverable_create(
        partnership=cast.partnership(side),
        organization_id=cast.partner.pk,
        title="Bridge curriculum",
        due_on=date(2026, 6, 1),
    )


def page(name: str):
    return lambda cast, side: reverse(f"measurement:{name}", args=[cast.partnership(side).pk])


def on_evidence(name: str):
    def build(cast, side):
        found = evidence(cast, side)
        return Target(reverse(f"measurement:{name}", args=[found.partnership_id, found.pk]), found)

    return build


def on_deliverable(name: str):
    def build(cast, side):
        found = deliverable(cast, side)
        return Target(reverse(f"measurement:{name}", args=[found.partnership_id, found.pk]), found)

    return build


def api(path: str):
    return lambda cast, side: path.replace("{partnership_id}", str(cast.partnership(side).pk))


def api_evidence(suffix: str = ""):
    def build(cast, side):
        found = evidence(cast, side)
        url = EVIDENCE.replace("{partnership_id}", str(found.partnership_id))
        return Target(f"{url}/{found.pk}{suffix}", found)

    return build


def api_deliverable(cast, side):
    found = deliverable(cast, side)
    url = DELIVERABLES.replace("{partnership_id}", str(found.partnership_id))
    return Target(f"{url}/{found.pk}", found)


def story_form(cast, side):
    return {"kind": "story", "title": "A first week", "body": "Ana.", "consent": "not_needed"}


def deliverable_form(cast, side):
    return {
        "organization_id": str(cast.partner.pk),
        "title": "Mentor roster",
        "due_on": "2026-09-01",
        "status": "planned",
    }


ROUTES: list[Route] = [
    # --- evidence pages -----------------------------------------------------------------------
    Route("measurement:evidence", "GET", page("evidence"), "view"),
    Route("measurement:evidence-create", "GET", page("evidence-create"), RECORD),
    Route(
        "measurement:evidence-create",
        "POST",
        page("evidence-create"),
        RECORD,
        data=story_form,
        ok=FOUND,
    ),
    Route("measurement:evidence-detail", "GET", on_evidence("evidence-detail"), "view"),
    Route("measurement:evidence-file", "GET", on_evidence("evidence-file"), "view"),
    Route("measurement:evidence-edit", "GET", on_evidence("evidence-edit"), CHANGE),
    Route(
        "measurement:evidence-edit",
        "POST",
        on_evidence("evidence-edit"),
        CHANGE,
        data=lambda cast, side: {
            "kind": "file",
            "title": "Site visit, renamed",
            "consent": "not_needed",
        },
        ok=FOUND,
    ),
    Route(
        "measurement:evidence-archive", "POST", on_evidence("evidence-archive"), CHANGE, ok=FOUND
    ),
    # --- deliverables pages -------------------------------------------------------------------
    Route("measurement:deliverables", "GET", page("deliverables"), "view"),
    Route("measurement:deliverable-create", "GET", page("deliverable-create"), MANAGE),
    Route(
        "measurement:deliverable-create",
        "POST",
        page("deliverable-create"),
        MANAGE,
        data=deliverable_form,
        ok=FOUND,
    ),
    Route("measurement:deliverable-detail", "GET", on_deliverable("deliverable-detail"), "view"),
    Route("measurement:deliverable-edit", "GET", on_deliverable("deliverable-edit"), MANAGE),
    Route(
        "measurement:deliverable-edit",
        "POST",
        on_deliverable("deliverable-edit"),
        MANAGE,
        data=deliverable_form,
        ok=FOUND,
    ),
    Route(
        "measurement:deliverable-report",
        "POST",
        on_deliverable("deliverable-report"),
        REPORT,
        data=lambda cast, side: {"status": "in_progress"},
        ok=FOUND,
    ),
    Route(
        "measurement:deliverable-archive",
        "POST",
        on_deliverable("deliverable-archive"),
        MANAGE,
        ok=FOUND,
    ),
    # --- API ----------------------------------------------------------------------------------
    Route(f"GET {EVIDENCE}", "GET", api(EVIDENCE), "view", api=True),
    Route(
        f"POST {EVIDENCE}",
        "POST",
        api(EVIDENCE),
        RECORD,
        api=True,
        data=lambda cast, side: {"kind": "observation", "title": "Seen", "body": "Every week."},
        ok=CREATED,
    ),
    Route(
        f"POST {EVIDENCE}/upload",
        "POST",
        api(EVIDENCE + "/upload"),
        RECORD,
        api=True,
        data=lambda cast, side: {"title": "No file sent"},
        ok=frozenset({422}),
    ),
    Route(f"GET {EVIDENCE}/{{evidence_id}}", "GET", api_evidence(), "view", api=True),
    Route(
        f"PATCH {EVIDENCE}/{{evidence_id}}",
        "PATCH",
        api_evidence(),
        CHANGE,
        api=True,
        data=lambda cast, side: {"title": "Renamed"},
    ),
    Route(
        f"DELETE {EVIDENCE}/{{evidence_id}}", "DELETE", api_evidence(), CHANGE, api=True, ok=GONE
    ),
    Route(f"GET {EVIDENCE}/{{evidence_id}}/file", "GET", api_evidence("/file"), "view", api=True),
    Route(f"GET {DELIVERABLES}", "GET", api(DELIVERABLES), "view", api=True),
    Route(
        f"POST {DELIVERABLES}",
        "POST",
        api(DELIVERABLES),
        MANAGE,
        api=True,
        data=lambda cast, side: {
            "organization_id": cast.partner.pk,
            "title": "Mentor roster",
            "due_on": "2026-09-01",
        },
        ok=CREATED,
    ),
    Route(f"GET {DELIVERABLES}/{{deliverable_id}}", "GET", api_deliverable, "view", api=True),
    Route(
        f"PATCH {DELIVERABLES}/{{deliverable_id}}",
        "PATCH",
        api_deliverable,
        REPORT,
        api=True,
        data=lambda cast, side: {"status": "in_progress"},
    ),
    Route(
        f"DELETE {DELIVERABLES}/{{deliverable_id}}",
        "DELETE",
        api_deliverable,
        MANAGE,
        api=True,
        ok=GONE,
    ),
    Route(
        "GET /api/v1/partnerships/{partnership_id}/fulfilment",
        "GET",
        api("/api/v1/partnerships/{partnership_id}/fulfilment"),
        "view",
        api=True,
    ),
]
