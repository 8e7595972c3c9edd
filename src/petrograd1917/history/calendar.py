"""Old Style (Julian) and New Style (Gregorian) dates of 1917-1918, and how to show them.

Russia used the Julian calendar until 31 January 1918 (O.S.); the next day was
14 February 1918 (N.S.). In 1917-1918 the Gregorian date is the Julian one plus 13 days.
Dates are stored in Old Style; after the switch the stored date already is New Style.
"""

from __future__ import annotations

import datetime as dt

OFFSET = dt.timedelta(days=13)
LAST_OLD_STYLE = dt.date(1918, 1, 31)  # the last day Russia counted in the Julian calendar
FIRST_NEW_STYLE = dt.date(1918, 2, 14)
MONTHS = (
    "January February March April May June July August September October November December"
).split()


def to_new_style(os_date: dt.date) -> dt.date:
    """The Gregorian date of a day given in Russia's civil calendar (Julian until the switch)."""
    if os_date > LAST_OLD_STYLE:
        return os_date
    return os_date + OFFSET


def to_old_style(ns_date: dt.date) -> dt.date:
    """The Julian date of a day given in the Gregorian calendar (for 1917 up to the switch)."""
    if ns_date >= FIRST_NEW_STYLE:
        return ns_date
    return ns_date - OFFSET


def day_month(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]}"


def both(os_date: dt.date, *, year_twice: bool = False) -> str:
    """'25 October 1917 O.S. (7 November N.S.)'; the N.S. year is shown when it differs."""
    if os_date > LAST_OLD_STYLE:
        return f"{day_month(os_date)} {os_date.year} N.S."
    ns = to_new_style(os_date)
    ns_year = f" {ns.year}" if (year_twice or ns.year != os_date.year) else ""
    return f"{day_month(os_date)} {os_date.year} O.S. ({day_month(ns)}{ns_year} N.S.)"


def both_new_style_first(ns_date: dt.date) -> str:
    """'7 November 1917 N.S. (25 October O.S.)': a Gregorian date shown with its Julian twin."""
    if ns_date >= FIRST_NEW_STYLE:
        return f"{day_month(ns_date)} {ns_date.year} N.S."
    os_date = to_old_style(ns_date)
    os_year = f" {os_date.year}" if os_date.year != ns_date.year else ""
    return f"{day_month(ns_date)} {ns_date.year} N.S. ({day_month(os_date)}{os_year} O.S.)"


def short(os_date: dt.date) -> str:
    """'25 Oct (7 Nov)' for lists and timelines."""
    ns = to_new_style(os_date)
    return f"{os_date.day} {MONTHS[os_date.month - 1][:3]} ({ns.day} {MONTHS[ns.month - 1][:3]})"
