"""A library's catalog never changes the wording of Django's own form messages."""

import gettext
from pathlib import Path

import django
from django.apps import apps
from django.utils import translation

DJANGO_APPS_PREFIX = "django."


def catalog(folder):
    path = Path(folder) / "locale" / "sv" / "LC_MESSAGES" / "django.mo"
    if not path.exists():
        return {}
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def test_form_messages_keep_djangos_swedish_whatever_libraries_are_installed():
    django_catalog = catalog(Path(django.__file__).parent / "conf")
    clashes = {}
    for config in apps.get_app_configs():
        if config.name.startswith(DJANGO_APPS_PREFIX):
            continue
        for msgid, text in catalog(config.path).items():
            if isinstance(msgid, str) and msgid and django_catalog.get(msgid, text) != text:
                clashes[msgid] = django_catalog[msgid]
    assert "This field is required." in clashes  # djangorestframework's catalog differs today

    with translation.override("sv"):
        shown = {msgid: translation.gettext(msgid) for msgid in clashes}
    assert shown == clashes
