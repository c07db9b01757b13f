"""The client address django-axes counts failed logins against."""

from django.conf import settings


def client_address(request) -> str | None:
    # Behind a reverse proxy every request comes from the proxy: locking that address would
    # lock everyone, so the proxy's own record of the client counts, and only when trusted.
    address = request.META.get("REMOTE_ADDR")
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    return address
