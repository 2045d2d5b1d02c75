"""gunicorn's settings for production, read automatically from the application's folder.

Threaded workers: a board member's PDF occupies one thread of one worker, not the whole worker, so
`/sante/` and ordinary pages keep answering while reports are prepared (at most PDF_SIMULTANES of
them at once across all processes, see conseil/documents.py). Every value can be overridden from
the environment or the command line.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A PDF of a long report takes seconds, never a minute: past that, something is wrong.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# The master imports the application once and forks its workers: they start in a fraction of the
# time (a second and a half of imports each otherwise) and share its memory. A new release is put in
# service by restarting gunicorn, not by HUP, which would keep the old code.
preload_app = True
# Workers are recycled now and then, so that no slow leak can grow for weeks.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# Bounded request lines and headers; bodies are bounded by the application (TELEVERSEMENT_TAILLE_MAX).
limit_request_line = 8190
limit_request_fields = 100
