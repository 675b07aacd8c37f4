"""The public API's settings (docs/api.md): read by base.py."""

import environ as _environ

_env = _environ.Env()

# Read-only, JSON only, the same answers for everyone (public data only).
# Throttled per client address (anonymous) or per account, counted in the
# project's cache (Redis in production, shared by every process).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Sessions only: no password is ever sent to the API (the log-in throttle
    # and the second factor stay the only way in).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Throttles, pages and filters: on the API's own views (api/base.py).
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    # REMOTE_ADDR is the client's (uvicorn --proxy-headers, docs/deployment.md):
    # an X-Forwarded-For sent by the client must not choose its own counter.
    "NUM_PROXIES": 0,
    # JSON only: `?format=` is the events' filter, not a renderer switch.
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_THROTTLE_RATES = {
    "anonymous": _env("API_THROTTLE_ANONYMOUS", default="60/min"),
    "account": _env("API_THROTTLE_ACCOUNT", default="600/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Terreau API",
    "DESCRIPTION": "Public, read-only open data: communities, events and citizen "
    "dialogue processes. No personal data beyond public display names.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the drf-spectacular-sidecar package: our static files, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_the_public_api"],
    # Signing in changes only the rate limit: no security scheme to "authorize".
    "AUTHENTICATION_WHITELIST": [],
    "ENUM_NAME_OVERRIDES": {
        "PhaseKindEnum": "processes.models.Phase.Kind",
        "AnswerStatusEnum": "processes.models.Answer.Status",
        "CommitmentStatusEnum": "processes.models.Commitment.Status",
        "ReferralSourceEnum": "api.process_serializers.REFERRAL_SOURCES",
    },
}
