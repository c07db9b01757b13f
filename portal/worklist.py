"""The admin start page's “Att göra”: what waits for a staff user in their own organisations.

Each domain app gathers its own kinds of item (`pledges/worklist.py`, `followup/worklist.py`,
`dialogue/worklist.py`); this module puts them in one list, most urgent first, and for the
portal's administrators in groups per kommun, a few items each. Every gatherer runs a fixed
number of queries, so the page costs the same however much is waiting.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import StaffScope


class When:
    """What an item's date is: the word shown before it. The context is written out in each
    call: makemessages only extracts a literal one."""

    APPROVED = pgettext_lazy("date of a to-do item", "Approved")
    CHANGED = pgettext_lazy("date of a to-do item", "Changed")
    DUE_BY = pgettext_lazy("date of a to-do item", "Due by")
    OLDEST = pgettext_lazy("date of a to-do item", "Oldest")
    CLOSES = pgettext_lazy("date of a to-do item", "Closes")
    CLOSED = pgettext_lazy("date of a to-do item", "Closed")
    HELD = pgettext_lazy("date of a to-do item", "Held")
    STARTS = pgettext_lazy("date of a to-do item", "Starts")
    OPENS = pgettext_lazy("date of a to-do item", "Opens")
    OPENED = pgettext_lazy("date of a to-do item", "Opened")
    ENDED = pgettext_lazy("date of a to-do item", "Ended")


class Urgency:
    """How soon an item needs doing; items sort by this, then by their date."""

    OVERDUE = 0  # a deadline has passed
    DUE = 1  # a deadline is coming
    WAITING = 2  # someone waits for it (the other side, residents), no deadline
    DRAFT = 3  # the user's own unfinished work


@dataclass
class Item:
    """One thing to do: a line that says what, a date (and what it is), and a direct link."""

    kind: str  # one of KINDS, for the administrators' "visa alla" links
    text: str
    date: datetime.date | None
    date_label: str  # one of When, or empty without a date
    url: str
    urgency: int
    municipality_id: int | None = None
    municipality_name: str = ""
    detail: str = ""
    links: list = field(default_factory=list)  # further (label, url)
    # Buttons that do it from the start page: (label, url to POST to, side).
    actions: list = field(default_factory=list)

    @property
    def is_overdue(self):
        return self.urgency == Urgency.OVERDUE

    @property
    def sort_key(self):
        return (self.urgency, self.date or datetime.date.min, str(self.text))


# Where a portal administrator finds every item of a kind in a kommun: the changelist with
# the filters its admin offers (the follow-up list has no kommun filter; it starts with every
# follow-up due), and how the list is named.
_PLEDGES = (_("citizen pledges"), "admin:pledges_pledge_changelist", "municipalities__id__exact")
_REPORTS = (_("follow-up reports"), "admin:followup_followupreport_changelist", None)
_SURVEYS = (_("surveys"), "admin:dialogue_survey_changelist", "municipality__id__exact")
_ACTIVITIES = (
    _("dialogue activities"),
    "admin:dialogue_dialogueactivity_changelist",
    "municipality__id__exact",
)
KINDS = {
    "approval": _PLEDGES,
    "pledge_draft": _PLEDGES,
    "pledge_missing": _PLEDGES,
    "follow_up": _REPORTS,
    "report_draft": _REPORTS,
    "place_reports": (
        _("reports of unsafe places"),
        "admin:dialogue_placereport_changelist",
        "municipality__id__exact",
    ),
    "survey": _SURVEYS,
    "survey_draft": _SURVEYS,
    "walk": _ACTIVITIES,
    "activity_draft": _ACTIVITIES,
}

# At most this many items per kommun on an administrator's page.
ITEMS_PER_GROUP = 5


def all_url(kind, municipality_id):
    """The changelist with every item of this kind in the kommun."""
    _label, url_name, parameter = KINDS[kind]
    url = reverse(url_name)
    extra = {"status__exact": "new"} if kind == "place_reports" else {}
    if parameter and municipality_id:
        return f"{url}?{urlencode({parameter: municipality_id, **extra})}"
    return f"{url}?{urlencode(extra)}" if extra else url


@dataclass
class Group:
    """An administrator's items of one kommun: the first few, and links to the rest."""

    municipality_name: str
    items: list
    more: list  # (label, count, url) per kind with items not shown


@dataclass
class Worklist:
    is_member: bool = False
    is_superuser: bool = False
    items: list = field(default_factory=list)
    groups: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.items


def gather(user, now=None):
    """Every item for the user, most urgent first (see Urgency)."""
    from dialogue.worklist import dialogue_items
    from followup.worklist import follow_up_items
    from pledges.worklist import pledge_items

    now = now or timezone.now()
    items = [*pledge_items(user, now), *follow_up_items(user, now), *dialogue_items(user, now)]
    return sorted(items, key=lambda item: item.sort_key)


def worklist_for(user, now=None):
    """What the start page shows the user: their items, or for administrators the same per
    kommun, bounded; nothing (and a word on why) for staff who belong to no organisation."""
    scope = StaffScope.of(user)
    if not scope.can_work:
        return Worklist()
    items = gather(user, now)
    worklist = Worklist(is_member=scope.is_member, is_superuser=scope.is_superuser, items=items)
    if scope.is_superuser:
        worklist.groups = group_by_municipality(items)
    return worklist


def group_by_municipality(items, per_group=ITEMS_PER_GROUP):
    """Items per kommun, kommuner in alphabetical order, the most urgent few of each."""
    by_municipality = {}
    for item in items:  # already sorted by urgency
        key = (item.municipality_name, item.municipality_id)
        by_municipality.setdefault(key, []).append(item)
    groups = []
    for (name, municipality_id), rows in sorted(by_municipality.items(), key=_group_order):
        shown, hidden = rows[:per_group], rows[per_group:]
        more = {}
        for item in hidden:
            label = KINDS[item.kind][0]
            url = all_url(item.kind, municipality_id)
            count = more.get((label, url), 0)
            more[(label, url)] = count + 1
        groups.append(
            Group(
                municipality_name=name or _("No municipality"),
                items=shown,
                more=[(label, count, url) for (label, url), count in more.items()],
            )
        )
    return groups


def _group_order(entry):
    (name, _pk), _rows = entry
    return (name == "", name)


def pledge_municipalities(pledge_ids):
    """{pledge id: [(kommun id, kommun name), …]} in order of name, in one query. The first
    kommun is where an administrator's page lists a pledge's items."""
    from pledges.models import PledgeMunicipality

    rows = (
        PledgeMunicipality.objects.filter(pledge__in=pledge_ids)
        .order_by("pledge", "municipality__name", "municipality")
        .values_list("pledge", "municipality", "municipality__name")
    )
    result = {}
    for pledge_id, municipality_id, name in rows:
        result.setdefault(pledge_id, []).append((municipality_id, name))
    return result


def in_first_municipality(item, municipalities):
    """The item, placed in the first of the given [(id, name)] kommuner."""
    if municipalities:
        item.municipality_id, item.municipality_name = municipalities[0]
    return item
