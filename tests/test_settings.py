"""The settings module reads typed environment variables and fails loudly on bad ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnerhub.env import env_bool, env_choice, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import partnerhub.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "is not a boolean"),
        ("EMAIL_PORT", "twenty-five", "is not an integer"),
        ("PAGE_SIZE", "0", "must be at least 1"),
        ("LOG_LEVEL", "LOUD", "must be one of"),
        ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL is not a valid database URL"),
    ],
)
def test_bad_values_stop_start_up(name, value, message):
    result = load_settings(**{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_requires_a_secret_key():
    result = load_settings(DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_sqlite_is_the_default():
    result = load_settings()
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/partnerhub")
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_sqlite_uses_wal_and_immediate_transactions(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]


def test_env_readers(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    monkeypatch.setenv("NUM", "7")
    monkeypatch.setenv("ITEMS", "a, b,,c")
    monkeypatch.setenv("MODE", "fast")
    assert env_bool("FLAG", False) is True
    assert env_int("NUM", 1, minimum=1) == 7
    assert env_list("ITEMS", []) == ["a", "b", "c"]
    assert env_choice("MODE", "slow", {"fast", "slow"}) == "fast"
    assert env_bool("UNSET_FLAG", True) is True
    monkeypatch.setenv("MODE", "warp")
    with pytest.raises(ImproperlyConfigured):
        env_choice("MODE", "slow", {"fast", "slow"})


def test_deploy_check_passes_with_production_settings():
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        DEBUG="false",
        SECRET_KEY="x" * 64 + "-a-long-random-production-secret",
        ALLOWED_HOSTS="partnerhub.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
