"""The demo's progress report (M4): Bridges publishes a public report of its latest quarter whose
data every member has had approved (idempotent: a period that has a public report is left as it
is)."""

from accord.core.audit import acting_as

SECTIONS = {
    "progress": (
        "Five of the eight indicators met their targets this quarter. Paid internships and "
        "mentoring matches grew for the third quarter running."
    ),
    "results": (
        "Students from the partner colleges started paid internships with the engineering firms, "
        "and the summer bridge cohort finished its first course together.\n\n"
        "- Mentoring pairs met every other week\n- Two new transfer agreements were signed"
    ),
    "challenges": (
        "One member sent no data for the third quarter, so that quarter's figures are not "
        "complete; small groups are not shown, to protect the students counted."
    ),
    "opportunities": (
        "The partners plan a shared recruiting day in the spring and a second survey wave to see "
        "how the collaboration is changing."
    ),
}


def seed_reports(context) -> None:
    from accord.measurement.models import ReportingPeriod

    from . import content, services_progress
    from .models_progress import ProgressReport

    partnership = context.partnerships.get("bridges")
    steward = context.users.get("steward")
    if partnership is None:
        return
    periods = ReportingPeriod.objects.filter(partnership=partnership).order_by("-starts_on")
    period = next((p for p in periods if not content.unapproved(p)), None)
    if period is None:
        return
    if ProgressReport.objects.filter(period=period, audience="public").exists():
        return
    with acting_as(steward):
        report = services_progress.report_create(
            partnership=partnership,
            period_id=period.pk,
            audience="public",
            created_by=steward,
            **SECTIONS,
        )
        services_progress.report_publish(report=report, by=steward)
    context.log.append(f"published public progress report {report.title} of {partnership}")
