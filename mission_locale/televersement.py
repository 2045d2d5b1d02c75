"""Request bodies bounded before they are read: an upload above the limit is refused at once, not
after the server has received (and written to disk) hundreds of megabytes.

The reverse proxy refuses them first in production (nginx `client_max_body_size 12m;`, see the
README); this is the application's own guard, for a request that carries its length
(`TeleversementTropLourdMiddleware`) and for one that does not (`PlafondDeTeleversement`, an upload
handler that stops reading past the limit).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse
from django.template.loader import render_to_string


def page_trop_lourde():
    limite = settings.TELEVERSEMENT_TAILLE_MAX // (1024 * 1024)
    return HttpResponse(
        render_to_string("413.html", {"limite_mo": limite}),
        status=413,
        headers={"Connection": "close"},
    )


class TeleversementTropLourdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            longueur = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            longueur = 0
        if longueur > settings.TELEVERSEMENT_TAILLE_MAX:
            return page_trop_lourde()
        return self.get_response(request)


class PlafondDeTeleversement(FileUploadHandler):
    """Stops a multipart upload as soon as more than TELEVERSEMENT_TAILLE_MAX bytes have come in;
    the form then sees no file and says so."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.recus = 0

    def receive_data_chunk(self, raw_data, start):
        self.recus += len(raw_data)
        if self.recus > settings.TELEVERSEMENT_TAILLE_MAX:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
