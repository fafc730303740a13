"""The charter demo data: an agreed charter with a newer version open for comment, and a draft."""

import pytest

from accord.alignment.demo import charter as charter_demo
from accord.alignment.models import CharterComment, CharterEndorsement, CharterVersion
from accord.alignment.queries.charter import agreement_for, participation_of
from accord.partnerships.demo import build_demo

pytestmark = pytest.mark.django_db


def history_rows() -> int:
    return sum(
        model.history.count() for model in (CharterVersion, CharterComment, CharterEndorsement)
    )


def test_demo_has_an_agreed_charter_an_open_version_and_a_draft_and_loads_again_unchanged():
    context = build_demo()
    charter_demo.seed(context)
    bridges = agreement_for(context.partnerships["bridges"])
    assert bridges.agreed and bridges.latest_final.number == 1
    assert bridges.endorsed_count == bridges.member_count == 5
    assert (bridges.working.number, bridges.working.status) == (2, "open")
    participation = participation_of(bridges.working)
    heard = [row.level for row in participation.levels if row.heard]
    assert len(heard) >= 2 and participation.levels_not_heard  # gaps are visible
    eastside = agreement_for(context.partnerships["eastside"])
    assert eastside.latest_final is None and eastside.working.status == "draft"
    assert eastside.working.values.count() == 2

    before = (CharterVersion.objects.count(), CharterComment.objects.count(), history_rows())
    again = build_demo()
    charter_demo.seed(again)
    assert not again.log
    assert (CharterVersion.objects.count(), CharterComment.objects.count(), history_rows()) == (
        before
    )


def test_the_seeded_vision_edit_reads_as_the_words_that_changed():
    """Before: "before" and "after" were the same 200 characters, cut before the change."""
    from accord.alignment.queries.charter import charter_history

    context = build_demo()
    charter_demo.seed(context)
    second = CharterVersion.objects.get(partnership=context.partnerships["bridges"], number=2)
    change = next(
        change
        for entry in charter_history(second)
        for change in entry.changes
        if change.field == "vision"
    )
    assert {piece.kind for piece in change.pieces} >= {"same", "added"}
    changed = [piece.text for piece in change.pieces if piece.kind != "same"]
    assert all(text.strip() for text in changed)
    shown = "".join(piece.text for piece in change.pieces)
    assert "…" in shown and len(shown) < len(second.vision)
