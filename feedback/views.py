"""Receives page feedback and sends the resident back to the page they came from.

The form is on every page, and those pages are kept whole for every anonymous reader
(portal.page_cache), so it carries no CSRF token: same_origin_post refuses a post from another
site instead.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.ratelimit import is_rate_limited
from portal.same_origin import same_origin_post

from .forms import PageFeedbackForm

MESSAGE_TAG = "page-feedback"


@same_origin_post
@require_POST
def submit(request):
    if is_rate_limited(
        request,
        "feedback",
        settings.PUBLIC_FORM_RATE_LIMIT,
        settings.PUBLIC_FORM_RATE_PERIOD,
    ):
        return render(request, "feedback/rate_limited.html", status=429)
    form = PageFeedbackForm(request.POST)
    if not form.is_valid():
        return render(request, "feedback/form_errors.html", {"feedback_form": form}, status=400)
    feedback = form.save(commit=False)
    feedback.path = form.cleaned_data["next"]
    feedback.language = get_language() or ""
    feedback.save()
    messages.success(request, _("Thank you for helping us improve the website!"), MESSAGE_TAG)
    return redirect(f"{feedback.path}#sidfeedback")
