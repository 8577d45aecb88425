"""The lifecycle table drawn for people and tools: Graphviz DOT, a plain-text table, and JSON.

Everything here is derived from `states.TRANSITIONS`, so the drawing cannot drift from the rules.
"""

import json

from throughcare.referrals.reasons import CRITERION, REASON_GROUP, ReasonCode, ReasonGroup, reasons_in
from throughcare.referrals.states import (
    OPEN_STATES,
    PLACE_HOLDING_STATES,
    TERMINAL_STATES,
    TRANSITIONS,
    ReferralState,
    Side,
    Transition,
)

DOT_NEWLINE = "\\n"  # a line break inside a Graphviz label, written as backslash-n


def render(output_format: str) -> str:
    return RENDERERS[output_format]()


def to_dot() -> str:
    lines = [
        "digraph referral_lifecycle {",
        "  rankdir=LR;",
        '  node [shape=ellipse, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for state in ReferralState:
        shape = ", shape=doublecircle" if state in TERMINAL_STATES else ""
        lines.append(f'  "{state.value}" [label="{state.label}"{shape}];')
    # One edge per pair of states, one label line per side that may make the move: fewer crossings.
    edges: dict[tuple[str, str], list[str]] = {}
    for row in TRANSITIONS:
        edges.setdefault((row.source.value, row.target.value), []).append(_edge_label(row))
    for (source, target), labels in edges.items():
        label = DOT_NEWLINE.join(labels)
        lines.append(f'  "{source}" -> "{target}" [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _edge_label(row: Transition) -> str:
    parts = [row.side.value]
    if row.reason_required:
        parts.append("reason")
    if row.note_required:
        parts.append("note")
    return ", ".join(parts)


def to_table() -> str:
    header = ("from", "to", "who", "reason", "note", "reasons allowed")
    rows = [header] + [
        (
            row.source.value,
            row.target.value,
            row.side.value,
            "required" if row.reason_required else ("optional" if row.reasons else "-"),
            "required" if row.note_required else "-",
            _reason_summary(row.reasons),
        )
        for row in TRANSITIONS
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    lines = [
        "  ".join([*(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)), row[-1]])
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths) + "  " + "-" * len(header[-1]))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _reason_summary(reasons: frozenset[ReasonCode]) -> str:
    """Codes in the order of the list, a whole group shortened to "outside_criteria_*"."""
    whole = reasons_in(ReasonGroup.OUTSIDE_CRITERIA)
    if not whole <= reasons:
        return ", ".join(code.value for code in ReasonCode if code in reasons) or "-"
    rest = [code.value for code in ReasonCode if code in reasons - whole]
    return ", ".join(["outside_criteria_*", *rest])


def to_json() -> str:
    return (
        json.dumps(
            {
                "states": [
                    {
                        "value": state.value,
                        "label": state.label,
                        "terminal": state in TERMINAL_STATES,
                        "open": state in OPEN_STATES,
                        "holds_place": state in PLACE_HOLDING_STATES,
                    }
                    for state in ReferralState
                ],
                "sides": [{"value": side.value, "label": side.label} for side in Side],
                "reason_codes": [
                    {
                        "value": code.value,
                        "label": code.label,
                        "group": REASON_GROUP[code].value,
                        "criterion": CRITERION[code].value if code in CRITERION else None,
                    }
                    for code in ReasonCode
                ],
                "transitions": [
                    {
                        "from": row.source.value,
                        "to": row.target.value,
                        "side": row.side.value,
                        "reason_required": row.reason_required,
                        "reasons": [code.value for code in ReasonCode if code in row.reasons],
                        "note_required": row.note_required,
                    }
                    for row in TRANSITIONS
                ],
            },
            indent=2,
        )
        + "\n"
    )


RENDERERS = {"dot": to_dot, "table": to_table, "json": to_json}
