"""Public pages of e-mail subscriptions: subscribe, check your e-mail, confirm, unsubscribe."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from organisations.models import Municipality
from pledges.models import Pledge
from portal.ratelimit import is_rate_limited

from . import services
from .forms import SubscribeForm
from .models import Subscription, unsubscribe_id

# URL kind → the subscription field that holds the target, and the name of its "sent" page.
KINDS = {
    "kommun": ("municipality", "subscriptions:municipality_sent"),
    "pledge": ("pledge", "subscriptions:pledge_sent"),
}


def _target(kind, slug):
    """A kommun, or a published pledge: nobody subscribes to a draft or a withdrawn pledge."""
    if kind == "kommun":
        return get_object_or_404(Municipality, slug=slug)
    return get_object_or_404(
        Pledge.objects.published().select_related("published_version"), slug=slug
    )


def _target_context(kind, target):
    name = target.full_name if kind == "kommun" else target.public.title
    return {"kind": kind, "target": target, "target_name": name, "noindex": True}


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request, kind, slug):
    target = _target(kind, slug)
    field, sent_page = KINDS[kind]
    if request.method != "POST":
        return _render_form(request, kind, target, SubscribeForm())
    if is_rate_limited(
        request, "subscribe", settings.PUBLIC_FORM_RATE_LIMIT, settings.PUBLIC_FORM_RATE_PERIOD
    ):
        kept = SubscribeForm(initial={"email": request.POST.get("email", "")[:254]})
        return _render_form(request, kind, target, kept, status=429, rate_limited=True)
    form = SubscribeForm(request.POST)
    if form.is_spam():
        return redirect(sent_page, slug)
    if not form.is_valid():
        return _render_form(request, kind, target, form, status=400)
    services.subscribe(form.cleaned_data["email"], **{field: target}, request=request)
    # The same page whether the address was new, waiting or already confirmed.
    return redirect(sent_page, slug)


def _render_form(request, kind, target, form, status=200, rate_limited=False):
    context = _target_context(kind, target) | {
        "form": form,
        "rate_limited": rate_limited,
        "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
    }
    return render(request, "subscriptions/subscribe.html", context, status=status)


@require_safe
def check_email(request, kind, slug):
    target = _target(kind, slug)
    context = _target_context(kind, target) | {"days": settings.SUBSCRIPTION_CONFIRM_DAYS}
    return render(request, "subscriptions/check_email.html", context)


def _link_not_valid(request):
    return render(request, "subscriptions/link_not_valid.html", {"noindex": True}, status=404)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def confirm(request, token):
    # GET only shows a button: a link checker that opens every link in a message must not
    # confirm an address on its owner's behalf.
    subscription = Subscription.objects.for_confirm_token(token)
    if subscription is None or not subscription.confirm_link_works():
        return _link_not_valid(request)
    if request.method == "POST":
        subscription.confirm()
        return redirect(request.path)
    kind = "kommun" if subscription.municipality_id else "pledge"
    context = _target_context(kind, subscription.target) | {"subscription": subscription}
    return render(request, "subscriptions/confirm.html", context)


# The token in the address is the authority here, not a session: a mail program's one-click
# unsubscribe (RFC 8058) POSTs without a CSRF token, and a forged cross-site POST could only
# remove the address whose secret link the forger already holds, which its owner can do anyway.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def unsubscribe(request, token):
    pk = unsubscribe_id(token)
    if pk is None:
        return _link_not_valid(request)
    subscription = (
        Subscription.objects.select_related("municipality", "pledge__published_version")
        .filter(pk=pk)
        .first()
    )
    if request.method == "POST":
        if subscription is not None:
            services.unsubscribe(subscription)
        return redirect("subscriptions:unsubscribed")
    if subscription is None:
        return redirect("subscriptions:unsubscribed")
    # GET shows a button only, so that a link scanner opening the link removes nothing.
    kind = "kommun" if subscription.municipality_id else "pledge"
    context = _target_context(kind, subscription.target) | {"subscription": subscription}
    return render(request, "subscriptions/unsubscribe.html", context)


@require_safe
def unsubscribed(request):
    return render(request, "subscriptions/unsubscribed.html", {"noindex": True})
