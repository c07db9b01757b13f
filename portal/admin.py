"""Admin-wide wording: yes/no icons read out as "Ja"/"Nej", django-axes' pages in Swedish.

Django draws a boolean in every admin list, read-only field and history version with
`admin_list._boolean_icon`, whose alt text is the Python value ("True", "False", "None"): what
a screen reader says in a Swedish admin. Every caller imports the function when it draws, so
replacing it here (the admin loads each app's admin module at start) covers them all;
portal/tests/test_admin_swedish.py fails if a Django upgrade stops it from taking effect.
"""

from django.apps import apps
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

ICONS = {True: "yes", False: "no", None: "unknown"}


def boolean_icon(value):
    words = {True: _("Yes"), False: _("No"), None: _("Not known")}
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{ICONS[value]}.svg"), words[value]
    )


admin_list._boolean_icon = boolean_icon


# django-axes (the login lockouts an administrator lifts under "Inloggningsspärrar") has no
# Swedish catalog. Its words are listed here so that makemessages keeps them in ours, whose
# translations take precedence over a package's (LOCALE_PATHS).
AXES_WORDS = [
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
]

# The app's name in the menu, which axes leaves as its label ("Axes").
apps.get_app_config("axes").verbose_name = gettext_lazy("Login lockouts")
