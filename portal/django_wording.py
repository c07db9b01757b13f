"""Django's own Swedish for form messages that an installed library translates differently.

Translations of installed apps take precedence over Django's, so djangorestframework's catalog
would turn the admin's and the public forms' "Detta fält måste fyllas i." into "Det här fältet
är obligatoriskt." (and "e-postadress" into "mejladress"). Our catalog, which comes first of
all, holds Django's wording for each of them; this list keeps makemessages from dropping the
entries. `portal/tests/test_django_wording.py` finds every such clash among the installed apps.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("The submitted file is empty."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
]
