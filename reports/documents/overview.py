"""The national overview's figures as table rows, for the CSV download."""

from collections.abc import Iterator
from typing import Any


def overview_rows(figures: dict[str, Any]) -> Iterator[list[object]]:
    for bar in figures["stages"]:
        yield ["reviews by stage", bar.label, bar.value]
    for row in figures["ratings"]:
        for level, count in zip(figures["levels"], row["counts"], strict=True):
            yield [f"aspect {row['aspect']} self-assessment ratings ({row['name']})", level, count]
    for bar in figures["areas"]:
        yield ["improvement findings by area", bar.label, bar.value]
    for bar in figures["overdue"]:
        yield ["overdue actions by council", bar.label, bar.value]
    for title, table in figures["years"].items():
        for year, values in table.rows:
            for column, value in zip(table.columns, values, strict=True):
                yield [title.lower(), f"{year}: {column}", value]
