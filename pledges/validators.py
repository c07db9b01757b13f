"""Rules for pledge fields that forms and the model share."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Addresses under /medborgarloften/ that are pages of their own, not pledges.
RESERVED_SLUGS = frozenset({"oversikt", "sok", "atom"})


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _(
                "“%(slug)s” cannot be a pledge's address: /medborgarloften/%(slug)s/ is another "
                "page of the portal. Choose another, e.g. the kommun's name and the year."
            ),
            code="reserved",
            params={"slug": value},
        )
