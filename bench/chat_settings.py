"""Settings of the daphne servers that bench/chat.py starts.

The test settings (fast hashing, e-mail in memory) with the per-member rate
limit off: the benchmark's single sender posts 20 messages a second, twenty
times what a member may. Everything else is the production code path.
"""

from terreau.settings.test import *  # noqa: F401,F403

DISCUSSIONS_RATE_LIMIT = None
# Persistent database connections, as a production deployment would set
# (CONN_MAX_AGE): without them every database_sync_to_async call connects anew.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}

if __import__("os").environ.get("BENCH_LAYER") == "core":
    # For comparison: the list-based layer (one Redis pop per socket and message).
    CHANNEL_LAYERS = {  # noqa: F405
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},  # noqa: F405
        }
    }
