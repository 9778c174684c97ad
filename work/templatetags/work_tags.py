"""``{% follow_button record %}``: the follow / stop following button of a program's or a
directive's page (one query)."""

from django import template

from ..models import Follow

register = template.Library()


@register.inclusion_tag("work/includes/_follow_form.html", takes_context=True)
def follow_button(context, record):
    request = context["request"]
    kind = record._meta.model_name
    following = Follow.objects.filter(user=request.user, **{kind: record}).exists()
    return {
        "record": record,
        "kind": kind,
        "following": following,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
