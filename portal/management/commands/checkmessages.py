"""manage.py checkmessages: fails when the Swedish catalog misses strings or its .mo is stale."""

import gettext
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def load_catalog(mo_path):
    with open(mo_path, "rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    return {key: value for key, value in catalog.items() if key != ""}


class Command(BaseCommand):
    help = (
        "Check that every translatable string has a Swedish translation and that the "
        "compiled catalog (django.mo) matches django.po. Changes no file."
    )

    def handle(self, *args, **options):
        messages_dir = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES"
        po_path, mo_path = messages_dir / "django.po", messages_dir / "django.mo"
        if not po_path.exists() or not mo_path.exists():
            raise CommandError(f"{po_path} or {mo_path} is missing: run `make messages`.")
        problems = []
        with tempfile.TemporaryDirectory() as tmp:
            backup = Path(tmp) / "django.po"
            shutil.copy2(po_path, backup)
            try:
                # Extract the strings the code uses now, merged into the catalog.
                call_command("makemessages", locale=["sv"], no_obsolete=True, verbosity=0)
                untranslated = self._msgattrib(po_path, "--untranslated")
                fuzzy = self._msgattrib(po_path, "--only-fuzzy")
                fresh_mo = Path(tmp) / "fresh.mo"
                subprocess.run(["msgfmt", "-o", fresh_mo, backup], check=True)
                current = load_catalog(fresh_mo)
                extracted = self._msgids(po_path)
                kept = self._msgids(backup)
            finally:
                shutil.copy2(backup, po_path)
        if untranslated:
            problems.append(f"untranslated strings:\n{untranslated}")
        if fuzzy:
            problems.append(f"fuzzy (unchecked) translations:\n{fuzzy}")
        missing = extracted - self._msgids(po_path)
        if missing:
            problems.append(
                "strings in the code but not in django.po: " + "; ".join(sorted(missing))
            )
        # A string translated by hand that no code yields to makemessages (a gettext call with
        # a variable as its text or context) would be dropped by the next `make messages`.
        unextracted = kept - extracted
        if unextracted:
            problems.append(
                "strings in django.po that makemessages does not find in the code (a gettext "
                "call whose text or context is not a literal?): " + "; ".join(sorted(unextracted))
            )
        if load_catalog(mo_path) != current:
            problems.append("django.mo is older than django.po: run `make messages`.")
        if problems:
            raise CommandError(
                "The Swedish message catalog is not current.\n" + "\n".join(problems)
            )
        self.stdout.write(
            self.style.SUCCESS("The Swedish message catalog is complete and compiled.")
        )

    def _msgattrib(self, po_path, flag):
        result = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", "--no-location", po_path],
            check=True,
            capture_output=True,
            text=True,
        )
        entries = [
            e for e in result.stdout.split("\n\n") if e.strip() and 'msgid ""\nmsgstr ""' not in e
        ]
        return "\n\n".join(entries)

    def _msgids(self, po_path):
        result = subprocess.run(
            ["msgcat", "--no-location", "--no-wrap", po_path],
            check=True,
            capture_output=True,
            text=True,
        )
        return {
            line[len('msgid "') : -1]
            for line in result.stdout.splitlines()
            if line.startswith('msgid "') and line != 'msgid ""'
        }
