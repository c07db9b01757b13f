"""Subscribing, confirming, purging, and sending what happened to confirmed subscribers."""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.mail import base_url, send_templated_mail, templated_mail
from accounts.services import normalise_email

from . import events as found_events
from .models import Delivery, Subscription

logger = logging.getLogger(__name__)

# A claim older than this belongs to a run that died between claiming and marking: its rows are
# sent again (at least once). Far longer than any send (EMAIL_TIMEOUT is seconds).
CLAIM_TIMEOUT = datetime.timedelta(minutes=30)


def subscribe(email, *, municipality=None, pledge=None, request=None) -> None:
    """Ask the address owner to confirm. An address that already follows the same thing gets a
    note saying so instead: one message either way, so the page and its timing say nothing
    about whether the address was subscribed."""
    email = normalise_email(email)
    fresh = Subscription(email=email, municipality=municipality, pledge=pledge)
    token = fresh.new_confirm_token()
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=email,
            municipality=municipality,
            pledge=pledge,
            defaults={"token_hash": fresh.token_hash, "requested_at": fresh.requested_at},
        )
        if not created and subscription.is_confirmed:
            token = None
        elif not created:
            # Asked again before confirming: a new link, and a new period to confirm in.
            token = subscription.new_confirm_token()
            subscription.save(update_fields=["token_hash", "requested_at"])
    link = base_url(request)
    context = {
        "subscription": subscription,
        "target_name": subscription.target_name,
        "target_url": link + subscription.target.get_absolute_url(),
        "unsubscribe_url": link + subscription.unsubscribe_path(),
        "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
    }
    if token is None:
        send_templated_mail("subscriptions/email/already", email, context)
        return
    context["confirm_url"] = link + reverse("subscriptions:confirm", args=[token])
    send_templated_mail("subscriptions/email/confirm", email, context)


def unsubscribe(subscription) -> None:
    """Remove the address and everything recorded for it (its deliveries go with it)."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def purge_unconfirmed(now=None) -> int:
    """Delete addresses not confirmed within SUBSCRIPTION_CONFIRM_DAYS; returns how many."""
    deleted, per_model = Subscription.objects.unconfirmed_expired(now).delete()
    return per_model.get(Subscription._meta.label, 0)


# Sending ---------------------------------------------------------------------------------


def discover(now=None) -> int:
    """Record a delivery for every public event that a confirmed subscription has not had.
    Events come from the database state, so nothing is missed while the command was not
    running; the unique constraint makes finding the same event again harmless."""
    now = now or timezone.now()
    rows = []
    subscriptions = Subscription.objects.confirmed().select_related("municipality", "pledge")
    for subscription in subscriptions:
        rows += [
            Delivery(subscription=subscription, kind=kind, object_id=pk, created_at=now)
            for kind, pk in found_events.find(subscription)
        ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def claim(subscription_id, run, now) -> list:
    """Take this subscription's unsent deliveries for this run; none when another live run
    holds them. On PostgreSQL a run skips subscriptions another run has locked; the
    conditional update is what makes a claim exclusive on every database."""
    with transaction.atomic():
        locked = (
            Subscription.objects.select_for_update(skip_locked=True)
            .filter(pk=subscription_id, confirmed_at__isnull=False)
            .first()
        )
        if locked is None:
            return []
        free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
        Delivery.objects.filter(subscription=locked, sent_at__isnull=True).filter(free).update(
            claim=run, claimed_at=now
        )
    return list(Delivery.objects.filter(subscription_id=subscription_id, claim=run, sent_at=None))


def notice(subscription, events) -> EmailMultiAlternatives:
    """One message with everything new for the subscription, in Swedish, with a plain-text
    part and one-click unsubscribe (RFC 8058)."""
    link = base_url()
    unsubscribe_url = link + subscription.unsubscribe_path()
    context = {
        "subscription": subscription,
        "target_name": subscription.target_name,
        "target_url": link + subscription.target.get_absolute_url(),
        "events": events,
        "base_url": link,
        "unsubscribe_url": unsubscribe_url,
    }
    return templated_mail(
        "subscriptions/email/notice",
        subscription.email,
        context,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_pending(now=None) -> int:
    """Send each confirmed subscription with unsent deliveries one message grouping them.
    Returns the number of messages sent. A failed send gives its claim back and stops the
    run (the mail server is most likely down): the next run sends it."""
    now = now or timezone.now()
    run = uuid.uuid4().hex
    pending = (
        Subscription.objects.confirmed()
        .filter(deliveries__sent_at__isnull=True)
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    sent = 0
    with get_connection() as connection:
        for subscription_id in list(pending):
            deliveries = claim(subscription_id, run, now)
            if not deliveries:
                continue
            events, gone = found_events.load(deliveries)
            # No longer public (a pledge withdrawn meanwhile): forgotten, and found again if
            # it is published again.
            Delivery.objects.filter(pk__in=[d.pk for d in gone]).delete()
            claimed = Delivery.objects.filter(pk__in=[d.pk for d in deliveries], claim=run)
            if events:
                subscription = Subscription.objects.select_related(
                    "municipality", "pledge__published_version"
                ).get(pk=subscription_id)
                message = notice(subscription, events)
                message.connection = connection
                try:
                    message.send()
                except Exception:
                    claimed.update(claim="", claimed_at=None)
                    raise
                sent += 1
            # If the process dies between the server's acceptance and this line, the claim
            # goes stale and a later run sends the message again: at least once (README).
            claimed.update(sent_at=timezone.now())
    return sent
