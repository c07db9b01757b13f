"""Medborgarlöften: the joint pledge, its focus areas, activities, signatories and approvals."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import ContactPerson, Municipality, Place, PoliceArea, StaffScope

from . import search as searching
from .themes import BY_SLUG as THEMES
from .validators import validate_slug_not_reserved
from .versions import Content, snapshot


class PledgeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Pledge.Status.PUBLISHED)

    def with_public_period(self):
        """The period residents see, from the published version, so that an edit waiting for
        approval moves no pledge between current and earlier. ISO dates compare as text."""
        return self.alias(
            public_start=Cast(
                KeyTextTransform("start_date", "published_version__content"), models.CharField()
            ),
            public_end=Cast(
                KeyTextTransform("end_date", "published_version__content"), models.CharField()
            ),
        )

    def current(self, day=None):
        day = (day or timezone.localdate()).isoformat()
        return (
            self.published().with_public_period().filter(public_start__lte=day, public_end__gte=day)
        )

    def earlier(self, day=None):
        day = (day or timezone.localdate()).isoformat()
        return self.published().with_public_period().filter(public_end__lt=day)

    def coming(self, day=None):
        """Published pledges whose period has not begun yet."""
        day = (day or timezone.localdate()).isoformat()
        return self.published().with_public_period().filter(public_start__gt=day)

    # Finding published pledges: each reads what the published version says (see search.py).

    def in_year(self, year: int):
        """Published pledges in force at some time during the year."""
        return (
            self.published()
            .with_public_period()
            .filter(public_start__lte=f"{year:04d}-12-31", public_end__gte=f"{year:04d}-01-01")
        )

    def in_municipality(self, municipality):
        return self.published().filter(
            published_version__facets__contains=searching.facet("kommun", municipality.name)
        )

    def in_county(self, county):
        return self.published().filter(
            published_version__facets__contains=searching.facet("lan", county.code)
        )

    def in_police_area(self, police_area):
        return self.published().filter(
            published_version__facets__contains=searching.facet("polisomrade", police_area.name)
        )

    def carried_out_by(self, responsible):
        """Published pledges with at least one activity that this side carries out."""
        return self.published().filter(
            published_version__facets__contains=searching.facet("utfors", responsible)
        )

    def with_theme(self, slug):
        """Published pledges with a focus area of the theme (see themes.py)."""
        stems = Q()
        for stem in THEMES[slug].stems:
            stems |= Q(published_version__focus_text__contains=stem)
        return self.published().filter(stems)

    def in_list_order(self):
        """Newest period first, then by title, as the published versions say; best search
        match first when searching with full text."""
        ordering = ["-public_start", "public_title", "pk"]
        if "search_rank" in self.query.annotations:
            ordering.insert(0, "-search_rank")
        return (
            self.with_public_period()
            .alias(public_title=KeyTextTransform("title", "published_version__content"))
            .order_by(*ordering)
        )

    def search(self, text):
        """Published pledges whose published text or published follow-ups match the words."""
        return searching.search(self.published(), text)

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


class PledgePartQuerySet(models.QuerySet):
    """Rows that are part of one pledge: the user may work with them when with the pledge."""

    def editable_by(self, user):
        return self.filter(pledge__in=Pledge.objects.editable_by(user))


class PledgeMunicipality(models.Model):
    """A kommun of a pledge. A kommun that a pledge names cannot be deleted out from under it."""

    pledge = models.ForeignKey("Pledge", on_delete=models.CASCADE)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)

    objects = PledgePartQuerySet.as_manager()

    class Meta:
        db_table = "pledges_pledge_municipalities"
        unique_together = [("pledge", "municipality")]
        verbose_name = _("municipality of a pledge")
        verbose_name_plural = _("municipalities of pledges")

    def __str__(self):
        return str(self.municipality)


class Pledge(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("The pledge's name as residents see it, e.g. “Medborgarlöfte Vaggeryd 2026”."),
    )
    slug = models.SlugField(
        _("address (in the web address)"),
        max_length=100,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_(
            "The end of the pledge's web address, e.g. vaggeryd-2026-2027: small letters, digits "
            "and hyphens. Proposed from the title and period; keep it once published."
        ),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities"),
        related_name="pledges",
        through=PledgeMunicipality,
        help_text=_(
            "The kommuner that make the pledge with the police; a joint pledge has several."
        ),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("local police area"),
        on_delete=models.PROTECT,
        related_name="pledges",
        help_text=_("The local police area that makes the pledge with the kommun."),
    )
    start_date = models.DateField(
        _("start date"), help_text=_("The first day the pledge applies, e.g. 2026-01-01.")
    )
    end_date = models.DateField(
        _("end date"),
        help_text=_("The last day the pledge applies. One year is usual; two years also occur."),
    )
    promise = models.TextField(
        _("promise"),
        help_text=_("The joint promise, e.g. “Vaggeryds kommun och polisen lovar att …”."),
    )
    effect = models.TextField(
        _("expected effect"),
        blank=True,
        help_text=_("What residents should notice when the activities have been carried out."),
    )
    # English versions, approved with the rest (see versions.py). Optional: an English page
    # shows the Swedish text, marked as Swedish, where none is given.
    title_en = models.CharField(
        _("title in English"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional: shown on the English pages; leave empty and they show the Swedish text "
            "with a note."
        ),
    )
    promise_en = models.TextField(
        _("promise in English"),
        blank=True,
        help_text=_(
            "Optional: shown on the English pages; leave empty and they show the Swedish text "
            "with a note."
        ),
    )
    effect_en = models.TextField(
        _("expected effect in English"),
        blank=True,
        help_text=_(
            "Optional: shown on the English pages; leave empty and they show the Swedish text "
            "with a note."
        ),
    )
    background = models.TextField(
        _("background"),
        blank=True,
        help_text=_("Why these focus areas: what the lägesbild and the dialogue showed."),
    )
    situation_method = models.TextField(
        _("how the situation picture was made"),
        blank=True,
        help_text=_("Which dialogues, surveys and statistics the lägesbild rests on."),
    )
    follow_up_method = models.TextField(
        _("how it is followed up"), blank=True, help_text=_("E.g. every tertial, and where.")
    )
    signed_on = models.DateField(
        _("signed on"),
        null=True,
        blank=True,
        help_text=_("The day the signatories signed the pledge; empty until then."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous pledge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_pledges",
        help_text=_(
            "The pledge this one follows, e.g. last period's: its unfinished activities can be "
            "carried over. Type a few letters of its title."
        ),
    )
    situation_picture = models.ForeignKey(
        "dialogue.SituationPicture",
        verbose_name=_("situation picture"),
        # A lägesbild that a pledge rests on cannot be deleted out from under it.
        on_delete=models.PROTECT,
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
        help_text=_(
            "The contact person residents can turn to about the pledge, named on its page. "
            "Type a few letters of the name."
        ),
    )
    change_reason = models.TextField(
        _("reason for the change"),
        blank=True,
        help_text=_(
            "Needed when a published pledge is changed: both sides approve it together with the "
            "new version, and the public page shows it with the date and what changed."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        help_text=_(
            "Draft until both the municipality and the police have approved; then published."
        ),
    )
    published_version = models.ForeignKey(
        "PledgeVersion",
        verbose_name=_("published version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The version residents see on the pledge's page."),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the pledge was first published, in Swedish time."),
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the pledge was taken off the public site, if it was."),
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawal_reason = models.TextField(
        _("reason for withdrawal"),
        blank=True,
        editable=False,
        help_text=_("Why the pledge was taken off the public site."),
    )
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
        help_text=_("Who saved the pledge last."),
    )
    # Counts saves of the working copy, so that a form made from an older state is noticed.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    history = HistoricalRecords(m2m_fields=[municipalities])

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
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_version__isnull=False),
                name="pledge_published_has_version",
            ),
        ]
        # The start page's pledges that have ended, latest first (portal.views.home).
        indexes = [models.Index(fields=["end_date", "title"], name="pledge_end_date")]

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

    # Versions, approval and publication ----------------------------------------------------

    def snapshot(self) -> dict:
        """The content of the working copy: what a new version would hold."""
        return snapshot(self)

    @cached_property
    def public(self) -> Content:
        """What residents see of the pledge: its published version (for a draft, which only its
        staff see, the working copy). Pages read title, period and text from here."""
        version = self.published_version
        return Content.of(version.content if version is not None else self.snapshot())

    def has_unpublished_changes(self) -> bool:
        """Whether the working copy differs from the version residents see."""
        live = self.published_version
        return live is None or live.content != self.snapshot()

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

    def pending_approvals(self):
        """Active approvals of a version that is not (or no longer) the one residents see."""
        approvals = self.active_approvals()
        if self.status == self.Status.PUBLISHED:
            approvals = approvals.exclude(version=self.published_version_id)
        return approvals

    def approve(self, user, side=None):
        """One side approves the working copy as it is now, as a numbered version.

        The version is published when both the kommun and the police have approved that same
        version. A change to a pledge that was published needs a reason, shown publicly.
        """
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
        with transaction.atomic():
            locked = Pledge.objects.select_for_update().get(pk=self.pk)
            content = locked.snapshot()
            live = locked.published_version
            if locked.status == self.Status.PUBLISHED and live.content == content:
                raise ValidationError(
                    _(
                        "Nothing has changed since the published version: "
                        "there is nothing to approve."
                    )
                )
            reason = locked.change_reason.strip()
            if live is not None and live.content != content and not reason:
                raise ValidationError(
                    _(
                        "Give the reason for the change before approving: the public page shows "
                        "it with the new version."
                    )
                )
            version = locked._version_for(content, reason, user)
            if version.approvals.filter(is_active=True, side=side).exists():
                raise ValidationError(
                    _("This side has already approved version %(number)s.")
                    % {"number": version.number}
                )
            PledgeApproval.objects.create(pledge=locked, version=version, side=side, user=user)
            approved_sides = set(
                version.approvals.filter(is_active=True).values_list("side", flat=True)
            )
            if approved_sides == set(PledgeApproval.Side.values):
                locked._publish(version)
        self.refresh_from_db()
        return side

    def _version_for(self, content, reason, user):
        """The version that holds exactly this content and reason: the newest one if it still
        matches and is not already live, else a new one. Approvals of any other pending version
        are retired, so that an approval always belongs to the content it was given to."""
        latest = self.versions.order_by("-number").first()
        reusable = (
            latest is not None
            and latest.content == content
            and latest.change_reason == reason
            and not (
                self.status == self.Status.PUBLISHED and latest.pk == self.published_version_id
            )
        )
        version = (
            latest if reusable else self._next_version(latest, content, reason, created_by=user)
        )
        retire(self.pending_approvals().exclude(version=version), user)
        return version

    def _publish(self, version):
        now = timezone.now()
        superseded = self.published_version
        version.published_at = version.published_at or now
        version.save(update_fields=["published_at"])
        if superseded is not None and superseded.pk != version.pk:
            # The approvals of the version that residents saw until now stay as a record.
            retire(superseded.approvals.filter(is_active=True))
        if self.status != self.Status.PUBLISHED:
            self.published_at = now
        self.status = self.Status.PUBLISHED
        self.published_version = version
        self.change_reason = ""
        self.withdrawn_at = None
        self.withdrawn_by = None
        self.withdrawal_reason = ""
        self.save(
            update_fields=[
                "status",
                "published_version",
                "published_at",
                "change_reason",
                "withdrawn_at",
                "withdrawn_by",
                "withdrawal_reason",
            ]
        )

    def publish_without_approvals(self, at=None):
        """Publish the working copy as a version with no approvals: for loading demo content and
        imports on the command line, never offered in the admin."""
        with transaction.atomic():
            content, reason = self.snapshot(), self.change_reason.strip()
            latest = self.versions.order_by("-number").first()
            if latest is not None and latest.content == content and latest.published_at:
                return latest
            version = self._next_version(latest, content, reason, published_at=at or timezone.now())
            self._publish(version)
            return version

    def _next_version(self, latest, content, reason, **fields):
        return PledgeVersion.objects.create(
            pledge=self,
            number=(latest.number + 1) if latest else 1,
            content=content,
            change_reason=reason,
            **fields,
        )

    def record_edit(self, user):
        """After staff saved the working copy: count the revision, stamp who, and retire the
        approvals of versions the working copy no longer matches. Returns those approvals."""
        content, reason = self.snapshot(), self.change_reason.strip()
        now = timezone.now()
        stale = [
            approval
            for approval in self.pending_approvals().select_related("version")
            if approval.version.content != content or approval.version.change_reason != reason
        ]
        retire(stale, user)
        Pledge.objects.filter(pk=self.pk).update(
            revision=F("revision") + 1, updated_by=user, updated_at=now
        )
        self.refresh_from_db(fields=["revision", "updated_by", "updated_at"])
        return stale

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
            now = timezone.now()
            retire(self.approvals.filter(is_active=True), user)
            self.status = self.Status.WITHDRAWN
            self.withdrawn_at = now
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


class PledgeVersionQuerySet(PledgePartQuerySet):
    def published(self):
        """Versions that were live at some time: residents may read them at stable addresses."""
        return self.filter(published_at__isnull=False, pledge__in=Pledge.objects.published())


class PledgeVersion(models.Model):
    """The content of a pledge as both sides approved it, frozen; numbered 1, 2, … per pledge."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"), editable=False)
    change_reason = models.TextField(_("reason for the change"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # Derived from the content in save(), for finding pledges (see search.py).
    search_document = models.TextField(_("search text"), blank=True, editable=False)
    facets = models.TextField(_("filter values"), blank=True, editable=False)
    focus_text = models.TextField(_("focus areas' text"), blank=True, editable=False)

    objects = PledgeVersionQuerySet.as_manager()

    class Meta:
        ordering = ["pledge", "number", "id"]
        verbose_name = _("pledge version")
        verbose_name_plural = _("pledge versions")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="pledge_version_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="pledge_version_from_one"),
        ]
        # Pledges in force, earlier or coming (PledgeQuerySet.with_public_period) filter on the
        # published version's period: without this every version's content is read.
        indexes = [
            models.Index(
                Cast(KeyTextTransform("end_date", "content"), models.CharField()),
                Cast(KeyTextTransform("start_date", "content"), models.CharField()),
                name="pledge_version_period",
            )
        ]

    def __str__(self):
        return _("%(pledge)s, version %(number)s") % {"pledge": self.pledge, "number": self.number}

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self.derive_search_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pledges:pledge_version", args=[self.pledge.slug, self.number])

    def derive_search_fields(self):
        names = self.content.get("municipalities", [])
        counties = Municipality.objects.filter(name__in=names).values_list(
            "county__code", flat=True
        )
        self.search_document = searching.document(self.content)
        self.facets = searching.facets(self.content, counties)
        self.focus_text = searching.focus_text(self.content)


class PledgeApproval(models.Model):
    """One side's approval of a pledge, kept with who and when even after a withdrawal."""

    class Side(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        POLICE = "police", _("Police")

    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("pledge"),
        on_delete=models.CASCADE,
        related_name="approvals",
        help_text=_("The pledge that was approved."),
    )
    version = models.ForeignKey(
        PledgeVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,  # versions go only with a draft pledge that is deleted
        null=True,  # approvals given before versions existed
        related_name="approvals",
        help_text=_("The exact version that was approved."),
    )
    side = models.CharField(
        _("side"),
        max_length=20,
        choices=Side.choices,
        help_text=_("Whether the approval was given for the municipality or the police."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The person who approved."),
    )
    approved_at = models.DateTimeField(
        _("approved at"), default=timezone.now, help_text=_("When, in Swedish time.")
    )
    # An edit after the approval, a withdrawal or a newer published version retires it; it
    # stays as a record of who approved which version.
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Whether the approval still counts: an edit after it, a withdrawal or a newer "
            "published version ends it."
        ),
    )
    retired_at = models.DateTimeField(
        _("retired at"), null=True, blank=True, help_text=_("When the approval stopped counting.")
    )
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retired by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Whose edit or withdrawal ended the approval."),
    )
    history = HistoricalRecords()

    objects = PledgePartQuerySet.as_manager()

    class Meta:
        ordering = ["pledge", "approved_at", "id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "side"],
                condition=Q(is_active=True),
                name="approval_one_active_per_side_and_version",
            )
        ]

    def __str__(self):
        return _("%(side)s approved %(pledge)s") % {
            "side": self.get_side_display(),
            "pledge": self.pledge,
        }


def retire(approvals, user=None):
    """Retire approvals one by one (not with update()), so each keeps the change in its history.
    Without a user, a newer published version replaced them."""
    now = timezone.now()
    for approval in approvals:
        approval.is_active = False
        approval.retired_at = now
        approval.retired_by = user
        approval.save(update_fields=["is_active", "retired_at", "retired_by"])


def activity_focus_areas_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An activity's focus areas belong to its own pledge, however they are linked.

    A many-to-many add bypasses clean() and save(), so this invariant is checked when the link
    is made (connected in PledgesConfig.ready); forms check it first with a friendlier message.
    """
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # focus_area.activities.add(...)
        foreign = Activity.objects.filter(pk__in=pk_set).exclude(pledge=instance.pledge_id)
    else:
        foreign = FocusArea.objects.filter(pk__in=pk_set).exclude(pledge=instance.pledge_id)
    if foreign.exists():
        raise ValidationError(
            {"focus_areas": _("An activity can only have focus areas of its own pledge.")}
        )


class FocusArea(models.Model):
    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        PLACE = "place", _("Place")

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="focus_areas"
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        help_text=_("E.g. Trafiksäkerhet or Aktivitetsområdet Sanden."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.THEME,
        help_text=_("A theme (e.g. drug crime) or a place (e.g. a residential area)."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional: what the focus area is about, shown on the pledge's page."),
    )
    name_en = models.CharField(
        _("name in English"),
        max_length=150,
        blank=True,
        help_text=_(
            "Optional: shown on the English pages; leave empty and they show the Swedish text "
            "with a note."
        ),
    )
    description_en = models.TextField(
        _("description in English"),
        blank=True,
        help_text=_(
            "Optional: shown on the English pages; leave empty and they show the Swedish text "
            "with a note."
        ),
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focus_areas",
        help_text=_("Only for the kind place: the place it is about."),
    )
    order = models.PositiveSmallIntegerField(
        _("position on the page"), default=0, help_text=_("Number 1 is shown first.")
    )
    history = HistoricalRecords()

    objects = PledgePartQuerySet.as_manager()

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


class ActivityQuerySet(PledgePartQuerySet):
    pass


class Activity(models.Model):
    """Detta gör vi genom att …: one promised activity and who carries it out."""

    class Responsible(models.TextChoices):
        POLICE = "police", _("The police")
        MUNICIPALITY = "municipality", _("The municipality")
        TOGETHER = "together", _("Together")

    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("pledge"),
        on_delete=models.CASCADE,
        related_name="activities",
        help_text=_("The pledge that promises the activity."),
    )
    description = models.TextField(
        _("what we do"),
        help_text=_("What is done, as it follows “Detta gör vi genom att …”."),
    )
    description_en = models.TextField(
        _("what we do, in English"),
        blank=True,
        help_text=_(
            "Optional: shown on the English pages; leave empty and they show the Swedish text "
            "with a note."
        ),
    )
    responsible = models.CharField(
        _("carried out by"),
        max_length=20,
        choices=Responsible.choices,
        default=Responsible.TOGETHER,
        help_text=_("Who promises the activity: the police, the kommun or both together."),
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
        FocusArea,
        verbose_name=_("focus areas"),
        blank=True,
        related_name="activities",
        help_text=_("The pledge's focus areas that the activity works for."),
    )
    places = models.ManyToManyField(
        Place,
        verbose_name=_("places"),
        blank=True,
        related_name="activities",
        help_text=_("Where the activity is carried out, if at particular places."),
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
    order = models.PositiveSmallIntegerField(
        _("position on the page"), default=0, help_text=_("Number 1 is shown first.")
    )
    history = HistoricalRecords(m2m_fields=[focus_areas, places])

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
    name = models.CharField(
        _("name"), max_length=150, help_text=_("The name of the person who signs.")
    )
    role = models.CharField(
        _("role"), max_length=150, help_text=_("E.g. Kommunstyrelsens ordförande.")
    )
    organisation = models.CharField(
        _("organisation"), max_length=150, help_text=_("E.g. Vaggeryds kommun.")
    )
    order = models.PositiveSmallIntegerField(
        _("position on the page"), default=0, help_text=_("Number 1 is shown first.")
    )
    history = HistoricalRecords()

    objects = PledgePartQuerySet.as_manager()

    class Meta:
        ordering = ["pledge", "order", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return f"{self.name}, {self.role}"
