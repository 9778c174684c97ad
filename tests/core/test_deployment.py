"""Deployment hardening (issue 15): the production settings pass ``check --deploy`` with no
warning, HTTPS is on by default and can be switched off for a plain-HTTP intranet, the
Content-Security-Policy is sent, and report files are only reachable through the
permission-checked download view (optionally handed to the front server)."""

import importlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches, reverse

from reports.models import JobStatus
from tests.reports.factories import ReportJobFactory

ROOT = Path(__file__).resolve().parents[2]


def run_with(args: list[str], **env) -> subprocess.CompletedProcess:
    """Run ``python *args`` with the production settings (DEBUG off) plus ``env``."""
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environ.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="phoihop.example.gov.vn",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        **env,
    )
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_gives_no_warning_on_the_production_settings():
    """Only the variables a deployment must set: no SECURE_* needed, nothing silenced."""
    result = run_with(["manage.py", "check", "--deploy"])
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.findall(r"\(\w+\.W\d+\)", output) == []
    assert "System check identified no issues (0 silenced)." in output


SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, 'django.middleware.csp."
    "ContentSecurityPolicyMiddleware' in s.MIDDLEWARE]))"
)


def test_https_is_on_by_default_when_debug_is_off():
    result = run_with(["-c", SETTINGS])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '[true, 31536000, true, true, ["HTTP_X_FORWARDED_PROTO", "https"], true]'
    )


def test_a_plain_http_intranet_switches_https_off():
    result = run_with(["-c", SETTINGS], HTTPS="false", BEHIND_PROXY="false")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[false, 0, false, false, null, true]"


def test_pages_carry_a_strict_content_security_policy(viewer_client):
    policy = viewer_client.get(reverse("home"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.fixture
def done_job(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ReportJobFactory(status=JobStatus.DONE)
    job.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return job


def test_report_files_are_not_under_a_public_url(done_job, manager_client, settings):
    """/media/ serves nothing, not even with DEBUG on (it used to): the file is only behind
    the download view."""
    import config.urls

    settings.DEBUG = True
    try:
        importlib.reload(config.urls)
        clear_url_caches()
        assert not [p for p in config.urls.urlpatterns if settings.MEDIA_URL in str(p.pattern)]
        response = manager_client.get("/" + settings.MEDIA_URL + done_job.file.name)
        assert response.status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()


def test_download_handed_to_nginx_with_x_accel_redirect(done_job, manager_client, settings):
    settings.REPORT_FILES_SENDFILE = "x-accel-redirect"
    response = manager_client.get(reverse("reports:reportjob_download", args=[done_job.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{done_job.file.name}"
    assert "attachment" in response["Content-Disposition"] and response.content == b""


def test_download_handed_to_the_front_server_with_x_sendfile(done_job, manager_client, settings):
    settings.REPORT_FILES_SENDFILE = "x-sendfile"
    response = manager_client.get(reverse("reports:reportjob_download", args=[done_job.pk]))
    assert response["X-Sendfile"] == done_job.file.path and response.content == b""


def test_the_front_server_is_not_told_to_send_a_file_to_the_unpermitted(
    done_job, viewer_client, settings
):
    settings.REPORT_FILES_SENDFILE = "x-accel-redirect"
    response = viewer_client.get(reverse("reports:reportjob_download", args=[done_job.pk]))
    assert response.status_code == 403 and "X-Accel-Redirect" not in response
