"""The kinds of problem residents report and safety walks observe: one list, so they add up."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemCategory(models.TextChoices):
    UNSAFE = "unsafe", _("Unsafe place")
    LIGHTING = "lighting", _("Lighting")
    VEGETATION = "vegetation", _("Vegetation blocking the view")
    VANDALISM = "vandalism", _("Vandalism or graffiti")
    LITTER = "litter", _("Litter")
    TRAFFIC = "traffic", _("Unsafe traffic")
    OTHER = "other", _("Other")
