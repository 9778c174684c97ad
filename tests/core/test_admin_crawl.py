"""No English left in the Vietnamese admin (issue 16): a crawler opens every admin page an
administrator meets (the index, each app's page, and for every registered model its list with
its filters and actions, the add form, a record's change form, its history, the confirmation
of the "delete selected" action, and the password pages), in Vietnamese, and fails on any
English word it reads there, in the text or in a tooltip, placeholder or button.

What counts as English: a word of the English messages of the catalogues the admin draws from
(Django's, the admin's, simple-history's, axes', DRF's and the project's own msgids) that no
Vietnamese translation uses (Vietnamese syllables written without marks, "Ban", "in", "tin",
are words too) and that :data:`ALLOWED` does not list. The admin's JavaScript catalogue is
checked apart: every message of Django admin's scripts (the date widgets' time-zone note
among them) has a Vietnamese translation.
"""

import contextlib
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

#: English-looking words that are right on a Vietnamese page: names, codes, units.
ALLOWED = {
    "phoihop",
    "pdf",
    "api",
    "csv",
    "xlsx",
    "url",
    "email",
    "id",
    "ip",
    "admin",  # the demo administrator's user name
    "manager",
    "staff",
    "viewer",
    "demo",
    "utc",
    "asia",
    "ho_chi_minh",
    # Django draws a yes/no column as an icon whose alt text is "True"/"False", not marked for
    # translation (django.contrib.admin.templatetags.admin_list._boolean_icon).
    "true",
    "false",
    # django-axes records "<unknown>" as the address of a sign-in without a request path
    # (data, as the browser's user agent string is).
    "unknown",
}

#: Text that is data, not the interface: inside these elements (a text area's content, the
#: history's JSON, the password hash's salt and digest in <bdi>) nothing is read.
_SKIPPED = {"script", "style", "template", "textarea", "code", "pre", "bdi"}
_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
#: A word (Unicode letters, an apostrophe inside); only those written in ASCII are looked up.
_LETTERS = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*")


class _Words:
    @staticmethod
    def findall(text: str) -> list[str]:
        return [word for word in _LETTERS.findall(text) if word.isascii() and len(word) > 1]


_WORD = _Words()


def _catalogue_files(language: str, domain: str) -> list[Path]:
    import axes
    import rest_framework
    import simple_history

    roots = [Path(django.__file__).parent / "conf" / "locale"]
    roots += [
        Path(django.__file__).parent / "contrib" / app / "locale"
        for app in ("admin", "auth", "contenttypes", "sessions")
    ]
    roots += [
        Path(package.__file__).parent / "locale"
        for package in (axes, rest_framework, simple_history)
    ]
    roots += [Path(path) for path in settings.LOCALE_PATHS]
    found = [root / language / "LC_MESSAGES" / f"{domain}.po" for root in roots]
    return [path for path in found if path.exists()]


def _entries(path: Path):
    """(msgid, msgstr) pairs of a .po file (the singular msgid; the msgstr forms joined)."""
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        if block.lstrip().startswith("#~"):
            continue
        ids = re.findall(r'^msgid(?:_plural)? ((?:".*"\s*)+)', block, re.M)
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\s*)+)', block, re.M)
        join = lambda parts: "".join(re.findall(r'"(.*)"', " ".join(parts)))  # noqa: E731
        yield join(ids[:1]), join(strs)


@cache
def english_words() -> frozenset[str]:
    """Words of the interface's English messages that no Vietnamese translation uses."""
    english, vietnamese = set(), set()
    for path in _catalogue_files("en", "django") + _catalogue_files("vi", "django"):
        for msgid, msgstr in _entries(path):
            english.update(word.lower() for word in _WORD.findall(re.sub(r"%\(\w+\)", "", msgid)))
            vietnamese.update(word.lower() for word in _WORD.findall(msgstr))
    for path in _catalogue_files("vi", "django") + _catalogue_files("vi", "djangojs"):
        for _msgid, msgstr in _entries(path):
            vietnamese.update(word.lower() for word in _WORD.findall(msgstr))
    return frozenset(english - vietnamese - ALLOWED)


class _TextReader(HTMLParser):
    """The words a person reads on a page: text, tooltips, placeholders, button labels."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _SKIPPED:
            self.skipping += 1
            return
        self.parts.extend(attrs[name] for name in _ATTRIBUTES if attrs.get(name))
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def english_on(html: str) -> set[str]:
    reader = _TextReader()
    reader.feed(html)
    words = english_words()
    return {word for part in reader.parts for word in _WORD.findall(part) if word.lower() in words}


def _admin_pages(client) -> list[tuple[str, str]]:
    """(address, method) of every admin page to read; POSTs are the action confirmations."""
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    app_labels = set()
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        app_labels.add(meta.app_label)
        name = f"admin:{meta.app_label}_{meta.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        with_filters = [f"{reverse(f'{name}_changelist')}?_facets=True"]
        pages += with_filters
        if model_admin.has_add_permission(_Request(client)):
            pages.append(reverse(f"{name}_add"))
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            pages.append(reverse(f"{name}_change", args=[row.pk]))
            with contextlib.suppress(NoReverseMatch):
                pages.append(reverse(f"{name}_history", args=[row.pk]))
            if model is User:
                pages.append(reverse("admin:auth_user_password_change", args=[row.pk]))
            with contextlib.suppress(NoReverseMatch, LookupError):
                pages.append(reverse(f"{name}_simple_history", args=[row.pk, _last_history(row)]))
    pages += [reverse("admin:app_list", args=[label]) for label in sorted(app_labels)]
    return pages


def _last_history(row) -> int:
    history = getattr(row, "history", None)
    if history is None or not history.exists():
        raise LookupError(row)
    return history.first().history_id


class _Request:
    def __init__(self, client):
        self.user = User.objects.get(username="crawler")


@pytest.fixture
def admin_vi(client, db):
    call_command("load_demo", verbosity=0)
    User.objects.create_superuser("crawler", "crawler@x.vn", "pw")
    client.login(username="crawler", password="pw")
    client.cookies["django_language"] = "vi"
    return client


def test_every_admin_page_reads_in_vietnamese(admin_vi):
    found: dict[str, set[str]] = {}
    pages = _admin_pages(admin_vi)
    assert len(pages) > 60
    for address in pages:
        response = admin_vi.get(address)
        assert response.status_code == 200, address
        if words := english_on(response.content.decode()):
            found[address] = words
    # The "delete selected" action's confirmation, on one model of each app.
    for model in {m._meta.app_label: m for m in admin.site._registry}.values():
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        meta = model._meta
        address = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = admin_vi.post(
            address, {"action": "delete_selected", "_selected_action": [row.pk]}
        )
        if response.status_code == 200 and (words := english_on(response.content.decode())):
            found[f"{address} (delete selected)"] = words
    report = "\n".join(f"{page}: {sorted(words)}" for page, words in sorted(found.items()))
    assert not found, "English words on the Vietnamese admin:\n" + report


def test_the_crawler_catches_an_english_word():
    assert english_on("<p>Chọn cơ quan để <b>change</b></p>") == {"change"}
    assert english_on('<a title="Save">Lưu</a><script>var x = "Delete";</script>') == {"Save"}
    assert english_on("<p>Ban Dân vận Trung ương, bản in</p>") == set()


def test_every_message_of_the_admin_scripts_is_in_vietnamese(admin_vi):
    """Django admin's JavaScript messages (calendar, time-zone note, two-box selects, actions),
    each translated in the catalogue the admin's pages load (``admin:jsi18n``)."""
    source = Path(django.__file__).parent / "contrib" / "admin" / "locale" / "en"
    messages = [
        msgid.replace('\\"', '"')
        for msgid, _ in _entries(source / "LC_MESSAGES" / "djangojs.po")
        if msgid
    ]
    assert len(messages) > 50
    script = admin_vi.get(reverse("admin:jsi18n")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    # A message with a context is keyed "context\x04message".
    keys = {key.split("\x04")[-1] for key, value in catalog.items() if value}
    assert [msgid for msgid in messages if msgid not in keys] == []
    note = "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)"
    assert "múi giờ" in catalog[note][0]
