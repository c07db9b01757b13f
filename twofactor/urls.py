"""Two-factor login for staff: setting up an authenticator app, verifying, recovery codes."""

from django.urls import path

from . import views

app_name = "twofactor"

urlpatterns = [
    path("", views.index, name="index"),
    path("aktivera/", views.setup, name="setup"),
    path("ny-telefon/", views.change_app, name="change_app"),
    path("verifiera/", views.verify, name="verify"),
    path("reservkoder/", views.recovery_codes, name="recovery_codes"),
    path("stang-av/", views.turn_off, name="turn_off"),
]
