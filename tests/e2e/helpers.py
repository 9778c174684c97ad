"""Small steps the journeys share."""

import re
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error, Page, expect


def at(path: str, query: bool = False) -> re.Pattern:
    """A URL pattern for ``expect(page).to_have_url``: the path, optionally with a query."""
    return re.compile(re.escape(path) + (r"(\?.*)?$" if query else "$"))


def choose_in_autocomplete(page: Page, field_id: str, search: str, option_text: str) -> None:
    """Pick ``option_text`` in Django admin's autocomplete (select2) widget for ``field_id``,
    after typing ``search`` into its search box."""
    page.locator(f"#{field_id}").locator("xpath=following-sibling::span[1]").click()
    box = page.locator(".select2-container--open .select2-search__field")
    box.fill(search)
    # The option that reads exactly so ("Bộ Ngoại giao", not "Đảng ủy Bộ Ngoại giao").
    exact = re.compile(rf"^\s*{re.escape(option_text)}\s*$")
    option = page.locator(".select2-results__option").filter(has_text=exact)
    expect(option.first).to_be_visible()
    option.first.click()
    expect(
        page.locator(f"#{field_id}").locator("xpath=following-sibling::span[1]")
    ).to_contain_text(option_text)


def pick(select, search: str, option_text: str) -> None:
    """Pick ``option_text`` in the site's own autocomplete (Tom Select over the select
    ``select``, a locator: static/js/autocomplete.js) after typing ``search``; the choices come
    from the JSON endpoint as the user types. An option "``option_text`` – title" or
    "``option_text`` (note)" counts (the signer box's labels)."""
    wrapper = select.locator("xpath=following-sibling::div[contains(@class,'ts-wrapper')][1]")
    wrapper.locator(".ts-control").click()
    # A single choice searches in its dropdown (plugin dropdown_input), a multiple one inline.
    box = wrapper.locator("input.dropdown-input")
    if not box.count():
        box = wrapper.locator(".ts-control input")
    box.fill(search)
    # The text, alone or followed by " – " and a title or by a note in brackets (the signer
    # box names the position held, or says a confirmation will be asked).
    exact = re.compile(rf"^\s*{re.escape(option_text)}(\s+–\s+.*|\s+\(.*\))?\s*$")
    option = wrapper.locator(".ts-dropdown .option").filter(has_text=exact)
    expect(option.first).to_be_visible()
    option.first.click()
    expect(select.locator("option:checked", has_text=option_text).first).to_be_attached()
    if wrapper.locator(".ts-dropdown").is_visible():
        box.press("Escape")


#: URL names (last part) that change something: a viewer must never be offered them.
WRITE_VIEWS = ("_create", "_update", "_request", "_retry", "_delete")


def write_links(page, base_url: str) -> list[str]:
    """Links and form targets on the page that lead to a view which changes something."""
    targets = page.eval_on_selector_all(
        "a[href], form[action]", "els => els.map(e => e.getAttribute('href') || e.action)"
    )
    found = []
    for target in targets:
        parts = urlsplit(target)
        if parts.netloc and not base_url.endswith(parts.netloc):
            continue
        if parts.path.startswith("/admin/"):
            found.append(target)
            continue
        try:
            match = resolve(parts.path or "/")
        except Resolver404:
            continue
        if match.url_name and match.url_name.endswith(WRITE_VIEWS):
            found.append(target)
    return found


#: Template syntax that reached the page: a tag or comment split over lines, a typo in a tag.
_TEMPLATE_LEAK = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def template_leaks(page) -> list[str]:
    """Django template syntax shown as text on the page (a template bug renders it literally)."""
    text = page.locator("body").inner_text()
    return [
        f"template syntax on the page {page.url}: …{text[max(0, m.start() - 40) : m.end() + 40]}…"
        for m in _TEMPLATE_LEAK.finditer(text)
    ]


# Whether the page scrolls sideways, and the innermost elements that stick out past the right
# edge (what to fix); a table that scrolls sideways inside its own box (.table-responsive) on
# the phone counts too: its last columns (a download button) are off the screen.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scroll = document.documentElement.scrollWidth;
  const boxes = [...document.querySelectorAll(".table-responsive")].filter(
    box => box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1);
  if (scroll <= width && boxes.length) {
    const table = boxes[0].querySelector("table");
    return `a table scrolls sideways (${boxes[0].scrollWidth}px in ${boxes[0].clientWidth}px): ` +
      (table && (table.dataset.testid || table.className) || "table");
  }
  if (scroll <= width) return "";
  const out = [...document.querySelectorAll("body *")].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && !el.closest(".table-responsive")
      && ![...el.children].some(child => child.getBoundingClientRect().right > width + 1);
  });
  const describe = el => el.tagName.toLowerCase() + (el.className ? "." +
    String(el.className).trim().split(/\\s+/).join(".") : "") +
    ' "' + el.textContent.trim().slice(0, 40) + '"';
  return `${scroll}px wide; sticking out: ` + out.slice(0, 3).map(describe).join("; ");
}"""


# The menu entries whose text runs onto a second line (the menu must fit one line on a 1,366 px
# office screen).
NAV_WRAPS_JS = """() => [...document.querySelectorAll(".ph-navbar .nav-link")].filter(link => {
  if (link.offsetParent === null) return false;
  const range = document.createRange();
  range.selectNodeContents(link);
  const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
    .map(r => Math.round(r.bottom)));
  return lines.size > 1;
}).map(link => link.textContent.trim())"""


def wrapped_menu_entries(page: Page) -> list[str]:
    """The top menu's entries that wrap onto two lines at the page's current width."""
    return page.evaluate(NAV_WRAPS_JS)


def sideways_scroll(page: Page) -> str:
    """Why ``page`` scrolls sideways at its current width ("" when it does not)."""
    return page.evaluate(OVERFLOW_JS)


def measure_every_page(page: Page, problems: list[str], notes: list[str] | None = None) -> None:
    """Measure each page ``page`` loads from now on for sideways scrolling, at the width the
    tab has then (390 px in a phone journey), and add one line to ``problems`` (and ``notes``)
    per page that scrolls sideways. Hooked on the tab's ``load`` event, so every navigation is
    measured: links, form posts and their redirects, pages drawn again after an error."""

    def on_load(loaded: Page) -> None:
        if loaded.url.startswith(("about:", "data:", "chrome-error:")):
            return
        try:
            overflow = sideways_scroll(loaded)
        except Error:  # the page went on to another one before it could be measured
            return
        if overflow:
            width = (loaded.viewport_size or {}).get("width")
            note = f"{loaded.url} at {width} px: {overflow}"
            problems.append(f"page scrolls sideways: {note}")
            if notes is not None:
                notes.append(note)

    page.on("load", on_load)
