"""A resident's e-mail subscription to a kommun or a pledge, and what has been sent to it."""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import token_hash
from organisations.models import Municipality
from pledges.models import Pledge

UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_expired(self, now=None):
        """Addresses never confirmed within SUBSCRIPTION_CONFIRM_DAYS: removed by the purge."""
        now = now or timezone.now()
        limit = now - datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
        return self.filter(confirmed_at__isnull=True, requested_at__lt=limit)

    def for_confirm_token(self, token: str):
        return (
            self.select_related("municipality", "pledge__published_version")
            .filter(token_hash=token_hash(token))
            .first()
        )


def unsubscribe_id(token: str):
    """The id of the subscription an unsubscribe link names, or None for a forged or mangled
    link. The subscription itself may be gone already."""
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


class Subscription(models.Model):
    """An address that follows one kommun or one published pledge. Nothing else about the
    person is kept, and the row (with its deliveries) is deleted on unsubscribe."""

    email = models.EmailField(_("e-mail"))
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("citizen pledge"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # Only the hash of the confirmation link's token: a leaked row cannot confirm anything.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, pledge__isnull=True)
                | Q(municipality__isnull=True, pledge__isnull=False),
                name="subscription_follows_one_thing",
            ),
            models.UniqueConstraint(
                fields=["email", "municipality"],
                condition=Q(municipality__isnull=False),
                name="subscription_once_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["email", "pledge"],
                condition=Q(pledge__isnull=False),
                name="subscription_once_per_pledge",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.target}"

    @property
    def target(self):
        """What the address follows: a kommun or a pledge."""
        return self.municipality or self.pledge

    @property
    def target_name(self):
        if self.municipality_id:
            return self.municipality.full_name
        return self.pledge.public.title

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def confirm_link_expires_at(self):
        return self.requested_at + datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)

    def confirm_link_works(self, now=None):
        return self.is_confirmed or (now or timezone.now()) < self.confirm_link_expires_at()

    def new_confirm_token(self) -> str:
        """A fresh secret for the confirmation link (earlier links stop working); the request
        time restarts, so that the link works for SUBSCRIPTION_CONFIRM_DAYS. The caller saves."""
        token = secrets.token_urlsafe(32)
        self.token_hash = token_hash(token)
        self.requested_at = timezone.now()
        return token

    def confirm(self):
        """The address owner opened the link: from now on, what happens is sent to them."""
        if not self.is_confirmed:
            self.confirmed_at = timezone.now()
            self.save(update_fields=["confirmed_at"])

    def unsubscribe_token(self) -> str:
        # Signed, not stored: every message carries a link that works for as long as the
        # subscription exists, and the database holds nothing that could be turned into one.
        return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(self.pk))

    def unsubscribe_path(self):
        return reverse("subscriptions:unsubscribe", args=[self.unsubscribe_token()])


class Delivery(models.Model):
    """One event (a published follow-up, a new pledge version, a public dialogue activity) for
    one subscription: created when found, claimed by a sending run, stamped when handled. The
    unique constraint makes finding the same event twice harmless."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Published follow-up")
        PLEDGE_VERSION = "pledge_version", _("Published pledge version")
        DIALOGUE_ACTIVITY = "dialogue_activity", _("Public dialogue activity")

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("e-mail subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    created_at = models.DateTimeField(_("found at"), default=timezone.now)
    # A run stamps the rows it sends with its own claim; a claim older than
    # SUBSCRIPTION_CLAIM_TIMEOUT belongs to a run that died and may be taken over.
    claim = models.CharField(_("claimed by run"), max_length=32, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True)
    sent_at = models.DateTimeField(_("handled at"), null=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "kind", "object_id"], name="subscription_event_once"
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "subscription"], name="delivery_pending")]

    def __str__(self):
        return f"{self.subscription_id}: {self.kind} {self.object_id}"
