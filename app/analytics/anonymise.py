"""Customers by letter alias ("Customer A"), for a comparison shown outside the customer's own walls.

Aliases go by order of first appearance in what is shown, so the first row is A; they say
nothing of the names (not even their alphabetical order). Engagement names usually carry
the customer's name, so an anonymised engagement is named by its alias and date instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.analytics.portfolio import PortfolioRow

_FAR = date.max
_WORD = {"en": "Customer", "zh": "客户"}


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA ...: as many aliases as there are customers."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def customer_aliases(rows: Iterable[PortfolioRow]) -> dict[str, str]:
    """customer id -> its letter, in order of first appearance."""
    aliases: dict[str, str] = {}
    for row in rows:
        if row.customer_id not in aliases:
            aliases[row.customer_id] = letters(len(aliases))
    return aliases


class Names:
    """How customers and engagements are called in one view or report: by name, or by alias."""

    def __init__(self, rows: Iterable[PortfolioRow], *, anonymise: bool, lang: str = "en") -> None:
        rows = list(rows)
        self.anonymise = anonymise
        self.lang = "zh" if lang == "zh" else "en"
        self._aliases = customer_aliases(rows) if anonymise else {}
        self._rows = {r.engagement_id: r for r in rows}
        self._numbers: dict[str, int] = {}
        if anonymise:  # a customer assessed twice in one month still gets two names
            seen: dict[tuple[str, str], int] = {}
            for r in sorted(rows, key=lambda r: (r.assessed_on or _FAR, r.engagement_id)):
                key = (r.customer_id, _month(r))
                seen[key] = seen.get(key, 0) + 1
                self._numbers[r.engagement_id] = seen[key]

    def customer(self, row: PortfolioRow) -> str:
        if not self.anonymise:
            return row.customer_name
        alias = self._aliases.get(row.customer_id) or letters(len(self._aliases))
        return f"{_WORD[self.lang]} {alias}" if self.lang == "en" else f"{_WORD[self.lang]}{alias}"

    def engagement(self, row: PortfolioRow) -> str:
        if not self.anonymise:
            return row.engagement_name
        number = self._numbers.get(row.engagement_id, 1)
        suffix = f" ({number})" if number > 1 else ""
        return f"{self.customer(row)} {_month(row)}{suffix}"


def _month(row: PortfolioRow) -> str:
    return row.assessed_on.strftime("%Y-%m") if row.assessed_on else "-"

