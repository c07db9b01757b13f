"""Staff access follows membership: adding, moving or removing a membership sets `is_staff`.

A receiver rather than an explicit call because memberships change in many places (the user's
admin page, the membership admin, an invitation, a kommun deleted with its memberships) and a
forgotten call would leave a person locked out without a word, or let them in.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from organisations.models import Membership

from .services import staff_follows_membership


@receiver(pre_save, sender=Membership, dispatch_uid="accounts_staff_membership_moving")
def remember_previous_user(sender, instance, raw=False, **kwargs):
    # A membership moved to another user in the admin takes the access away from the first one.
    if instance.pk and not raw:
        instance._previous_user_id = (
            Membership.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
        )


@receiver(post_save, sender=Membership, dispatch_uid="accounts_staff_membership_saved")
def membership_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    staff_follows_membership(instance.user_id)
    previous = getattr(instance, "_previous_user_id", None)
    if previous and previous != instance.user_id:
        staff_follows_membership(previous)


@receiver(post_delete, sender=Membership, dispatch_uid="accounts_staff_membership_deleted")
def membership_deleted(sender, instance, **kwargs):
    staff_follows_membership(instance.user_id)
