"""The offline plain-language figures of the charter (A3): words, sentences, syllables, Flesch."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.alignment.readability import (
    band_for,
    estimate_syllables,
    split_sentences,
    split_words,
    text_stats,
)

SIMPLE = "We help students. They find good jobs. We meet each month. Everyone is welcome."
DENSE = (
    "Notwithstanding institutional considerations, organizational accountability mechanisms "
    "facilitate comprehensive intersectional representation across heterogeneous stakeholder "
    "constituencies, operationalizing equitable participation infrastructures."
)


class TestSyllables:
    @pytest.mark.parametrize(
        ("word", "syllables"),
        [
            ("cat", 1),
            ("make", 1),
            ("makes", 1),
            ("planned", 1),
            ("table", 2),
            ("people", 2),
            ("value", 2),
            ("values", 2),
            ("needed", 2),
            ("boxes", 2),
            ("nation", 2),
            ("social", 2),
            ("media", 3),
            ("idea", 3),
            ("community", 4),
            ("engineering", 4),
            ("participation", 5),
            ("Students", 2),
            ("7", 1),
        ],
    )
    def test_common_words(self, word, syllables):
        assert estimate_syllables(word) == syllables

    def test_every_word_has_at_least_one(self):
        assert all(estimate_syllables(w) >= 1 for w in ("a", "I", "rhythm", "why", "Ç", "x"))


class TestSplitting:
    def test_sentences_end_at_punctuation_and_line_breaks(self):
        text = "We met Dr. Smith, e.g. at noon. “Then we left!” Did we?\n- One item\n- Two"
        assert split_sentences(text) == [
            "We met Dr. Smith, e.g. at noon.",
            "“Then we left!”",
            "Did we?",
            "- One item",
            "- Two",
        ]

    def test_words_keep_apostrophes_and_hyphens(self):
        assert split_words("Don\u2019t stop: well-being, 2026 — ok?") == [
            "Don\u2019t",
            "stop",
            "well-being",
            "2026",
            "ok",
        ]

    def test_punctuation_without_words_is_no_sentence(self):
        assert split_sentences("... !!! ??? — ;") == []


class TestTextStats:
    def test_simple_text_reads_easier_than_dense_text(self):
        simple, dense = text_stats(SIMPLE), text_stats(DENSE)
        assert simple.reading_ease > dense.reading_ease
        assert simple.is_plain and not dense.is_plain
        assert simple.band in ("very easy", "easy", "fairly easy", "plain English")
        assert dense.band in ("difficult", "very difficult")

    def test_counts_and_sentence_lengths(self):
        stats = text_stats(SIMPLE)
        assert (stats.words, stats.sentences) == (14, 4)
        assert stats.average_sentence_length == 3.5
        assert stats.longest_sentence_words == 4
        assert stats.longest_sentence == "They find good jobs."  # the first of the longest
        assert stats.long_sentences == 0

    def test_long_sentences_are_counted(self):
        long = " ".join(["word"] * 30) + ". Short one."
        stats = text_stats(long)
        assert stats.long_sentences == 1 and stats.longest_sentence_words == 30

    @pytest.mark.parametrize("text", ["", None, "   \n\t ", "... !!! ???", "—"])
    def test_text_without_words_has_no_score(self, text):
        stats = text_stats(text)
        assert stats.is_empty and stats.words == 0 and stats.sentences == 0
        assert stats.reading_ease is None and stats.band == ""

    def test_text_without_end_punctuation_is_one_sentence(self):
        stats = text_stats("Students first")
        assert (stats.words, stats.sentences) == (2, 1)

    @pytest.mark.parametrize(
        ("score", "band"),
        [
            (100, "very easy"),
            (85, "easy"),
            (75, "fairly easy"),
            (60, "plain English"),
            (59.9, "fairly difficult"),
            (40, "difficult"),
            (0, "very difficult"),
        ],
    )
    def test_bands(self, score, band):
        assert band_for(score)[0] == band

    @given(st.text(max_size=400))
    def test_any_text_gives_sane_figures(self, text):
        stats = text_stats(text)
        assert stats.words == len(split_words(text))
        assert stats.sentences <= stats.words
        if stats.words:
            assert 0 <= stats.reading_ease <= 100
            assert stats.syllables >= stats.words
            assert stats.longest_sentence_words <= stats.words
        else:
            assert stats.reading_ease is None
