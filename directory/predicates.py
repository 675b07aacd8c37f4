"""Who may see a community's actor directory, as django-rules predicates.

They are `roles`' predicates with their per-request cache, so the
directory's block on a page costs no extra query for them.
"""

from roles.predicates import can_oversee, is_member

# People consented to be seen by the community they listed themselves in:
# its members (every circle), the gardeners who connect them, and the
# cultivator who coaches the pairs. Not the public, not other communities.
can_view_directory = is_member | can_oversee

# Listing oneself is a member's choice: gardeners and the cultivator are not
# members by office (they may join the community like anyone).
can_list_self = is_member
