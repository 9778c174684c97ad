"""The Vietnamese catalogue is complete: every message the code and templates use has a
Vietnamese translation (make lint re-extracts the messages first, so a new string without a
translation fails there too)."""

import shutil
import subprocess
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

from tests.needs import needs

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
pytestmark = needs(
    "gettext", "gettext's msgattrib is not installed" if shutil.which("msgattrib") is None else None
)


def _entries(*flags: str) -> str:
    result = subprocess.run(
        ["msgattrib", *flags, "--no-obsolete", "--no-wrap", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_catalogue_has_no_untranslated_messages():
    assert _entries("--untranslated") == ""


def test_catalogue_has_no_fuzzy_messages():
    assert _entries("--only-fuzzy") == ""


def test_interface_speaks_vietnamese_by_default():
    with translation.override("vi"):
        assert gettext("Programs") == "Chương trình"
        assert gettext("Sign in") == "Đăng nhập"


def test_django_messages_missing_from_djangos_catalogue_come_from_ours():
    from core.django_messages import ADMIN, FORMS

    singular = [message for message in (*FORMS, *ADMIN) if isinstance(message, str)]
    with translation.override("vi"):
        untranslated = [message for message in singular if gettext(message) == message]
    assert untranslated == []
