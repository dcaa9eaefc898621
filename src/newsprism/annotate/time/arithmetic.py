"""Calendar arithmetic for resolving relative time expressions against a publication date.

Hand-written: the resolution rules of news text ("Saturday" in a past-tense sentence is the
most recent Saturday, "last May" the most recent May before this month, "the weekend" the
most recent one) are not what any date library does, and the TIMEX3 value formats (ISO weeks
"2016-W49", weekends "2016-W49-WE", seasons "2017-SP", quarters "2016-Q3") are ours to write.
`direction` is "past", "future" or None (nearest occurrence).
"""

from __future__ import annotations

from datetime import date, timedelta

Timex = tuple[str, str, str]  # (TIMEX3 type, value, granularity)
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def day_value(day: date) -> str:
    return day.isoformat()


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by `months` (negative moves back)."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def shift_date(published: date, unit: str, amount: int) -> tuple[str, str]:
    """The TIMEX3 value and granularity of `published` moved by `amount` units (negative back)."""
    if unit == "D":
        return day_value(published + timedelta(days=amount)), "day"
    if unit == "W":
        return week_value(published + timedelta(weeks=amount)), "week"
    if unit == "M":
        return month_value(*shift_months(published.year, published.month, amount)), "month"
    if unit == "Y":
        return str(published.year + amount), "year"
    if unit == "DE":
        return str((published.year + 10 * amount) // 10), "decade"
    if unit == "CE":
        return str((published.year + 100 * amount) // 100), "century"
    if unit == "Q":
        year, month = shift_months(published.year, published.month, 3 * amount)
        return f"{year}-Q{(month - 1) // 3 + 1}", "quarter"
    return "", "unknown"


def resolve_weekday(published: date, weekday: int, direction: str | None) -> date:
    """The day named `weekday` (ISO, Monday=1) nearest `published` in `direction`.

    The publication day itself counts: "on Monday" in a Monday's paper is that day.
    """
    back = (published.isoweekday() - weekday) % 7
    forward = (weekday - published.isoweekday()) % 7
    if direction == "past":
        return published - timedelta(days=back)
    if direction == "future":
        return published + timedelta(days=forward)
    return (
        published - timedelta(days=back) if back <= forward else published + timedelta(days=forward)
    )


def resolve_relative_weekday(published: date, weekday: int, relation: str) -> date:
    """ "last Friday" / "next Friday" / "this Friday": never the publication day for last/next."""
    if relation == "last":
        back = (published.isoweekday() - weekday) % 7 or 7
        return published - timedelta(days=back)
    if relation == "next":
        forward = (weekday - published.isoweekday()) % 7 or 7
        return published + timedelta(days=forward)
    monday = published - timedelta(days=published.isoweekday() - 1)
    return monday + timedelta(days=weekday - 1)


def resolve_month(published: date, month: int, direction: str | None, strict: bool = False) -> int:
    """The year of the `month` nearest `published` in `direction`.

    `strict` ("last May", "next May") excludes the publication month itself. In the past
    tense, the month after publication still counts as this year's (deadlines, schedules).
    """
    if direction == "past" and strict and month == published.month - 1:
        return published.year - 1  # "last February" in March: "last month" would say this one
    if direction == "past":
        if not strict and month == published.month % 12 + 1:
            # Next month in a past-tense sentence is a deadline ("extended to Nov. 20", "to
            # Jan. 20" in December's paper).
            return published.year + 1 if month == 1 else published.year
        before = month < published.month or (month == published.month and not strict)
        return published.year if before else published.year - 1
    if direction == "future":
        after = month > published.month or (month == published.month and not strict)
        return published.year if after else published.year + 1
    distance = month - published.month
    if distance > 6:
        return published.year - 1
    if distance < -6:
        return published.year + 1
    return published.year


def season_of(day: date) -> tuple[int, str]:
    """(year, season code) of a day; January and February belong to the previous winter."""
    if day.month in (1, 2):
        return day.year - 1, "WI"
    code = next(
        c for c, m in sorted(SEASON_START_MONTH.items(), key=lambda i: -i[1]) if day.month >= m
    )
    return day.year, code


def resolve_season(published: date, code: str, direction: str | None, strict: bool = False) -> int:
    """The year of season `code` nearest `published` in `direction` (the current one counts)."""
    current_year, current_code = season_of(published)
    order = ["SP", "SU", "FA", "WI"]
    here, there = order.index(current_code), order.index(code)
    if direction == "past":
        before = there < here or (there == here and not strict)
        return current_year if before else current_year - 1
    if direction == "future":
        after = there > here or (there == here and not strict)
        return current_year if after else current_year + 1
    return current_year


def resolve_quarter(published: date, quarter: int, direction: str | None) -> int:
    """The year of `quarter`: this year's if it has begun, else last year's (next, in the future).

    A quarter that has begun is this year's whatever the tense: "will report third-quarter
    results" in October is about the quarter just ended.
    """
    current = (published.month - 1) // 3 + 1
    if quarter <= current:
        return published.year
    return published.year if direction == "future" else published.year - 1


def weekend_value(published: date, direction: str | None) -> str:
    """The weekend nearest `published`: the one just gone for the past, the coming one else.

    On a Saturday or Sunday, "the weekend" is the current one in either direction; without a
    direction, Monday to Wednesday look back and Thursday and Friday look ahead.
    """
    saturday = published + timedelta(days=6 - published.isoweekday())
    if direction is None:
        direction = "past" if published.isoweekday() <= 3 else "future"
    if published.isoweekday() < 6 and direction == "past":
        saturday -= timedelta(days=7)
    return week_value(saturday) + "-WE"


def shift_years(value: str, years: int) -> str:
    """A TIMEX3 date value moved by whole years ("1989-Q3", -1 -> "1988-Q3")."""
    return f"{int(value[:4]) + years:04d}{value[4:]}"


def thanksgiving(year: int) -> date:
    """The fourth Thursday of November (US Thanksgiving Day)."""
    first = date(year, 11, 1)
    return first + timedelta(days=(4 - first.isoweekday()) % 7 + 21)
