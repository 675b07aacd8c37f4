"""Pages of organisations: profile, create, edit, members, verification, the
communities it takes part in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from terreau import maps
from terreau.views import add_form_errors, show_errors

from . import selectors, services
from .forms import CommunityLinkForm, MemberForm, OrganisationForm
from .models import CommunityLink, Organisation


def _form_page(request, form, organisation=None, status=200):
    """The profile form, with a map on which a click fills its place (the
    place typed or saved shows as its marker)."""
    if form.is_bound:
        place = (form.data.get("latitude"), form.data.get("longitude"))
    else:
        place = (getattr(organisation, "latitude", None), getattr(organisation, "longitude", None))
    try:
        lat, lng = float(place[0]), float(place[1])
    except (TypeError, ValueError):
        lat = lng = None
    marker = []
    if lat is not None and -90 <= lat <= 90 and -180 <= lng <= 180:  # NaN is neither
        marker = [{"title": str(organisation or ""), "lat": lat, "lng": lng}]
    return render(request, "organisations/form.html", {
        "form": form, "organisation": organisation,
        "map_config": maps.map_config(marker, pick=True)}, status=status)


class OrganisationMixin(PermissionRequiredMixin):
    permission_required = "organisations.view_organisation"

    @property
    def organisation(self) -> Organisation:
        if not hasattr(self, "_organisation"):
            try:
                self._organisation = selectors.organisation_page(self.kwargs["slug"])
            except Organisation.DoesNotExist:
                raise Http404 from None
        return self._organisation

    def get_permission_object(self):
        return self.organisation


class MineView(PermissionRequiredMixin, View):
    permission_required = "organisations.add_organisation"

    def get(self, request):
        return render(request, "organisations/mine.html",
                      {"organisations": selectors.organisations_of(request.user)})


def _detail(request, organisation, status=200, **forms):
    """The profile; the forms of its admins (a member to add, a community to
    link) unbound unless one comes back with its errors."""
    return render(request, "organisations/detail.html", {
        "organisation": organisation,
        "members": selectors.members_of(organisation),
        "communities": selectors.communities_of(organisation),
        "member_form": forms.get("member_form") or MemberForm(),
        "link_form": forms.get("link_form") or CommunityLinkForm(
            communities=selectors.communities_to_link(organisation)),
    }, status=status)


class DetailView(OrganisationMixin, View):
    def get(self, request, slug):
        return _detail(request, self.organisation)


class CreateView(PermissionRequiredMixin, View):
    permission_required = "organisations.add_organisation"

    def get(self, request):
        return _form_page(request, OrganisationForm())

    def post(self, request):
        form = OrganisationForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                organisation = services.organisation_create(
                    creator=request.user, themes=data.pop("themes"), **data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The organisation is created; you are its admin."))
                return redirect(organisation)
        return _form_page(request, form, status=400)


class EditView(OrganisationMixin, View):
    permission_required = "organisations.change_organisation"

    def get(self, request, slug):
        organisation = self.organisation
        form = OrganisationForm(instance=organisation, initial={
            "themes": ", ".join(t.name for t in organisation.themes.all())})
        return _form_page(request, form, organisation)

    def post(self, request, slug):
        form = OrganisationForm(request.POST, instance=Organisation.objects.get(
            pk=self.organisation.pk))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.organisation_update(organisation=self.organisation,
                                             themes=data.pop("themes"), **data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The organisation is saved."))
                return redirect(self.organisation)
        return _form_page(request, form, self.organisation, status=400)


class MemberAddView(OrganisationMixin, View):
    permission_required = "organisations.manage_members"
    http_method_names = ("post",)

    def post(self, request, slug):
        form = MemberForm(request.POST)
        if form.is_valid():
            try:
                services.member_add(organisation=self.organisation, actor=request.user,
                                    **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The person is added."))
                return redirect(self.organisation)
        return _detail(request, self.organisation, status=400, member_form=form)


class VerifyView(OrganisationMixin, View):
    permission_required = "organisations.verify_organisation"
    http_method_names = ("post",)

    def post(self, request, slug):
        try:
            services.organisation_verify(organisation=self.organisation, agent=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The organisation is verified."))
        return redirect(self.organisation)


class CommunityLinkView(OrganisationMixin, View):
    """An admin links the organisation to a community it takes part in."""

    permission_required = "organisations.link_community"
    http_method_names = ("post",)

    def post(self, request, slug):
        form = CommunityLinkForm(request.POST,
                                 communities=selectors.communities_to_link(self.organisation))
        if form.is_valid():
            try:
                services.community_link(organisation=self.organisation, actor=request.user,
                                        community=form.cleaned_data["community"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The organisation is linked to %(community)s.")
                                 % {"community": form.cleaned_data["community"].name})
                return redirect(self.organisation)
        return _detail(request, self.organisation, status=400, link_form=form)


class CommunityUnlinkView(OrganisationMixin, View):
    permission_required = "organisations.link_community"
    http_method_names = ("post",)

    def post(self, request, slug, community):
        link = get_object_or_404(CommunityLink.objects.select_related("community"),
                                 organisation=self.organisation, community_id=community)
        try:
            services.community_unlink(organisation=self.organisation, community=link.community,
                                      actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The organisation is no longer linked to %(community)s.")
                             % {"community": link.community.name})
        return redirect(self.organisation)
