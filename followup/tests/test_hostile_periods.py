"""A tertial in a report address is ASCII digits only: look-alike periods are not pages."""

import pytest

from followup.tests.factories import make_report
from portal.tertials import Tertial

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "period",
    [
        "٢٠٢٢-t1",  # Arabic-Indic digits
        "２０２２-t1",  # full-width digits
        "2022-t1%0A",  # a trailing line break
    ],
)
def test_look_alike_period_of_a_published_report_is_404(client, pledge, period):
    make_report(pledge, year=2022, tertial=1)
    url = f"/medborgarloften/{pledge.slug}/uppfoljning/{period}/"
    assert client.get(url).status_code == 404


def test_only_the_ascii_slug_parses():
    assert Tertial.from_slug("2022-t1") == Tertial(2022, 1)
    with pytest.raises(ValueError):
        Tertial.from_slug("٢٠٢٢-t1")
