"""The query layer that enforces area scope (D0.3).

Every page, API endpoint and export reads scoped records through
`Model.objects.visible_to(user)` (or a selector built on it), which keeps only
rows whose area code starts with the user's area prefix, and returns nothing to
a user whose role may not see personal data. The scope-matrix test walks every
route to prove no path returns an out-of-area record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models

from minzheng.core.models.places import PREFIX_LENGTH, AreaLevel
from minzheng.core.roles import Capability

if TYPE_CHECKING:
    from minzheng.core.models.accounts import User

_M = TypeVar("_M", bound=models.Model)


def user_can(user: Any, capability: Capability) -> bool:
    """Anonymous users can nothing; others as their role allows (see `User.can`)."""
    return bool(getattr(user, "is_authenticated", False)) and user.can(capability)


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset over rows that belong to an area of the division tree.

    `scope_field` names the lookup to the row's area code: `area__code` by default,
    which Django resolves on the row's own `area_id` column (the code is the area's
    primary key), or e.g. `household__area__code` for a row scoped through its household.
    """

    scope_field = "area__code"

    def visible_to(self, user: User, capability: Capability = Capability.VIEW_PERSONAL) -> Self:
        if not user_can(user, capability):
            return self.none()
        return self.within_prefix(user.scope_prefix)

    def within_prefix(self, prefix: str) -> Self:
        """Rows of the area subtree whose codes begin with `prefix`. A community's
        prefix is its whole code and no area lies beneath it, so there the same rows
        are those with that exact code: `area_id = …` rather than `LIKE '…%'`, which
        lets an index that leads with the area and goes on with another column (a
        name, in order) serve a community's searches (docs/search.md)."""
        if len(prefix) == PREFIX_LENGTH[AreaLevel.COMMUNITY]:
            return self.filter(**{self.scope_field: prefix})
        return self.filter(**{f"{self.scope_field}__startswith": prefix})
