"""What a person locked out by django-axes reads, and how an administrator lifts the lock.

The lock falls on one username from one address (see AXES_LOCKOUT_PARAMETERS): a colleague's typos
behind the office's single public address never lock anyone else out.
"""

from axes.conf import settings as reglages_axes
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone

GABARIT = "registration/verrouille.html"


def fin_du_blocage(username, adresse, duree):
    """When the lock on `username` from `adresse` ends: the cool-off runs from the last failure."""
    derniere = AccessAttempt.objects.filter(username=username, ip_address=adresse).aggregate(
        derniere=Max("attempt_time")
    )["derniere"]
    return (derniere or timezone.now()) + duree


def reponse_de_verrouillage(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lock page, saying until when (axes' own context gives a duration)."""
    duree = get_cool_off(request)
    username = get_client_username(request, credentials) or ""
    contexte = {
        "username": username,
        "duree_minutes": int(duree.total_seconds() // 60),
        "jusqu_a": fin_du_blocage(username, getattr(request, "axes_ip_address", None), duree),
    }
    return render(request, GABARIT, contexte, status=reglages_axes.AXES_HTTP_RESPONSE_CODE)


def lever_le_blocage(username, adresse):
    """Forget the failures of `username` from `adresse`; returns how many records went."""
    return AxesProxyHandler.reset_attempts(username=username, ip_address=adresse)


def lever_le_blocage_du_compte(username):
    """Forget every failure of `username`, from any address (after a password reset)."""
    return AxesProxyHandler.reset_attempts(username=username)
