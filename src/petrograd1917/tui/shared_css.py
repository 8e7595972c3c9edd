"""Parsed stylesheets shared by every app in this process, so that a game forked by the warm process of
`serve` (or a second app in the tests) does not parse the same CSS again.

Textual keeps the rules it parsed in a cache of each stylesheet (`Stylesheet._parse_cache`, read with
`[key]`, filled with `[key] = rules`, emptied by `clear()` when the theme's variables change), and
re-parses in a fresh stylesheet (`reparse`) whenever a screen brings CSS of its own. Our stylesheet
keeps the rules for the process instead, keyed also by the variables they were parsed with (so a change
of theme never meets rules of another theme and nothing needs clearing), and re-parses in a stylesheet
of its own kind. Parsed rules are only read once made: Textual hands the same ones to every re-parse."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.css.stylesheet import Stylesheet

LIMIT = 256  # parsed sources kept: the app's, its screens' and every widget's default CSS, per theme


class SharedRules:
    _rules: ClassVar[dict[tuple[object, ...], Any]] = {}  # the process's: every shared stylesheet reads and fills it

    def __init__(self, stylesheet: Stylesheet) -> None:
        self.stylesheet = stylesheet
        self._variables: tuple[int, tuple[tuple[str, str], ...]] = (0, ())

    def _theme(self) -> tuple[tuple[str, str], ...]:
        variables = self.stylesheet._variables
        if self._variables[0] != id(variables):  # set_variables gives the stylesheet another dict
            self._variables = (id(variables), tuple(sorted(variables.items())))
        return self._variables[1]

    def __getitem__(self, key: tuple[object, ...]) -> Any:
        return self._rules[(self._theme(), key)]

    def __setitem__(self, key: tuple[object, ...], rules: Any) -> None:
        if len(self._rules) >= LIMIT:
            self._rules.clear()
        self._rules[(self._theme(), key)] = rules

    def clear(self) -> None:
        """Nothing to forget: rules are kept by the variables they were parsed with."""


class SharedStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache = SharedRules(self)  # type: ignore[assignment]

    def reparse(self) -> None:
        """As Textual's own: parse every source again in a fresh stylesheet (so that an error leaves this
        one whole), here one sharing the process's parsed rules."""
        fresh = SharedStylesheet(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker,
                             scope=scope)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
