"""Plain-language aids for the charter (A3): word count and a readability estimate, offline.

Everything here is computed from the text alone, with no data files and no network: sentences
are split on end punctuation and line breaks, words on letters and digits, and syllables are
estimated with a heuristic for English that is right for most everyday words. The reading ease is
Flesch's formula, clamped to 0-100, with the usual bands from "very easy" to "very difficult".
"""

import re
from dataclasses import dataclass

# A sentence ends at . ! or ? (possibly repeated, possibly followed by a closing quote or
# bracket) before whitespace; a line break ends one too, so list items count as sentences.
_BOUNDARY = re.compile("([.!?]+[\"'\u201d\u2019)\\]]*)\\s+")
_WORD = re.compile("[^\\W_]+(?:['\u2019\\-][^\\W_]+)*")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# "media", "radio", "medium": the vowels are spoken apart; "social", "nation", "region" are not.
_SPLIT_VOWELS = re.compile(r"(?<![cgstx])i[aou]")
# A full stop after these does not end a sentence.
_ABBREVIATIONS = frozenset(
    (
        *("e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr"),
        *("inc", "ltd", "u.s", "a.m", "p.m", "approx", "dept", "fig"),
    )
)
LONG_SENTENCE = 25  # words; plain-language guides advise splitting sentences longer than this

# (lowest score, band, what it means), highest first: Flesch's own table.
BANDS = (
    (90, "very easy", "Easily understood by an average 11-year-old."),
    (80, "easy", "Conversational English."),
    (70, "fairly easy", "Easy for most readers."),
    (60, "plain English", "Easily understood by 13- to 15-year-olds."),
    (50, "fairly difficult", "Fine for most adults; shorter sentences would help."),
    (30, "difficult", "Best understood by university graduates."),
    (0, "very difficult", "Hard going for most readers: split long sentences, use everyday words."),
)
PLAIN_ENGLISH = 60


@dataclass(frozen=True)
class TextStats:
    """Length and readability figures of one text."""

    words: int
    sentences: int
    syllables: int
    characters: int
    reading_ease: float | None  # Flesch reading ease, 0-100; None for a text without words
    band: str
    band_meaning: str
    average_sentence_length: float
    longest_sentence_words: int
    longest_sentence: str
    long_sentences: int  # sentences over LONG_SENTENCE words

    @property
    def is_empty(self) -> bool:
        return self.words == 0

    @property
    def is_plain(self) -> bool:
        """Plain English or easier (Flesch 60 and up)."""
        return self.reading_ease is not None and self.reading_ease >= PLAIN_ENGLISH

    def as_dict(self) -> dict:
        return {
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
            "characters": self.characters,
            "reading_ease": self.reading_ease,
            "band": self.band,
            "band_meaning": self.band_meaning,
            "average_sentence_length": self.average_sentence_length,
            "longest_sentence_words": self.longest_sentence_words,
            "longest_sentence": self.longest_sentence,
            "long_sentences": self.long_sentences,
        }


def split_sentences(text: str) -> list[str]:
    """The sentences of `text` that contain at least one word, in order."""
    sentences = []
    for line in text.splitlines():
        start = 0
        for match in _BOUNDARY.finditer(line):
            if _is_abbreviation(line[start : match.start()]):
                continue
            sentences.append(line[start : match.end(1)])
            start = match.end()
        sentences.append(line[start:])
    return [s.strip() for s in sentences if _WORD.search(s)]


def _is_abbreviation(before: str) -> bool:
    last = before.rsplit(None, 1)[-1].lower().rstrip(".") if before.strip() else ""
    # A single letter ("J. Smith") is an initial, not the end of a sentence.
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def split_words(text: str) -> list[str]:
    """The words of `text`: runs of letters or digits, with inner apostrophes and hyphens."""
    return _WORD.findall(text)


def estimate_syllables(word: str) -> int:
    """An estimate of the syllables in one English word (at least 1 for a word)."""
    if word.isdigit():
        return min(len(word), 4)  # "7" is one, "2026" is read as several
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 1 if word.strip() else 0
    if len(letters) <= 3:
        return 1
    count = len(_VOWEL_GROUP.findall(letters))
    count += len(_SPLIT_VOWELS.findall(letters))
    if letters.endswith("ea"):
        count += 1  # idea, area
    if _silent_ending(letters):
        count -= 1
    return max(1, count)


def _silent_ending(word: str) -> bool:
    """A final e, -es or -ed that adds no syllable: make, makes, planned (not table, boxes)."""
    consonant = re.compile(r"[^aeiouy]")
    if word.endswith("e") and not word.endswith(("ee", "ye")):
        before = word[-2]
        if before == "l" and len(word) > 2 and consonant.match(word[-3]):
            return False  # table, people
        return bool(consonant.match(before))
    if word.endswith("es") and len(word) > 3:
        before = word[-3]
        if before in "sxzcg" or word.endswith(("ches", "shes")):
            return False  # boxes, places, pages, churches
        return bool(consonant.match(before)) and not word.endswith("les")
    if word.endswith("ed") and len(word) > 3:
        before = word[-3]
        return bool(consonant.match(before)) and before not in "td"  # needed, wanted
    return False


def band_for(score: float) -> tuple[str, str]:
    """The plain-language band of a Flesch reading-ease score."""
    for lowest, band, meaning in BANDS:
        if score >= lowest:
            return band, meaning
    return BANDS[-1][1], BANDS[-1][2]


def text_stats(text: str | None) -> TextStats:
    """Word count, sentences, Flesch reading ease and its band, and sentence lengths."""
    text = text or ""
    sentences = split_sentences(text)
    lengths = [len(split_words(sentence)) for sentence in sentences]
    words = split_words(text)
    if not words:
        return TextStats(0, 0, 0, len(text), None, "", "", 0.0, 0, "", 0)
    syllables = sum(estimate_syllables(word) for word in words)
    per_sentence = len(words) / max(1, len(sentences))
    score = 206.835 - 1.015 * per_sentence - 84.6 * (syllables / len(words))
    score = round(min(100.0, max(0.0, score)), 1)
    band, meaning = band_for(score)
    longest = max(range(len(sentences)), key=lambda i: lengths[i])
    return TextStats(
        words=len(words),
        sentences=len(sentences),
        syllables=syllables,
        characters=len(text),
        reading_ease=score,
        band=band,
        band_meaning=meaning,
        average_sentence_length=round(per_sentence, 1),
        longest_sentence_words=lengths[longest],
        longest_sentence=sentences[longest],
        long_sentences=sum(1 for n in lengths if n > LONG_SENTENCE),
    )
