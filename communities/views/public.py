"""The public pages: the list of communities and a community's home.

A community's home shows, beside one's own place in it, the panels every app
contributes (communities/space.py). The site's home page is Wagtail's
(cms.models.HomePage), fed by the selectors.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from roles.predicates import circle_of

from .. import selectors, space
from ..forms import CircleRequestForm
from ..models import Circle
from .base import CommunityMixin

COMMUNITIES_PER_PAGE = 24


def community_list(request):
    theme = request.GET.get("theme", "")
    query = request.GET.get("q", "")
    communities = selectors.community_list(theme=theme, query=query)
    page = Paginator(communities, COMMUNITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/list.html",
        {
            "page_obj": page,
            "communities": page.object_list,
            "themes": selectors.community_themes(),
            "theme": theme,
            "q": query,
        },
    )


class CommunityDetailView(CommunityMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "communities.view_community"
    template_name = "communities/detail.html"

    def get_context_data(self, **kwargs):
        community = self.community
        user = self.request.user
        circle = circle_of(user, community)
        pending = selectors.pending_request(community=community, user=user) if circle else None
        # Only a signed-in non-member may follow: one query for them, none for
        # a visitor or a member (whose page costs what it did).
        following = (
            not circle and user.is_authenticated
            and selectors.is_following(community=community, user=user)
        )
        request_form = None
        if circle and circle < Circle.ENGAGED and pending is None:
            request_form = CircleRequestForm(current_circle=circle)
        return super().get_context_data(
            pair=community.active_pair,
            circle=Circle(circle) if circle else None,
            pending_request=pending,
            following=following,
            request_form=request_form,
            panels=space.visible_panels(community=community, user=user),
            counts=[
                (Circle.CITIZENS, community.citizens_count),
                (Circle.INFORMED, community.informed_count),
                (Circle.ENGAGED, community.engaged_count),
            ],
            **kwargs,
        )
