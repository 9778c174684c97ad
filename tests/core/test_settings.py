"""Settings read from the environment: what a deployment relies on."""

import datetime
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def _django_setup(**env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environ.update(env, DJANGO_SETTINGS_MODULE="config.settings.base")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT / "tests",  # away from the project's .env
        env={**environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = _django_setup(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_debug_off_starts_with_a_secret_key():
    result = _django_setup(DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deploy_checks():
    """DEBUG off, the manifest static storage, URLs imported: nothing may need collectstatic or a
    development default to start (a /favicon.ico redirect built at import time once did)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environ.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="phoihop.example.gov.vn",
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_SECONDS="31536000",
        DJANGO_SETTINGS_MODULE="config.settings.base",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Left to each site's policy: HSTS for every subdomain and the browsers' preload list.
    warnings = set(re.findall(r"\((\w+\.W\d+)\)", result.stdout + result.stderr))
    assert warnings <= {"security.W005", "security.W021"}


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


class _DateForm(forms.Form):
    day = forms.DateField()


def test_dates_are_typed_day_first_in_vietnamese_and_english():
    for language in ("vi", "en"):
        with translation.override(language):
            form = _DateForm({"day": "06/12/2016"})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["day"] == datetime.date(2016, 12, 6)
            assert _DateForm({"day": "26/11/2021"}).is_valid()


def test_collectstatic_with_the_manifest_storage(tmp_path):
    """Every file a stylesheet or script refers to exists (the manifest storage fails on a
    missing one), so production can serve the vendored assets and fonts."""
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environ.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        STATIC_ROOT=str(tmp_path),
        DJANGO_SETTINGS_MODULE="config.settings.base",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "fonts/NotoSerif-Regular.ttf" in manifest
    assert "vendor/bootstrap/bootstrap.min.css" in manifest


def test_vietnamese_first_whatever_the_browser_prefers(client_for, settings):
    client = client_for("viewer")
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert home.headers["Content-Language"] == "vi"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="vi").headers["Content-Language"] == "en"
