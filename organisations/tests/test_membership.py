"""A membership's organisation must match its role; the admin says so next to the field."""

import pytest
from django.urls import reverse

from organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role, field, message",
    [
        ("coordinator", "police_area", "En kommunal samordnare hör till en kommun"),
        ("police", "municipality", "hör till ett lokalpolisområde, inte till en"),
    ],
)
def test_a_role_with_the_wrong_organisation_is_refused_next_to_the_field(
    client, superuser, vaggeryd, lpo_varnamo, staff_without_membership, role, field, message
):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:organisations_membership_add"),
        {
            "user": staff_without_membership.pk,
            "role": role,
            "municipality": vaggeryd.pk,
            "police_area": lpo_varnamo.pk,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert message in str(errors[field])
    # Not the database's own words about its constraint.
    assert "Begränsning" not in response.content.decode()
    assert not Membership.objects.filter(user=staff_without_membership).exists()
