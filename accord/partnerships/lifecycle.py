"""The partnership lifecycle: which moves are allowed and what each stage requires.

exploring → forming → formalized → active → reviewing → renewed or concluded.
"""

from collections.abc import Callable
from dataclasses import dataclass

from accord.core.paths import object_url

from .models import Partnership, Stage

ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.EXPLORING: (Stage.FORMING, Stage.CONCLUDED),
    Stage.FORMING: (Stage.EXPLORING, Stage.FORMALIZED, Stage.CONCLUDED),
    Stage.FORMALIZED: (Stage.ACTIVE, Stage.CONCLUDED),
    Stage.ACTIVE: (Stage.REVIEWING, Stage.CONCLUDED),
    Stage.REVIEWING: (Stage.ACTIVE, Stage.RENEWED, Stage.CONCLUDED),
    Stage.RENEWED: (Stage.ACTIVE, Stage.REVIEWING, Stage.CONCLUDED),
    Stage.CONCLUDED: (),
}

# A requirement returns None when met, or a sentence saying what is missing.
Requirement = Callable[[Partnership], str | None]


def _executed_mou_missing(partnership: Partnership) -> str | None:
    # Replaced by the leadership pillar, which records executed MOUs (practice L5).
    return (
        "A partnership can be formalized only with an executed memorandum of understanding, "
        "and this Accord installation has no MOU workflow yet."
    )


STAGE_REQUIREMENTS: dict[str, dict[str, Requirement]] = {
    Stage.FORMALIZED: {"executed_mou": _executed_mou_missing},
}
# Where a requirement is met: (label, URL name reversed with the partnership's pk), by name.
REQUIREMENT_LINKS: dict[str, tuple[str, str]] = {}


@dataclass(frozen=True)
class Unmet:
    """A requirement of a stage that the partnership does not meet, and where to meet it."""

    stage: str
    message: str
    label: str = ""
    url: str = ""


def set_stage_requirement(
    stage: str, name: str, requirement: Requirement, *, link: tuple[str, str] | None = None
) -> None:
    """Let a pillar app add or replace what a stage requires (called from AppConfig.ready);
    `link` is (label, URL name) of the page where the requirement is met."""
    STAGE_REQUIREMENTS.setdefault(stage, {})[name] = requirement
    if link is not None:
        REQUIREMENT_LINKS[name] = link


def unmet_requirements(partnership: Partnership) -> list[Unmet]:
    """What each stage the partnership may move to next still requires, with where to do it."""
    if partnership.is_archived:
        return []
    unmet = []
    for stage in ALLOWED_TRANSITIONS[partnership.stage]:
        for name, requirement in STAGE_REQUIREMENTS.get(stage, {}).items():
            problem = requirement(partnership)
            if not problem:
                continue
            label, url_name = REQUIREMENT_LINKS.get(name, ("", ""))
            url = object_url(url_name, partnership.pk) if url_name else ""
            unmet.append(Unmet(stage, problem, label, url))
    return unmet


def allowed_next_stages(partnership: Partnership) -> tuple[str, ...]:
    return ALLOWED_TRANSITIONS[partnership.stage]


def transition_problems(partnership: Partnership, to_stage: str) -> list[str]:
    """Why `partnership` cannot move to `to_stage` now; empty when it can."""
    if to_stage not in Stage.values:
        return [f"“{to_stage}” is not a lifecycle stage."]
    if partnership.is_archived:
        return ["An archived partnership cannot change stage."]
    current = Stage(partnership.stage)
    target = Stage(to_stage)
    if target == current:
        return [f"The partnership is already {current.label.lower()}."]
    if target not in ALLOWED_TRANSITIONS[current]:
        allowed = ", ".join(Stage(s).label.lower() for s in ALLOWED_TRANSITIONS[current])
        reason = (
            f"A partnership cannot move from {current.label.lower()} to {target.label.lower()}."
        )
        if allowed:
            reason += f" From {current.label.lower()} it can move to: {allowed}."
        else:
            reason += " A concluded partnership is closed."
        return [reason]
    problems = []
    for requirement in STAGE_REQUIREMENTS.get(target, {}).values():
        problem = requirement(partnership)
        if problem:
            problems.append(problem)
    return problems
