"""Reads for the ways values come in by API and file (M3): periods, an organization's submission
for a period with its values, and the submission's events. Lookups from user-supplied ids go
through `get_visible_or_404`: an outsider gets 404, a member without the action 403."""

from django.core.exceptions import ValidationError
from django.http import Http404

from accord.core.access import get_visible_or_404
from accord.partnerships.access import partnership_or_404

from . import collection
from .models import DataValue, ReportingPeriod, Submission, SubmissionEvent

MANAGE = "measurement.period.manage"
ENTER = "measurement.values.enter"
REVIEW = "measurement.values.review"
# A submission's answer lists its first values; all of them are paged at .../values.
LISTED_VALUES = 1000


def periods_of(partnership_id: int):
    return ReportingPeriod.objects.filter(partnership_id=partnership_id).select_related(
        "measures_version"
    )


def period_or_404(request, partnership_id: int, period_id: int, action=None) -> ReportingPeriod:
    partnership = partnership_or_404(request, partnership_id)
    return get_visible_or_404(request.user, periods_of(partnership.pk), action, pk=period_id)


def submission_or_404(request, period: ReportingPeriod, organization_id: int, action=None):
    """The organization's submission for the period (made on first use), if it is a current
    member of the period's partnership (404 otherwise); `action` required on it (403)."""
    try:
        found = collection.submission_for(period, organization_id)
    except (ValidationError, ValueError, TypeError, OverflowError) as exc:
        raise Http404("Not found.") from exc
    return get_visible_or_404(
        request.user,
        Submission.objects.select_related(
            "period__partnership", "organization", "submitted_by", "reviewed_by"
        ),
        action,
        pk=found.pk,
    )


def values_of(submission: Submission):
    return DataValue.objects.filter(submission=submission).select_related(
        "indicator", "category_a", "category_b"
    )


def value_or_404(request, submission: Submission, value_id: int, action=None) -> DataValue:
    found = get_visible_or_404(request.user, values_of(submission), None, pk=value_id)
    found.submission = submission
    if action is not None:
        from accord.core.access import require

        require(request.user, action, submission)
    return found


def events_of(submission: Submission):
    return SubmissionEvent.objects.filter(submission=submission).select_related("actor")
