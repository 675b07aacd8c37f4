"""The Wagtail admin in Terreau's colours (docs/design.md): Wagtail's own
colour variables set to the site's greens, through the documented hook. The
logo, the favicon and the name are template overrides in
templates/wagtailadmin/; the name is WAGTAIL_SITE_NAME."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def terreau_admin_colours():
    return format_html('<link rel="stylesheet" href="{}">', static("design/admin.css"))
