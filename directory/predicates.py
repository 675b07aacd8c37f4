"""Who may see a community's actor directory, as django-rules predicates.

They reuse the communities' and gardeners' predicates and their per-request
caches, so the directory's block on a page costs no extra query for them.
"""

import rules

from communities.predicates import is_member, is_site_staff
from gardeners.predicates import is_cultivator, is_gardener_of

# People consented to be seen by the community they listed themselves in:
# its members (every circle), the gardeners who connect them, and the
# cultivator who coaches the pairs. Not the public, not other communities.
can_view_directory = is_member | is_gardener_of | is_cultivator | is_site_staff

# Listing oneself is a member's choice: gardeners and the cultivator are not
# members by office (they may join the community like anyone).
can_list_self = is_member
