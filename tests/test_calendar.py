"""Old Style and New Style dates, both ways, across month, year and the 1918 switch."""

from __future__ import annotations

import datetime as dt

import pytest

from petrograd1917.history.calendar import both, both_new_style_first, short, to_new_style, to_old_style


@pytest.mark.parametrize(
    ("os_date", "ns_date"),
    [
        (dt.date(1917, 10, 25), dt.date(1917, 11, 7)),  # the rising
        (dt.date(1917, 8, 27), dt.date(1917, 9, 9)),  # Kerensky dismisses Kornilov
        (dt.date(1917, 2, 23), dt.date(1917, 3, 8)),  # February: International Women's Day
        (dt.date(1917, 8, 31), dt.date(1917, 9, 13)),  # month boundary
        (dt.date(1917, 12, 25), dt.date(1918, 1, 7)),  # year boundary
        (dt.date(1918, 1, 31), dt.date(1918, 2, 13)),  # the last Julian day
    ],
)
def test_known_pairs(os_date: dt.date, ns_date: dt.date) -> None:
    assert to_new_style(os_date) == ns_date
    assert to_old_style(ns_date) == os_date


def test_after_the_switch_dates_are_new_style() -> None:
    assert to_new_style(dt.date(1918, 2, 14)) == dt.date(1918, 2, 14)
    assert to_old_style(dt.date(1918, 2, 14)) == dt.date(1918, 2, 14)


def test_formats() -> None:
    assert both(dt.date(1917, 10, 25)) == "25 October 1917 O.S. (7 November N.S.)"
    assert both(dt.date(1917, 8, 27), year_twice=True) == "27 August 1917 O.S. (9 September 1917 N.S.)"
    assert both(dt.date(1917, 12, 25)) == "25 December 1917 O.S. (7 January 1918 N.S.)"
    assert both_new_style_first(dt.date(1917, 11, 7)) == "7 November 1917 N.S. (25 October O.S.)"
    assert short(dt.date(1917, 10, 25)) == "25 Oct (7 Nov)"
