"""Deleting a user from the Wagtail admin erases them like every other way."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from accounts import personal_data


@hooks.register("before_delete_user")
def erase_instead_of_delete(request, user):
    """Wagtail would delete the row and leave the person's name and address
    on their registrations and sections; the eraser anonymises them."""
    if request.method != "POST":
        return None
    try:
        personal_data.account_erase(user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("wagtailusers_users:edit", user.pk)
    messages.success(request, _("The user is erased."))
    return redirect("wagtailusers_users:index")


@hooks.register("before_bulk_action")
def erase_instead_of_bulk_delete(request, action_type, objects, action_class_instance):
    """The user listing's bulk delete would delete the rows directly."""
    if action_type != "delete" or not objects or objects[0]._meta.model is not get_user_model():
        return None
    erased = 0
    for user in objects:
        try:
            personal_data.account_erase(user=user)
        except ValidationError as error:
            messages.error(request, f"{user}: {' '.join(error.messages)}")
        else:
            erased += 1
    if erased:
        messages.success(request, _("Users erased: %(count)d.") % {"count": erased})
    return redirect(action_class_instance.next_url)
