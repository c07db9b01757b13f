"""Tertial follow-up: one report per pledge and tertial, an update per activity, key figures."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q, Window
from django.db.models.fields.files import FieldFile
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from organisations.models import StaffScope
from pledges.models import Activity, Pledge
from portal.tertials import Tertial, tertials_between

from .validators import validate_evidence_extension, validate_evidence_size


class FollowUpReportQuerySet(models.QuerySet):
    def published(self):
        """Published reports of published pledges: what residents, feeds and the API see."""
        return self.frozen().filter(pledge__in=Pledge.objects.published())

    def frozen(self):
        """Reports that were published, also of pledges withdrawn since: records that never
        change silently, whether or not residents can see them today."""
        return self.filter(status=FollowUpReport.Status.PUBLISHED)

    def editable_by(self, user):
        return self.filter(pledge__in=Pledge.objects.editable_by(user))

    def viewable_by(self, user):
        if not StaffScope.of(user).can_work:
            return self.published()
        return self.filter(Q(pk__in=self.published()) | Q(pk__in=self.editable_by(user)))

    def filter_before(self, tertial):
        """Reports of tertials before the given one, newest first."""
        return self.filter(
            Q(year__lt=tertial.year) | Q(year=tertial.year, tertial__lt=tertial.number)
        ).order_by("-year", "-tertial")


class FollowUpReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Number(models.IntegerChoices):
        T1 = 1, _("T1 (January–April)")
        T2 = 2, _("T2 (May–August)")
        T3 = 3, _("T3 (September–December)")

    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("pledge"),
        on_delete=models.PROTECT,
        related_name="follow_up_reports",
        help_text=_("The pledge this follow-up reports on."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000)], help_text=_("E.g. 2022.")
    )
    tertial = models.PositiveSmallIntegerField(
        _("tertial"),
        choices=Number.choices,
        help_text=_("T1 is January–April, T2 May–August, T3 September–December."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("How the tertial went, in a few sentences.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        help_text=_(
            "A draft is seen only here in the administration. The police publish the report when "
            "the tertial has ended."
        ),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the report was published."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Who published the report."),
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, help_text=_("When the report was created.")
    )
    updated_at = models.DateTimeField(
        _("last updated"), auto_now=True, help_text=_("When the report was last saved.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Who saved the report last."),
    )
    # Counts the admin saves (and the publication) of the report with its rows, so that a save
    # made from a form of an older revision is noticed instead of overwriting (changes_since).
    revision = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_("Counts the saves, so that a save from an outdated form is refused."),
    )
    history = HistoricalRecords()

    objects = FollowUpReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-tertial", "id"]
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        indexes = [
            # The feeds and the overview list the newest published reports: read from here,
            # they stop after the entries shown instead of sorting every report in the country.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="followup_report_newest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "year", "tertial"],
                name="followup_one_report_per_tertial",
                violation_error_message=_(
                    "This pledge already has a follow-up report for that tertial."
                ),
            ),
            models.CheckConstraint(
                condition=Q(tertial__gte=1, tertial__lte=3), name="followup_tertial_1_to_3"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="followup_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.pledge} – {self.period}"

    def get_absolute_url(self):
        return reverse("followup:report_detail", args=[self.pledge.slug, self.period.slug])

    @property
    def period(self) -> Tertial:
        return Tertial(self.year, self.tertial)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def due_date(self):
        return self.period.due_date(settings.FOLLOWUP_DUE_DAYS)

    def clean(self):
        if not (self.pledge_id and self.year and self.tertial in (1, 2, 3)):
            return
        if self.year > 9999:
            raise ValidationError({"year": _("Enter a year with four digits.")})
        # The period of the version residents see (the working copy's, for a draft pledge).
        start, end = self.pledge.public.start_date, self.pledge.public.end_date
        if not self.period.overlaps(start, end):
            tertials = tertials_between(start, end)
            raise ValidationError(
                {
                    "tertial": _(
                        "%(tertial)s is outside the pledge's period (%(start)s to %(end)s). "
                        "Choose a tertial from %(first)s to %(last)s."
                    )
                    % {
                        "tertial": self.period,
                        "start": date_format(start),
                        "end": date_format(end),
                        "first": tertials[0],
                        "last": tertials[-1],
                    }
                }
            )

    def can_publish(self, user) -> bool:
        return self.pledge.police_area_id in StaffScope.of(user).police_area_ids

    def publication_refusal(self, user):
        """Why the user cannot publish the report now, as an exception to raise, or None."""
        if not self.can_publish(user):
            return PermissionDenied(
                _("Only police members of the pledge's local police area may publish follow-ups.")
            )
        if self.is_published:
            return ValidationError(_("The report is already published."))
        if not self.pledge.is_published:
            return ValidationError(_("Publish the pledge before its follow-up."))
        today = timezone.localdate()
        if not self.period.has_ended(today):
            # A follow-up reports on a tertial that is over; earlier it would be a forecast.
            return ValidationError(
                _(
                    "The follow-up of %(tertial)s can be published from %(date)s, when the "
                    "tertial has ended."
                )
                % {
                    "tertial": self.period,
                    "date": date_format(self.period.end + datetime.timedelta(days=1)),
                }
            )
        return None

    def publish(self, user):
        """Publish the report: only police of the pledge's LPO may, once its tertial has ended;
        the report is then frozen."""
        refusal = self.publication_refusal(user)
        if refusal is not None:
            raise refusal
        with transaction.atomic():
            self.add_missing_updates()
            self.status = self.Status.PUBLISHED
            self.published_at = timezone.now()
            self.published_by = user
            self.revision += 1
            self.save(
                update_fields=["status", "published_at", "published_by", "revision", "updated_at"]
            )
            self.freeze_content()

    def freeze_content(self):
        """Copy onto the report's rows what it shows of other records, as it stands now, so
        that later edits of those records do not change what was published: each activity as
        the pledge's published version has it, each key figure as it is."""
        shown = self.shown_activities
        for update in self.updates.select_related("activity"):
            update.show_activity(shown.get(update.activity_id))
            update.save(update_fields=ActivityUpdate.FROZEN_FIELDS)
        for value in self.values.select_related("indicator").filter(indicator_name=""):
            value.freeze()

    def record_correction(self, user, reason, changes):
        """A published report changes only with a correction: who, when, why and what."""
        if not self.can_publish(user):
            raise PermissionDenied(
                _("Only police members of the pledge's local police area may correct follow-ups.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(_("Give a reason for the correction."))
        return Correction.objects.create(report=self, reason=reason, made_by=user, changes=changes)

    def changes_since(self, revision):
        """What was saved after the given revision, read from the history of the report and its
        rows: (what, value as saved now) for each field that differs, oldest row first."""
        first_later = (
            self.history.filter(revision__gt=revision)
            .order_by("history_date", "history_id")
            .first()
        )
        if first_later is None:
            return []
        # Each admin save stores the report before its rows, so everything stored before the
        # first later revision of the report is the state the older form was made from.
        since = first_later.history_date
        changes = []
        before = (
            self.history.filter(history_date__lt=since)
            .order_by("-history_date", "-history_id")
            .first()
        )
        if before is not None and before.summary != self.summary:
            changes.append((_field_label(self, "summary"), _shown_value(self, "summary")))
        updates = self.updates.select_related("activity")
        changes += _row_changes(ActivityUpdate, updates, self, since, UPDATE_FORM_FIELDS)
        values = self.values.select_related("indicator")
        changes += _row_changes(IndicatorValue, values, self, since, ["indicator", "value"])
        return changes

    @cached_property
    def shown_activities(self):
        """The activities of the pledge's published version, by id: what the report covers."""
        return version_activities(self.pledge)

    @transaction.atomic
    def add_missing_updates(self):
        """One update per activity of the pledge's published version, prefilled with its latest
        published status. A working-copy activity that both sides have not approved yet gets
        none; in a draft, a row of an activity the published version no longer has goes,
        unless someone wrote in it."""
        shown = self.shown_activities
        latest = latest_published_updates(self.pledge, before=self.period)
        rows = {update.activity_id: update for update in self.updates.all()}
        if not self.is_published:
            stale = [
                update.pk
                for activity_id, update in rows.items()
                if activity_id not in shown and update.is_blank(latest.get(activity_id))
            ]
            ActivityUpdate.objects.filter(pk__in=stale).delete()
        # A version may name an activity since deleted from the working copy: nothing to link.
        existing = set(
            Activity.objects.filter(pledge=self.pledge_id, pk__in=shown).values_list(
                "pk", flat=True
            )
        )
        new = [
            ActivityUpdate(
                report=self,
                activity_id=activity_id,
                status=latest[activity_id].status
                if activity_id in latest
                else ActivityUpdate.Status.NOT_REPORTED,
            )
            for activity_id in shown
            if activity_id in existing and activity_id not in rows
        ]
        bulk_create_with_history(new, ActivityUpdate)
        return len(new)


# The fields of an activity update that staff edit in the report's form.
UPDATE_FORM_FIELDS = ["status", "achieved", "narrative", "evidence_url", "evidence_file"]


def _field_label(obj, name):
    return capfirst(obj._meta.get_field(name).verbose_name)


def _shown_value(obj, name):
    """A field's saved value as staff read it in the form: labels for choices, "–" for empty."""
    field = obj._meta.get_field(name)
    if field.choices:
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name)
    if field.is_relation:
        return str(value) if value is not None else "–"
    if isinstance(value, FieldFile):
        return value.name.rsplit("/", 1)[-1] if value else "–"
    return "–" if value in (None, "") else str(localize(value))


def _comparable(obj, name):
    """A field's value to compare a row with its history: the id of a relation, a file's name."""
    field = obj._meta.get_field(name)
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return getattr(value, "name", value) or ""
    return value


def _row_changes(model, rows, report, since, fields):
    """Changes to a report's rows (updates or key figure values) saved since a moment."""
    records = model.history.filter(report_id=report.pk).order_by("history_date", "history_id")
    before, removed_later = {}, []
    for record in records:
        if record.history_date < since:
            before[record.id] = record
        elif record.history_type == "-":
            removed_later.append(record)
    changes = []
    current = set()
    for row in rows:
        current.add(row.pk)
        label = _row_label(row)
        old = before.get(row.pk)
        if old is None or old.history_type == "-":
            if model is IndicatorValue:  # update rows are made by the report itself, not people
                changes.append((label, _("added: %(value)s") % {"value": row.value}))
            continue
        for name in fields:
            if _comparable(old, name) != _comparable(row, name):
                changes.append((f"{label} – {_field_label(row, name)}", _shown_value(row, name)))
    for record in removed_later if model is IndicatorValue else []:
        old = before.get(record.id)
        if record.id not in current and old is not None and old.history_type != "-":
            changes.append((_removed_label(record), _("removed")))
    return changes


def _row_label(row):
    if isinstance(row, ActivityUpdate):
        return row.activity_text()
    return row.name


def _removed_label(record):
    """The name of a key figure value that was deleted, from its history record."""
    if record.indicator_name:
        return record.indicator_name
    name = Indicator.objects.filter(pk=record.indicator_id).values_list("name", flat=True).first()
    return name or "–"


def version_activities(pledge):
    """The activities of a pledge's published version, by id, in the version's order."""
    version = pledge.published_version
    if version is None:
        return {}
    return {entry["id"]: entry for entry in version.content.get("activities", [])}


def latest_published_updates(pledge, before=None):
    """The most recent published update of each activity of a pledge, by activity id: of its
    reports published so far, also if the pledge was withdrawn since; before a tertial if given."""
    updates = ActivityUpdate.objects.frozen().filter(report__pledge=pledge)
    if before is not None:
        updates = updates.filter(report__in=FollowUpReport.objects.filter_before(before))
    latest = updates.latest_of_each_activity().select_related("report")
    return {update.activity_id: update for update in latest}


class ReportPartQuerySet(models.QuerySet):
    """Rows of a follow-up report (activity updates, key figure values, corrections)."""

    def editable_by(self, user):
        return self.filter(report__in=FollowUpReport.objects.editable_by(user))


class ActivityUpdateQuerySet(ReportPartQuerySet):
    def published(self):
        """Updates in published reports of published pledges (FollowUpReport.published)."""
        return self.filter(report__in=FollowUpReport.objects.published())

    def frozen(self):
        """Updates in published reports, also of pledges withdrawn since (FollowUpReport.frozen)."""
        return self.filter(report__status=FollowUpReport.Status.PUBLISHED)

    def latest_of_each_activity(self):
        """Of these updates, each activity's newest by its report's tertial: one row per activity.

        "The latest published status of an activity" is `published().latest_of_each_activity()`,
        for the pledge page, the overview and the follow-up forms alike. Filter before calling
        it: a filter on the report after it would still pick among all the updates. The database
        ranks the updates (a window function, on SQLite and PostgreSQL alike), so only the rows
        shown are fetched, however many tertials a pledge has reported.
        """
        newest_first = Window(
            RowNumber(),
            partition_by=[F("activity_id")],
            order_by=[F("report__year").desc(), F("report__tertial").desc(), F("id").desc()],
        )
        return self.annotate(newness=newest_first).filter(newness=1)


class ActivityUpdate(models.Model):
    """How one activity went in one tertial."""

    class Status(models.TextChoices):
        NOT_REPORTED = "not_reported", _("Not reported")
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("Under way")
        DELAYED = "delayed", _("Delayed")
        DONE = "done", _("Done")
        PARTLY_DONE = "partly_done", _("Partly done")
        NOT_DONE = "not_done", _("Not done")
        CARRIED_OVER = "carried_over", _("Carried over")

    report = models.ForeignKey(
        FollowUpReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="updates",
        help_text=_("The follow-up report this row belongs to."),
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="updates",
        help_text=_("The activity of the pledge that this row reports on."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.NOT_REPORTED,
        help_text=_(
            "How the activity stands at the end of the tertial. “Not reported” is never shown "
            "publicly as lack of progress."
        ),
    )
    achieved = models.PositiveIntegerField(
        _("achieved"),
        null=True,
        blank=True,
        help_text=_("How many so far, counted against the activity's target."),
    )
    narrative = models.TextField(
        _("what was done"),
        blank=True,
        help_text=_(
            "What was done during the tertial, in a few sentences. Shown publicly: name no persons."
        ),
    )
    evidence_url = models.URLField(
        _("evidence link"),
        blank=True,
        max_length=500,
        help_text=_("Optional: a link to a document or page that shows what was done."),
    )
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to="uppfoljning/%Y/",
        blank=True,
        validators=[validate_evidence_extension, validate_evidence_size],
        help_text=_("PDF, image, office document or text; at most 10 MB. No personal data."),
    )
    # The activity as the pledge's published version had it when the report was published
    # (see FollowUpReport.freeze_content); empty in drafts, which show the live version.
    activity_description = models.TextField(
        _("activity as published"),
        blank=True,
        editable=False,
        help_text=_("The activity's text as it stood when the report was published."),
    )
    activity_responsible = models.CharField(
        _("carried out by, as published"),
        max_length=20,
        choices=Activity.Responsible.choices,
        blank=True,
        editable=False,
        help_text=_("Who carries out the activity, as it stood when the report was published."),
    )
    activity_target_count = models.PositiveIntegerField(
        _("target as published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The activity's target as it stood when the report was published."),
    )
    activity_target_unit = models.CharField(
        _("target unit as published"),
        max_length=60,
        blank=True,
        editable=False,
        help_text=_("The unit of the target as it stood when the report was published."),
    )
    activity_order = models.PositiveSmallIntegerField(
        _("place in the list as published"),
        default=0,
        editable=False,
        help_text=_("The activity's place in the list when the report was published."),
    )
    history = HistoricalRecords()

    FROZEN_FIELDS = [
        "activity_description",
        "activity_responsible",
        "activity_target_count",
        "activity_target_unit",
        "activity_order",
    ]

    objects = ActivityUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["report", "activity__order", "activity__id", "id"]
        verbose_name = _("activity update")
        verbose_name_plural = _("activity updates")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "activity"], name="followup_one_update_per_activity"
            )
        ]

    def __str__(self):
        return f"{self.activity_text()} – {self.get_status_display()}"

    def activity_text(self):
        """The activity as the report shows it: as published, or for a draft as the pledge's
        published version has it now; never the working copy, which may not be approved."""
        if self.is_frozen:
            return self.activity_description
        entry = self.report.shown_activities.get(self.activity_id)
        return entry["description"] if entry else self.activity.description

    @property
    def is_frozen(self):
        return bool(self.activity_description)

    def is_blank(self, prefilled=None):
        """Nobody wrote in it: no narrative, count or evidence, and the status it started with."""
        start = {self.Status.NOT_REPORTED, prefilled.status if prefilled else None}
        return (
            not self.narrative
            and self.achieved is None
            and not self.evidence_url
            and not self.evidence_file
            and self.status in start
        )

    def show_activity(self, entry=None):
        """Take the activity's text, who carries it out, its target and order from an entry of
        a pledge version's content (see version_activities), else from the live activity."""
        if entry is None:
            activity = self.activity
            entry = {
                "description": activity.description,
                "responsible": activity.responsible,
                "target_count": activity.target_count,
                "target_unit": activity.target_unit,
                "order": activity.order,
            }
        self.activity_description = entry["description"]
        self.activity_responsible = entry["responsible"]
        self.activity_target_count = entry["target_count"]
        self.activity_target_unit = entry["target_unit"]
        self.activity_order = entry.get("order") or 0

    @property
    def status_choice(self):
        return self.Status(self.status)

    def clean(self):
        if self.report_id and self.activity_id and self.activity.pledge_id != self.report.pledge_id:
            raise ValidationError({"activity": _("The activity belongs to another pledge.")})


# Staff type a key figure's unit in Swedish; the common ones are shown in the page's language.
KNOWN_UNITS = {
    "st": pgettext_lazy("unit of a key figure", "pcs."),
    "st.": pgettext_lazy("unit of a key figure", "pcs."),
    "timmar": pgettext_lazy("unit of a key figure", "hours"),
    "timme": pgettext_lazy("unit of a key figure", "hour"),
    "procent": pgettext_lazy("unit of a key figure", "per cent"),
}


def unit_label(unit):
    """A unit as the page's language writes it: known Swedish units translated, others as typed."""
    return KNOWN_UNITS.get(unit.strip().lower(), unit) if unit else unit


class IndicatorQuerySet(models.QuerySet):
    def editable_by(self, user):
        return self.filter(pledge__in=Pledge.objects.editable_by(user))


class Indicator(models.Model):
    """A key figure of a pledge followed every tertial, e.g. the number of safety walks."""

    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("pledge"),
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text=_("The pledge whose progress this key figure measures."),
    )
    name = models.CharField(_("name"), max_length=150, help_text=_("E.g. Trygghetsvandringar."))
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("E.g. st or %."))
    target = models.DecimalField(
        _("target"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Optional: the value to reach, e.g. 4."),
    )
    order = models.PositiveSmallIntegerField(
        _("place in the list"),
        default=0,
        help_text=_("Key figures are listed by this number, lowest first."),
    )
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["pledge", "order", "id"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "name"], name="indicator_unique_in_pledge")
        ]

    def __str__(self):
        return self.name

    @property
    def unit_label(self):
        return unit_label(self.unit)

    def published_reports(self):
        """The published follow-ups that show a value of this key figure."""
        return FollowUpReport.objects.frozen().filter(values__indicator=self).distinct()

    def deletion_refusal(self):
        """Why the key figure cannot be deleted, or None: published reports show its values."""
        published = list(self.published_reports().select_related("pledge"))
        if not published:
            return None
        return _(
            "The key figure %(name)s cannot be deleted: the published follow-ups %(reports)s "
            "show its values, and a published report keeps what it showed."
        ) % {"name": self.name, "reports": ", ".join(str(report.period) for report in published)}

    @transaction.atomic
    def delete_with_draft_values(self):
        """Delete the key figure and its values in draft reports (see deletion_refusal)."""
        refusal = self.deletion_refusal()
        if refusal:
            raise ValidationError(refusal)
        self.values.all().delete()
        self.delete()


class IndicatorValue(models.Model):
    report = models.ForeignKey(
        FollowUpReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="values",
        help_text=_("The follow-up report the value belongs to."),
    )
    # A value in a published report is a record: its key figure cannot be deleted under it.
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("key figure"),
        on_delete=models.PROTECT,
        related_name="values",
        help_text=_("The key figure the value is for."),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The key figure's value for the tertial."),
    )
    # The key figure as the report showed it when published; empty while the report is a draft.
    indicator_name = models.CharField(
        _("key figure as published"),
        max_length=150,
        blank=True,
        editable=False,
        help_text=_("The key figure's name as it stood when the report was published."),
    )
    indicator_unit = models.CharField(
        _("unit as published"),
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("The key figure's unit as it stood when the report was published."),
    )
    indicator_target = models.DecimalField(
        _("target as published"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The key figure's target as it stood when the report was published."),
    )
    history = HistoricalRecords()

    objects = ReportPartQuerySet.as_manager()

    class Meta:
        ordering = ["report", "indicator__order", "id"]
        verbose_name = _("key figure value")
        verbose_name_plural = _("key figure values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_value_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.name}: {self.value}"

    @property
    def is_frozen(self):
        return bool(self.indicator_name)

    @property
    def name(self):
        return self.indicator_name if self.is_frozen else self.indicator.name

    @property
    def unit(self):
        return self.indicator_unit if self.is_frozen else self.indicator.unit

    @property
    def unit_label(self):
        return unit_label(self.unit)

    @property
    def target(self):
        return self.indicator_target if self.is_frozen else self.indicator.target

    def freeze(self):
        """Keep the key figure's name, unit and target as they are now (see is_frozen)."""
        self.indicator_name = self.indicator.name
        self.indicator_unit = self.indicator.unit
        self.indicator_target = self.indicator.target
        self.save(update_fields=["indicator_name", "indicator_unit", "indicator_target"])

    def clean(self):
        if (
            self.report_id
            and self.indicator_id
            and self.indicator.pledge_id != self.report.pledge_id
        ):
            raise ValidationError({"indicator": _("The key figure belongs to another pledge.")})


class Correction(models.Model):
    """A change to a published report, shown publicly with its reason and date."""

    report = models.ForeignKey(
        FollowUpReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="corrections",
        help_text=_("The published report that was corrected."),
    )
    reason = models.TextField(
        _("reason"), help_text=_("Why the report was corrected. Shown publicly with the report.")
    )
    changes = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("What the correction changed, filled in automatically."),
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who made the correction."),
    )
    made_at = models.DateTimeField(
        _("corrected at"), default=timezone.now, help_text=_("When the correction was made.")
    )
    history = HistoricalRecords()

    objects = ReportPartQuerySet.as_manager()

    class Meta:
        ordering = ["report", "made_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.report}: {self.reason[:60]}"
