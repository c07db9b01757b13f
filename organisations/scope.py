"""What a staff user may see and change: the kommuner and police areas they belong to.

Every admin queryset and every staff-only view asks this one object, so the security boundary
of the product is drawn in one place.
"""

from dataclasses import dataclass

from django.db.models import Q

from .models import Membership, Municipality


@dataclass(frozen=True)
class StaffScope:
    is_superuser: bool
    municipality_ids: frozenset[int]
    police_area_ids: frozenset[int]
    # Kommuner covered by the user's police areas: police work with all of them.
    reach_municipality_ids: frozenset[int]

    @classmethod
    def of(cls, user) -> "StaffScope":
        """The scope of a user, computed once per request and kept on the user object."""
        cached = getattr(user, "_staff_scope", None)
        if cached is not None:
            return cached
        if not (user.is_authenticated and user.is_active and user.is_staff):
            scope = cls(False, frozenset(), frozenset(), frozenset())
        elif user.is_superuser:
            scope = cls(True, frozenset(), frozenset(), frozenset())
        else:
            rows = list(
                Membership.objects.filter(user=user).values_list("municipality", "police_area")
            )
            municipality_ids = frozenset(m for m, _ in rows if m)
            police_area_ids = frozenset(p for _, p in rows if p)
            covered = frozenset(
                Municipality.objects.filter(police_areas__in=police_area_ids).values_list(
                    "id", flat=True
                )
            )
            scope = cls(False, municipality_ids, police_area_ids, municipality_ids | covered)
        user._staff_scope = scope
        return scope

    @property
    def is_member(self) -> bool:
        return bool(self.municipality_ids or self.police_area_ids)

    @property
    def can_work(self) -> bool:
        """Whether the user may work with scoped objects in the admin at all."""
        return self.is_superuser or self.is_member

    def own_organisation_q(self, municipality="municipality", police_area="police_area") -> Q:
        """Rows that belong to one of the user's own kommuner or police areas."""
        return Q(**{f"{municipality}__in": self.municipality_ids}) | Q(
            **{f"{police_area}__in": self.police_area_ids}
        )
