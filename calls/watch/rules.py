"""Who may post to the watch on other calls (object: an OutsideCall, or None
to post one). Walked in tests/calls/test_watch.py and the access matrix.

- the institution's agents (staff of any direction) and site staff post, and
  edit or withdraw any outside call;
- members of a call's partner organisations (a published call's outside
  funders) post, and edit or withdraw what they posted;
- everyone reads the list.
"""

import rules

from roles.cache import remembered
from roles.predicates import is_direction_agent, is_site_staff, organisation_roles

from ..models import Call


@rules.predicate
def is_call_partner(user):
    """Member of an organisation that is a partner of a published call."""
    organisation_ids = organisation_roles(user).keys()
    if not organisation_ids:
        return False
    return remembered(user, "calls.partner", lambda: Call.partner_organisations.through.objects
                      .filter(organisation_id__in=list(organisation_ids),
                              call__state=Call.State.PUBLISHED).exists())


@rules.predicate
def is_poster(user, outside_call):
    return (outside_call is not None and user.is_authenticated
            and outside_call.posted_by_id == user.pk)


can_post = is_direction_agent | is_site_staff | is_call_partner

rules.add_perm("calls.post_outside_call", can_post)
rules.add_perm("calls.change_outside_call", is_direction_agent | is_site_staff
               | (is_poster & is_call_partner))
