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
        self._paths = None

    def __call__(self, request):
        target = self.redirect_for(request)
        if target is not None:
            return target
        return self.get_response(request)

    def paths(self):
        # Looked up once, on the first request (the URLconf is not loaded when this is built).
        if self._paths is None:
            self._paths = {
                "admin": reverse("admin:index"),
                "own": reverse("twofactor:index"),
                "open": {
                    reverse("admin:login"),
                    reverse("admin:logout"),
                    reverse("twofactor:verify"),
                    reverse("twofactor:setup"),
                },
                "verify": reverse("twofactor:verify"),
                "setup": reverse("twofactor:setup"),
            }
        return self._paths

    def redirect_for(self, request):
        paths = self.paths()
        path = request.path_info
        if not path.startswith((paths["admin"], paths["own"])) or path in paths["open"]:
            # The verify and set-up pages decide themselves what fits the account (set-up sends
            # a user whose app is already confirmed to verify).
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        next_url = urlencode({"next": request.get_full_path()})
        if services.has_two_factor(user):
            return redirect(f"{paths['verify']}?{next_url}")
        if services.is_required_for(user):
            return redirect(f"{paths['setup']}?{next_url}")
        return None
