"""The JSON API: its root, one resource per published record, the OpenAPI schema and docs."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"


class Router(DefaultRouter):
    APIRootView = views.RootView
    # One address per resource: no /api/pledges.json beside /api/pledges/.
    include_format_suffixes = False


router = Router()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("counties", views.CountyViewSet, basename="county")
router.register("police-areas", views.PoliceAreaViewSet, basename="policearea")
router.register("pledges", views.PledgeViewSet, basename="pledge")
router.register("follow-ups", views.FollowUpViewSet, basename="followup")
router.register("key-figures", views.KeyFigureViewSet, basename="keyfigure")
router.register("dialogue-activities", views.DialogueActivityViewSet, basename="dialogueactivity")
router.register("surveys", views.SurveyViewSet, basename="survey")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    *router.urls,
    # Last: an address under /api/ that names no resource is a JSON 404, not the site's page.
    # Only addresses ending in a slash, so that /api/pledges still redirects to /api/pledges/.
    re_path(r"^(?P<path>.*)/$", views.not_found),
]
