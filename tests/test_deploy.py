"""`manage.py check --deploy` with production settings from the environment reports nothing.

The README's production setup promises that `accord check --deploy` is silent once the variables
are set. Each test runs the real command in a subprocess, so the settings module is read afresh
from the environment it is given.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# The production variables of the README, less secrets and hosts the tests choose.
PRODUCTION = {
    "ACCORD_ALLOWED_HOSTS": "accord.example.org",
    "ACCORD_CSRF_TRUSTED_ORIGINS": "https://accord.example.org",
    "ACCORD_HTTPS": "true",
    "ACCORD_BEHIND_PROXY": "true",
    "ACCORD_MANIFEST_STATIC": "true",
    "ACCORD_EMAIL": "smtp",
    "ACCORD_EMAIL_HOST": "smtp.example.org",
    "ACCORD_EMAIL_PORT": "587",
    "ACCORD_EMAIL_USE_TLS": "true",
}


def check_deploy(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    """Run `check --deploy --fail-level WARNING` with only these Accord variables set.

    DATABASE_URL is left as the test run has it, so the command reads the same database settings.
    """
    # The test run's own ACCORD_* and DJANGO_* variables (conftest allows async-unsafe ORM calls
    # for the browser tests) are not production's.
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ACCORD_", "DJANGO_"))
    }
    # Without DATABASE_URL the settings create the SQLite directory; keep it out of the checkout.
    env["ACCORD_VAR_DIR"] = str(tmp_path / "var")
    env.update(variables)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = check_deploy(tmp_path, ACCORD_SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_default_secret_key_fails_check_deploy(tmp_path):
    # The embedded demo key must never pass for production.
    result = check_deploy(tmp_path, **PRODUCTION)
    assert result.returncode != 0
    assert "security.W009" in result.stderr
    assert "identified 1 issue" in result.stderr


def test_without_https_check_deploy_names_what_is_missing(tmp_path):
    variables = {**PRODUCTION, "ACCORD_HTTPS": "false"}
    result = check_deploy(tmp_path, ACCORD_SECRET_KEY=secrets.token_urlsafe(50), **variables)
    assert result.returncode != 0
    # No HSTS, no redirect to HTTPS, session and CSRF cookies sent over plain HTTP.
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stderr
