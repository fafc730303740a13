"""A readable difference between two texts, word by word: one helper for every versioned text.

MOU versions (L5), charter versions (A3) and the audit trail's changes of long text all compare
through `word_diff`. The result is plain data; pages mark inserted words with <ins> and removed
ones with <del>.
"""

import difflib
import re
from dataclasses import dataclass, field

# Words, spaces and punctuation apart, so that "internships" and "internships," share a word.
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
WORD = re.compile(r"\w+|[^\w\s]")


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
    """Each section of either version, in the newer version's order, removed ones after it.

    A section is anything with a `key` (what matches it across versions), a `heading` and a
    `body`: an MOU's clauses, a charter's vision, values and benefits.
    """
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


def compact(pieces: list[Piece], *, context: int = 8) -> list[Piece]:
    """The changes with `context` words either side: long unchanged runs are shortened to "…".

    For a list of changes (the audit trail), where the whole text would bury the few words that
    changed.
    """
    result = []
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        if piece.kind != "same":
            result.append(piece)
            continue
        tokens = TOKENS.findall(piece.text)
        words = [i for i, token in enumerate(tokens) if WORD.fullmatch(token)]
        keep_head = context if index > 0 else 0  # words after the change before
        keep_tail = context if index < last else 0  # words before the change after
        if len(words) <= keep_head + keep_tail:
            result.append(piece)
            continue
        head = "".join(tokens[: words[keep_head - 1] + 1]) + " " if keep_head else ""
        tail = " " + "".join(tokens[words[-keep_tail] :]) if keep_tail else ""
        if tail and piece.text[-1:].isspace() and not tail[-1:].isspace():
            tail += piece.text[-1]
        result.append(Piece("same", f"{head}…{tail}"))
    return result


def is_long_text(value) -> bool:
    """Text long enough that "before → after" would not show what changed."""
    return isinstance(value, str) and (len(value) > 80 or "\n" in value)
