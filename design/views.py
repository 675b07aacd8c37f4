"""The living style guide (/styleguide/): every component of the design
system, rendered by the templates the pages use, with made-up content. For
the site's staff (design.view_styleguide); anyone else is refused (403), a
visitor is asked to log in first."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import TemplateView

from . import samples


class StyleGuideView(PermissionRequiredMixin, TemplateView):
    permission_required = "design.view_styleguide"
    template_name = "design/styleguide.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(samples.context(self.request))
        return context
