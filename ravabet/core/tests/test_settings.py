"""Production settings, checked the way an operator meets them: in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("RAVABET_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "RAVABET_SECRET_KEY": "k" * 20 + "-production-like-secret-with-enough-entropy-1234567890",
    "RAVABET_ALLOWED_HOSTS": "ravabet.example.org",
    "RAVABET_SITE_URL": "https://ravabet.example.org",
}


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_missing_secret_key_is_named_plainly_without_a_traceback():
    env = dict(PRODUCTION)
    del env["RAVABET_SECRET_KEY"]
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "RAVABET_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_allowed_hosts_are_named_plainly():
    env = dict(PRODUCTION)
    del env["RAVABET_ALLOWED_HOSTS"]
    result = _manage("check", **env)
    assert "RAVABET_ALLOWED_HOSTS is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_boolean_is_refused():
    result = _manage("check", RAVABET_DEBUG="maybe")
    assert result.returncode != 0
    assert "RAVABET_DEBUG='maybe' is not a boolean" in result.stderr
    assert "Traceback" not in result.stderr
