"""The historical record's meaning: calendars, judging choices, the timeline and the end report."""
