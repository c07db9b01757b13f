"""Response headers the whole site sends, and the idle timeout of signed-in sessions.

The site runs without inline scripts, styles or other hosts, and needs no browser feature such as
the camera or location.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

PERMISSIONS_POLICY = ", ".join(
    [
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "interest-cohort=()",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# A signed-in session is saved again, renewing its expiry and cookie, at most this often.
SESSION_RENEW_AFTER = 60
SESSION_RENEWED_KEY = "_portal_session_renewed"


class SessionIdleTimeoutMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE seconds after its last request.

    Django's SESSION_SAVE_EVERY_REQUEST would do the same with a database write on every
    request; renewing at most once a minute keeps pages read-only and their query counts fixed.
    Only sessions stamped at login are renewed, so one without a stamp simply expires.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if not session.modified and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session to renew; reading the empty one would only mark the page as varying
            # by cookie, which keeps proxies from sharing it (portal.page_cache).
            return response
        now = int(time.time())
        if session.modified:
            # Saved anyway (a login among them): the stamp costs nothing extra.
            if SESSION_KEY in session:
                session[SESSION_RENEWED_KEY] = now
        else:
            renewed = session.get(SESSION_RENEWED_KEY)
            if renewed is not None and now - renewed >= SESSION_RENEW_AFTER:
                session[SESSION_RENEWED_KEY] = now
        return response
