"""Lägesbild: what the inputs and statistics say about a kommun in a period."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Municipality, MunicipalityOwnedQuerySet, PoliceArea


class SituationPictureQuerySet(MunicipalityOwnedQuerySet):
    def published(self):
        return self.filter(is_published=True)


class SituationPicture(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="situation_pictures",
    )
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("local police area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="situation_pictures",
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    summary = models.TextField(
        _("summary"), help_text=_("What the inputs and the statistics say, in your own words.")
    )
    crime_statistics = models.TextField(
        _("crime statistics"), blank=True, help_text=_("What the police's statistics show.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
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
