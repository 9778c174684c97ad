"""Submit a form the way a browser submits the rendered page.

``FormPage.open(client, url)`` GETs the page and reads its ``<form method="post">`` that posts
back to the page into the
exact payload a browser would send: every named input (checkboxes and radios only when checked),
each select's selected options (a single select with none selected sends its first option),
textareas (less the newline right after the tag, as browsers drop it); disabled controls and
buttons are left out, and so is everything inside a ``<template>``: a formset's empty row, which
:meth:`FormPage.add_row` copies in as the formset script does (``static/js/formset.js``). A test
changes values with :meth:`FormPage.set` and posts with :meth:`FormPage.submit`. A field the page
does not draw is then not submitted, as in a browser, so a form test catches it.
"""

import re
from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_index: int = 0, form_id: str | None = None):
        super().__init__(convert_charrefs=True)
        self.form_index = form_index
        self.form_id = form_id
        self.forms_seen = 0
        self.in_form = False
        self.template_depth = 0
        self.template_html: dict[str, str] = {}  # formset prefix -> empty row markup
        self.fields: list[tuple[str, str]] = []
        self.controls: set[str] = set()  # every named control drawn, sent or not
        self._select: dict | None = None
        self._textarea: dict | None = None
        self.action: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # The page's own form posts back to the page (no action); others (the language
        # switcher, "Export report") name theirs.
        # A form named by its id (Django admin's "program_form") is taken whatever it posts to.
        if tag == "form" and (
            attrs.get("id") == self.form_id
            if self.form_id
            else (attrs.get("method") or "").lower() == "post" and not attrs.get("action")
        ):
            if self.forms_seen == self.form_index:
                self.in_form = True
                self.action = attrs.get("action")
            self.forms_seen += 1
            return
        if not self.in_form:
            return
        if tag == "template":
            self.template_depth += 1
            return
        if self.template_depth or "disabled" in attrs:
            return
        name = attrs.get("name")
        if name and tag in {"input", "select", "textarea"}:
            self.controls.add(name)
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attrs.get("value"), "selected" in attrs, []))
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": []}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"].append(data)
        elif self._select is not None and self._select["options"]:
            self._select["options"][-1][2].append(data)

    def handle_endtag(self, tag):
        if not self.in_form:
            return
        if tag == "form":
            self.in_form = False
        elif tag == "template":
            self.template_depth -= 1
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            options = [
                (value if value is not None else "".join(text).strip(), selected)
                for value, selected, text in select["options"]
            ]
            chosen = [value for value, selected in options if selected]
            if not chosen and not select["multiple"] and options:
                chosen = [options[0][0]]
            self.fields.extend((select["name"], value) for value in chosen)
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea["text"])
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self.fields.append((self._textarea["name"], text))
            self._textarea = None


_TEMPLATE = re.compile(
    r'data-formset="(?P<prefix>[^"]+)".*?<template data-formset-template>(?P<row>.*?)</template>',
    re.S,
)


class FormPage(dict):
    """The payload of a page's post form, as a dict of field name to the list of values the
    browser would send (so ``client.post(url, page)`` posts it); see the module docstring."""

    def __init__(
        self, client, url: str, source: str, form_index: int = 0, form_id: str | None = None
    ):
        super().__init__()
        self.client, self.url = client, url
        parser = _FormParser(form_index, form_id)
        parser.feed(source)
        if not parser.forms_seen > form_index:
            raise AssertionError(f"no post form on {url}")
        self.action = parser.action or url
        for name, value in parser.fields:
            self.setdefault(name, []).append(value)
        self.controls = parser.controls
        self.templates = {m["prefix"]: m["row"] for m in _TEMPLATE.finditer(source)}

    @classmethod
    def open(cls, client, url: str, form_index: int = 0) -> "FormPage":
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return cls(client, url, response.content.decode(), form_index)

    def value(self, name: str) -> str | None:
        """The (first) value field ``name`` sends, or None."""
        values = super().get(name)
        if isinstance(values, list):
            return str(values[0]) if values else None
        return None if values is None else str(values)

    def set(self, name: str, value) -> None:
        """Type ``value`` into field ``name`` (a list or tuple ticks those boxes / options);
        ``None`` unticks or empties it."""
        if value is None:
            self.pop(name, None)
        elif isinstance(value, list | tuple | set):
            self[name] = [str(item) for item in value]
        else:
            self[name] = [str(value)]

    def set_all(self, values: dict) -> None:
        for name, value in values.items():
            self.set(name, value)

    def rows(self, prefix: str) -> int:
        return int(self.value(f"{prefix}-TOTAL_FORMS"))

    def add_row(self, prefix: str, values: dict | None = None) -> int:
        """Add a row to formset ``prefix`` as the "add" button does; ``values`` by field name
        (without the prefix). Returns the row's index."""
        index = self.rows(prefix)
        row = self.templates[prefix].replace("__prefix__", str(index))
        parser = _FormParser()
        parser.feed(f'<form method="post">{row}</form>')
        for name, value in parser.fields:
            self.setdefault(name, []).append(value)
        self.set(f"{prefix}-TOTAL_FORMS", index + 1)
        for name, value in (values or {}).items():
            self.set(f"{prefix}-{index}-{name}", value)
        return index

    def submit(self, **values):
        """Post the payload (after ``set``-ting ``values``); the response, not followed."""
        self.set_all(values)
        return self.client.post(self.action, self)


def form_data(response, form_id: str | None = None) -> dict[str, str | list[str]]:
    """The payload of form ``form_id`` (the page's own post form when None) on ``response``, one
    value as a string and several as a list, without the empty rows Django admin keeps for
    "add another" (``__prefix__``): for tests that post with a plain dict."""
    page = FormPage(None, response.request["PATH_INFO"], response.content.decode(), 0, form_id)
    return {
        name: values[0] if len(values) == 1 else values
        for name, values in page.items()
        if "__prefix__" not in name
    }


def reader_client():
    """A client signed in as a superuser, for reading form pages in tests that post with
    another user's client (the page a superuser gets has every field the form has)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="form-reader", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    return client
