"""Medborgarlöften: the joint pledge, its focus areas, activities, signatories and approvals."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import ContactPerson, Municipality, Place, PoliceArea
from organisations.scope import StaffScope


class PledgeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Pledge.Status.PUBLISHED)

    def current(self, day=None):
        day = day or timezone.localdate()
        return self.published().filter(start_date__lte=day, end_date__gte=day)

    def earlier(self, day=None):
        day = day or timezone.localdate()
        return self.published().filter(end_date__lt=day)

    def editable_by(self, user):
        """Pledges a staff user may edit: those of their kommuner or of their police areas."""
        scope = StaffScope.of(user)
        if scope.is_superuser:
            return self.all()
        if not scope.is_member:
            return self.none()
        return self.filter(
            Q(municipalities__in=scope.municipality_ids) | Q(police_area__in=scope.police_area_ids)
        ).distinct()

    def viewable_by(self, user):
        """Published pledges for everyone; drafts too for staff who may edit them (preview)."""
        if not StaffScope.of(user).can_work:
            return self.published()
        return self.filter(Q(status=Pledge.Status.PUBLISHED) | Q(pk__in=self.editable_by(user)))


class Pledge(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The pledge's address, e.g. vaggeryd-2022. Keep it stable once published."),
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), related_name="pledges"
    )
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("local police area"),
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    promise = models.TextField(
        _("promise"),
        help_text=_("The joint promise, e.g. “Vaggeryds kommun och polisen lovar att …”."),
    )
    effect = models.TextField(_("expected effect"), blank=True)
    background = models.TextField(_("background"), blank=True)
    situation_method = models.TextField(
        _("how the situation picture was made"),
        blank=True,
        help_text=_("Which dialogues, surveys and statistics the lägesbild rests on."),
    )
    follow_up_method = models.TextField(
        _("how it is followed up"), blank=True, help_text=_("E.g. every tertial, and where.")
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous pledge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_pledges",
    )
    situation_picture = models.ForeignKey(
        "dialogue.SituationPicture",
        verbose_name=_("situation picture"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
        help_text=_("The lägesbild the pledge rests on, shown as “Så togs löftet fram”."),
    )
    page_owner = models.ForeignKey(
        ContactPerson,
        verbose_name=_("responsible for the page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title", "id"]
        verbose_name = _("citizen pledge")
        verbose_name_plural = _("citizen pledges")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="pledge_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="pledge_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pledges:pledge_detail", args=[self.slug])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.previous_id and self.previous_id == self.pk:
            raise ValidationError({"previous": _("A pledge cannot be its own previous pledge.")})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def is_current(self, day=None):
        day = day or timezone.localdate()
        return self.is_published and self.start_date <= day <= self.end_date

    # Approval and publication -------------------------------------------------------------

    def approval_sides_for(self, user):
        """The sides (kommun, police) on whose behalf this user may approve the pledge."""
        scope = StaffScope.of(user)
        sides = []
        if scope.municipality_ids & {m.pk for m in self.municipalities.all()}:
            sides.append(PledgeApproval.Side.MUNICIPALITY)
        if self.police_area_id in scope.police_area_ids:
            sides.append(PledgeApproval.Side.POLICE)
        return sides

    def active_approvals(self):
        return self.approvals.filter(is_active=True)

    def approve(self, user, side=None):
        """Record one side's approval; publish when both the kommun and the police approved."""
        sides = self.approval_sides_for(user)
        if not sides:
            raise PermissionDenied(
                _("Only members of the pledge's municipality or police area may approve it.")
            )
        if side is None:
            if len(sides) > 1:
                raise ValidationError(_("Choose whether you approve for the kommun or the police."))
            side = sides[0]
        if side not in sides:
            raise PermissionDenied(_("You cannot approve on behalf of that side."))
        if self.status == self.Status.PUBLISHED:
            raise ValidationError(_("The pledge is already published."))
        with transaction.atomic():
            locked = Pledge.objects.select_for_update().get(pk=self.pk)
            if locked.approvals.filter(is_active=True, side=side).exists():
                raise ValidationError(_("This side has already approved the pledge."))
            PledgeApproval.objects.create(pledge=locked, side=side, user=user)
            if locked.approvals.filter(is_active=True).count() == len(PledgeApproval.Side):
                locked.status = self.Status.PUBLISHED
                locked.published_at = timezone.now()
                locked.withdrawn_at = None
                locked.withdrawn_by = None
                locked.withdrawal_reason = ""
                locked.save(
                    update_fields=[
                        "status",
                        "published_at",
                        "withdrawn_at",
                        "withdrawn_by",
                        "withdrawal_reason",
                        "updated_at",
                    ]
                )
        self.refresh_from_db()
        return side

    def withdraw(self, user, reason):
        """Take a published pledge off the public site; publishing again needs two new approvals."""
        if not self.approval_sides_for(user) and not StaffScope.of(user).is_superuser:
            raise PermissionDenied(
                _("Only members of the pledge's municipality or police area may withdraw it.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(_("Give a reason for withdrawing the pledge."))
        if self.status != self.Status.PUBLISHED:
            raise ValidationError(_("Only a published pledge can be withdrawn."))
        with transaction.atomic():
            self.approvals.filter(is_active=True).update(is_active=False)
            self.status = self.Status.WITHDRAWN
            self.withdrawn_at = timezone.now()
            self.withdrawn_by = user
            self.withdrawal_reason = reason
            self.save(
                update_fields=[
                    "status",
                    "withdrawn_at",
                    "withdrawn_by",
                    "withdrawal_reason",
                    "updated_at",
                ]
            )


class PledgeApproval(models.Model):
    """One side's approval of a pledge, kept with who and when even after a withdrawal."""

    class Side(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        POLICE = "police", _("Police")

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="approvals"
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    # A withdrawal retires the approvals; they stay as a record.
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["pledge", "approved_at", "id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "side"],
                condition=Q(is_active=True),
                name="approval_one_active_per_side",
            )
        ]

    def __str__(self):
        return _("%(side)s approved %(pledge)s") % {
            "side": self.get_side_display(),
            "pledge": self.pledge,
        }


class FocusArea(models.Model):
    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        PLACE = "place", _("Place")

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="focus_areas"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.THEME)
    description = models.TextField(_("description"), blank=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focus_areas",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pledge", "order", "id"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "name"], name="focus_area_unique_in_pledge"),
            models.CheckConstraint(
                condition=Q(kind="place") | Q(place__isnull=True),
                name="focus_area_place_only_for_place_kind",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.place_id and self.kind != self.Kind.PLACE:
            raise ValidationError({"place": _("Only a focus area of the kind place has a place.")})


class ActivityQuerySet(models.QuerySet):
    def editable_by(self, user):
        return self.filter(pledge__in=Pledge.objects.editable_by(user))


class Activity(models.Model):
    """Detta gör vi genom att …: one promised activity and who carries it out."""

    class Responsible(models.TextChoices):
        POLICE = "police", _("The police")
        MUNICIPALITY = "municipality", _("The municipality")
        TOGETHER = "together", _("Together")

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="activities"
    )
    description = models.TextField(_("what we do"))
    responsible = models.CharField(
        _("carried out by"),
        max_length=20,
        choices=Responsible.choices,
        default=Responsible.TOGETHER,
    )
    target_count = models.PositiveIntegerField(
        _("target"),
        null=True,
        blank=True,
        help_text=_("Optional number to reach, e.g. 4 (safety walks)."),
    )
    target_unit = models.CharField(
        _("target unit"), max_length=60, blank=True, help_text=_("E.g. trygghetsvandringar.")
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="activities"
    )
    places = models.ManyToManyField(
        Place, verbose_name=_("places"), blank=True, related_name="activities"
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_over_to",
        help_text=_("The unfinished activity of an earlier pledge that this one continues."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["pledge", "order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_count__isnull=False) | Q(target_unit=""),
                name="activity_unit_needs_target",
            ),
            models.CheckConstraint(
                condition=Q(target_count__isnull=True) | Q(target_count__gt=0),
                name="activity_target_positive",
            ),
        ]

    def __str__(self):
        return self.description if len(self.description) <= 80 else self.description[:79] + "…"

    def clean(self):
        errors = {}
        if self.target_unit and self.target_count is None:
            errors["target_unit"] = _("A unit needs a target number.")
        if self.target_count == 0:
            errors["target_count"] = _("A target must be at least 1; leave it empty for none.")
        if self.carried_over_from_id:
            source = self.carried_over_from
            if self.pk and source.pk == self.pk:
                errors["carried_over_from"] = _("An activity cannot continue itself.")
            elif self.pledge_id and source.pledge_id == self.pledge_id:
                errors["carried_over_from"] = _(
                    "An activity can only be carried over from an earlier pledge."
                )
        if errors:
            raise ValidationError(errors)


class Signatory(models.Model):
    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(
        _("role"), max_length=150, help_text=_("E.g. Kommunstyrelsens ordförande.")
    )
    organisation = models.CharField(
        _("organisation"), max_length=150, help_text=_("E.g. Vaggeryds kommun.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pledge", "order", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return f"{self.name}, {self.role}"
