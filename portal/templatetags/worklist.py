"""The admin start page's “Att göra” list (see portal/worklist.py)."""

from django import template

from portal.worklist import worklist_for

register = template.Library()


@register.inclusion_tag("admin/includes/worklist.html", takes_context=True)
def worklist(context):
    request = context["request"]
    # The approve buttons post from the list: they need the page's CSRF token.
    return {
        "worklist": worklist_for(request.user),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
