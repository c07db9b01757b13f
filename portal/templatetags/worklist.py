"""The admin start page's “Att göra” list (see portal/worklist.py)."""

from django import template

from portal.worklist import worklist_for

register = template.Library()


@register.inclusion_tag("admin/includes/worklist.html", takes_context=True)
def worklist(context):
    return {"worklist": worklist_for(context["request"].user)}
