"""Reading the forms of a rendered page the way a browser would submit them (for the fuzz and
matrix tests): each field's name, kind, current value and the values it offers."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, select, checkbox, radio, number, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None
        self.in_template = 0

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        if tag == "form":
            self.current = Form(attrs.get("action", ""), attrs.get("method", "get").lower())
            self.forms.append(self.current)
            return
        form = self.current
        if form is None or ("name" not in attrs and tag != "option"):
            return
        name = attrs.get("name", "")
        if "__prefix__" in name:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            entry = form.fields.setdefault(name, Field(name, kind, attrs.get("value", "")))
            if kind in ("checkbox", "radio"):
                entry.options.append(attrs.get("value", "on"))
                entry.multiple = kind == "checkbox"
                if "checked" in attrs:
                    entry.checked.append(attrs.get("value", "on"))
        elif tag == "select":
            self.select = form.fields.setdefault(
                name, Field(name, "select", multiple="multiple" in attrs)
            )
        elif tag == "option" and self.select is not None:
            self.select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select.checked.append(attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = form.fields.setdefault(name, Field(name, "textarea"))

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
        elif tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data


def page_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def main_post_form(html: str) -> Form:
    """The page's POST form with the most fields (not the sign-out or language forms)."""
    forms = [form for form in page_forms(html) if form.method == "post"]
    assert forms, "the page has no POST form"
    return max(forms, key=lambda form: len(form.fields))


def as_submitted(form: Form) -> dict[str, list[str]]:
    """What a browser sends for the form as rendered (unchanged)."""
    data: dict[str, list[str]] = {}
    for entry in form.fields.values():
        if entry.kind in ("checkbox", "radio", "select"):
            if entry.checked:
                data[entry.name] = list(entry.checked)
            elif entry.kind == "select" and entry.options and not entry.multiple:
                data[entry.name] = [entry.options[0]]
        else:
            data[entry.name] = [entry.value]
    return data
