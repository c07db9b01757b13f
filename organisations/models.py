"""Kommuner, län, police regions and local police areas, their places, contacts and staff."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.text import fold


class PoliceRegion(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("The police region's name, e.g. Region Syd."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("police region")
        verbose_name_plural = _("police regions")

    def __str__(self):
        return _("Police region %(name)s") % {"name": self.name}


class County(models.Model):
    code = models.CharField(
        _("county code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("A county code is two digits."))],
        help_text=_("The county code from SCB, two digits, e.g. 06 for Jönköpings län."),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("The full name, e.g. Jönköpings län.")
    )
    short_name = models.CharField(
        _("short name"), max_length=100, help_text=_("A shorter name, used where space is tight.")
    )
    police_region = models.ForeignKey(
        PoliceRegion,
        verbose_name=_("police region"),
        on_delete=models.PROTECT,
        related_name="counties",
        null=True,
        blank=True,
        help_text=_("The police region the county belongs to."),
    )

    class Meta:
        ordering = ["code", "id"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Kommuner the user may work in and attach records to: their own, and every kommun
        their police areas cover (all for superusers)."""
        scope = StaffScope.of(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(pk__in=scope.reach_municipality_ids)

    def owned_by(self, user):
        """Kommuner the user is a member of: where records that speak for the kommun itself
        (its contact persons) are kept. Police own no kommun."""
        scope = StaffScope.of(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(pk__in=scope.municipality_ids)

    def search(self, query: str):
        """Kommuner whose name contains the query, ignoring case and Swedish diacritics."""
        folded = fold(query)
        if not folded:
            return self.none()
        return self.filter(search_name__contains=folded)

    def taking_reports(self):
        """Kommuner where residents' reports of unsafe places reach someone (the rule is
        reports_read_here())."""
        return self.filter(reports_read_here())

    def with_report_intake(self):
        """Each kommun with `reports_read` (bool) for pages that link the report form, so that a
        list of kommuner asks the rule in its one query instead of once per kommun."""
        return self.annotate(reports_read=reports_read_here())


class Municipality(models.Model):
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality code is four digits."))],
        help_text=_(
            "The municipality code from SCB, four digits; the first two are the county's code."
        ),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("The short name residents know, e.g. Vaggeryd.")
    )
    official_name = models.CharField(
        _("official name"),
        max_length=150,
        blank=True,
        help_text=_(
            "The name as the kommun writes it, e.g. Vaggeryds kommun. Used in running text."
        ),
    )
    slug = models.SlugField(
        _("address (in the web address)"),
        max_length=100,
        unique=True,
        help_text=_(
            "The kommun's part of its page address, e.g. vaggeryd in /kommuner/vaggeryd/. "
            "Lower-case letters, digits and hyphens. Changing it breaks links that people have "
            "saved."
        ),
    )
    county = models.ForeignKey(
        County,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        help_text=_("The county (län) the kommun lies in."),
    )
    # Derived from name in save(): lower case without diacritics, for search.
    search_name = models.CharField(max_length=100, editable=False, db_index=True)
    history = HistoricalRecords()

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:municipality_detail", args=[self.slug])

    def takes_reports(self):
        """Whether residents' reports reach someone (see reports_read_here()). Pages do not
        invite reports that nobody would read, and the report form refuses them. Answered
        without a query when the kommun came from with_report_intake()."""
        if hasattr(self, "reports_read"):
            return self.reports_read
        return type(self).objects.taking_reports().filter(pk=self.pk).exists()

    @property
    def full_name(self):
        """How the kommun is named in running text: its official name in Swedish (“Vaggeryds
        kommun”, from the reference data), “Vaggeryd Municipality” in English."""
        if (get_language() or "sv").startswith("sv"):
            return self.official_name or f"{self.name} kommun"
        return f"{self.name} Municipality"


def reports_read_here():
    """The rule of who reads residents' reports, as a condition on a kommun: it has a published
    pledge, or active staff on the portal (its own coordinators, or the police of an area
    covering it). Written once for Municipality.takes_reports() and the QuerySet methods."""
    from pledges.models import Pledge  # pledges depend on organisations, not the other way

    municipality = OuterRef("pk")
    staff = Membership.objects.filter(user__is_active=True, user__is_staff=True)
    return Exists(Pledge.objects.published().filter(municipalities=municipality)) | Exists(
        staff.filter(Q(municipality=municipality) | Q(police_area__municipalities=municipality))
    )


class PoliceAreaQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Police areas the user may work with and attach records to: their own, and those
        covering their kommuner (all for superusers)."""
        scope = StaffScope.of(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(
            Q(pk__in=scope.police_area_ids) | Q(municipalities__in=scope.municipality_ids)
        ).distinct()

    def owned_by(self, user):
        """Police areas the user is a member of. Coordinators own none."""
        scope = StaffScope.of(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(pk__in=scope.police_area_ids)


class PoliceArea(models.Model):
    """Lokalpolisområde: covers one or more kommuner. No official list exists, so admins edit it."""

    name = models.CharField(_("name"), max_length=100, help_text=_("E.g. Värnamo."))
    slug = models.SlugField(
        _("address (in the web address)"),
        max_length=100,
        unique=True,
        help_text=_(
            "The local police area's part of web addresses, e.g. varnamo. Lower-case letters, "
            "digits and hyphens."
        ),
    )
    police_region = models.ForeignKey(
        PoliceRegion,
        verbose_name=_("police region"),
        on_delete=models.PROTECT,
        related_name="police_areas",
        help_text=_("The police region the area belongs to."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities"),
        related_name="police_areas",
        help_text=_(
            "The kommuner the area covers. Its police work with the pledges of these kommuner."
        ),
    )
    # Which kommuner an LPO covers decides whose pledges its police may edit: keep every change.
    history = HistoricalRecords(m2m_fields=[municipalities])

    objects = PoliceAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("local police area")
        verbose_name_plural = _("local police areas")
        constraints = [
            models.UniqueConstraint(
                fields=["police_region", "name"], name="police_area_unique_name_in_region"
            )
        ]

    def __str__(self):
        return _("Local police area %(name)s") % {"name": self.name}

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


def _one_organisation():
    """Database rule for rows that belong to exactly one kommun or one police area."""
    return Q(municipality__isnull=False, police_area__isnull=True) | Q(
        municipality__isnull=True, police_area__isnull=False
    )


class Membership(models.Model):
    """A staff user's place in a kommun or police area: the security boundary of the admin."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Municipal coordinator")
        POLICE = "police", _("Police")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("The person who is given access."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        help_text=_("A municipal coordinator belongs to a kommun, police to a local police area."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_(
            "For a municipal coordinator: the kommun whose pledges, dialogue and follow-ups the "
            "person works with."
        ),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("local police area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_(
            "For police: the local police area. The person works with the pledges of every kommun "
            "in it."
        ),
    )
    # Memberships are the security boundary: who was given access, and when, stays on record.
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    role="coordinator", municipality__isnull=False, police_area__isnull=True
                )
                | Q(role="police", municipality__isnull=True, police_area__isnull=False),
                name="membership_role_matches_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=Q(municipality__isnull=False),
                name="membership_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "police_area"],
                condition=Q(police_area__isnull=False),
                name="membership_unique_police_area",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"

    @property
    def organisation(self):
        return self.municipality or self.police_area

    def clean(self):
        errors = organisation_errors(self.role, self.municipality_id, self.police_area_id)
        if errors:
            raise ValidationError(errors)


def organisation_errors(role, municipality_id, police_area_id):
    """What is wrong with a role's organisation, per field to fill in ({} when nothing): a
    coordinator belongs to a kommun, the police to a local police area. Memberships and
    invitations to one share the rule."""
    errors = {}
    if role == Membership.Role.COORDINATOR:
        if not municipality_id:
            errors["municipality"] = _("Choose the municipality the coordinator works for.")
        if police_area_id:
            errors["police_area"] = _(
                "A municipal coordinator belongs to a municipality, not a police area."
            )
    elif role == Membership.Role.POLICE:
        if not police_area_id:
            errors["police_area"] = _("Choose the local police area the police officer works in.")
        if municipality_id:
            errors["municipality"] = _(
                "A police member belongs to a local police area, not a municipality."
            )
    return errors


@dataclass(frozen=True)
class StaffScope:
    """What a staff user may see and change: the kommuner and police areas they belong to.

    Computed from the user's memberships once per request. The models' QuerySet methods
    editable_by(user) and owned_by(user) ask it, and every admin page asks them, so the
    security boundary of the product is drawn in one place.
    """

    is_superuser: bool
    municipality_ids: frozenset[int]
    police_area_ids: frozenset[int]
    # Kommuner covered by the user's police areas: police work with all of them.
    reach_municipality_ids: frozenset[int]

    @classmethod
    def of(cls, user) -> "StaffScope":
        """The scope of a user, computed once per request and kept on the user object."""
        cached = getattr(user, "_staff_scope", None)
        if cached is not None:
            return cached
        if not (user.is_authenticated and user.is_active and user.is_staff):
            scope = cls(False, frozenset(), frozenset(), frozenset())
        elif user.is_superuser:
            scope = cls(True, frozenset(), frozenset(), frozenset())
        else:
            rows = list(
                Membership.objects.filter(user=user).values_list("municipality", "police_area")
            )
            municipality_ids = frozenset(m for m, _ in rows if m)
            police_area_ids = frozenset(p for _, p in rows if p)
            covered = frozenset(
                Municipality.objects.filter(police_areas__in=police_area_ids).values_list(
                    "id", flat=True
                )
            )
            scope = cls(False, municipality_ids, police_area_ids, municipality_ids | covered)
        user._staff_scope = scope
        return scope

    @property
    def is_member(self) -> bool:
        return bool(self.municipality_ids or self.police_area_ids)

    @property
    def can_work(self) -> bool:
        """Whether the user may work with scoped objects in the admin at all."""
        return self.is_superuser or self.is_member

    def own_organisation_q(self, municipality="municipality", police_area="police_area") -> Q:
        """Rows that belong to one of the user's own kommuner or police areas."""
        return Q(**{f"{municipality}__in": self.municipality_ids}) | Q(
            **{f"{police_area}__in": self.police_area_ids}
        )


class ContactPersonQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Contacts of the kommuner and police areas the user owns (is a member of): a contact
        speaks for its organisation, so police do not edit a kommun's contacts."""
        scope = StaffScope.of(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(scope.own_organisation_q())


class ContactPerson(models.Model):
    """A named contact of a kommun or a police area, shown on the public pages."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        help_text=_("Fill in the kommun or the local police area the person works for."),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("local police area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        help_text=_("Fill in the kommun or the local police area the person works for."),
    )
    role = models.CharField(_("role"), max_length=150, help_text=_("E.g. Säkerhetssamordnare."))
    name = models.CharField(_("name"), max_length=150, help_text=_("Shown on the public pages."))
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ()-]{5,30}$",
                _("Enter a phone number with digits, spaces, hyphens and an optional +."),
            )
        ],
        help_text=_("Shown publicly. Digits, spaces, hyphens and an optional +, e.g. 0393-780 00."),
    )
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Shown publicly. A shared mailbox is better than a personal one."),
    )
    order = models.PositiveSmallIntegerField(
        _("place in the list"),
        default=0,
        help_text=_("Contacts are listed by this number, lowest first, then by name."),
    )
    history = HistoricalRecords()

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name", "id"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.CheckConstraint(condition=_one_organisation(), name="contact_one_organisation")
        ]

    def __str__(self):
        return f"{self.name}, {self.role}"

    @property
    def organisation(self):
        return self.municipality or self.police_area

    def clean(self):
        if bool(self.municipality_id) == bool(self.police_area_id):
            raise ValidationError(
                _("A contact person belongs to either a municipality or a police area.")
            )


class MunicipalityOwnedQuerySet(models.QuerySet):
    """Rows that belong to one kommun: its staff and the police of its areas may edit them."""

    def editable_by(self, user):
        scope = StaffScope.of(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(municipality__in=scope.reach_municipality_ids)


class PlaceQuerySet(MunicipalityOwnedQuerySet):
    def editable_by(self, user):
        # A place is named with its kommun (__str__) wherever it is offered as a choice.
        return super().editable_by(user).select_related("municipality")


class Place(models.Model):
    """A named place in a kommun (a square, a park, a housing area), optionally on the map."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="places",
        help_text=_("The kommun the place lies in."),
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        help_text=_("The name residents use, e.g. Torget or aktivitetsområdet Sanden."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional: where the place is or what it is, for those who do not know it."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("55")), MaxValueValidator(Decimal("70"))],
        help_text=_("WGS 84 decimal degrees, e.g. 57.4983. Sweden lies between 55 and 70."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("10")), MaxValueValidator(Decimal("25"))],
        help_text=_("WGS 84 decimal degrees, e.g. 14.1476. Sweden lies between 10 and 25."),
    )
    history = HistoricalRecords()

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "name", "id"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="place_unique_name_in_municipality"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_both_coordinates_or_none",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})"

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))


class PostalCode(models.Model):
    """A postcode and its postal town (postort), with the kommun it lies in: for finding a kommun
    by postcode or town. Reference data from organisations/data/postal_to_municipality.csv."""

    code = models.CharField(_("postcode"), max_length=5, unique=True)
    locality = models.CharField(_("postal town"), max_length=100)
    # Derived from locality: lower case without diacritics, for search.
    search_locality = models.CharField(max_length=100, editable=False, db_index=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="postal_codes",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self):
        return f"{self.code[:3]} {self.code[3:]} {self.locality}"

    def save(self, *args, **kwargs):
        self.search_locality = fold(self.locality)
        super().save(*args, **kwargs)
