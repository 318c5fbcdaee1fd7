"""The case as a network: parties joined by typed, directed edges that carry their evidence.

One edge per (from, to, type): a supplier offering three goods on four dates is one `supplies`
edge carrying four transactions. Every edge keeps its transactions, dates, goods, cables and
sources (cable, paragraph number, portion marking), so a picture or an export can be traced
back to the text.
"""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Iterable
from typing import Any, Literal

import networkx as nx

from reftel.cases.case import Case, CaseEntity, Transaction
from reftel.extraction.facts import Source

SUPPLY_EVENTS = frozenset({"offer", "revised offer", "shipment", "supply", "attempt"})
"""Events in which the seller moves goods to the buyer: edge seller -> buyer, `supplies`."""
PURCHASE_EVENTS = frozenset({"order", "payment"})
"""Events the buyer starts: edge buyer -> seller, `buys_from`."""

EDGE_TYPES: dict[str, str] = {
    "supplies": "supplies",
    "buys_from": "buys from",
    "intermediary_for": "intermediary for",
    "associated_with": "associated with",
    "front_for": "front for",
    "subsidiary_of": "subsidiary of",
    "designated_under": "designated under",
    "developer_of": "developer of",
    "employee_of": "employee of",
    "official_of": "official of",
}
"""Edge types and how the legend writes them."""

GRAPH_FORMATS = ("gexf", "graphml", "json", "png", "svg")

LineStyle = Literal["solid", "dashed", "dashdot", "dotted"]


def source_label(source: Source) -> str:
    """'08STATE39690 ¶3 (S)': cable, paragraph as numbered, and its marking."""
    paragraph = source.number if source.number is not None else f"[{source.paragraph}]"
    marking = f" ({source.marking})" if source.marking else ""
    return f"{source.cable} ¶{paragraph}{marking}"


def _quantity(t: Transaction) -> str | None:
    parts = []
    if t.quantity:
        parts.append(t.quantity.text)
    if t.value:
        parts.append(t.value.text)
    return ", ".join(parts) or None


def _node_kind(entity: CaseEntity) -> str:
    if entity.subtype in ("regime", "program", "government"):
        return entity.subtype
    if entity.type in ("country", "place", "person"):
        return entity.type
    return "organization"


def build_graph(case: Case) -> nx.MultiDiGraph[str]:
    """Parties as nodes; edges keyed by type, carrying transactions, dates and sources."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=case.title)
    for entity in case.entities:
        graph.add_node(
            entity.id,
            label=entity.name,
            kind=_node_kind(entity),
            type=entity.type,
            subtype=entity.subtype or "",
            country=entity.country or "",
            aliases=entity.aliases,
            hop=entity.hop if entity.hop is not None else -1,
            seed=entity.seed,
            designated=entity.designated,
            designations=sorted({d.authority for d in entity.designations}),
            affiliated=bool(entity.affiliations),
            affiliations=entity.affiliations,
            cables=entity.cables,
        )
    for t in case.transactions:
        if t.seller and t.buyer:
            if t.type in PURCHASE_EVENTS:
                _add(graph, case, t.buyer, t.seller, "buys_from", t.sources, t)
            else:
                _add(graph, case, t.seller, t.buyer, "supplies", t.sources, t)
        if t.intermediary:
            client = t.buyer or t.seller
            if client:
                _add(graph, case, t.intermediary, client, "intermediary_for", t.sources, t)
    for r in case.relations:
        _add(graph, case, r.subject, r.object, r.type, r.sources, None, fact=r.id)
    return graph


def _add(
    graph: nx.MultiDiGraph[str],
    case: Case,
    u: str,
    v: str,
    kind: str,
    sources: list[Source],
    t: Transaction | None,
    fact: str | None = None,
) -> None:
    if u not in graph or v not in graph or u == v:
        return
    if not graph.has_edge(u, v, key=kind):
        graph.add_edge(
            u,
            v,
            key=kind,
            relation=kind,
            label=EDGE_TYPES.get(kind, kind.replace("_", " ")),
            transactions=[],
            facts=[],
            dates=[],
            goods=[],
            flagged_goods=[],
            sources=[],
            cables=[],
        )
    data = graph.edges[u, v, kind]
    data["facts"].append(fact or (t.id if t else ""))
    for source in sources:
        label = source_label(source)
        if label not in data["sources"]:
            data["sources"].append(label)
        if source.cable not in data["cables"]:
            data["cables"].append(source.cable)
    if t is None:
        return
    good = case.good(t.item)
    data["transactions"].append(
        {
            "id": t.id,
            "type": t.type,
            "modality": t.modality,
            "date": t.date.value if t.date else None,
            "precision": t.date.precision if t.date else None,
            "item": good.name if good else None,
            "designators": good.designators if good else [],
            "amount": _quantity(t),
            "route": t.route,
            "sources": [source_label(s) for s in t.sources],
        }
    )
    if t.date and t.date.value not in data["dates"]:
        data["dates"].append(t.date.value)
        data["dates"].sort()
    if good and good.name not in data["goods"]:
        data["goods"].append(good.name)
        if good.flagged:
            data["flagged_goods"].append(good.name)


def _flat(graph: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """A copy with list and dict attributes as text: GEXF and GraphML take scalars only."""
    flat: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=graph.graph.get("name", ""))

    def scalar(value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "; ".join(value)
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False)
        return value

    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: scalar(v) for k, v in data.items()})
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: scalar(v) for k, v in data.items()})
    return flat


def to_gexf(graph: nx.MultiDiGraph[str]) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(_flat(graph), buffer)
    return buffer.getvalue()


def to_graphml(graph: nx.MultiDiGraph[str]) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(_flat(graph), buffer, named_key_ids=True)
    return buffer.getvalue()


def to_json(graph: nx.MultiDiGraph[str]) -> str:
    """Node-link JSON, lists kept as lists."""
    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1)


# --- pictures ---------------------------------------------------------------------------------

_NODE_STYLE: dict[str, tuple[str, str, str]] = {
    # class: (fill, text colour, legend label)
    "designated": ("#c0392b", "white", "designated party"),
    "affiliated": ("#f5b041", "black", "tied to a designated party"),
    "organization": ("#d6eaf8", "black", "company / organization"),
    "person": ("#d5f5e3", "black", "person"),
    "regime": ("#e5e7e9", "black", "resolution / regime / list"),
    "program": ("#ebdef0", "black", "program"),
    "government": ("#ebdef0", "black", "government body"),
    "country": ("#fdfefe", "black", "country / place"),
    "place": ("#fdfefe", "black", "country / place"),
}

_EDGE_STYLE: dict[str, tuple[str, LineStyle]] = {
    "supplies": ("#1f4e99", "solid"),
    "buys_from": ("#2e86c1", "solid"),
    "intermediary_for": ("#8e44ad", "solid"),
    "associated_with": ("#7f8c8d", "dashed"),
    "front_for": ("#d35400", "dashed"),
    "subsidiary_of": ("#16a085", "dashed"),
    "designated_under": ("#c0392b", "dotted"),
}
_OTHER_EDGE: tuple[str, LineStyle] = ("#95a5a6", "dashdot")


def _node_class(data: dict[str, Any]) -> str:
    if data["designated"]:
        return "designated"
    if data["affiliated"]:
        return "affiliated"
    return str(data["kind"])


def _layout(graph: nx.MultiDiGraph[str]) -> dict[str, tuple[float, float]]:
    """Columns by distance from the seeds for a small case (reads left to right, supplier to
    end user), each column ordered by where its neighbours sit to keep lines from crossing; a
    force layout when there are too many parties for columns."""
    if graph.number_of_nodes() > 40:
        layout = nx.spring_layout(nx.Graph(graph), seed=7, k=1.5)
        return {n: (float(p[0]) * 6, float(p[1]) * 6) for n, p in layout.items()}
    columns: dict[int, list[str]] = {}
    top = max((int(d["hop"]) for _, d in graph.nodes(data=True)), default=0)
    for node, data in graph.nodes(data=True):
        hop = int(data["hop"])
        columns.setdefault(hop if hop >= 0 else top + 1, []).append(node)
    undirected = nx.Graph(graph)
    positions: dict[str, tuple[float, float]] = {}
    for x, nodes in sorted(columns.items()):

        def order(node: str) -> tuple[float, str]:
            placed = [positions[n][1] for n in undirected[node] if n in positions]
            centre = sum(placed) / len(placed) if placed else 0.0
            return (-centre, str(graph.nodes[node]["label"]))

        nodes.sort(key=order)
        count = len(nodes)
        for i, node in enumerate(nodes):
            positions[node] = (float(x), (count - 1) / 2 - i)
    return positions


def _edge_text(key: str, data: dict[str, Any], forward: bool) -> str:
    """One line per edge of a pair: direction, type, goods and the span of dates."""
    arrow = "→" if forward else "←"
    label = EDGE_TYPES.get(key, key.replace("_", " "))
    if not data["transactions"]:
        return f"{arrow} {label}"
    dates = data["dates"]
    span = dates[0] if len(dates) == 1 else f"{dates[0]} – {dates[-1]}" if dates else "undated"
    goods = ", ".join(data["goods"][:3]) + ("…" if len(data["goods"]) > 3 else "")
    count = len(data["transactions"])
    head = f"{arrow} {label} ×{count}, {span}"
    return "\n".join([head, *textwrap.wrap(goods, 34)]) if goods else head


def _clearance(
    box: Any, centre: tuple[float, float], toward: tuple[float, float], ax: Any
) -> float:
    """Points from a box's centre to its border along the line to `toward`, plus a margin:
    how far an arrow must stop short of the centre to end at the box, head visible."""
    (x0, y0), (x1, y1) = ax.transData.transform([centre, toward])
    extent = box.get_bbox_patch().get_window_extent()
    dx, dy = abs(x1 - x0) or 1e-9, abs(y1 - y0) or 1e-9
    pixels = min(extent.width / 2 / dx, extent.height / 2 / dy) * (dx**2 + dy**2) ** 0.5
    return float(pixels * 72 / ax.figure.dpi + 4)


def _caption(
    ax: Any, a: tuple[float, float], b: tuple[float, float], text: str, flagged: bool
) -> None:
    """A caption beside the middle of a line, on the side away from the lines' common end,
    so it never hides the arrows it describes."""
    (x0, y0), (x1, y1) = ax.transData.transform([a, b])
    dx, dy = x1 - x0, y1 - y0
    length = (dx**2 + dy**2) ** 0.5 or 1.0
    nx_, ny_ = -dy / length, dx / length
    if ny_ * (1 if dy >= 0 else -1) < 0 or (dy == 0 and ny_ < 0):
        nx_, ny_ = -nx_, -ny_
    ax.annotate(
        text,
        xy=((a[0] + b[0]) / 2, (a[1] + b[1]) / 2),
        xytext=(nx_ * 10, ny_ * 10),
        textcoords="offset points",
        fontsize=7.5,
        ha="center" if abs(nx_) < 0.5 else ("left" if nx_ > 0 else "right"),
        va="bottom" if ny_ > 0 else "top",
        color="#922b21" if flagged else "#1b2631",
        bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#aab7b8", "alpha": 0.9},
        zorder=3,
    )


def render(graph: nx.MultiDiGraph[str], fmt: str, title: str = "") -> bytes:
    """Draw the network as PNG or SVG: coloured classes of party, typed edges, a legend.

    Arrows are clipped at the boxes of the names they join; the edges between one pair of
    parties share one caption box, so captions never sit on each other.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Patch

    positions = _layout(graph)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    width = max(10.0, 6.0 * (max(xs) - min(xs)) + 4)
    height = max(6.0, 1.9 * (max(ys) - min(ys)) + 3)
    fig, ax = plt.subplots(figsize=(width, height), dpi=110)
    ax.set_axis_off()
    ax.set_xlim(min(xs) - 0.55, max(xs) + 0.55)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)

    boxes = {}
    for node, data in graph.nodes(data=True):
        fill, ink, _ = _NODE_STYLE.get(_node_class(data), _NODE_STYLE["organization"])
        label = "\n".join(textwrap.wrap(str(data["label"]), 22))
        if data["designated"] and data["designations"]:
            label += "\n[" + "\n".join(textwrap.wrap(str(data["designations"][0]), 26)) + "]"
        boxstyle = "round4,pad=0.5" if data["kind"] == "regime" else "round,pad=0.5"
        boxes[node] = ax.text(
            *positions[node],
            label,
            ha="center",
            va="center",
            fontsize=9.5,
            color=ink,
            fontweight="bold" if data["seed"] or data["designated"] else "normal",
            bbox={
                "boxstyle": boxstyle,
                "fc": fill,
                "ec": "#1b4f72" if data["seed"] else "#566573",
                "lw": 3.0 if data["seed"] else 1.0,
            },
            zorder=4,
        )
    fig.canvas.draw()  # lays out the boxes, so arrows can be clipped at their edges

    pairs: dict[frozenset[str], list[tuple[str, str, str, dict[str, Any]]]] = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        pairs.setdefault(frozenset((u, v)), []).append((u, v, str(key), data))
    for edges in pairs.values():
        first = edges[0][0]
        lines = []
        flagged = False
        for rank, (u, v, key, data) in enumerate(edges):
            colour, style = _EDGE_STYLE.get(key, _OTHER_EDGE)
            rad = 0.0 if len(edges) == 1 else 0.12 * (rank - (len(edges) - 1) / 2)
            rad = rad if u == first else -rad
            carries = bool(data["flagged_goods"])
            flagged = flagged or carries
            ax.add_patch(
                FancyArrowPatch(
                    positions[u],
                    positions[v],
                    arrowstyle="-|>,head_length=0.9,head_width=0.45",
                    connectionstyle=f"arc3,rad={rad}",
                    color=colour,
                    linestyle=style,
                    linewidth=2.8 if carries else 1.6,
                    shrinkA=_clearance(boxes[u], positions[u], positions[v], ax),
                    shrinkB=_clearance(boxes[v], positions[v], positions[u], ax),
                    mutation_scale=14,
                    zorder=1,
                )
            )
            if data["transactions"] or len(edges) > 1:
                lines.append(_edge_text(key, data, forward=u == first))
        if lines:
            _caption(ax, positions[first], positions[edges[0][1]], "\n".join(lines), flagged)

    classes = {_node_class(d) for _, d in graph.nodes(data=True)}
    handles: list[Any] = []
    seen_labels: set[str] = set()
    for name, (fill, _, text) in _NODE_STYLE.items():
        if name in classes and text not in seen_labels:
            seen_labels.add(text)
            handles.append(Patch(facecolor=fill, edgecolor="#566573", label=text))
    if any(d["seed"] for _, d in graph.nodes(data=True)):
        handles.append(
            Patch(facecolor="white", edgecolor="#1b4f72", lw=3, label="seed of the case")
        )
    for key in sorted({str(k) for _, _, k in graph.edges(keys=True)}):
        colour, style = _EDGE_STYLE.get(key, _OTHER_EDGE)
        handles.append(
            Line2D([0], [0], color=colour, linestyle=style, lw=2, label=EDGE_TYPES.get(key, key))
        )
    if any(d["flagged_goods"] for _, _, d in graph.edges(data=True)):
        handles.append(
            Line2D([0], [0], color="#922b21", lw=3, label="carries flagged goods (red caption)")
        )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=min(4, max(1, len(handles))),
        fontsize=9,
        frameon=False,
    )
    if title:
        ax.set_title(title, fontsize=13, fontweight="bold")
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def write_graph(graph: nx.MultiDiGraph[str], fmt: str, title: str = "") -> bytes:
    """The graph in one of `GRAPH_FORMATS`, as bytes ready for a file or stdout."""
    if fmt == "gexf":
        return to_gexf(graph)
    if fmt == "graphml":
        return to_graphml(graph)
    if fmt == "json":
        return (to_json(graph) + "\n").encode()
    if fmt in ("png", "svg"):
        return render(graph, fmt, title)
    raise ValueError(f"format {fmt!r}: choose one of {', '.join(GRAPH_FORMATS)}")


def parties(graph: nx.MultiDiGraph[str], kind: str) -> Iterable[tuple[str, str]]:
    """(from label, to label) of every edge of one type: what a reader checks first."""
    for u, v, key in graph.edges(keys=True):
        if key == kind:
            yield graph.nodes[u]["label"], graph.nodes[v]["label"]
