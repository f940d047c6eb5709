"""`python -m tests.oidc_provider PORT REDIRECT_URI CLIENT_ID CLIENT_SECRET`: migrates a
fresh database, makes the customer "ada" (password "correct-horse") and the client, then
serves until killed. Prints "ready" once it answers."""

import os
import sys
import tempfile

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def main() -> None:
    port, redirect_uri, client_id, client_secret = sys.argv[1:5]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    os.environ["OIDC_PROVIDER_KEY"] = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    os.environ["OIDC_PROVIDER_DB"] = os.path.join(tempfile.mkdtemp(), "provider.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    User.objects.create_user(
        "ada", "ada.lovelace@acme.example", "correct-horse", first_name="Ada", last_name="Lovelace"
    )
    Application.objects.create(
        name="Tandem",
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    run("127.0.0.1", int(port), get_wsgi_application(), threading=True)


main()
