"""Data collection pages (M3): the reporting periods with their status matrix, a period, and one
organization's data grid for a period with its review.

Objects load only through `get_visible_or_404` (outsiders 404, members without the permission
403); every write goes through collection.py. The grid is a plain form that saves every cell at
once (all or nothing); with JavaScript, htmx also saves each cell as it changes and answers the
cell's saved state or its error. Both carry the submission's revision read: a save from a stale
read is refused with the standard message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core.access import can, get_visible_or_404, permissions_of, require
from accord.core.forms import add_service_errors
from accord.core.models import StaleRevision
from accord.core.paging import paginate
from accord.core.versioning import stale_messages
from accord.partnerships.access import partnership_or_404

from . import collection
from . import queries_collection as queries
from .disclosure_views import sees_submission_values
from .forms_collection import CommentForm, GridForm, PeriodForm, period_initial
from .models import ReportingPeriod, Submission

MANAGE = "measurement.period.manage"
ENTER = "measurement.values.enter"
REVIEW = "measurement.values.review"
PERIODS_PER_PAGE = 8
Status = Submission.Status


# --- Periods ------------------------------------------------------------------------------------
@login_required
def periods(request, pk):
    """The periods, latest first, with the status of every organization's data in each."""
    partnership = partnership_or_404(request, pk)
    page = paginate(request, queries.periods_of(partnership), per_page=PERIODS_PER_PAGE)
    shown = list(page.object_list)
    context = {
        "partnership": partnership,
        "perms": permissions_of(request.user, partnership),
        "page_obj": page,
        "periods": shown,
        "matrix": queries.status_matrix(partnership, shown),
        "can_manage": can(request.user, MANAGE, partnership) and not partnership.is_archived,
    }
    return render(request, "measurement/collection/periods.html", context)


def _period_page(request, partnership, form, period=None, status=200):
    context = {"partnership": partnership, "form": form, "period": period}
    return render(request, "measurement/collection/period_form.html", context, status=status)


def _refuse_if_archived(request, partnership) -> bool:
    if partnership.is_archived:
        messages.error(request, "This partnership is archived; its periods no longer change.")
        return True
    return False


@login_required
def period_create(request, pk):
    partnership = partnership_or_404(request, pk, MANAGE)
    if _refuse_if_archived(request, partnership):
        return redirect("measurement:periods", pk=partnership.pk)
    if request.method != "POST":
        return _period_page(request, partnership, PeriodForm(initial={"kind": "quarterly"}))
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            made = collection.period_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Period “{made.label}” added.")
            return redirect(made)
    return _period_page(request, partnership, form, status=422)


@login_required
@require_POST
def period_next(request, pk):
    """Add the quarter after the latest period."""
    partnership = partnership_or_404(request, pk, MANAGE)
    if _refuse_if_archived(request, partnership):
        return redirect("measurement:periods", pk=partnership.pk)
    try:
        made = collection.next_quarter(partnership)
    except ValidationError as error:
        messages.error(request, "No period was added. " + " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Period “{made.label}” added: {made.starts_on:%-d %b %Y} to {made.ends_on:%-d %b %Y}, "
            f"data due {made.due_on:%-d %b %Y}.",
        )
    return redirect("measurement:periods", pk=partnership.pk)


def _period(request, pk, period_pk, action=None) -> ReportingPeriod:
    found = ReportingPeriod.objects.filter(partnership_id=pk).select_related(
        "partnership", "measures_version"
    )
    return get_visible_or_404(request.user, found, action, pk=period_pk)


@login_required
def period(request, pk, period_pk):
    """A period's dates and where each organization's data stands."""
    found = _period(request, pk, period_pk)
    partnership = found.partnership
    context = {
        "partnership": partnership,
        "period": found,
        "matrix": queries.status_matrix(partnership, [found]),
        "can_manage": can(request.user, MANAGE, found) and not partnership.is_archived,
    }
    return render(request, "measurement/collection/period.html", context)


@login_required
def period_edit(request, pk, period_pk):
    found = _period(request, pk, period_pk, MANAGE)
    if _refuse_if_archived(request, found.partnership):
        return redirect(found)
    data = request.POST if request.method == "POST" else None
    form = PeriodForm(data, initial=period_initial(found), versioned=found)
    if data is not None and form.is_valid():
        try:
            collection.period_update(found, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Period “{form.cleaned_data['label']}” saved.")
            return redirect(found)
    status = 422 if data is not None else 200
    return _period_page(request, found.partnership, form, found, status=status)


# --- The grid -----------------------------------------------------------------------------------
def _submission(request, pk, period_pk, org_pk, action=None) -> Submission:
    """The organization's submission for the period (made on first sight for a current member);
    404 unless the user sees the period and the organization reports for it."""
    found = _period(request, pk, period_pk)
    if org_pk > 2**62:
        raise Http404("Not found.")
    rows = Submission.objects.select_related("organization", "submitted_by", "reviewed_by")
    submission = rows.filter(period=found, organization_id=org_pk).first()
    if submission is None:
        try:
            collection.submission_for(found, org_pk)
        except ValidationError as error:
            raise Http404("Not found.") from error
        submission = rows.get(period=found, organization_id=org_pk)
    submission.period = found
    if action is not None:
        require(request.user, action, submission)
    return submission


def _upload_url(submission) -> str | None:
    """The upload page of this grid, once that page exists."""
    period = submission.period
    try:
        return reverse(
            "measurement:upload",
            args=[period.partnership_id, period.pk, submission.organization_id],
        )
    except NoReverseMatch:
        return None


def _may_enter(request, submission) -> bool:
    return (
        not submission.is_locked
        and not submission.period.partnership.is_archived
        and can(request.user, ENTER, submission)
    )


def _grid_page(
    request, submission, catalog, form=None, status=200, problems=None, comment_form=None
):
    period = submission.period
    partnership = period.partnership
    protect = not sees_submission_values(request.user, submission)
    grid = queries.Grid(
        catalog,
        submission,
        posted=form.posted if form is not None else None,
        errors=form.errors if form is not None else None,
        protect=protect,
    )
    may_review = can(request.user, REVIEW, submission) and not partnership.is_archived
    revision = submission.stored_revision
    context = {
        "partnership": partnership,
        "period": period,
        "submission": submission,
        "organization": submission.organization,
        "grid": grid,
        "can_enter": _may_enter(request, submission),
        "may_enter_role": can(request.user, ENTER, submission),
        "can_review": may_review and submission.status == Status.SUBMITTED,
        "can_reopen": may_review and submission.status == Status.APPROVED,
        "revision": revision,
        "trail": queries.trail_of(submission, catalog, protect=protect),
        "protected": protect,
        "upload_url": _upload_url(submission),
        "problems": problems or [],
        "error_cells": [cell for cell in grid.cells.values() if cell.errors],
        "comment_form": comment_form or CommentForm(versioned=submission),
        "overdue": submission.status not in queries.DONE and period.due_on < timezone.localdate(),
    }
    return render(request, "measurement/collection/grid.html", context, status=status)


def _stale_problems(error: StaleRevision) -> list[str]:
    sentence, fields, _current = stale_messages(error)
    return [sentence, *(text for _, text in fields)]


def _locked_reason(submission) -> str:
    if submission.period.partnership.is_archived:
        return "This partnership is archived; its values no longer change."
    try:
        collection.refuse_if_locked(submission)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@login_required
def grid(request, pk, period_pk, org_pk):
    """One organization's values for a period; a post saves every cell (all or nothing) and,
    when asked, submits them for review."""
    submission = _submission(request, pk, period_pk, org_pk)
    catalog = collection.Catalog(submission.period)
    if request.method != "POST":
        return _grid_page(request, submission, catalog)
    require(request.user, ENTER, submission)
    locked = _locked_reason(submission)
    if locked:
        messages.error(request, "Nothing was saved. " + locked)
        return redirect(submission)
    form = GridForm(catalog, request.POST)
    if form.form_errors:
        return _grid_page(request, submission, catalog, form, 422, form.form_errors)
    if form.read_revision is not None:
        try:
            submission.expect_revision(form.read_revision)
        except StaleRevision as stale:
            problems = _stale_problems(stale)
            problems.append(
                "Your input is kept below: save again to replace their changes with yours, or "
                "reload the page to start from theirs."
            )
            submission.refresh_from_db()
            return _grid_page(request, submission, catalog, form, 409, problems)
    if not form.is_valid():
        count = len(form.errors)
        problem = (
            f"{count} cell{'s' if count != 1 else ''} need{'' if count != 1 else 's'} "
            "attention: nothing was saved."
        )
        return _grid_page(request, submission, catalog, form, 422, [problem])
    try:
        event = collection.write_cells(submission, form.cleaned)
        if request.POST.get("then") == "submit":
            collection.submit(submission)
    except StaleRevision as stale:
        return _grid_page(request, submission, catalog, form, 409, _stale_problems(stale))
    except ValidationError as error:
        messages.error(request, "Nothing was saved. " + " ".join(error.messages))
        return redirect(submission)
    changed = event.cells_changed if event else 0
    saved = f"{changed} cell{'s' if changed != 1 else ''} saved." if changed else "No changes."
    if request.POST.get("then") == "submit":
        messages.success(request, f"{saved} Submitted for review.")
    else:
        messages.success(request, saved)
    return redirect(submission)


@login_required
@require_POST
def grid_cell(request, pk, period_pk, org_pk):
    """Save one cell (htmx): the answer is the cell's status, with its saved state or its error,
    and the page's new revision and totals out of band. Without htmx, back to the grid."""
    submission = _submission(request, pk, period_pk, org_pk, ENTER)
    catalog = collection.Catalog(submission.period)
    key = str(request.POST.get("cell", ""))[:40]
    form = GridForm(catalog, request.POST, only=key)
    problem = _locked_reason(submission) or " ".join(form.form_errors)
    stale_read = None  # after a stale read the page keeps its revision: reload to see theirs
    if not problem and form.read_revision is not None:
        try:
            submission.expect_revision(form.read_revision)
        except StaleRevision as stale:
            problem = " ".join(_stale_problems(stale)) + " Reload the page to see their values."
            stale_read = form.read_revision
    saved = False
    if not problem and form.is_valid():
        try:
            collection.write_cells(submission, form.cleaned)
        except StaleRevision as stale:
            problem = " ".join(_stale_problems(stale)) + " Reload the page to see their values."
            stale_read = form.read_revision
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            saved = True
            submission.refresh_from_db()
    if not request.htmx:
        if saved:
            messages.success(request, "Saved.")
            return redirect(submission)
        if problem:
            messages.error(request, "Not saved. " + problem)
            return redirect(submission)
        return _grid_page(request, submission, catalog, form, 422, ["The cell was not saved."])
    grid_now = queries.Grid(
        catalog, submission, posted=None if saved else form.posted, errors=form.errors
    )
    cell = grid_now.cells.get(queries.cell_key(queries.parse_key(key))) if form.posted else None
    if cell is not None:
        cell.saved = saved
        if problem:
            cell.errors = {"form": problem}
    rollups = []
    if cell is not None:
        table = grid_now.table_of(cell.cell.indicator_id)
        rows = table.rows if table is not None else [grid_now.row_of(cell.cell.indicator_id)]
        rollups = [(row.total.key, row.rollup) for row in rows if row and row.rollup]
        if table is not None and table.rollup is not None:
            rollups.append((table.total.key, table.rollup))
    context = {
        "cell": cell,
        "key": key,
        "problem": problem,
        "revision": submission.stored_revision if stale_read is None else stale_read,
        "rollups": rollups,
        "saved": saved,
        "trail": queries.trail_of(submission, catalog) if saved else [],
    }
    return render(request, "measurement/collection/_cell_answer.html", context)


@login_required
@require_POST
def grid_review(request, pk, period_pk, org_pk):
    """Return (with a comment), approve, or reopen (with a reason) the organization's values."""
    submission = _submission(request, pk, period_pk, org_pk, REVIEW)
    decision = request.POST.get("decision", "")
    form = CommentForm(request.POST, versioned=submission)
    moves = {
        "return": (collection.return_with_comment, "Returned with your comment."),
        "approve": (collection.approve, "Approved: these values are now locked."),
        "reopen": (collection.reopen, "Reopened: the organization can change its values again."),
    }
    if decision not in moves:
        form.add_error(None, "Choose return, approve or reopen.")
    elif submission.period.partnership.is_archived:
        form.add_error(None, "This partnership is archived; its values no longer change.")
    elif form.is_valid():
        move, done = moves[decision]
        try:
            move(submission, form.cleaned_data["comment"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(submission)
    submission.refresh_from_db()
    catalog = collection.Catalog(submission.period)
    return _grid_page(request, submission, catalog, status=422, comment_form=form)
