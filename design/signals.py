"""Whether the header shows the link to the site's administration (Wagtail).

Asked once, when the person logs in, and kept in their session: Django's
permissions cost two queries, and every page would pay them. The link
follows Wagtail's own permission (wagtailadmin.access_admin: editors,
approvers, the gardeners whose story page it is, superusers), not is_staff.
Someone given access later sees the link from their next log-in; someone
whose access ends keeps the link until then, and the admin refuses them.
"""

SESSION_KEY = "terreau_cms_link"


def remember_cms_access(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = bool(user.has_perm("wagtailadmin.access_admin"))
