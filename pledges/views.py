"""The public list of medborgarlöften (the pledge page, which combines several apps, is
portal.pledge_page)."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .filters import STATUSES, PledgeFilterForm, public_years
from .models import Pledge
from .versions import Content

PLEDGES_PER_PAGE = 20


@dataclass
class ListedPledge:
    """A pledge as the list shows it: its published content and whether it is in force."""

    pledge: Pledge
    content: Content
    status: str  # "current", "earlier" or "coming"

    @classmethod
    def of(cls, pledge, today):
        content = pledge.public
        if content.start_date > today:
            status = "coming"
        elif content.end_date < today:
            status = "earlier"
        else:
            status = "current"
        return cls(pledge, content, status)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


STATUS_LABELS = dict(STATUSES.values())


LIST_DEFERS = [
    *("promise", "effect", "background", "promise_en", "effect_en", "situation_method"),
    *("follow_up_method", "change_reason", "withdrawal_reason"),
    *(f"published_version__{name}" for name in ("search_document", "facets", "focus_text")),
    "published_version__change_reason",
]


def pledge_list(request):
    """Every published pledge, found by place, year, status, theme, who acts and by words.

    The filters are a GET form, so every result has an address; a filter in error is left out
    and named above the results, never a server error.
    """
    form = PledgeFilterForm(request.GET, years=public_years(Pledge.objects.all()))
    form.is_valid()
    pledges = (
        form.filter(Pledge.objects.published())
        # A condition on the published version makes its join an inner one: the first page is
        # then read in order from the versions' period index (pledges migration 0010) instead of
        # sorting every published pledge's content (110 -> 1.5 ms at national scale).
        .filter(published_version__published_at__isnull=False)
        .select_related("published_version")
        # The card shows the published content: not the working copy's texts nor the version's
        # search document, facets and focus text (tens of KB a page at national scale).
        .defer(*LIST_DEFERS)
        .in_list_order()
    )
    paginator = Paginator(pledges, PLEDGES_PER_PAGE)
    requested = request.GET.get("page", "")
    page = paginator.get_page(requested)
    today = timezone.localdate()
    return render(
        request,
        "pledges/pledge_list.html",
        {
            "form": form,
            "page": page,
            "pages": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "results": [ListedPledge.of(pledge, today) for pledge in page],
            "missing_page": requested[:20] if requested not in ("", str(page.number)) else "",
            "is_filtered": any(request.GET.get(name) for name in form.fields),
            "csv_url": _url_if_there("csv:pledges"),
            "overview_url": _url_if_there("overview"),
        },
    )


def _url_if_there(name):
    """The address of a page that another part of the portal provides, once it does."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""
