"""Exports of a case for other tools: FollowTheMoney entities, CSV tables, network files."""

from __future__ import annotations

from reftel.cases.case import Case
from reftel.cases.network import build_graph, to_gexf, to_graphml
from reftel.exports.ftm import to_ftm_lines
from reftel.exports.tables import transactions_csv

EXPORT_FORMATS = ("ftm", "csv", "gexf", "graphml")


def export(case: Case, fmt: str) -> bytes:
    """The case in one of `EXPORT_FORMATS`, as bytes ready for a file or stdout."""
    if fmt == "ftm":
        return "".join(line + "\n" for line in to_ftm_lines(case)).encode()
    if fmt == "csv":
        return transactions_csv(case).encode()
    if fmt == "gexf":
        return to_gexf(build_graph(case))
    if fmt == "graphml":
        return to_graphml(build_graph(case))
    raise ValueError(f"format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")


__all__ = ["EXPORT_FORMATS", "export"]
