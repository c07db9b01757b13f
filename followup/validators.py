"""Rules for evidence files attached to a follow-up."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

EVIDENCE_EXTENSIONS = ["pdf", "png", "jpg", "jpeg", "odt", "ods", "docx", "xlsx", "csv", "txt"]

validate_evidence_extension = FileExtensionValidator(
    allowed_extensions=EVIDENCE_EXTENSIONS,
    message=_(
        "Files of type %(extension)s cannot be attached. Allowed types: %(allowed_extensions)s."
    ),
)

# The leading bytes every file of a binary type starts with.
MAGIC = {
    "pdf": b"%PDF-",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
}
# Office documents are zip files; this member tells which kind.
OPENDOCUMENT = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
OFFICE_OPEN_XML = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def validate_evidence_file(file):
    """At most the size limit, and the content is what the name says (an HTML page named .pdf
    would otherwise be served to residents)."""
    limit = settings.FOLLOWUP_EVIDENCE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; it may be at most %(limit)s."),
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension not in EVIDENCE_EXTENSIONS:
        return  # validate_evidence_extension says so
    if getattr(file, "_committed", False):
        return  # stored earlier, and checked when it was uploaded
    file.seek(0)
    try:
        matches = _content_matches(file, extension)
    finally:
        file.seek(0)
    if not matches:
        raise ValidationError(
            _(
                "The file's content is not %(extension)s, whatever its name says. "
                "Save it as %(extension)s and try again."
            ),
            params={"extension": extension.upper()},
            code="file_content_mismatch",
        )


# The field's migrations name this validator by its first name.
validate_evidence_size = validate_evidence_file


def _content_matches(file, extension):
    if extension in MAGIC:
        return file.read(len(MAGIC[extension])) == MAGIC[extension]
    if extension in ("csv", "txt"):
        content = file.read()
        if b"\x00" in content:
            return False
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if file.read(4) != b"PK\x03\x04":
        return False
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            if extension in OPENDOCUMENT:
                return archive.read("mimetype").decode() == OPENDOCUMENT[extension]
            names = archive.namelist()
            return "[Content_Types].xml" in names and OFFICE_OPEN_XML[extension] in names
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return False
