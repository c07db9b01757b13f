"""Invitations: the administrator asks a person by e-mail to join a kommun or police area."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership, Municipality, PoliceArea, organisation_errors


def token_hash(token: str) -> str:
    """What is stored of a link's token: a leaked database row cannot be turned into a link."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Invitations whose link still works."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def for_token(self, token: str):
        return self.filter(token_hash=token_hash(token)).first()


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the person")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Link expired")
        REVOKED = "revoked", _("Revoked")

    email = models.EmailField(
        _("e-mail"), help_text=_("The link is sent here; it becomes the person's user name.")
    )
    name = models.CharField(_("name"), max_length=150, help_text=_("First and last name."))
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Membership.Role.choices,
        help_text=_("A municipal coordinator works for a kommun; the police for a police area."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a municipal coordinator."),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("local police area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For the police."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("link sent at"), null=True, editable=False)
    expires_at = models.DateTimeField(_("link valid until"), editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, editable=False)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    role="coordinator", municipality__isnull=False, police_area__isnull=True
                )
                | Q(role="police", municipality__isnull=True, police_area__isnull=False),
                name="invitation_role_matches_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def organisation(self):
        return self.municipality or self.police_area

    @property
    def organisation_name(self):
        """The organisation as running text names it: “Vaggeryds kommun”, “lokalpolisområde
        Värnamo”."""
        if self.municipality:
            return self.municipality.full_name
        if self.police_area:
            return gettext("local police area %(name)s") % {"name": self.police_area.name}
        return ""

    @property
    def status(self):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    def clean(self):
        # The same rule as a membership, with the message next to the field to fill in.
        errors = organisation_errors(self.role, self.municipality_id, self.police_area_id)
        if errors:
            raise ValidationError(errors)

    def new_link_token(self) -> str:
        """A fresh secret for the link; any earlier link stops working. Returns the token, which
        only the e-mail carries; the caller saves."""
        token = secrets.token_urlsafe(32)
        self.token_hash = token_hash(token)
        self.expires_at = timezone.now() + datetime.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
        return token

    def membership_lookup(self):
        """The fields of the membership this invitation grants, for filter() and create()."""
        return {
            "role": self.role,
            "municipality": self.municipality,
            "police_area": self.police_area,
        }
