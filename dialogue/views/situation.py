"""The public page of a lägesbild: the coordinator's summary and the portal's own figures."""

from django.shortcuts import get_object_or_404, render

from pledges.models import Pledge

from ..figures import situation_figures
from ..models import SituationPicture


def situation_detail(request, municipality, pk):
    picture = get_object_or_404(
        SituationPicture.objects.published().select_related("municipality", "police_area"),
        pk=pk,
        municipality__slug=municipality,
    )
    return render(
        request,
        "dialogue/situation/detail.html",
        {
            "picture": picture,
            "figures": situation_figures(picture),
            # The pledges whose published version rests on this lägesbild.
            "pledges": Pledge.objects.published()
            .filter(published_version__content__situation_picture=picture.pk)
            .select_related("published_version"),
        },
    )
