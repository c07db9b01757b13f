"""Surveys (enkäter, trygghetsundersökningar): questions, anonymous responses and answers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Municipality, MunicipalityOwnedQuerySet, Place, PoliceArea


class SurveyQuerySet(MunicipalityOwnedQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open(self, now=None):
        now = now or timezone.now()
        return self.published().filter(opens_at__lte=now, closes_at__gt=now)

    def with_public_results(self, now=None):
        """Closed surveys whose results are out: on closing, or from the chosen later date."""
        now = now or timezone.now()
        return self.published().filter(
            Q(results_published_at__lte=now)
            | Q(results_published_at__isnull=True, publish_results_on_close=True),
            closes_at__lte=now,
        )


class Survey(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("local police area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    introduction = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Residents can see and answer it while open.")
    )
    publish_results_on_close = models.BooleanField(
        _("publish the results when the survey closes"), default=True
    )
    results_published_at = models.DateTimeField(
        _("publish the results at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish on closing; results are never shown while open."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="survey_unique_slug_in_municipality"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="survey_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(results_published_at__isnull=True)
                | Q(results_published_at__gte=F("closes_at")),
                name="survey_results_not_before_closing",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dialogue:survey_detail", args=[self.municipality.slug, self.slug])

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The survey must close after it opens.")
        if (
            self.results_published_at
            and self.closes_at
            and self.results_published_at < self.closes_at
        ):
            errors["results_published_at"] = _(
                "Results are never published while the survey is open: "
                "choose a time after it closes."
            )
        if errors:
            raise ValidationError(errors)

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    def results_are_public(self, now=None):
        now = now or timezone.now()
        if not self.is_published or now < self.closes_at:
            return False
        if self.results_published_at:
            return self.results_published_at <= now
        return self.publish_results_on_close


class QuestionQuerySet(models.QuerySet):
    def editable_by(self, user):
        return self.filter(survey__in=Survey.objects.editable_by(user))


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale 1–5")
        TEXT = "text", _("Free text")
        PLACE = "place", _("Place")

    CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE}

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # For scale questions: what 1 and 5 mean, e.g. "Mycket otrygg" and "Mycket trygg".
    scale_low_label = models.CharField(_("label of 1"), max_length=60, blank=True)
    scale_high_label = models.CharField(_("label of 5"), max_length=60, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    text = models.CharField(_("option"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.text


class Response(models.Model):
    """One resident's anonymous answers to a survey: nothing identifies who answered."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["survey", "submitted_at", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    """One answer: an option (one row per chosen option), a scale value, a place or free text."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    # Denormalised from the response so that results aggregate over one indexed table.
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    option = models.ForeignKey(
        Option, verbose_name=_("option"), on_delete=models.CASCADE, null=True, blank=True
    )
    scale = models.PositiveSmallIntegerField(_("scale value"), null=True, blank=True)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.SET_NULL, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["response", "question__order", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(
                fields=["survey", "question", "option", "scale", "place"],
                name="answer_results",
            ),
            # Counting the responses that answered each question (distinct per response).
            models.Index(fields=["survey", "question", "response"], name="answer_respondents"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="answer_scale_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.option or self.scale or self.place or self.text[:40]}"


class Excerpt(models.Model):
    """A chosen, edited free-text answer a coordinator publishes with the results."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="excerpts"
    )
    text = models.TextField(
        _("excerpt"), help_text=_("Edited so that no person can be recognised.")
    )
    is_published = models.BooleanField(_("published with the results"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("excerpt")
        verbose_name_plural = _("excerpts")

    def __str__(self):
        return self.text[:60]
