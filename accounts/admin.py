from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import personal_data
from .forms import CommaSeparatedTagsField
from .models import Skill, User


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")

    def clean_email(self):
        # The manager lowers addresses; allauth looks them up ignoring case.
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("A user with this e-mail address already exists."), code="duplicate_email"
            )
        return email


class UserChangeForm(auth_forms.UserChangeForm):
    interests = CommaSeparatedTagsField(
        label=_("Interests"), required=False, help_text=_("Separated by commas.")
    )
    skills = CommaSeparatedTagsField(
        label=_("Skills"), required=False, help_text=_("Separated by commas.")
    )

    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin for a user known by e-mail (no username, no first/last name)."""

    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "organisation",
                    "bio",
                    "interests",
                    "skills",
                    "preferred_language",
                )
            },
        ),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "erase_after")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "display_name", "organisation", "is_staff")
    list_filter = ("is_staff", "is_superuser", "is_active", "preferred_language", "groups")
    search_fields = ("email", "display_name", "organisation")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined", "erase_after")

    # Deleting a user erases them as their own request would (accounts/personal_data.py):
    # what others rely on is anonymised, not left with the name and address.
    def has_delete_permission(self, request, obj=None):
        if obj is not None and (
            personal_data.is_former_member(obj) or personal_data.erase_blockers(obj)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # The eraser decides what goes and what stays anonymised (needs,
        # messages, past pairs...): the only refusals are its blockers.
        deleted, counts, _perms_needed, _protected = super().get_deleted_objects(objs, request)
        protected = [
            f"{user}: {reason}" for user in objs for reason in personal_data.erase_blockers(user)
        ]
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        personal_data.account_erase(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            if personal_data.is_former_member(user) or personal_data.erase_blockers(user):
                continue  # kept: the action's confirmation page listed it as protected
            personal_data.account_erase(user=user)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
