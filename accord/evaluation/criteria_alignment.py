"""Scorecard criteria of pillar 1, alignment (A1-A3), from the partnership's own records."""

from .agreement_criteria import agreement_result
from .criteria import criterion


@criterion(
    "alignment.charter",
    "alignment",
    "Charter agreed",
    "Reads the charter's versions and endorsements: good when the latest final version is "
    "endorsed by every current member organization; watch while a version is being written and "
    "none is final, or while a newer final version waits for endorsements and an earlier one "
    "stays agreed; act when a final version lacks endorsements and none is agreed; not yet when "
    "no version exists.",
    order=10,
)
def charter_agreed(context):
    agreement, agreed_version = context.batch.agreement("charter", context.pk)
    return agreement_result(
        agreement,
        agreed_version,
        noun="charter",
        page="alignment:charter",
        version_page="alignment:charter-version",
        pk=context.pk,
    )
