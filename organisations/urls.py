from django.urls import path

from . import views

app_name = "organisations"

# The kommun pages combine several apps: portal.urls adds them to this namespace.
urlpatterns = [
    path("sok/", views.find_municipality, name="find"),
]
