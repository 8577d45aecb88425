"""Every audit verb the code records is registered, with a sentence a person can read."""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from throughcare.core.audit import VERB_PATTERN
from throughcare.core.audit_verbs import AuditVerb, reads, verb_choices
from throughcare.core.templatetags.throughcare import audit_verb_text

SOURCE = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Found:
    verb: str  # the verb's value, or "AuditVerb.NAME" for a member that does not exist
    where: str
    literal: bool  # written as a string rather than an AuditVerb member


def _verbs_of(expression: ast.expr, where: str) -> list[Found]:
    """The verbs an expression can take: an AuditVerb member, a string literal, or either arm of an
    `if` (a name or a lookup is a value passed through, whose verb is found where it is written)."""
    if isinstance(expression, ast.JoinedStr):
        raise AssertionError(
            f"{where}: build audit verbs from literals, not f-strings, so they can be checked"
        )
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return [Found(expression.value, where, literal=True)]
    if (
        isinstance(expression, ast.Attribute)
        and isinstance(expression.value, ast.Name)
        and expression.value.id == "AuditVerb"
    ):
        member = AuditVerb.__members__.get(expression.attr)
        return [Found(member.value if member else f"AuditVerb.{expression.attr}", where, literal=False)]
    if isinstance(expression, ast.IfExp):
        return _verbs_of(expression.body, where) + _verbs_of(expression.orelse, where)
    if isinstance(expression, ast.BoolOp):
        return [found for value in expression.values for found in _verbs_of(value, where)]
    return []


def _verbs_in(path: Path) -> list[Found]:
    """Verbs passed as `verb=`, given as a `verb` parameter's default, or passed positionally to a
    function of the same module that takes `verb` (such as `_record_member(actor, AuditVerb.X)`)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found, verb_position = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            positional = [a.arg for a in node.args.posonlyargs + node.args.args]
            if "verb" in positional:
                verb_position[node.name] = positional.index("verb")
            for argument, default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
                if argument.arg == "verb" and default is not None:
                    found += _verbs_of(default, f"{path}:{node.lineno}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        where = f"{path}:{node.lineno}"
        for keyword in node.keywords:
            if keyword.arg == "verb":
                found += _verbs_of(keyword.value, where)
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        position = verb_position.get(name)
        if position is not None and len(node.args) > position:
            found += _verbs_of(node.args[position], where)
    return found


def _production_files():
    for path in sorted(SOURCE.rglob("*.py")):
        if not {"tests", "migrations"} & set(path.parts):
            yield path


def recorded_verbs() -> list[Found]:
    return [found for path in _production_files() for found in _verbs_in(path)]


def test_every_verb_recorded_in_the_code_is_registered():
    verbs = recorded_verbs()
    assert len({found.verb for found in verbs}) > 50, "the scan no longer finds the audit calls"
    unregistered = sorted(
        {f"{found.verb} ({found.where})" for found in verbs if found.verb not in set(AuditVerb)}
    )
    assert unregistered == [], "Add these verbs, with a sentence, to throughcare/core/audit_verbs.py"


def test_every_call_site_names_its_verb_by_its_audit_verb_member():
    literals = sorted(f"{found.verb} ({found.where})" for found in recorded_verbs() if found.literal)
    assert literals == [], "Pass AuditVerb members (throughcare/core/audit_verbs.py), not strings"


def test_the_scan_finds_verbs_passed_in_each_way(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        "def _member(actor, verb, member): ...\n"
        "def plan(user, *, verb=AuditVerb.PERSON_VIEWED): ...\n"
        "audit.record(actor=None, verb=AuditVerb.USER_SIGNED_IN)\n"
        "audit.Entry(verb=AuditVerb.CASE_NOTE_ADDED if x else AuditVerb.CASE_NOTE_EDITED)\n"
        "events.filter(verb=data['action'])\n"
        "_member(actor, AuditVerb.CARE_TEAM_ADDED, member)\n"
        "audit.record(actor=None, verb=AuditVerb.NOT_A_VERB)\n"
    )
    assert sorted((found.verb, found.literal) for found in _verbs_in(module)) == [
        ("AuditVerb.NOT_A_VERB", False),
        ("care_team.added", False),
        ("case_note.added", False),
        ("case_note.edited", False),
        ("person.viewed", False),
        ("user.signed_in", False),
    ]


def test_the_scan_marks_verbs_written_as_strings(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        "def _member(actor, verb, member): ...\n"
        "def plan(user, *, verb='plan.viewed'): ...\n"
        "audit.record(actor=None, verb='a.keyword')\n"
        "audit.Entry(verb='a.first' if x else AuditVerb.PERSON_VIEWED)\n"
        "_member(actor, 'a.positional', member)\n"
    )
    assert sorted((found.verb, found.literal) for found in _verbs_in(module)) == [
        ("a.first", True),
        ("a.keyword", True),
        ("a.positional", True),
        ("person.viewed", False),
        ("plan.viewed", True),
    ]


def test_a_verb_built_at_run_time_fails_the_scan(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("audit.record(actor=None, verb=f'person.{what}')\n")
    with pytest.raises(AssertionError, match="not f-strings"):
        _verbs_in(module)


@pytest.mark.parametrize("verb", list(AuditVerb))
def test_each_registered_verb_is_a_dotted_code_with_a_sentence(verb):
    assert VERB_PATTERN.match(verb.value)
    assert verb.sentence[:1].islower()
    assert not verb.sentence.endswith(".")
    assert "{target}" not in verb.reads()


def test_sentences_name_the_target_when_known():
    assert AuditVerb.PERSON_VIEWED.reads("Jordan Example") == "viewed Jordan Example's record"
    assert reads("person.viewed") == "viewed a person's record"
    assert reads("something.unregistered") == "something unregistered"


def test_recent_activity_reads_the_registered_sentence():
    assert audit_verb_text("api_token.issued") == "Issued an API token"
    assert audit_verb_text("thing.unregistered") == "Thing unregistered"


def test_choices_cover_every_verb_once():
    assert sorted(value for value, _ in verb_choices()) == sorted(v.value for v in AuditVerb)
