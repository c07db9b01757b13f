"""CSV downloads of the published record under /api/csv/ (see csv_views)."""

from django.urls import path

from . import csv_views

app_name = "csv"

urlpatterns = [
    path("kommuner.csv", csv_views.municipalities, name="municipalities"),
    path("medborgarloften.csv", csv_views.pledges, name="pledges"),
    path("aktiviteter.csv", csv_views.activities, name="activities"),
    path("uppfoljningar.csv", csv_views.updates, name="updates"),
    path("nyckeltal.csv", csv_views.key_figures, name="key_figures"),
    path("enkatresultat.csv", csv_views.survey_results, name="survey_results"),
]
