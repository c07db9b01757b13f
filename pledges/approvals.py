"""What each side has approved, in words for the admin: which version, and if it still holds."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import PledgeApproval

SIDE_SUBJECTS = {
    PledgeApproval.Side.MUNICIPALITY: gettext_lazy("The municipality"),
    PledgeApproval.Side.POLICE: gettext_lazy("The police"),
}


def _who(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _when(moment):
    return date_format(localtime(moment), "j F Y H:i")


def approval_lines(pledge):
    """One sentence per side, e.g. “The municipality approved version 3 on …; changed after
    that by …; needs approving again.”"""
    latest = {}
    approvals = pledge.approvals.select_related("version", "user", "retired_by").order_by(
        "approved_at", "id"
    )
    for approval in approvals:
        latest[approval.side] = approval
    live_id = pledge.published_version_id if pledge.status == pledge.Status.PUBLISHED else None
    changed_since_live = live_id is not None and pledge.has_unpublished_changes()
    lines = []
    for side in PledgeApproval.Side:
        subject = SIDE_SUBJECTS[side]
        approval = latest.get(side)
        if approval is None:
            lines.append(_("%(side)s has not approved yet.") % {"side": subject})
            continue
        given = _("%(side)s approved version %(number)s on %(when)s (%(who)s)") % {
            "side": subject,
            "number": approval.version.number if approval.version else "–",
            "when": _when(approval.approved_at),
            "who": _who(approval.user),
        }
        if approval.is_active and approval.version_id == live_id and changed_since_live:
            lines.append(
                _("%(given)s; it is the published version, and the changes since need approving.")
                % {"given": given}
            )
        elif approval.is_active and approval.version_id == live_id:
            lines.append(_("%(given)s; it is the published version.") % {"given": given})
        elif approval.is_active:
            lines.append(_("%(given)s; it still applies.") % {"given": given})
        elif approval.retired_by_id and pledge.status == pledge.Status.WITHDRAWN:
            lines.append(
                _("%(given)s; withdrawn on %(when)s by %(who)s; needs approving again.")
                % {
                    "given": given,
                    "when": _when(approval.retired_at),
                    "who": _who(approval.retired_by),
                }
            )
        elif approval.retired_by_id:
            lines.append(
                _("%(given)s; changed after that by %(who)s on %(when)s; needs approving again.")
                % {
                    "given": given,
                    "when": _when(approval.retired_at),
                    "who": _who(approval.retired_by),
                }
            )
        else:
            lines.append(_("%(given)s; a later version replaced it.") % {"given": given})
    return lines
