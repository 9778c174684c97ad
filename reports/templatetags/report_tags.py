"""Template filters for the PDF reports."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Document identifiers: 90-CTr/BDVTW-BCSĐBNG, 169/NQ-CP, 25-NQ/TW.
_IDENTIFIER = re.compile(r"\b\d+(?:/\d{4})?[-/][^\s,;:()]+")


@register.filter
def keep_ids(value) -> SafeString:
    """Escape ``value`` and keep each document identifier on one line, so a line break never
    splits "43-KL/TW" (which would also split it in the PDF's extracted text)."""
    escaped = str(conditional_escape(value or ""))
    return mark_safe(_IDENTIFIER.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', escaped))
