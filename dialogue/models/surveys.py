"""Surveys (enkäter, trygghetsundersökningar): questions, anonymous responses and answers."""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Municipality, MunicipalityOwnedQuerySet, Place, PoliceArea
from portal.content_language import in_page_language

# One refusal for every way of touching what respondents were asked: the model, the admin's
# inlines and pages, bulk actions and history all say the same.
ANSWERED_SURVEY_IS_FIXED = _(
    "This survey already has answers, so its questions and options can no longer be added, "
    "changed, reordered or deleted: the results must count the answers to exactly what the "
    "respondents were asked."
)
# The English texts follow the same rule, from the first answer given on the English page: until
# then they may be added or corrected, since no respondent has read them.
ANSWERED_IN_ENGLISH_IS_FIXED = _(
    "This survey already has answers in English, so the English texts of its questions and "
    "options can no longer be changed: the results must count the answers to exactly what the "
    "respondents were asked."
)
ENGLISH_SURVEY_IS_FIXED = _(
    "This survey already has answers in English, so its English title and introduction can no "
    "longer change: they are what those respondents answered."
)
ENGLISH_HELP = _("Optional: shown on the English page.")


def english_field(model_field, verbose_name, **options):
    """The English version of a text field: optional, shown on the English page only."""
    return model_field(verbose_name, blank=True, help_text=ENGLISH_HELP, **options)


def changed_fields(obj, names):
    """The fields among `names` whose values differ from the stored row: all of them for a row
    not saved yet (one query)."""
    if obj._state.adding or obj.pk is None:
        return list(names)
    attnames = {name: obj._meta.get_field(name).attname for name in names}
    stored = type(obj)._base_manager.filter(pk=obj.pk).values(*attnames.values()).first()
    if stored is None:
        return list(names)
    return [name for name, attname in attnames.items() if getattr(obj, attname) != stored[attname]]


def _moment(value):
    return date_format(timezone.localtime(value), "j F Y H:i")


def answered(survey_ids, language=None):
    """Whether any of these surveys has a response (in `language`, if given)."""
    ids = {pk for pk in survey_ids if pk is not None}
    if not ids:
        return False
    responses = Response.objects.filter(survey_id__in=ids)
    if language:
        responses = responses.filter(language=language)
    return responses.exists()


class SurveyQuerySet(MunicipalityOwnedQuerySet):
    def delete(self):
        for survey in self:
            survey.check_deletable()
        return super().delete()

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
    """A survey residents answer anonymously, and the results that are published from it.

    Once the first response is in, what the respondents were shown is fixed, so that the
    published results always count answers to the words people actually answered:

    - the questions and their options: none is added, reworded, reordered, retyped or deleted
      (Question.clean and Option.clean refuse it, and so do their save() and delete());
    - the title and the introduction, which frame the questions and say what they are about;
    - the kommun, whose places the answers name.

    What only decides when answers are collected and where the results are shown stays
    editable, for it changes no answer and no count: the closing date, moved later (the usual
    case: more time to answer) or earlier, and the opening date, as long as every answer
    already given stays inside the period; publishing or unpublishing the survey (an answered
    survey is unpublished, not deleted); when the results are published; the slug and the
    police area.

    A survey with answers whose results are or were public is never deleted (delete() and the
    queryset's delete() refuse); the admin refuses deleting any survey with answers.

    The English version (title_en and the like on the survey, its questions and options) is
    optional and may be added after Swedish answers have come in; it is fixed from the first
    answer given on the English page, for then it is what those respondents answered. Answers in
    either language are answers to the same questions and are counted together.
    """

    FROZEN_FIELDS = ("municipality", "title", "introduction")
    ENGLISH_FIELDS = ("title_en", "introduction_en")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="surveys",
        help_text=_("The kommun that runs the survey."),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("local police area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        help_text=_("The local police area taking part."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("Shown to residents, e.g. Trygghetsundersökning 2024."),
    )
    slug = models.SlugField(
        _("address (in the web address)"),
        max_length=100,
        help_text=_(
            "The survey's part of its web address, e.g. trygghet-2024 in "
            "/dialog/vaggeryd/enkater/trygghet-2024/. Lower-case letters, digits and hyphens."
        ),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the questions: why you ask and what happens with the answers."),
    )
    title_en = english_field(models.CharField, _("title in English"), max_length=200)
    introduction_en = english_field(models.TextField, _("introduction in English"))
    opens_at = models.DateTimeField(
        _("opens at"), help_text=_("From when residents can answer (Swedish time).")
    )
    closes_at = models.DateTimeField(
        _("closes at"), help_text=_("Until when residents can answer (Swedish time).")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Residents can see and answer it while open.")
    )
    publish_results_on_close = models.BooleanField(
        _("publish the results when the survey closes"),
        default=True,
        help_text=_("Show the results publicly once the survey has closed."),
    )
    results_published_at = models.DateTimeField(
        _("publish the results at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish on closing; results are never shown while open."),
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, help_text=_("When the survey was created.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Who created the survey."),
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
        # Open surveys (open) and those closing soon or lately closed (the admin's to-do list).
        indexes = [models.Index(fields=["closes_at"], name="survey_closes_at")]

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
        if self.pk and self.has_responses():
            errors.update(self._answered_survey_errors())
        if errors:
            raise ValidationError(errors)

    def _answered_survey_errors(self):
        errors = {}
        changed = changed_fields(
            self, self.FROZEN_FIELDS + self.ENGLISH_FIELDS + ("opens_at", "closes_at")
        )
        refused = []
        if set(changed) & set(self.FROZEN_FIELDS):
            refused.append(
                _(
                    "This survey already has answers, so its title, introduction and "
                    "municipality can no longer change: they are what the respondents answered."
                )
            )
        if set(changed) & set(self.ENGLISH_FIELDS) and self.has_responses_in_english():
            refused.append(ENGLISH_SURVEY_IS_FIXED)
        if refused:
            errors[NON_FIELD_ERRORS] = refused
        if "opens_at" in changed or "closes_at" in changed:
            given = self.responses.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
            if "opens_at" in changed and self.opens_at and self.opens_at > given["first"]:
                errors["opens_at"] = _(
                    "The first answer came in %(when)s: the survey cannot open after that."
                ) % {"when": _moment(given["first"])}
            if "closes_at" in changed and self.closes_at and self.closes_at < given["last"]:
                errors["closes_at"] = _(
                    "The latest answer came in %(when)s: the survey cannot close before that."
                ) % {"when": _moment(given["last"])}
        return errors

    def has_responses(self):
        return self.pk is not None and self.responses.exists()

    def has_responses_in_english(self):
        return self.pk is not None and answered([self.pk], Response.Language.ENGLISH)

    # The English version -----------------------------------------------------------------

    def shown_title(self):
        return in_page_language(self.title, self.title_en)

    def shown_introduction(self):
        return in_page_language(self.introduction, self.introduction_en)

    def text_pairs(self, questions=None):
        """(Swedish, English) of every text a respondent reads. `questions` are the survey's
        questions with their options prefetched, as the pages have them."""
        questions = self.questions.prefetch_related("options") if questions is None else questions
        pairs = [(self.title, self.title_en), (self.introduction, self.introduction_en)]
        for question in questions:
            pairs += question.text_pairs()
        return [(swedish, english) for swedish, english in pairs if swedish]

    def has_english(self, questions=None):
        """Whether every text a respondent reads has an English version: if not, the English
        page says which part is only in Swedish."""
        return all(english for _swedish, english in self.text_pairs(questions))

    def has_some_english(self, questions=None):
        return any(english for _swedish, english in self.text_pairs(questions))

    def results_were_public(self, now=None):
        """Whether the results are public now or were at any time, by the survey's history."""
        now = now or timezone.now()
        if self.results_are_public(now):
            return True
        versions = list(self.history.order_by("history_date", "history_id"))
        # Within one version, results once public stay public: each version is checked at
        # the moment the next one replaced it.
        ends = [version.history_date for version in versions[1:]] + [now]
        return any(
            version.instance.results_are_public(end)
            for version, end in zip(versions, ends, strict=True)
        )

    def check_deletable(self):
        if self.has_responses() and self.results_were_public():
            raise ValidationError(
                _(
                    "“%(survey)s” has answers and its results are or have been public: it "
                    "cannot be deleted. Unpublish it instead."
                )
                % {"survey": self}
            )

    def delete(self, *args, **kwargs):
        self.check_deletable()
        return super().delete(*args, **kwargs)

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


class FixedOnceAnsweredQuerySet(models.QuerySet):
    """Questions and options: deleting them in bulk is refused as one by one is."""

    def delete(self):
        if answered(self.values_list(self.model.SURVEY_LOOKUP, flat=True)):
            raise ValidationError(ANSWERED_SURVEY_IS_FIXED)
        return super().delete()


class FixedOnceAnsweredMixin:
    """What respondents were asked does not change after the first answer (see Survey).

    Model classes set FROZEN_FIELDS (every field a respondent saw, and the link to the parent),
    ENGLISH_FIELDS (the English versions of the texts) and SURVEY_LOOKUP (the path to the
    survey's id); survey_ids() names the survey the row belongs to now and the one it is stored
    under, so moving a row in or out is caught too.

    The Swedish texts and the structure are fixed from the survey's first response; the English
    texts from its first response in English. Before that no respondent has read them, so
    adding an English version to a survey answered in Swedish, or correcting it, changes nothing
    anyone answered.
    """

    ENGLISH_FIELDS = ()

    def survey_ids(self):
        raise NotImplementedError

    def refused_change(self):
        """Why this row cannot be saved as it is now, or None."""
        changed = set(changed_fields(self, self.FROZEN_FIELDS + self.ENGLISH_FIELDS))
        if not changed:
            return None
        if changed & set(self.FROZEN_FIELDS) and answered(self.survey_ids()):
            return ANSWERED_SURVEY_IS_FIXED
        english = Response.Language.ENGLISH
        if changed & set(self.ENGLISH_FIELDS) and answered(self.survey_ids(), english):
            return ANSWERED_IN_ENGLISH_IS_FIXED
        return None

    def clean(self):
        super().clean()
        refusal = self.refused_change()
        if refusal:
            raise ValidationError(refusal)

    def save(self, *args, **kwargs):
        refusal = self.refused_change()
        if refusal:
            raise ValidationError(refusal)
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if answered(self.survey_ids()):
            raise ValidationError(ANSWERED_SURVEY_IS_FIXED)
        return super().delete(*args, **kwargs)


class QuestionQuerySet(FixedOnceAnsweredQuerySet):
    def editable_by(self, user):
        return self.filter(survey__in=Survey.objects.editable_by(user))


class Question(FixedOnceAnsweredMixin, models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale 1–5")
        TEXT = "text", _("Free text")
        PLACE = "place", _("Place")

    CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE}
    FROZEN_FIELDS = (
        "survey",
        "order",
        "kind",
        "required",
        "text",
        "help_text",
        "scale_low_label",
        "scale_high_label",
    )
    ENGLISH_FIELDS = ("text_en", "help_text_en", "scale_low_label_en", "scale_high_label_en")
    SURVEY_LOOKUP = "survey_id"

    survey = models.ForeignKey(
        Survey,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="questions",
        help_text=_("The survey the question belongs to."),
    )
    text = models.CharField(
        _("question"), max_length=300, help_text=_("The question as residents read it.")
    )
    help_text = models.CharField(
        _("help text"),
        max_length=300,
        blank=True,
        help_text=_("Optional: a line under the question that explains it."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        help_text=_("How residents answer. Cannot be changed once the survey has answers."),
    )
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("Residents must answer the question to send the survey."),
    )
    order = models.PositiveSmallIntegerField(
        _("place in the list"),
        default=0,
        help_text=_("Questions are asked in this order, lowest number first."),
    )
    # For scale questions: what 1 and 5 mean, e.g. "Mycket otrygg" and "Mycket trygg".
    scale_low_label = models.CharField(
        _("label of 1"),
        max_length=60,
        blank=True,
        help_text=_("For a scale question: what 1 means, e.g. Mycket otrygg."),
    )
    scale_high_label = models.CharField(
        _("label of 5"),
        max_length=60,
        blank=True,
        help_text=_("For a scale question: what 5 means, e.g. Mycket trygg."),
    )
    text_en = english_field(models.CharField, _("question in English"), max_length=300)
    help_text_en = english_field(models.CharField, _("help text in English"), max_length=300)
    scale_low_label_en = english_field(models.CharField, _("label of 1 in English"), max_length=60)
    scale_high_label_en = english_field(models.CharField, _("label of 5 in English"), max_length=60)
    history = HistoricalRecords()

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text

    def shown_text(self):
        return in_page_language(self.text, self.text_en)

    def shown_help_text(self):
        return in_page_language(self.help_text, self.help_text_en)

    def shown_scale_low_label(self):
        return in_page_language(self.scale_low_label, self.scale_low_label_en)

    def shown_scale_high_label(self):
        return in_page_language(self.scale_high_label, self.scale_high_label_en)

    def text_pairs(self):
        """(Swedish, English) of the question's texts and its options' (options prefetched)."""
        pairs = [
            (self.text, self.text_en),
            (self.help_text, self.help_text_en),
        ]
        if self.kind == self.Kind.SCALE:
            pairs += [
                (self.scale_low_label, self.scale_low_label_en),
                (self.scale_high_label, self.scale_high_label_en),
            ]
        if self.kind in self.CHOICE_KINDS:
            pairs += [(option.text, option.text_en) for option in self.options.all()]
        return pairs

    def survey_ids(self):
        ids = {self.survey_id}
        if self.pk:
            stored = Question._base_manager.filter(pk=self.pk)
            ids.update(stored.values_list("survey_id", flat=True))
        return ids


class OptionQuerySet(FixedOnceAnsweredQuerySet):
    def editable_by(self, user):
        return self.filter(question__survey__in=Survey.objects.editable_by(user))


class Option(FixedOnceAnsweredMixin, models.Model):
    FROZEN_FIELDS = ("question", "order", "text")
    ENGLISH_FIELDS = ("text_en",)
    SURVEY_LOOKUP = "question__survey_id"

    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="options",
        help_text=_("The question the option belongs to."),
    )
    text = models.CharField(
        _("option"), max_length=200, help_text=_("An answer residents can choose.")
    )
    text_en = english_field(models.CharField, _("option in English"), max_length=200)
    order = models.PositiveSmallIntegerField(
        _("place in the list"),
        default=0,
        help_text=_("Options are shown in this order, lowest number first."),
    )
    history = HistoricalRecords()

    objects = OptionQuerySet.as_manager()

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.text

    def shown_text(self):
        return in_page_language(self.text, self.text_en)

    def survey_ids(self):
        parent = Question._base_manager.filter(pk=self.question_id)
        ids = set(parent.values_list("survey_id", flat=True))
        if self.pk:
            stored = Option._base_manager.filter(pk=self.pk)
            ids.update(stored.values_list("question__survey_id", flat=True))
        return ids


class SurveyPartQuerySet(models.QuerySet):
    """Rows that belong to one survey through its survey key (responses, answers)."""

    def editable_by(self, user):
        return self.filter(survey__in=Survey.objects.editable_by(user))


class Response(models.Model):
    """One resident's anonymous answers to a survey: nothing identifies who answered.

    Responses and answers keep no history of their own: residents write them once, nothing in
    the portal edits them, and what would remove them (deleting an answered question or option,
    or a survey whose results are or were public) is refused. A history table would only copy
    every anonymous answer, free text included, a second time.

    The language is the page's: it says which texts the respondent read (and fixes the English
    ones once someone answered them), and lets staff see how many answered in English. The
    answers themselves are the same rows whatever the language, and are counted together.
    """

    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    survey = models.ForeignKey(
        Survey,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="responses",
        help_text=_("The survey that was answered."),
    )
    submitted_at = models.DateTimeField(
        _("submitted at"), default=timezone.now, help_text=_("When the answers were sent.")
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.SWEDISH,
        help_text=_("The language of the page the survey was answered on."),
    )

    objects = SurveyPartQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "submitted_at", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    """One answer: an option (one row per chosen option), a scale value, a place or free text."""

    response = models.ForeignKey(
        Response,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="answers",
        help_text=_("The response this answer is part of."),
    )
    # Denormalised from the response so that results aggregate over one indexed table.
    survey = models.ForeignKey(
        Survey,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The survey that was answered."),
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answers",
        help_text=_("The question that was answered."),
    )
    option = models.ForeignKey(
        Option,
        verbose_name=_("option"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("The option chosen, for a choice question."),
    )
    scale = models.PositiveSmallIntegerField(
        _("scale value"),
        null=True,
        blank=True,
        help_text=_("The value chosen, for a scale question."),
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The place chosen, for a place question."),
    )
    text = models.TextField(
        _("text"), blank=True, help_text=_("The answer, for a free-text question.")
    )

    objects = SurveyPartQuerySet.as_manager()

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


class ExcerptQuerySet(models.QuerySet):
    def editable_by(self, user):
        return self.filter(question__survey__in=Survey.objects.editable_by(user))


class Excerpt(models.Model):
    """A chosen, edited free-text answer a coordinator publishes with the results."""

    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="excerpts",
        help_text=_("The free-text question the excerpt comes from."),
    )
    text = models.TextField(
        _("excerpt"), help_text=_("Edited so that no person can be recognised.")
    )
    is_published = models.BooleanField(
        _("published with the results"),
        default=True,
        help_text=_("Shown with the published results."),
    )
    order = models.PositiveSmallIntegerField(
        _("place in the list"),
        default=0,
        help_text=_("Excerpts are shown in this order, lowest number first."),
    )
    history = HistoricalRecords()

    objects = ExcerptQuerySet.as_manager()

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("excerpt")
        verbose_name_plural = _("excerpts")

    def __str__(self):
        return self.text[:60]
