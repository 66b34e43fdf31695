"""The one date a build stamps on its outputs.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set, else
today: the date printed on handouts and stored in Word files is then the
same for every file of a build, and the same bytes come out all day.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timezone

from docgen.i18n import locale_of


def build_date() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def build_datetime() -> datetime:
    """The build date at midnight UTC (document properties want a time)."""
    return datetime.combine(build_date(), time(), tzinfo=timezone.utc)


def readings(text: str, lang: str) -> list[date]:
    """The dates a teacher may have meant by a date not written year-month-day.

    ``01/09/2026`` is 1 September in French (day first, as the language writes
    dates) but could be either in English; ``1er septembre 2026``,
    ``September 1, 2026``, ``1. September 2026`` are one date each. Month names
    are read in the topic's language and in English. Empty when nothing reads
    as a date; two dates when the text is ambiguous.
    """
    words = re.findall(r"\d+|[^\W\d_]+", text.casefold())
    numbers = [int(word) for word in words if word.isdigit()]
    month = _month_named(words, lang)
    if month is not None:
        years = [number for number in numbers if number > 31]
        days = [number for number in numbers if 1 <= number <= 31]
        return _valid([(years[0], month, days[0])]) if len(years) == 1 and len(days) == 1 else []
    if len(numbers) != 3 or len(words) != 3:
        return []
    first, second, third = numbers
    if first > 31:  # 2026/09/01
        return _valid([(first, second, third)])
    if third < 100:
        return []
    found = _valid([(third, second, first), (third, first, second)])  # day first, month first
    if len(found) == 2 and found[0] != found[1]:
        order = locale_of(lang).date_formats["short"].pattern
        if "_" in lang or "-" in lang or not lang.startswith("en"):  # the language says which comes first
            return found[:1] if order.find("d") < order.find("M") else found[1:]
    return list(dict.fromkeys(found))


def _month_named(words: list[str], lang: str) -> int | None:
    for locale in (locale_of(lang), locale_of("en")):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = {name.casefold().rstrip("."): number
                         for number, name in locale.months[context][width].items()}
                for word in words:
                    if word in names:
                        return names[word]
    return None


def _valid(candidates: list[tuple[int, int, int]]) -> list[date]:
    found = []
    for year, month, day in candidates:
        try:
            found.append(date(year, month, day))
        except ValueError:
            pass
    return found
