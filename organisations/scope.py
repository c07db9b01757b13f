"""Deprecated import path: StaffScope now lives beside Membership in organisations.models."""

from .models import StaffScope

__all__ = ["StaffScope"]
