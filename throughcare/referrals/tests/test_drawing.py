"""The lifecycle drawn: DOT that Graphviz would read, a table and JSON, all from the one table."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import modify_settings

from throughcare.referrals.drawing import render, to_dot, to_json, to_table
from throughcare.referrals.management.commands import referral_states
from throughcare.referrals.states import TERMINAL_STATES, TRANSITIONS, ReferralState

ID = r'"([a-z_]+)"'
NODE = re.compile(rf'^  {ID} \[label="([^"]+)"(, shape=doublecircle)?\];$')
EDGE = re.compile(rf'^  {ID} -> {ID} \[label="([^"]+)"\];$')
SETTING = re.compile(r"^  (rankdir=LR|(node|edge) \[[^\]]*\]);$")


def parse_dot(text: str):
    """Nodes {id: (label, terminal)} and edges {(from, to): label}; fails on any line it cannot read."""
    lines = text.strip().splitlines()
    assert lines[0] == "digraph referral_lifecycle {"
    assert lines[-1] == "}"
    nodes, edges = {}, {}
    for line in lines[1:-1]:
        if node := NODE.match(line):
            nodes[node[1]] = (node[2], bool(node[3]))
        elif edge := EDGE.match(line):
            assert (edge[1], edge[2]) not in edges, line
            edges[(edge[1], edge[2])] = edge[3]
        else:
            assert SETTING.match(line), f"not a DOT statement we expect: {line!r}"
    return nodes, edges


def test_dot_draws_every_state_with_final_ones_double_circled():
    nodes, _edges = parse_dot(to_dot())
    assert nodes == {state.value: (state.label, state in TERMINAL_STATES) for state in ReferralState}


def test_dot_draws_every_transition_labelled_with_side_and_reason():
    _nodes, edges = parse_dot(to_dot())
    assert set(edges) == {(row.source.value, row.target.value) for row in TRANSITIONS}
    for row in TRANSITIONS:
        label_lines = edges[(row.source.value, row.target.value)].split("\\n")
        expected = ", ".join(
            [
                row.side.value,
                *(["reason"] if row.reason_required else []),
                *(["note"] if row.note_required else []),
            ]
        )
        assert expected in label_lines


def test_dot_braces_and_quotes_balance():
    text = to_dot()
    assert text.count("{") == text.count("}") == 1
    assert text.count("[") == text.count("]")
    assert text.count('"') % 2 == 0


def test_table_has_a_row_per_transition_and_shortens_the_outside_criteria():
    lines = to_table().splitlines()
    assert lines[0].split() == ["from", "to", "who", "reason", "note", "reasons", "allowed"]
    assert len(lines) == 2 + len(TRANSITIONS)
    declines = [line for line in lines if line.split()[:2] == ["submitted", "declined"]]
    assert declines == [
        "submitted          declined           receiver  required  required  "
        "outside_criteria_*, no_capacity, could_not_contact, other"
    ]


def test_json_describes_states_reasons_and_transitions_for_tools():
    data = json.loads(to_json())
    assert [state["value"] for state in data["states"]] == ReferralState.values
    assert {state["value"] for state in data["states"] if state["terminal"]} == set(TERMINAL_STATES)
    assert len(data["transitions"]) == len(TRANSITIONS)
    risk = next(code for code in data["reason_codes"] if code["value"] == "outside_criteria_risk")
    assert risk == {
        "value": "outside_criteria_risk",
        "label": "Outside the service's criteria: risk",
        "group": "outside_criteria",
        "criterion": "risk",
    }
    decline = next(t for t in data["transitions"] if (t["from"], t["to"]) == ("submitted", "declined"))
    assert decline["side"] == "receiver"
    assert decline["reason_required"] is True
    assert decline["note_required"] is True
    assert "no_capacity" in decline["reasons"]


@pytest.mark.parametrize("output_format", ["dot", "table", "json"])
def test_the_command_prints_what_render_returns(output_format):
    # Passing the command object works whether or not the app is in INSTALLED_APPS yet.
    out = io.StringIO()
    call_command(referral_states.Command(), f"--format={output_format}", stdout=out)
    assert out.getvalue() == render(output_format)


@modify_settings(INSTALLED_APPS={"append": "throughcare.referrals"})
def test_the_command_is_found_by_name_once_the_app_is_installed():
    out = io.StringIO()
    call_command("referral_states", "--format", "dot", stdout=out)
    parse_dot(out.getvalue())
