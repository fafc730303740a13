"""One rule for both texts every member endorses: the charter (A3) and the measures set (M1)."""

from .criteria import ACT, GOOD, NOT_YET, WATCH, Result, names, plural


def agreement_result(
    agreement, agreed_version, *, noun: str, page: str, version_page: str, pk: int
) -> Result:
    """Good: the latest final version is endorsed by every current member. Watch: a version is
    being written and none is final yet, or a newer final version waits for endorsements while an
    earlier one stays agreed. Act: a final version not every member endorsed and none agreed.
    Not yet: no version at all."""
    final, working = agreement.latest_final, agreement.working
    if final is None:
        if working is None:
            return Result(
                NOT_YET,
                f"No {noun} has been started.",
                f"Start the {noun}: draft version 1 with the partners.",
                page,
                (pk,),
            )
        return Result(
            WATCH,
            f"{noun.capitalize()} version {working.number} is "
            f"{'still a draft' if working.status == 'draft' else 'open for comment'}; "
            "no version is final yet.",
            f"Finish version {working.number} and make it final so that members can endorse it.",
            version_page,
            (pk, working.number),
        )
    if agreement.agreed:
        return Result(
            GOOD,
            f"{noun.capitalize()} version {final.number} is endorsed by all "
            f"{plural(agreement.member_count, 'member')}.",
            "",
            version_page,
            (pk, final.number),
        )
    waiting = [org.name for org in agreement.waiting]
    evidence = (
        f"{noun.capitalize()} version {final.number} not endorsed by {len(waiting)} of "
        f"{plural(agreement.member_count, 'member')}: {names(waiting)}."
    )
    action = f"Ask {names(waiting)} to endorse version {final.number}."
    if agreed_version is not None:
        evidence += f" Version {agreed_version.number} stays the agreed one meanwhile."
        return Result(WATCH, evidence, action, version_page, (pk, final.number))
    return Result(ACT, evidence, action, version_page, (pk, final.number))
