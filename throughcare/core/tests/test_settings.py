"""Production settings refuse to start unsafely, and `check --deploy` is clean when configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GOOD_PRODUCTION = {
    "THROUGHCARE_ENV": "production",
    "SECRET_KEY": "test-only-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "throughcare.example",
    "DATABASE_URL": "postgres://throughcare@127.0.0.1:5432/throughcare",
    "AUDIT_CHAIN_KEYS": "2026-12:test-only-audit-chain-key-0123456789abcdef",
    "AUDIT_CHECKPOINT_FILE": "/var/log/throughcare/audit-checkpoints.jsonl",
}


def _manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "AUDIT_CHAIN_KEYS",
            "AUDIT_CHECKPOINT_FILE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "Production needs SECRET_KEY"),
        ("ALLOWED_HOSTS", "Production needs ALLOWED_HOSTS"),
        ("DATABASE_URL", "Production needs DATABASE_URL for PostgreSQL"),
        ("AUDIT_CHAIN_KEYS", "Production needs AUDIT_CHAIN_KEYS"),
        ("AUDIT_CHECKPOINT_FILE", "Production needs AUDIT_CHECKPOINT_FILE"),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != missing}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_may_use_sqlite_only_when_told_to():
    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != "DATABASE_URL"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", ALLOW_SQLITE_IN_PRODUCTION="true", **env)
    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **GOOD_PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


def test_passwords_are_hashed_with_argon2():
    result = _manage("shell", "-c", "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])")
    assert result.stdout.strip().splitlines()[-1] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_postgresql_connections_run_without_jit_and_price_random_reads_as_on_ssd():
    # ADR 17: compiling insight's per-area read took far longer than running it, and matching's
    # lookups by index were passed over for reading whole tables. ADR 47: parallel workers took cores
    # from other users' requests.
    shown = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['options'])",
        DATABASE_URL="postgres://throughcare@127.0.0.1:5432/throughcare?options=-c%20statement_timeout%3D5000",
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == [
        "-c",
        "statement_timeout=5000",
        "-c",
        "jit=off",
        "-c",
        "random_page_cost=1.1",
        "-c",
        "max_parallel_workers_per_gather=0",
    ]


@pytest.mark.parametrize(
    "keys", ["2026-12:too-short", "no-secret-here", ":test-only-audit-chain-key-0123456789abcdef"]
)
def test_production_refuses_audit_chain_keys_that_are_not_id_and_long_secret(keys):
    result = _manage("check", **{**GOOD_PRODUCTION, "AUDIT_CHAIN_KEYS": keys})
    assert result.returncode != 0
    assert "AUDIT_CHAIN_KEYS must be comma-separated id:secret pairs" in result.stderr


def test_the_last_audit_chain_key_seals_and_the_earlier_ones_still_verify():
    shown = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(sorted(s.AUDIT_CHAIN_KEYS), s.AUDIT_CHAIN_SEALING_KEY_ID)",
        AUDIT_CHAIN_KEYS="2026-06:first-secret,2026-12:second-secret",
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1] == "['2026-06', '2026-12'] 2026-12"


@pytest.mark.parametrize(
    "database", ["", "postgres://throughcare@127.0.0.1:5432/throughcare"], ids=["sqlite", "postgresql"]
)
def test_connections_are_kept_between_requests_and_checked_before_reuse(database):
    shown = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        **({"DATABASE_URL": database} if database else {}),
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["60", "True"]


def test_the_gunicorn_configuration_loads_with_a_reason_for_each_setting(monkeypatch):
    import runpy

    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    monkeypatch.delenv("GUNICORN_WORKER_CLASS", raising=False)
    default = runpy.run_path(str(ROOT / "config" / "gunicorn_conf.py"))
    assert (default["worker_class"], default["threads"]) == ("sync", 1)  # ADR 50

    monkeypatch.setenv("GUNICORN_THREADS", "8")
    settings = runpy.run_path(str(ROOT / "config" / "gunicorn_conf.py"))
    assert settings["worker_class"] == "gthread"
    assert settings["threads"] == 8
    assert settings["workers"] >= 1
    assert settings["preload_app"] is True
    assert settings["timeout"] == 30
    source = (ROOT / "config" / "gunicorn_conf.py").read_text()
    for name in ("workers", "threads", "preload_app", "timeout", "keepalive", "max_requests"):
        line = next(i for i, text in enumerate(source.splitlines()) if text.startswith(f"{name} ="))
        assert source.splitlines()[line - 1].startswith("#"), f"{name} has no comment saying why"
