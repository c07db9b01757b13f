"""The start page's pledge items: versions waiting for the user's side, and draft pledges."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from organisations.models import Municipality, StaffScope
from portal.worklist import Item, Urgency, When, in_first_municipality

from .models import Activity, FocusArea, Pledge, PledgeApproval, PledgeVersion
from .versions import changes_between, snapshot

Side = PledgeApproval.Side

# How a side is named inside a sentence.
SIDE_NAMES = {
    Side.MUNICIPALITY: gettext_lazy("the municipality"),
    Side.POLICE: gettext_lazy("the police"),
}


class _Rows:
    """Prefetched rows that answer the few QuerySet calls snapshot() makes on a relation."""

    def __init__(self, rows):
        self.rows = list(rows)

    def all(self):
        return self.rows

    def select_related(self, *fields):
        return self  # the prefetch selected them

    prefetch_related = select_related

    def order_by(self, *fields):
        if any(name.startswith("-") for name in fields):
            raise ValueError("only ascending orders are read from prefetched rows")
        return sorted(self.rows, key=lambda row: tuple(getattr(row, name) for name in fields))


class _PrefetchedPledge:
    """A pledge whose parts were prefetched, so that snapshot() reads them without a query.

    snapshot() stays the one definition of a version's content; this only hands it the rows
    it would otherwise fetch itself (test_worklist checks that both give the same content)."""

    def __init__(self, pledge):
        self._pledge = pledge
        for name in ("municipalities", "focus_areas", "activities", "signatories"):
            setattr(self, name, _Rows(getattr(pledge, name).all()))

    def __getattr__(self, name):
        return getattr(self._pledge, name)


def prefetched_snapshot(pledge):
    """pledge.snapshot() from the parts candidates() prefetched."""
    return snapshot(_PrefetchedPledge(pledge))


def candidates(user):
    """The user's pledges that may wait for an approval or be finished, in a fixed number of
    queries: their approvals (and the versions those approved), and the parts of the working
    copy that its content is made of."""
    latest_version_at = (
        PledgeVersion.objects.filter(pledge=OuterRef("pk"))
        .order_by("-number")
        .values("created_at")[:1]
    )
    # An approval of a version not yet published, or given to publish a withdrawn pledge again.
    pending = PledgeApproval.objects.filter(pledge=OuterRef("pk"), is_active=True).filter(
        Q(version__published_at__isnull=True) | Q(pledge__status=Pledge.Status.WITHDRAWN)
    )
    return (
        Pledge.objects.editable_by(user)
        .alias(has_pending=Exists(pending), latest_version_at=Subquery(latest_version_at))
        .filter(
            Q(has_pending=True)
            | Q(status=Pledge.Status.DRAFT)
            # The working copy was saved after the latest version was made from it.
            | Q(status=Pledge.Status.PUBLISHED, updated_at__gt=F("latest_version_at"))
        )
        .select_related("published_version", "police_area")
        .prefetch_related(
            Prefetch(
                "approvals",
                queryset=PledgeApproval.objects.select_related("version").order_by(
                    "approved_at", "id"
                ),
            ),
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name", "id")),
            Prefetch("focus_areas", queryset=FocusArea.objects.select_related("place")),
            Prefetch(
                "activities",
                queryset=Activity.objects.prefetch_related("focus_areas", "places"),
            ),
            "signatories",
        )
    )


def sides_of(user, pledge, municipality_ids):
    """The sides the user approves for (both for an administrator, who sees what waits)."""
    scope = StaffScope.of(user)
    if scope.is_superuser:
        return list(Side)
    sides = []
    if scope.municipality_ids & set(municipality_ids):
        sides.append(Side.MUNICIPALITY)
    if pledge.police_area_id in scope.police_area_ids:
        sides.append(Side.POLICE)
    return sides


def pledge_items(user, now=None):
    """Approvals and drafts have no deadline; `now` decides which kommuner lack a pledge."""
    scope = StaffScope.of(user)
    is_superuser = scope.is_superuser
    items = _kommuner_without_pledge(scope, now or timezone.now())
    for pledge in candidates(user):
        kommuner = [(m.pk, m.name) for m in pledge.municipalities.all()]
        sides = sides_of(user, pledge, [pk for pk, _name in kommuner])
        approvals = list(pledge.approvals.all())
        pending = [
            approval
            for approval in approvals
            if approval.is_active
            and approval.version is not None
            and (approval.version.published_at is None or pledge.status == Pledge.Status.WITHDRAWN)
        ]
        item = None
        if pending:
            item = _waiting_for_side(pledge, pending, sides, is_superuser)
            if item is not None and not is_superuser:
                item.actions = _approve_buttons(pledge, pending, sides)
        elif pledge.status == Pledge.Status.PUBLISHED:
            content = prefetched_snapshot(pledge)
            if content == pledge.published_version.content:
                continue  # saved since, but without a change
            item = _changed(pledge, approvals, content, sides, is_superuser)
        elif pledge.status == Pledge.Status.DRAFT:
            item = _draft(pledge)
        if item is not None:
            items.append(in_first_municipality(item, kommuner))
    return items


def _kommuner_without_pledge(scope, now):
    """A coordinator's kommun with no pledge in force, coming or in the works: making the next
    one is the work (for a kommun new to the portal, the first). One query."""
    if scope.is_superuser or not scope.municipality_ids:
        return []
    today = timezone.localdate(now)
    pledges = Pledge.objects.filter(municipalities=OuterRef("pk"))
    kommuner = (
        Municipality.objects.filter(pk__in=scope.municipality_ids)
        .annotate(
            has_any=Exists(pledges),
            last_end=Subquery(
                pledges.filter(status=Pledge.Status.PUBLISHED)
                .order_by("-end_date")
                .values("end_date")[:1]
            ),
        )
        .exclude(
            Exists(
                pledges.filter(
                    Q(status=Pledge.Status.DRAFT)
                    | Q(status=Pledge.Status.PUBLISHED, end_date__gte=today)
                )
            )
        )
        .order_by("name")
    )
    items = []
    for kommun in kommuner:
        if kommun.has_any:
            text = _("%(municipality)s has no citizen pledge in force: make the next one")
        else:
            text = _("%(municipality)s has no citizen pledge yet: make its first citizen pledge")
        items.append(
            Item(
                kind="pledge_missing",
                text=text % {"municipality": kommun.full_name},
                date=kommun.last_end,
                date_label=When.ENDED if kommun.last_end else "",
                url=reverse("admin:pledges_pledge_add"),
                urgency=Urgency.DUE,
                municipality_id=kommun.pk,
                municipality_name=kommun.name,
            )
        )
    return items


def _approve_buttons(pledge, pending, sides):
    """Buttons that approve the waiting version from the start page, one per missing side."""
    given = {approval.side for approval in pending}
    url = reverse("admin:pledges_pledge_approve", args=[pledge.pk])
    labels = {
        Side.MUNICIPALITY: _("Approve for the municipality"),
        Side.POLICE: _("Approve for the police"),
    }
    return [(labels[side], url, side) for side in sides if side not in given]


def _links(pledge):
    return reverse("admin:pledges_pledge_change", args=[pledge.pk]), [
        (_("Preview"), reverse("pledges:pledge_working_copy", args=[pledge.slug]))
    ]


def _side_names(sides):
    return get_text_list([str(SIDE_NAMES[side]) for side in sides], _("and"))


def _waiting_for_side(pledge, pending, sides, is_superuser):
    """The other side approved the working copy as a version; the user's side has not."""
    given = {approval.side for approval in pending}
    missing = [side for side in sides if side not in given]
    if not missing:
        return None  # the user's side has approved: it waits for the other side
    latest = pending[-1]
    values = {
        "pledge": pledge.title,
        "side": _side_names(missing),
        "other": SIDE_NAMES[latest.side],
        "number": latest.version.number,
    }
    if is_superuser:
        text = _("%(pledge)s waits for approval by %(side)s: %(other)s approved version %(number)s")
    else:
        text = _("Approve %(pledge)s for %(side)s: %(other)s approved version %(number)s")
    live = pledge.published_version
    if live is None:
        detail = _("Not published yet")
    else:
        count = len(changes_between(live.content, latest.version.content))
        detail = ngettext(
            "%(count)d change from the published version %(number)s",
            "%(count)d changes from the published version %(number)s",
            count,
        ) % {"count": count, "number": live.number}
    url, links = _links(pledge)
    return Item(
        kind="approval",
        text=text % values,
        date=timezone.localtime(latest.approved_at).date(),
        date_label=When.APPROVED,
        url=url,
        urgency=Urgency.WAITING,
        detail=detail,
        links=links,
    )


def _changed(pledge, approvals, content, sides, is_superuser):
    """A published pledge edited since its live version, with no approval given to it yet."""
    if not sides:
        return None
    if is_superuser:
        text = _("%(pledge)s has changes waiting for approval") % {"pledge": pledge.title}
    else:
        text = _("Approve the changes to %(pledge)s for %(side)s") % {
            "pledge": pledge.title,
            "side": _side_names(sides),
        }
    live = pledge.published_version
    last = next((a for a in reversed(approvals) if a.version is not None), None)
    if last is None:
        count = len(changes_between(live.content, content))
        detail = ngettext(
            "%(count)d change since version %(number)s was published",
            "%(count)d changes since version %(number)s was published",
            count,
        ) % {"count": count, "number": live.number}
    else:
        count = len(changes_between(last.version.content, content))
        detail = ngettext(
            "%(count)d change since %(side)s approved version %(number)s",
            "%(count)d changes since %(side)s approved version %(number)s",
            count,
        ) % {"count": count, "side": SIDE_NAMES[last.side], "number": last.version.number}
    url, links = _links(pledge)
    return Item(
        kind="approval",
        text=text,
        date=timezone.localtime(pledge.updated_at).date(),
        date_label=When.CHANGED,
        url=url,
        urgency=Urgency.WAITING,
        detail=detail,
        links=links,
    )


def _draft(pledge):
    url, links = _links(pledge)
    return Item(
        kind="pledge_draft",
        text=_("Draft pledge %(pledge)s: finish it and approve it") % {"pledge": pledge.title},
        date=timezone.localtime(pledge.updated_at).date(),
        date_label=When.CHANGED,
        url=url,
        urgency=Urgency.DRAFT,
        links=links,
    )
