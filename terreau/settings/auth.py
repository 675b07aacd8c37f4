"""Accounts, log-in and the second factor: read by base.py.

Who may log in and how (django-allauth, the login throttle, two-factor
authentication); docs/security.md says why each value is what it is.
"""

import environ as _environ

_env = _environ.Env()

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a log-in once the account or the address has failed too
    # often, for every login form (accounts/throttle.py, docs/security.md).
    "accounts.throttle.LoginThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "communities:mine"
SITE_ID = 1

# django-allauth: the e-mail address is the identifier and must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"  # links in its e-mails from SITE_URL
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Terreau] "
# Failed log-ins are counted by accounts/throttle.py for every form (site,
# Wagtail, Django admin): allauth's own failure counter would be a second rule.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
LOGIN_THROTTLE = {"per_account": (5, 15 * 60), "per_address": (20, 15 * 60)}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")

# Two-factor authentication (docs/security.md): an authenticator app (TOTP)
# and recovery codes, for everyone; required for the roles below, whose
# predicates accounts/second_factor.py asks.
MFA_ADAPTER = "accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Terreau"
# One 30-second step either side: a code typed as it changes, a phone's clock
# slightly off. Each code is accepted once.
MFA_TOTP_TOLERANCE = 1
# The code step throttled like passwords (accounts/throttle.py).
MFA_FORMS = {
    "authenticate": "accounts.mfa.AuthenticateForm",
    "reauthenticate": "accounts.mfa.ReauthenticateForm",
}
SECOND_FACTOR_REQUIRED_FOR = [
    "roles.predicates.is_site_staff",
    "roles.predicates.is_cultivator",
    "roles.predicates.is_gardener",
]
# Wagtail's and the Django admin's log-in addresses, and Wagtail's log-in for
# private pages, lead to the site's form (terreau/urls.py, accounts/views.py).
