"""Sending the portal's e-mails: a subject, a plain-text body and an optional HTML alternative,
rendered from templates in the portal's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def base_url(request=None) -> str:
    """The start of every link in an e-mail: PORTAL_BASE_URL, or the address the request came to."""
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    raise ValueError("PORTAL_BASE_URL is not set and there is no request to take the address from.")


def templated_mail(
    template_prefix: str, to: str, context: dict, headers: dict | None = None
) -> EmailMultiAlternatives:
    """The message `<prefix>_subject.txt`, `<prefix>.txt` and, when it exists, `<prefix>.html`
    to one address, in the portal's language (staff read Swedish whatever page they came from)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        # A header cannot span lines: a name with a line break must not break the message.
        subject = " ".join(subject.split())
        body = render_to_string(f"{template_prefix}.txt", context)
        try:
            html = render_to_string(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def send_templated_mail(template_prefix: str, to: str, context: dict) -> None:
    """Render the message (see templated_mail) and send it now."""
    templated_mail(template_prefix, to, context).send()
