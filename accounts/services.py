"""Writes to a person's own account.

Sign-up, e-mail verification, log-in and passwords belong to django-allauth;
what a person says about themselves (name, organisation, bio, interests,
skills, language) is written here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import User

DISPLAY_NAME_MAX = User._meta.get_field("display_name").max_length
ORGANISATION_MAX = User._meta.get_field("organisation").max_length
BIO_MAX = User._meta.get_field("bio").max_length
# taggit's Tag.name (and our Skill.name) is a CharField(max_length=100).
TAG_MAX = 100


def _clean_tags(names, *, field: str, errors: dict) -> list[str]:
    cleaned = []
    seen = set()
    for name in names or []:
        name = " ".join(str(name).split())
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        if len(name) > TAG_MAX:
            errors.setdefault(field, []).append(
                ValidationError(
                    _("“%(tag)s…” is too long: a tag has at most %(max)d characters.")
                    % {"tag": name[:20], "max": TAG_MAX},
                    code="tag_too_long",
                )
            )
            continue
        cleaned.append(name)
    return cleaned


def profile_update(
    *,
    user: User,
    display_name: str,
    organisation: str = "",
    bio: str = "",
    interests: list[str] | None = None,
    skills: list[str] | None = None,
    preferred_language: str | None = None,
) -> User:
    """Save what a person says about themselves; all or nothing.

    `interests` and `skills` replace the current tags when given (None keeps
    them). The next page is shown in `preferred_language`
    (accounts.middleware.PreferredLanguageMiddleware).
    """
    with transaction.atomic():
        errors: dict[str, list[ValidationError]] = {}
        display_name = " ".join((display_name or "").split())
        organisation = (organisation or "").strip()
        bio = (bio or "").strip()

        if not display_name:
            errors["display_name"] = [
                ValidationError(_("Give the name other members will see."), code="required")
            ]
        elif len(display_name) > DISPLAY_NAME_MAX:
            errors["display_name"] = [
                ValidationError(
                    _("A display name has at most %(max)d characters.") % {"max": DISPLAY_NAME_MAX},
                    code="max_length",
                )
            ]
        if len(organisation) > ORGANISATION_MAX:
            errors["organisation"] = [
                ValidationError(
                    _("An organisation name has at most %(max)d characters.")
                    % {"max": ORGANISATION_MAX},
                    code="max_length",
                )
            ]
        # TextField's max_length is not checked by the database nor by full_clean().
        if len(bio) > BIO_MAX:
            errors["bio"] = [
                ValidationError(
                    _("The short bio has at most %(max)d characters (it has %(length)d).")
                    % {"max": BIO_MAX, "length": len(bio)},
                    code="max_length",
                )
            ]
        if preferred_language is not None and preferred_language not in dict(settings.LANGUAGES):
            errors["preferred_language"] = [
                ValidationError(_("Choose French or English."), code="bad_language")
            ]
        if interests is not None:
            interests = _clean_tags(interests, field="interests", errors=errors)
        if skills is not None:
            skills = _clean_tags(skills, field="skills", errors=errors)
        if errors:
            raise ValidationError(errors)

        user.display_name = display_name
        user.organisation = organisation
        user.bio = bio
        update_fields = ["display_name", "organisation", "bio"]
        if preferred_language is not None:
            user.preferred_language = preferred_language
            update_fields.append("preferred_language")
        user.save(update_fields=update_fields)
        if interests is not None:
            user.interests.set(interests)
        if skills is not None:
            user.skills.set(skills)
        return user
