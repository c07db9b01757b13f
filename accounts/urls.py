"""Staff accounts: accepting an invitation and resetting a forgotten password."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inbjudan/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("losenord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("losenord/skickat/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "losenord/nytt/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "losenord/klart/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
