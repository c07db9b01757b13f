"""Dialogue in the admin, one module per feature; scoped to the user's kommuner like the rest."""

from . import activities, reports, situation, surveys  # noqa: F401  (registers the admins)
