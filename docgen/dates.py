"""The one date a build stamps on its outputs.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set, else
today: the date printed on handouts and stored in Word files is then the
same for every file of a build, and the same bytes come out all day.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timezone


def build_date() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def build_datetime() -> datetime:
    """The build date at midnight UTC (document properties want a time)."""
    return datetime.combine(build_date(), time(), tzinfo=timezone.utc)
