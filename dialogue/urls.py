from django.urls import path

from .views import activities, overview, reports, situation, surveys

app_name = "dialogue"

urlpatterns = [
    path("", overview.index, name="index"),
    path("kalender.ics", activities.calendar_feed, name="calendar_all"),
    path("<slug:municipality>/", overview.municipality, name="municipality"),
    path("<slug:municipality>/kalender.ics", activities.calendar_feed, name="calendar"),
    path(
        "<slug:municipality>/aktiviteter/<int:pk>/",
        activities.activity_detail,
        name="activity_detail",
    ),
    path("<slug:municipality>/enkater/<slug:slug>/", surveys.survey_detail, name="survey_detail"),
    path(
        "<slug:municipality>/enkater/<slug:slug>/tack/", surveys.survey_thanks, name="survey_thanks"
    ),
    path(
        "<slug:municipality>/enkater/<slug:slug>/resultat/",
        surveys.survey_results,
        name="survey_results",
    ),
    path("<slug:municipality>/otrygg-plats/", reports.report_form, name="report_form"),
    path("<slug:municipality>/otrygg-plats/tack/", reports.report_thanks, name="report_thanks"),
    path(
        "<slug:municipality>/det-har-har-ni-berattat/",
        reports.what_you_told_us,
        name="what_you_told_us",
    ),
    path(
        "<slug:municipality>/lagesbild/<int:pk>/",
        situation.situation_detail,
        name="situation_detail",
    ),
]
