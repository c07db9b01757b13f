"""Lägesbild: what the inputs and statistics say about a kommun in a period."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, ProtectedError, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from organisations.models import Municipality, MunicipalityOwnedQuerySet, PoliceArea


def pledges_resting_on(picture_ids):
    """Pledges that rest on any of these lägesbilder: their working copy links one, or one of
    their versions does (a published version is shown at its own address for good)."""
    pledge = apps.get_model("pledges", "Pledge")
    ids = list(picture_ids)
    return (
        pledge._base_manager.filter(
            Q(situation_picture__in=ids) | Q(versions__content__situation_picture__in=ids)
        )
        .distinct()
        .order_by("title", "pk")
    )


def deletion_refusal(picture, pledges):
    """Why a lägesbild that pledges rest on is not deleted, naming them."""
    return ngettext(
        "The situation picture “%(picture)s” cannot be deleted: the pledge %(pledges)s rests "
        "on it.",
        "The situation picture “%(picture)s” cannot be deleted: the pledges %(pledges)s rest "
        "on it.",
        len(pledges),
    ) % {"picture": picture, "pledges": ", ".join(str(pledge) for pledge in pledges)}


class SituationPictureQuerySet(MunicipalityOwnedQuerySet):
    def delete(self):
        for picture in self:
            picture.check_deletable()
        return super().delete()

    def published(self):
        return self.filter(is_published=True)


class SituationPicture(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="situation_pictures",
        help_text=_("The kommun the situation picture describes."),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("local police area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="situation_pictures",
        help_text=_("The local police area that took part."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("E.g. Lägesbild Vaggeryd 2024.")
    )
    period_start = models.DateField(
        _("period from"), help_text=_("The first day of the period the situation picture covers.")
    )
    period_end = models.DateField(_("period to"), help_text=_("The last day of the period."))
    summary = models.TextField(
        _("summary"), help_text=_("What the inputs and the statistics say, in your own words.")
    )
    crime_statistics = models.TextField(
        _("crime statistics"), blank=True, help_text=_("What the police's statistics show.")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public pages.")
    )
    updated_at = models.DateTimeField(
        _("last updated"), auto_now=True, help_text=_("When the situation picture was last saved.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Who saved the situation picture last."),
    )
    history = HistoricalRecords()

    objects = SituationPictureQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "id"]
        verbose_name = _("situation picture")
        verbose_name_plural = _("situation pictures")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="situation_period_in_order"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dialogue:situation_detail", args=[self.municipality.slug, self.pk])

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    def check_deletable(self):
        """A lägesbild a pledge rests on stays. The pledge's key refuses the delete too (PROTECT),
        but not a version of the pledge that names it: this covers both."""
        pledges = list(pledges_resting_on([self.pk]))
        if pledges:
            raise ProtectedError(deletion_refusal(self, pledges), set(pledges))

    def delete(self, *args, **kwargs):
        self.check_deletable()
        return super().delete(*args, **kwargs)
