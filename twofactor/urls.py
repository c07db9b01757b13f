"""Two-factor login for staff: setting up an authenticator app, verifying, recovery codes."""

app_name = "twofactor"

urlpatterns = []
