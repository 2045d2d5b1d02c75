"""A session that lasts SESSION_COOKIE_AGE after the last activity, renewed every few minutes
rather than written at every request (SESSION_SAVE_EVERY_REQUEST): that write, an UPDATE of the
session row on every page, cost a tenth of a light page's time. A session thus ends between
SESSION_COOKIE_AGE and SESSION_COOKIE_AGE + RENOUVELLEMENT after the last request."""

from datetime import timedelta

from django.utils import timezone

RENOUVELLEMENT = timedelta(minutes=5)
CLE = "_renouvelee_le"


class SessionGlissanteMiddleware:
    """After SessionMiddleware: marks the session modified when its last renewal is older than
    RENOUVELLEMENT, and SessionMiddleware then saves it with a new expiry and sends the cookie
    again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a signed-in person's session is kept alive (an anonymous visitor with a stale cookie
        # must not get a new session row); without a session key, not even a query to find out. A
        # response from a middleware before authentication has no user at all.
        if session is None or session.session_key is None:
            return reponse
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return reponse
        maintenant = int(timezone.now().timestamp())
        if maintenant - session.get(CLE, 0) >= RENOUVELLEMENT.total_seconds():
            session[CLE] = maintenant
        return reponse
