"""The record of what happened to a staff member's two-step login, and the admin's view of it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TwoFactorEvent(models.Model):
    """One change to, or notable use of, a user's two-step login: who did it and when."""

    class Kind(models.TextChoices):
        ENABLED = "enabled", _("Two-step login turned on")
        APP_CHANGED = "app_changed", _("Moved to a new phone")
        DISABLED = "disabled", _("Two-step login turned off")
        RESET = "reset", _("Two-step login reset by an administrator")
        NEW_RECOVERY_CODES = "new_recovery_codes", _("New recovery codes made")
        RECOVERY_CODE_USED = "recovery_code_used", _("Logged in with a recovery code")
        LOCKED_OUT = "locked_out", _("Too many wrong codes: codes refused for a while")

    # The record belongs to the account it is about; accounts are deactivated, not deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_factor_events",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("what happened"), max_length=32, choices=Kind.choices)
    # Who did it, kept as a name too so that the record outlives the actor's account.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    actor_name = models.CharField(_("done by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("two-step login event")
        verbose_name_plural = _("two-step login events")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.user})"


class StaffTwoFactor(get_user_model()):
    """A staff account seen from its two-step login: the administrator's list and reset action."""

    class Meta:
        proxy = True
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")
