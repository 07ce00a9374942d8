"""Calendar quarters ("2026-Q4"): parsing, bounds and the quarter containing a date.

Plain Python (no Django), so it can be tested alone.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


class QuarterError(ValueError):
    """The text does not name a quarter."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2026-Q4' (also '2026Q4', '2026-q4') -> Quarter(2026, 4)."""
        match = _PATTERN.match(text or "")
        if match is None:
            raise QuarterError(f"{text!r} is not a quarter such as 2026-Q4")
        year = int(match.group(1))
        if not 1900 <= year <= 9998:
            raise QuarterError(f"{text!r} is out of range")
        return cls(year, int(match.group(2)))

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the quarter (inclusive)."""
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.number}"

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"
