from django.conf import settings


def site(request):
    return {
        "SITE_NAME": "Terreau",
        "OUTBOX_PAGE_ENABLED": settings.OUTBOX_PAGE_ENABLED,
    }
