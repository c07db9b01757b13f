"""Staff account workflows: inviting, accepting, deactivating, and keeping `is_staff` in step."""

import logging

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from organisations.models import Membership

from .mail import base_url, send_templated_mail
from .models import Invitation

logger = logging.getLogger(__name__)

# Parts of an account that go with it when it is deleted: its memberships (their history stays)
# and its second factors. Everything else that points at a user is a record of what they did.
ACCOUNT_PART_APPS = {"django_otp", "otp_totp", "otp_static", "twofactor"}


def staff_follows_membership(user_id) -> None:
    """A user is staff exactly when they are a superuser or belong to a kommun or police area."""
    member = Exists(Membership.objects.filter(user=OuterRef("pk")))
    get_user_model().objects.filter(pk=user_id).update(
        is_staff=Case(
            When(Q(is_superuser=True) | Q(member), then=Value(True)), default=Value(False)
        )
    )


def send_invitation(invitation, token, request=None) -> None:
    link = base_url(request) + reverse("accounts:accept_invitation", args=[token])
    send_templated_mail(
        "accounts/email/invitation",
        invitation.email,
        {"invitation": invitation, "link": link, "inviter": invitation.invited_by},
    )
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])


def resend(invitation, request=None) -> None:
    """A new link with a new expiry; the old link stops working."""
    token = invitation.new_link_token()
    invitation.save(update_fields=["token_hash", "expires_at"])
    send_invitation(invitation, token, request)


def revoke(invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def normalise_email(email: str) -> str:
    # One person, one account: Anna.Svensson@Vaggeryd.se and anna.svensson@vaggeryd.se alike.
    return email.strip().lower()


def account_for_email(email):
    """The existing account of this address: the one named by it first, else one that has it."""
    users = get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
    return users.order_by(
        Case(When(username__iexact=email, then=Value(0)), default=Value(1)), "pk"
    ).first()


def new_account(invitation):
    """The account an invitation would create (unsaved), for the password validators."""
    first_name, _, last_name = invitation.name.strip().partition(" ")
    return get_user_model()(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name[:150],
        last_name=last_name.strip()[:150],
    )


@transaction.atomic
def accept(invitation, user, password=None):
    """Grant the invitation's membership to user (saved, or new from new_account()). A password
    is set when given; an inactive account becomes active again. Returns the user, or None when
    the invitation was used, revoked or expired meanwhile."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        return None
    if password is not None:
        user.set_password(password)
    user.is_active = True
    if not user.email:
        user.email = invitation.email
    user.save()
    if not Membership.objects.filter(user=user, **invitation.membership_lookup()).exists():
        membership = Membership(user=user, **invitation.membership_lookup())
        # The history names who gave the access: the administrator who invited.
        membership._history_user = invitation.invited_by
        membership.save()
    staff_follows_membership(user.pk)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    user.refresh_from_db(fields=["is_staff"])
    return user


def records_naming(user):
    """Querysets of the records that name the user as the one who did something: approvals,
    publications, changes in every history, the admin's log. Deleting the user would delete
    them or blank the name, so such a user is deactivated instead."""
    found = []
    # Hidden relations too: approvals and every history's history_user use related_name="+".
    relations = [
        field
        for field in user._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]
    for rel in relations:
        model = rel.related_model
        # Membership goes with the account; so do the rows of its groups and permissions.
        if model is Membership or model._meta.auto_created:
            continue
        if model._meta.app_label in ACCOUNT_PART_APPS:
            continue
        # Historical copies keep the user's id without a constraint: a delete leaves them alone.
        if rel.on_delete is models.DO_NOTHING:
            continue
        if model is Invitation and rel.field.name == "accepted_user":
            continue
        found.append(model._base_manager.filter(**{rel.field.name: user}))
    return found


def kind_of_records(model):
    # A django-simple-history model names the model it keeps the changes of.
    kept = getattr(model, "instance_type", None)
    if kept is not None:
        return gettext("changes to %(records)s") % {"records": kept._meta.verbose_name_plural}
    return model._meta.verbose_name_plural


def record_summary(user):
    """“Godkännanden: 3”-style lines for the records that name the user, for the delete page."""
    lines = []
    for records in records_naming(user):
        count = records.count()
        if count:
            lines.append(f"{capfirst(kind_of_records(records.model))}: {count}")
    return lines


@transaction.atomic
def deactivate(user) -> None:
    """The user can no longer log in and belongs nowhere; their name stays on what they did.
    Memberships are deleted one by one so that each removal is kept in the history."""
    for membership in user.memberships.all():
        membership.delete()
    user.is_active = False
    user.save(update_fields=["is_active"])
    staff_follows_membership(user.pk)
    Invitation.objects.pending().filter(email__iexact=user.email or user.username).update(
        revoked_at=timezone.now()
    )
    user.refresh_from_db(fields=["is_staff"])
