"""Rules for evidence files attached to a follow-up."""

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


def validate_evidence_size(file):
    limit = settings.FOLLOWUP_EVIDENCE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; it may be at most %(limit)s."),
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
