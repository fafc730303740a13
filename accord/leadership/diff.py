"""A readable difference between two MOU versions, section by section, word by word (L5).

Sections are matched by their key, so a renamed heading still lines up with its text. The result
is plain data; the page marks inserted words with <ins> and removed ones with <del>. The words
are compared by the one diff helper of accord/core/diff.py, as charter versions are.
"""

from dataclasses import dataclass

from accord.core.diff import Piece, SectionDiff, sections_diff, word_diff

__all__ = ["Piece", "SectionDiff", "TermChange", "sections_diff", "term_changes", "word_diff"]


@dataclass
class TermChange:
    label: str
    old: str
    new: str


def term_changes(old_version, new_version) -> list[TermChange]:
    """Changes of the dates and signing order between two versions."""
    from .mou_context import readable_date

    rows = []
    for label, attr in (("Effective date", "effective_on"), ("Expiry date", "expires_on")):
        a, b = getattr(old_version, attr), getattr(new_version, attr)
        if a != b:
            rows.append(
                TermChange(label, readable_date(a) or "not set", readable_date(b) or "not set")
            )
    if old_version.signing_order != new_version.signing_order:
        rows.append(
            TermChange(
                "Signing order",
                old_version.get_signing_order_display(),
                new_version.get_signing_order_display(),
            )
        )
    return rows
