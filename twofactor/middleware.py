"""Staff with two-step login verify a code before the admin; administrators must set it up."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import services


class TwoFactorMiddleware:
    """Guards the admin and the two-step login pages for a signed-in, not yet verified staff user.

    With a confirmed app the user is sent to the verify page; without one, when two-step login is
    required for them, to set-up. Everything else (public pages, the admin's login and logout,
    the account pages for passwords and invitations, static files) is left alone. It runs after
    django-otp's OTPMiddleware, which tells whether this session has been verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self.redirect_for(request)
        if target is not None:
            return target
        return self.get_response(request)

    def redirect_for(self, request):
        path = request.path_info
        admin_root = reverse("admin:index")
        own_root = reverse("twofactor:index")
        in_admin = path.startswith(admin_root) and path not in (
            reverse("admin:login"),
            reverse("admin:logout"),
        )
        in_own = path.startswith(own_root)
        if not (in_admin or in_own):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        verify = reverse("twofactor:verify")
        setup = reverse("twofactor:setup")
        if path in (verify, setup):
            # Each page itself decides what fits the account (the set-up page sends a user
            # whose app is already confirmed to verify).
            return None
        next_url = request.get_full_path()
        if services.has_two_factor(user):
            return redirect(f"{verify}?{urlencode({'next': next_url})}")
        if services.is_required_for(user):
            return redirect(f"{setup}?{urlencode({'next': next_url})}")
        return None
