"""“Hjälpte informationen dig?”: residents' yes/no answers and comments about a page."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_COMMENT_LENGTH = 1000


class PageFeedback(models.Model):
    path = models.CharField(
        _("page"), max_length=300, db_index=True, help_text=_("The page the feedback was given on.")
    )
    helpful = models.BooleanField(
        _("helpful"), help_text=_("Whether the visitor found the page helpful.")
    )
    comment = models.TextField(
        _("comment"),
        blank=True,
        validators=[MaxLengthValidator(MAX_COMMENT_LENGTH)],
        help_text=_("The visitor's comment, if any."),
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("The language the page was shown in.")
    )
    created_at = models.DateTimeField(
        _("received at"),
        auto_now_add=True,
        db_index=True,
        help_text=_("When the feedback was sent."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")

    def __str__(self):
        return f"{self.path}: {_('yes') if self.helpful else _('no')}"
