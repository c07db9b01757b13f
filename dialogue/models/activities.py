"""Dialogue activities of a kommun (meetings, staff dialogue, safety walks) and observations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Municipality, MunicipalityOwnedQuerySet, Place, PoliceArea

from .problems import ProblemCategory


class DialogueActivityQuerySet(MunicipalityOwnedQuerySet):
    def public(self):
        """Everything but staff dialogue, which is internal and never shown publicly."""
        return self.filter(is_published=True).exclude(kind=DialogueActivity.Kind.STAFF_DIALOGUE)

    def upcoming_open(self, now=None):
        """Public activities residents may join that have not ended yet, soonest first."""
        now = now or timezone.now()
        return (
            self.public()
            .filter(open_to_public=True)
            .filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
            .order_by("starts_at", "id")
        )


class DialogueActivity(models.Model):
    class Kind(models.TextChoices):
        CITIZEN_DIALOGUE = "citizen_dialogue", _("Citizen dialogue meeting")
        STAFF_DIALOGUE = "staff_dialogue", _("Staff dialogue (internal)")
        SAFETY_WALK = "safety_walk", _("Safety walk")
        SURVEY_ROUND = "survey_round", _("Survey round")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="dialogue_activities",
        help_text=_("The kommun that holds the activity."),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("local police area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dialogue_activities",
        help_text=_("The local police area taking part."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("Staff dialogue is internal and never shown publicly."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A short name for lists and the calendar, e.g. Trygghetsvandring i Torpa."),
    )
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Date and time (Swedish time)."))
    ends_at = models.DateTimeField(
        _("ends at"), null=True, blank=True, help_text=_("Optional. Date and time (Swedish time).")
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dialogue_activities",
        help_text=_("Optional: one of the kommun's places, to link the activity to it."),
    )
    location = models.CharField(
        _("where"), max_length=200, blank=True, help_text=_("Address or meeting point.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "What will happen and who is welcome. Shown publicly when the activity is published."
        ),
    )
    open_to_public = models.BooleanField(
        _("the public may join"), default=False, help_text=_("Shown in the public calendar.")
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the public pages. Staff dialogue is never shown."),
    )
    participants = models.PositiveIntegerField(
        _("number of participants"),
        null=True,
        blank=True,
        help_text=_("Optional: how many took part, filled in afterwards."),
    )
    summary = models.TextField(
        _("what came up"), blank=True, help_text=_("Written after the event. No names of people.")
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, help_text=_("When the activity was created.")
    )
    updated_at = models.DateTimeField(
        _("last updated"), auto_now=True, help_text=_("When the activity was last saved.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Who created the activity."),
    )
    history = HistoricalRecords()

    objects = DialogueActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "id"]
        verbose_name = _("dialogue activity")
        verbose_name_plural = _("dialogue activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="dialogue_activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind="staff_dialogue") | Q(open_to_public=False),
                name="staff_dialogue_is_not_open",
            ),
        ]
        indexes = [
            # Coming activities (upcoming_open): those not ended, read from here in every kommun.
            models.Index(fields=["ends_at"], name="dialogue_activity_ends_at"),
            # A kommun's activities by date: its dialogue page's coming and earlier meetings.
            models.Index(fields=["municipality", "starts_at"], name="dialogue_activity_kommun_day"),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("dialogue:activity_detail", args=[self.municipality.slug, self.pk])

    def clean(self):
        errors = {}
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The end cannot be before the start.")
        if self.kind == self.Kind.STAFF_DIALOGUE and self.open_to_public:
            errors["open_to_public"] = _("Staff dialogue is internal: the public cannot join.")
        if (
            self.place_id
            and self.municipality_id
            and self.place.municipality_id != self.municipality_id
        ):
            errors["place"] = _("Choose a place in the same municipality.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_internal(self):
        return self.kind == self.Kind.STAFF_DIALOGUE


class ObservationQuerySet(models.QuerySet):
    def editable_by(self, user):
        return self.filter(activity__in=DialogueActivity.objects.editable_by(user))


class Observation(models.Model):
    """What a safety walk found at a place, what should be done and by whom."""

    Category = ProblemCategory

    class Responsible(models.TextChoices):
        MUNICIPALITY = "municipality", _("The municipality")
        POLICE = "police", _("The police")
        PROPERTY_OWNER = "property_owner", _("Property owner")
        OTHER = "other", _("Other")

    class ActionStatus(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("Under way")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Not carried out")

    activity = models.ForeignKey(
        DialogueActivity,
        verbose_name=_("safety walk"),
        on_delete=models.CASCADE,
        related_name="observations",
        limit_choices_to={"kind": DialogueActivity.Kind.SAFETY_WALK},
        help_text=_("The safety walk where this was observed."),
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        help_text=_("One of the kommun's places, or describe the place in the next field."),
    )
    place_text = models.CharField(
        _("place (other)"),
        max_length=200,
        blank=True,
        help_text=_("Where, if the place is not in the list, e.g. the underpass by the station."),
    )
    category = models.CharField(
        _("problem"),
        max_length=20,
        choices=Category.choices,
        help_text=_("The kind of problem observed."),
    )
    description = models.TextField(
        _("what was observed"), help_text=_("What the walkers saw. Name no persons.")
    )
    proposed_action = models.TextField(
        _("proposed action"),
        blank=True,
        help_text=_("What should be done, e.g. trim the hedge or put up lighting."),
    )
    responsible = models.CharField(
        _("responsible"),
        max_length=20,
        choices=Responsible.choices,
        default=Responsible.MUNICIPALITY,
        help_text=_("Who is to carry out the action."),
    )
    action_status = models.CharField(
        _("status of the action"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.PROPOSED,
        help_text=_("How far the action has come. Update it as the work goes on."),
    )
    pledge_activity = models.ForeignKey(
        "pledges.Activity",
        verbose_name=_("taken up by pledge activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        help_text=_("Optional: the activity of a pledge that takes this up."),
    )
    history = HistoricalRecords()

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("safety walk observation")
        verbose_name_plural = _("safety walk observations")
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(place_text=""),
                name="observation_has_a_place",
            )
        ]

    def __str__(self):
        return f"{self.place or self.place_text}: {self.get_category_display()}"

    def clean(self):
        if not self.place_id and not self.place_text.strip():
            raise ValidationError({"place": _("Choose a place or describe where.")})
        if self.activity_id and self.activity.kind != DialogueActivity.Kind.SAFETY_WALK:
            raise ValidationError({"activity": _("Observations belong to a safety walk.")})
