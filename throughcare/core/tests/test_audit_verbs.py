"""Every audit verb the code records is registered, with a sentence a person can read."""

import ast
from pathlib import Path

import pytest

from throughcare.core.audit import VERB_PATTERN
from throughcare.core.audit_verbs import AuditVerb, reads, verb_choices
from throughcare.core.templatetags.throughcare import audit_verb_text

SOURCE = Path(__file__).resolve().parents[2]


def _literal_verbs(expression: ast.expr, where: str) -> list[tuple[str, str]]:
    """The verbs an expression can take: a string literal, or either arm of an `if` (a name or a
    lookup is a value passed through, whose literal is found where it is written)."""
    if isinstance(expression, ast.JoinedStr):
        raise AssertionError(
            f"{where}: build audit verbs from literals, not f-strings, so they can be checked"
        )
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return [(expression.value, where)]
    if isinstance(expression, ast.IfExp):
        return _literal_verbs(expression.body, where) + _literal_verbs(expression.orelse, where)
    if isinstance(expression, ast.BoolOp):
        return [found for value in expression.values for found in _literal_verbs(value, where)]
    return []


def _verbs_in(path: Path) -> list[tuple[str, str]]:
    """Verbs passed as `verb=`, given as a `verb` parameter's default, or passed positionally to a
    function of the same module that takes `verb` (such as `_record_member(actor, "care_team.added")`)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found, verb_position = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            positional = [a.arg for a in node.args.posonlyargs + node.args.args]
            if "verb" in positional:
                verb_position[node.name] = positional.index("verb")
            for argument, default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
                if argument.arg == "verb" and default is not None:
                    found += _literal_verbs(default, f"{path}:{node.lineno}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        where = f"{path}:{node.lineno}"
        for keyword in node.keywords:
            if keyword.arg == "verb":
                found += _literal_verbs(keyword.value, where)
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        position = verb_position.get(name)
        if position is not None and len(node.args) > position:
            found += _literal_verbs(node.args[position], where)
    return found


def _production_files():
    for path in sorted(SOURCE.rglob("*.py")):
        if not {"tests", "migrations"} & set(path.parts):
            yield path


def recorded_verbs() -> list[tuple[str, str]]:
    return [found for path in _production_files() for found in _verbs_in(path)]


def test_every_verb_recorded_in_the_code_is_registered():
    verbs = recorded_verbs()
    assert len({verb for verb, _ in verbs}) > 50, "the scan no longer finds the audit calls"
    unregistered = sorted({f"{verb} ({where})" for verb, where in verbs if verb not in set(AuditVerb)})
    assert unregistered == [], "Add these verbs, with a sentence, to throughcare/core/audit_verbs.py"


def test_the_scan_finds_verbs_passed_in_each_way(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        "def _member(actor, verb, member): ...\n"
        "def plan(user, *, verb='plan.viewed'): ...\n"
        "audit.record(actor=None, verb='a.keyword')\n"
        "audit.Entry(verb='a.first' if x else 'a.second')\n"
        "events.filter(verb=data['action'])\n"
        "_member(actor, 'a.positional', member)\n"
    )
    assert sorted(verb for verb, _ in _verbs_in(module)) == [
        "a.first",
        "a.keyword",
        "a.positional",
        "a.second",
        "plan.viewed",
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
