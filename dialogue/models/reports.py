"""Residents' reports of unsafe places: moderated, counted, and stripped of details in time."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Municipality, MunicipalityOwnedQuerySet, Place

from .problems import ProblemCategory

# Free text and contact details: emptied by PlaceReport.purge(), never kept in the history.
PURGED_FIELDS = [
    "place_text",
    "description",
    "contact_name",
    "contact_email",
    "contact_phone",
    "staff_note",
]


class PlaceReportQuerySet(MunicipalityOwnedQuerySet):
    def countable(self):
        """Reports that count in public figures: those moderation has accepted, read or used.

        A new report is not counted until someone has read it, and a dismissed one never is:
        every public count, feed and lägesbild figure goes through here."""
        return self.filter(status__in=PlaceReport.COUNTED)

    def due_for_purge(self, now=None):
        """Reports older than the retention period that still hold details or contacts."""
        now = now or timezone.now()
        limit = now - datetime.timedelta(days=settings.DIALOGUE_RETENTION_DAYS)
        return self.filter(created_at__lt=limit, purged_at__isnull=True)


class PlaceReport(models.Model):
    Category = ProblemCategory

    class TimeOfDay(models.TextChoices):
        MORNING = "morning", _("Morning")
        DAYTIME = "daytime", _("Daytime")
        EVENING = "evening", _("Evening")
        NIGHT = "night", _("Night")
        ALWAYS = "always", _("All the time")
        UNKNOWN = "unknown", _("Don't know")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        READ = "read", _("Read")
        USED = "used", _("Used in the situation picture")
        DISMISSED = "dismissed", _("Dismissed")

    # Moderated and kept: what the public counts rest on.
    COUNTED = (Status.READ, Status.USED)

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="place_reports",
        help_text=_("The kommun the report was sent to."),
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_("The place the resident chose, if any."),
    )
    place_text = models.CharField(
        _("where (in your own words)"),
        max_length=200,
        blank=True,
        help_text=_("Where, in the resident's own words."),
    )
    category = models.CharField(
        _("what kind of problem"),
        max_length=20,
        choices=Category.choices,
        help_text=_("The kind of problem the resident chose."),
    )
    description = models.TextField(
        _("what is the problem"),
        max_length=2000,
        blank=True,
        help_text=_("The resident's description."),
    )
    time_of_day = models.CharField(
        _("when"),
        max_length=10,
        choices=TimeOfDay.choices,
        default=TimeOfDay.UNKNOWN,
        help_text=_("When the place feels unsafe, as the resident answered."),
    )
    contact_name = models.CharField(
        _("name"),
        max_length=100,
        blank=True,
        help_text=_(
            "Optional contact details the resident gave. Personal data: removed after the "
            "retention period."
        ),
    )
    contact_email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_(
            "Optional contact details the resident gave. Personal data: removed after the "
            "retention period."
        ),
    )
    contact_phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_(
            "Optional contact details the resident gave. Personal data: removed after the "
            "retention period."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.NEW,
        help_text=_(
            "Where the report stands in your handling: new, read, used in the situation picture "
            "or dismissed."
        ),
    )
    staff_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Seen only by staff, never shown publicly.")
    )
    created_at = models.DateTimeField(
        _("received at"),
        default=timezone.now,
        db_index=True,
        help_text=_("When the report arrived."),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Who last handled the report."),
    )
    purged_at = models.DateTimeField(
        _("details removed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the resident's details were removed after the retention period."),
    )
    # What the counts and the moderation rest on: kommun, place, kind of problem, when, status,
    # who handled it and when the details were removed. What the resident wrote and how to reach
    # them, and staff's note, are removed after the retention period (purge): they are never
    # copied into the history, where they would outlive that promise.
    history = HistoricalRecords(excluded_fields=PURGED_FIELDS)

    objects = PlaceReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report of an unsafe place")
        verbose_name_plural = _("reports of unsafe places")
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(place_text="") | Q(purged_at__isnull=False),
                name="place_report_has_a_place",
            )
        ]

    def __str__(self):
        where = self.place.name if self.place_id else self.place_text or _("(place removed)")
        return f"{self.get_category_display()}: {where}"

    @property
    def has_contact(self):
        return bool(self.contact_name or self.contact_email or self.contact_phone)

    def purge(self, now=None):
        """Remove free text and contact details; keep what the anonymous counts need."""
        self.description = ""
        self.place_text = "" if self.place_id else "—"
        self.contact_name = self.contact_email = self.contact_phone = ""
        self.staff_note = ""
        self.purged_at = now or timezone.now()
        self.save(update_fields=[*PURGED_FIELDS, "purged_at"])
