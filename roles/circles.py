"""The three circles of a community: the roles of its members."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Circle(models.IntegerChoices):
    """The three circles, ordered from the outside in.

    Integers so that "this circle or closer" is a plain comparison
    (`circle__gte=Circle.INFORMED`). `communities.models` re-exports it: the
    Membership rows that hold a circle live there.
    """

    CITIZENS = 1, _("citizens")
    INFORMED = 2, _("informed")
    ENGAGED = 3, _("engaged")
