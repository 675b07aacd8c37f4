"""The Wagtail image library's forms (WAGTAILIMAGES_IMAGE_FORM_BASE).

Kept apart from cms/forms.py: Wagtail's image forms module queries
collections when imported, which must not happen while the models load.
"""

import struct

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class ReadableImageField(WagtailImageField):
    """Wagtail's image field, with a clear message for a damaged file.

    Wagtail opens the upload to check its size in pixels; a truncated or
    corrupt file (a GIF cut short, say) then raises from Pillow inside form
    validation and the editor got a server error. Any such failure is a
    validation error instead, and nothing is stored.
    """

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error,
                Image.DecompressionBombError):
            raise ValidationError(
                _("This file is not a readable image: it may be damaged or cut short. "
                  "Save it again from an image editor and upload it again."),
                code="unreadable_image",
            ) from None


class ImageForm(BaseImageForm):
    """The base of every Wagtail image form (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

    file = ReadableImageField(label=_("File"))
