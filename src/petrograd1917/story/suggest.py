"""'Did you mean ...?': the nearest known word to a misspelt one, at a bounded cost however many ids there are.

difflib compares a word with every candidate, and ids that look alike cost it most: a story of
10,000 scenes with 4,000 misspelt gotos made `check` take minutes. A typo keeps most of a word's start
and most of its end, so a misspelt id sorts near the right one either forwards or read backwards;
of those neighbours, the few that share the longest start and end with it go to difflib.
"""

from __future__ import annotations

import bisect
import difflib
import os
from collections.abc import Iterable

NEIGHBOURS = 8  # taken on each side, forwards and backwards
SHORTLIST = 6  # of them, compared by difflib: at most this many comparisons a word
_CUTOFF = 0.6


def _phrase(match: list[str]) -> str:
    return f" (did you mean '{match[0]}'?)" if match else ""


def _shared(word: str, other: str) -> int:
    """How much of its start and its end `other` shares with `word`."""
    start = len(os.path.commonprefix([word, other]))
    end = len(os.path.commonprefix([word[::-1], other[::-1]]))
    return min(start + end, len(word), len(other))


class Suggester:
    """The known words of one kind (scene ids, variables ...), indexed for suggestions."""

    def __init__(self, known: Iterable[str]) -> None:
        self.words = sorted(set(known))
        self._backwards = sorted(w[::-1] for w in self.words)
        self._asked: dict[str, str] = {}

    def _near(self, word: str) -> list[str]:
        if len(self.words) <= SHORTLIST:
            return self.words
        out: set[str] = set()
        for words, key, flip in ((self.words, word, False), (self._backwards, word[::-1], True)):
            i = bisect.bisect_left(words, key)
            for w in words[max(0, i - NEIGHBOURS): i + NEIGHBOURS]:
                out.add(w[::-1] if flip else w)
        return sorted(out, key=lambda w: (-_shared(word, w), w))[:SHORTLIST]

    def did_you_mean(self, word: str) -> str:
        """' (did you mean 'x'?)', or '' when nothing known is close."""
        said = self._asked.get(word)
        if said is None:
            said = self._asked[word] = _phrase(difflib.get_close_matches(word, self._near(word), n=1, cutoff=_CUTOFF))
        return said


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A suggestion from a set of words (keys of a spec, enum values, variables). A few are all
    compared; more are indexed first, so the cost stays bounded either way."""
    words = list(choices)
    if len(words) > 4 * SHORTLIST:
        return Suggester(words).did_you_mean(word)
    return _phrase(difflib.get_close_matches(word, words, n=1, cutoff=_CUTOFF))
