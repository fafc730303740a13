"""The API for collecting values (M3), under
/api/v1/partnerships/{partnership_id}/measures/periods: reporting periods, an organization's
submission for a period with its values, bulk writes, one value at a time with If-Match, the
review moves, the submission's events, and file uploads.

Every write goes through collection.py, the one write path the grid and files use too. Outsiders
get 404, members without the action 403; a bad row answers 422 naming it (`values.3.value`) and
nothing is written. A POST with an Idempotency-Key is answered once (core/idempotency.py).
"""

from django.core.exceptions import ValidationError
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import ErrorOut

from . import collection, imports
from . import disclosure_views as disclosure
from . import queries_imports as queries
from .schemas_collection import (
    ImportOut,
    PeriodIn,
    PeriodOut,
    PeriodPatchIn,
    SubmissionApproveIn,
    SubmissionEventOut,
    SubmissionOut,
    SubmissionReopenIn,
    SubmissionReturnIn,
    SubmissionWriteOut,
    ValueChangeIn,
    ValueOut,
    ValuesIn,
)

router = Router(tags=["Measurement data"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 412: ErrorOut, 428: ErrorOut}
PERIODS = "/partnerships/{partnership_id}/measures/periods"
PERIOD = PERIODS + "/{period_id}"
SUBMISSION = PERIOD + "/submissions/{organization_id}"
VALUE = SUBMISSION + "/values/{value_id}"


def _submission(request, partnership_id, period_id, organization_id, action=None):
    period = queries.period_or_404(request, partnership_id, period_id)
    return queries.submission_or_404(request, period, organization_id, action)


def _values(request, submission):
    """The submission's values as the reader may see them: every one for the organization that
    entered them, the steward and their reviewers (a lazy queryset); for
    anyone else a list in which small counts, and the counts that would let one be worked out,
    have no value and `suppressed` set (disclosure_views.protect_values)."""
    values = queries.values_of(submission)
    if disclosure.sees_submission_values(request.user, submission):
        return values
    shown = list(values)
    hidden = disclosure.protect_values(shown)
    for value in shown:
        if hidden.get(value.pk):
            value.value = value.numerator = value.denominator = None
            value.suppressed = True
    return shown


def _detail(request, submission) -> dict:
    """The submission with its first values (read again: its revision moved with a write)."""
    submission.refresh_from_db(fields=["status", "revision", "review_comment", "updated_at"])
    values = _values(request, submission)
    listed = list(values[: queries.LISTED_VALUES])
    return {
        "id": submission.pk,
        "revision": submission.revision,
        "period_id": submission.period_id,
        "period": submission.period.label,
        "organization": submission.organization,
        "status": submission.status,
        "submitted_at": submission.submitted_at,
        "reviewed_at": submission.reviewed_at,
        "review_comment": submission.review_comment,
        "value_count": len(values) if isinstance(values, list) else values.count(),
        "values": listed,
        "suppressed": isinstance(values, list)
        and any(getattr(value, "suppressed", False) for value in values),
    }


def _bad_rows(errors: dict[int, dict[str, str]]) -> ValidationError:
    return ValidationError(
        {
            f"values.{number - 1}.{column}": message
            for number, problems in sorted(errors.items())
            for column, message in problems.items()
        }
    )


# --- Periods ------------------------------------------------------------------------------------
@router.get(
    PERIODS,
    response={200: list[PeriodOut], **ERRORS},
    summary="The partnership's reporting periods, in order",
)
@paginate
def list_periods(request, partnership_id: int):
    partnership = queries.partnership_or_404(request, partnership_id)
    return queries.periods_of(partnership.pk)


@router.post(
    PERIODS,
    response={201: PeriodOut, **ERRORS},
    summary="Add a reporting period",
    description="It collects the indicators of the agreed measures set (422 on `label` when "
    "there is none). Entry opens when the period ends and is due three weeks later, unless "
    "given.",
)
def create_period(request, partnership_id: int, payload: PeriodIn):
    partnership = queries.partnership_or_404(request, partnership_id, queries.MANAGE)
    values = payload.dict()
    values["kind"] = values["kind"].value if hasattr(values["kind"], "value") else values["kind"]
    created = collection.period_create(partnership=partnership, **values)
    return Status(201, queries.periods_of(partnership.pk).get(pk=created.pk))


@router.get(PERIOD, response={200: PeriodOut, **ERRORS}, summary="One reporting period")
def get_period(request, partnership_id: int, period_id: int):
    return queries.period_or_404(request, partnership_id, period_id)


@router.patch(
    PERIOD,
    response={200: PeriodOut, **WRITE_ERRORS},
    summary="Change a period's name, kind or dates",
    description="Its measures set version never changes: what a period asks stays the same.",
)
def update_period(request, partnership_id: int, period_id: int, payload: PeriodPatchIn):
    found = queries.period_or_404(request, partnership_id, period_id, queries.MANAGE)
    if_match(request, found)
    changes = payload.dict(exclude_unset=True)
    if "kind" in changes and hasattr(changes["kind"], "value"):
        changes["kind"] = changes["kind"].value
    collection.period_update(found, **changes)
    return queries.period_or_404(request, partnership_id, period_id)


# --- A submission and its values ----------------------------------------------------------------
@router.get(
    SUBMISSION,
    response={200: SubmissionOut, **ERRORS},
    summary="An organization's values for a period, and where they stand in review",
    description="For a current member organization (404 otherwise). Its ETag moves with every "
    "write and review move.",
)
def get_submission(request, partnership_id: int, period_id: int, organization_id: int):
    return _detail(request, _submission(request, partnership_id, period_id, organization_id))


@router.post(
    SUBMISSION + "/values",
    response={200: SubmissionWriteOut, **ERRORS},
    summary="Write many values at once: all or nothing",
    description="Each row names a cell (indicator, and categories by id or name) and its value; "
    "an empty value removes the cell. Every row is checked first: a bad row answers 422 naming "
    "it and the field (`values.3.value`), and nothing is written. Refused with 422 while the "
    "values are submitted or approved. One event records what changed. Send an Idempotency-Key "
    "to make a retry safe.",
)
def write_values(
    request, partnership_id: int, period_id: int, organization_id: int, payload: ValuesIn
):
    found = _submission(request, partnership_id, period_id, organization_id, queries.ENTER)
    collection.refuse_if_locked(found)
    rows = [row.dict() for row in payload.values]
    cleaned, errors = collection.Catalog(found.period).clean_all(rows)
    if errors:
        raise _bad_rows(errors)
    event = collection.write_cells(found, cleaned)
    return {
        "cells_changed": event.cells_changed if event else 0,
        "event": event,
        "submission": _detail(request, found),
    }


@router.get(
    SUBMISSION + "/values",
    response={200: list[ValueOut], **ERRORS},
    summary="All the submission's values, paged",
)
@paginate
def list_values(request, partnership_id: int, period_id: int, organization_id: int):
    return _values(request, _submission(request, partnership_id, period_id, organization_id))


@router.get(VALUE, response={200: ValueOut, **ERRORS}, summary="One value, with its ETag")
def get_value(request, partnership_id: int, period_id: int, organization_id: int, value_id: int):
    found = _submission(request, partnership_id, period_id, organization_id)
    value = queries.value_or_404(request, found, value_id)
    if not disclosure.sees_submission_values(request.user, found):
        shown = {v.pk: v for v in _values(request, found)}
        value = shown.get(value.pk, value)
    return value


def _change_value(request, partnership_id, period_id, organization_id, value_id, payload, partial):
    submission = _submission(request, partnership_id, period_id, organization_id)
    found = queries.value_or_404(request, submission, value_id, queries.ENTER)
    if_match(request, found)
    collection.refuse_if_locked(submission)
    given = payload.dict(exclude_unset=partial)
    row = {
        "indicator": found.indicator_id,
        "category_a": found.category_a_id,
        "category_b": found.category_b_id,
        "value": None if found.numerator is not None else found.value,
        "numerator": found.numerator,
        "denominator": found.denominator,
        "text": found.text,
    }
    row.update(
        given
        if partial
        else {k: given.get(k) for k in ("value", "numerator", "denominator", "text")}
    )
    clean, errors = collection.Catalog(submission.period).clean(row)
    if errors:
        raise ValidationError(errors)
    collection.write_value(found, clean)
    return queries.value_or_404(request, submission, value_id)


@router.put(
    VALUE,
    response={200: ValueOut, **WRITE_ERRORS},
    summary="Replace one value",
    description="Send If-Match with the ETag it was read at: 412 when it changed since. The "
    "fields left out are emptied (a ratio: numerator and denominator; qualitative: text).",
)
def replace_value(
    request,
    partnership_id: int,
    period_id: int,
    organization_id: int,
    value_id: int,
    payload: ValueChangeIn,
):
    return _change_value(
        request, partnership_id, period_id, organization_id, value_id, payload, False
    )


@router.patch(
    VALUE,
    response={200: ValueOut, **WRITE_ERRORS},
    summary="Change one value",
    description="Send If-Match with the ETag it was read at: 412 when it changed since. Fields "
    "left out keep theirs.",
)
def update_value(
    request,
    partnership_id: int,
    period_id: int,
    organization_id: int,
    value_id: int,
    payload: ValueChangeIn,
):
    return _change_value(
        request, partnership_id, period_id, organization_id, value_id, payload, True
    )


@router.get(
    SUBMISSION + "/events",
    response={200: list[SubmissionEventOut], **ERRORS},
    summary="What happened to the values, oldest first: writes, imports and review moves",
)
@paginate
def list_events(request, partnership_id: int, period_id: int, organization_id: int):
    found = _submission(request, partnership_id, period_id, organization_id)
    events = queries.events_of(found)
    if disclosure.sees_submission_values(request.user, found):
        return events
    # Someone else reads which cells changed, and the old and new values of all but counts.
    return disclosure.without_counts(list(events), found.period)


# --- Review -------------------------------------------------------------------------------------
def _moved(request, partnership_id, period_id, organization_id, action, move):
    found = _submission(request, partnership_id, period_id, organization_id, action)
    if_match(request, found)
    move(found)
    return _detail(request, found)


@router.post(
    SUBMISSION + "/submit",
    openapi_extra=IF_MATCH_DOC,
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Send the values for review",
    description="From open or returned; 422 (field `__all__`) otherwise.",
)
def submit(request, partnership_id: int, period_id: int, organization_id: int):
    return _moved(
        request, partnership_id, period_id, organization_id, queries.ENTER, collection.submit
    )


@router.post(
    SUBMISSION + "/return",
    openapi_extra=IF_MATCH_DOC,
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Return submitted values with a comment saying what to change",
)
def return_values(
    request, partnership_id: int, period_id: int, organization_id: int, payload: SubmissionReturnIn
):
    return _moved(
        request,
        partnership_id,
        period_id,
        organization_id,
        queries.REVIEW,
        lambda found: collection.return_with_comment(found, payload.comment),
    )


@router.post(
    SUBMISSION + "/approve",
    openapi_extra=IF_MATCH_DOC,
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Approve submitted values: they are locked from now on",
)
def approve(
    request, partnership_id: int, period_id: int, organization_id: int, payload: SubmissionApproveIn
):
    return _moved(
        request,
        partnership_id,
        period_id,
        organization_id,
        queries.REVIEW,
        lambda found: collection.approve(found, payload.comment),
    )


@router.post(
    SUBMISSION + "/reopen",
    openapi_extra=IF_MATCH_DOC,
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Reopen approved values so that they can change; the reason is recorded",
)
def reopen(
    request, partnership_id: int, period_id: int, organization_id: int, payload: SubmissionReopenIn
):
    try:
        return _moved(
            request,
            partnership_id,
            period_id,
            organization_id,
            queries.REVIEW,
            lambda found: collection.reopen(found, payload.reason),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "comment" in error.error_dict:
            raise ValidationError({"reason": error.message_dict["comment"]}) from None
        raise


# --- Files --------------------------------------------------------------------------------------
@router.post(
    SUBMISSION + "/upload",
    response={200: ImportOut, **ERRORS},
    summary="Upload a CSV or XLSX file of values: checked whole, then all or nothing",
    description="Send the file as multipart form data, field `file` (the template's columns: "
    "indicator, category_a, category_b, value, numerator, denominator, text). Any problem "
    "answers 422 with one error per problem, its field `line.<n>.<column>` (`file` for the file "
    "as a whole), the first 200 listed and the total in `detail`; nothing is written.",
)
def upload_values(
    request,
    partnership_id: int,
    period_id: int,
    organization_id: int,
    file: File[UploadedFile] = None,
):
    found = _submission(request, partnership_id, period_id, organization_id, queries.ENTER)
    report = imports.import_upload(found, file)
    if not report.ok:
        return Status(
            422,
            {
                "detail": f"The file has {report.total} problem(s); nothing was written.",
                "errors": [
                    {
                        "field": "file" if p.line == 0 else f"line.{p.line}.{p.column}",
                        "message": p.message,
                    }
                    for p in report.problems
                ],
            },
        )
    return {
        "kind": report.kind,
        "rows": report.rows,
        "cells_changed": report.written,
        "event": report.event,
    }
