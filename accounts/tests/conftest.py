"""Shared steps of the account tests: the administrator invites, the link is read from the mail."""

import re

import pytest
from django.urls import reverse

from accounts.models import Invitation
from organisations.models import Membership

ADD_URL = reverse("admin:accounts_invitation_add")
STRONG_PASSWORD = "lingon-skog-vandring-42"


def invite_form(**fields):
    data = {
        "email": "anna.svensson@vaggeryd.se",
        "name": "Anna Svensson",
        "role": Membership.Role.COORDINATOR,
        "municipality": "",
        "police_area": "",
    }
    data.update({key: ("" if value is None else value) for key, value in fields.items()})
    return data


def link_in(message):
    """The invitation or reset path in an e-mail's plain-text body."""
    match = re.search(r"https?://[^/\s]+(/konto/\S+)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def admin_client_(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def invited(admin_client_, vaggeryd, mailoutbox):
    """Anna is invited as coordinator of Vaggeryd; returns (invitation, path of her link)."""
    response = admin_client_.post(ADD_URL, invite_form(municipality=vaggeryd.pk))
    assert response.status_code == 302, response.content.decode()
    admin_client_.logout()
    return Invitation.objects.get(), link_in(mailoutbox[-1])
