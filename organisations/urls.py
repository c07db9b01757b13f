from django.urls import path

from . import views

app_name = "organisations"

# The page of one kommun combines several apps: portal.urls adds it to this namespace.
urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("sok/", views.find_municipality, name="find"),
]
