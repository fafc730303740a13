"""A readable difference between two MOU versions, section by section, word by word (L5).

Sections are matched by their key, so a renamed heading still lines up with its text. The result
is plain data; the page marks inserted words with <ins> and removed ones with <del>.
"""

import difflib
import re
from dataclasses import dataclass, field

# Words, spaces and punctuation apart, so that "internships" and "internships," share a word.
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Piece:
    """A run of text that is the same in both versions, or only in the newer or older one."""

    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class SectionDiff:
    key: str
    heading: str
    old_heading: str | None
    status: str  # "same", "changed", "added", "removed"
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class TermChange:
    label: str
    old: str
    new: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The words of `new` against `old`: same runs kept together, changes marked."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    pieces: list[Piece] = []

    def add(kind: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1].kind == kind:
            pieces[-1].text += text
        else:
            pieces.append(Piece(kind, text))

    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add("same", "".join(a[i1:i2]))
        else:
            add("removed", "".join(a[i1:i2]))
            add("added", "".join(b[j1:j2]))
    return pieces


def sections_diff(old_sections, new_sections) -> list[SectionDiff]:
    """Each section of either version, in the newer version's order, removed ones after it."""
    old = {s.key: s for s in old_sections}
    result = []
    for section in new_sections:
        before = old.pop(section.key, None)
        if before is None:
            result.append(
                SectionDiff(
                    section.key, section.heading, None, "added", [Piece("added", section.body)]
                )
            )
            continue
        same = before.body == section.body and before.heading == section.heading
        result.append(
            SectionDiff(
                section.key,
                section.heading,
                before.heading if before.heading != section.heading else None,
                "same" if same else "changed",
                [Piece("same", section.body)] if same else word_diff(before.body, section.body),
            )
        )
    for before in old.values():
        result.append(
            SectionDiff(
                before.key, before.heading, None, "removed", [Piece("removed", before.body)]
            )
        )
    return result


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
