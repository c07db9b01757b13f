"""Admin-wide wording: yes/no icons are read out as "Ja"/"Nej", not as Python's True/False.

Django draws a boolean in every admin list, read-only field and history version with
`admin_list._boolean_icon`, whose alt text is the Python value ("True", "False", "None"): what
a screen reader says in a Swedish admin. Every caller imports the function when it draws, so
replacing it here (the admin loads each app's admin module at start) covers them all;
portal/tests/test_admin_swedish.py fails if a Django upgrade stops it from taking effect.
"""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

ICONS = {True: "yes", False: "no", None: "unknown"}


def boolean_icon(value):
    words = {True: _("Yes"), False: _("No"), None: _("Not known")}
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{ICONS[value]}.svg"), words[value]
    )


admin_list._boolean_icon = boolean_icon
