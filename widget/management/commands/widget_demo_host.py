"""`make run`'s second site: a page of a pretend company app on another port (another
origin) that embeds the widget and signs its customer's token, as a company's server
would. For trying the widget on a laptop; production never runs it."""

from __future__ import annotations

import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.html import escape

from community import crypto
from community.identity import services as identity
from community.models import ConnectedApp

ISSUER = "tandem-demo-host"
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Cloud (a demo of the Tandem widget)</title>
<style>body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 42rem; padding: 0 1rem; }}
code {{ background: #eef1f5; padding: 0 .25rem; }}</style></head>
<body><main>
<h1>Acme Cloud</h1>
<p>This page stands for your own product, on another origin than the community ({base}).
Your customer is signed in here as <strong>Ada Customer</strong>; the button below opens the
community's widget, which knows her from the token this page's server signed.</p>
<p><button type="button" id="feedback">Give feedback</button></p>
<p>Events from the widget: <output id="events">none yet</output></p>
</main>
<script src="{base}/widget.js"></script>
<script>
  Tandem("init", {{ selector: "#feedback", token: () => fetch("/token").then((r) => r.text()) }});
  Tandem("on", "idea-created", (idea) => {{
    document.getElementById("events").textContent = "idea-created: " + idea.title;
  }});
</script>
</body></html>"""


def demo_app(port: int) -> ConnectedApp:
    """The connected app of the pretend company, allowed to embed the widget on its port."""
    app = ConnectedApp.objects.filter(issuer=ISSUER).first()
    if app is None:
        app = ConnectedApp(
            name="Acme Cloud (demo)", issuer=ISSUER, secret_encrypted=crypto.encrypt(identity.new_secret())
        )
    app.audience = settings.BASE_URL
    app.embed_origins = f"http://127.0.0.1:{port}\nhttp://localhost:{port}"
    app.is_active = True
    app.save()
    return app


def demo_token(app: ConnectedApp) -> str:
    """What the company's server would sign for its signed-in customer, Ada."""
    now = int(time.time())
    claims = {
        "iss": ISSUER, "aud": app.audience, "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex,
        "sub": "acme-ada", "email": "ada.customer@acme.example", "name": "Ada Customer",
        "segment": "Enterprise", "value": 24000,
    }  # fmt: skip
    return jwt.encode(claims, crypto.decrypt(app.secret_encrypted), algorithm="HS256")


class Command(BaseCommand):
    help = "Serve a pretend company page that embeds the widget (make run)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8001)

    def handle(self, *args, port: int, **options):
        app = demo_app(port)
        page = PAGE.format(base=escape(settings.BASE_URL)).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/token":
                    body, kind = demo_token(app).encode(), "text/plain"
                else:
                    body, kind = page, "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.stdout.write(f"The widget demo (a pretend company app) is at http://127.0.0.1:{port}/")
        ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
