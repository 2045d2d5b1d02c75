"""Pages never served stale from the browser's history: after a save, "back" shows the current
figures, and a form submitted again from there carries the current version (no conflict with
oneself). Static files and downloads keep their own caching."""

from django.utils.cache import patch_cache_control


class PagesToujoursFraichesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        est_une_page = reponse.get("Content-Type", "").startswith("text/html")
        if est_une_page and not reponse.has_header("Cache-Control"):
            patch_cache_control(reponse, no_store=True, no_cache=True, must_revalidate=True, private=True)
        return reponse
