"""Exports and uploads through Django's storage API: private exports in their own
storage, S3-compatible object storage with signed, expiring download links (checked
against moto's S3 server, not against AWS), and a storage that refuses writes."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.core.files.storage import storages
from django.urls import reverse
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from community.models import DataExport
from community.operations import health
from community.privacy import services as privacy
from tests.factories import MemberFactory
from tests.faults.redis_server import free_port

BUCKET = "tandem-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


@pytest.fixture
def exports_in_s3(s3_endpoint, monkeypatch, settings):
    endpoint, client = s3_endpoint
    settings.EXPORT_LINK_SECONDS = 120
    storage = S3Storage(
        bucket_name=BUCKET,
        endpoint_url=endpoint,
        region_name="us-east-1",
        access_key="k",
        secret_key="s",
        location="private",
        querystring_auth=True,
        querystring_expire=120,
        signature_version="s3v4",
        file_overwrite=False,
        default_acl=None,
    )  # fmt: skip, the options config.settings.base gives for STORAGE_BACKEND=s3
    monkeypatch.setattr(DataExport._meta.get_field("file"), "storage", storage)
    return client


def test_exports_are_kept_apart_from_public_uploads(settings):
    from config.settings import base

    assert base.STORAGES["exports"]["OPTIONS"]["location"] == base.EXPORTS_ROOT
    assert not str(base.EXPORTS_ROOT).startswith(str(base.MEDIA_ROOT))
    assert DataExport._meta.get_field("file").storage is storages["exports"]


@pytest.mark.django_db
def test_an_export_in_object_storage_downloads_through_a_signed_link_that_expires(
    client, exports_in_s3, django_capture_on_commit_callbacks
):
    member = MemberFactory(email="grace@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        export = privacy.request_export(member)
    export.refresh_from_db()
    keys = [item["Key"] for item in exports_in_s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"private/{export.file.name}" in keys

    client.force_login(MemberFactory())
    assert client.get(reverse("privacy_download", args=[export.pk])).status_code == 404
    client.force_login(member)
    response = client.get(reverse("privacy_download", args=[export.pk]))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    link = urlsplit(response["Location"])
    query = parse_qs(link.query)
    assert query["X-Amz-Expires"] == ["120"]
    assert "X-Amz-Signature" in query
    assert query["response-content-disposition"][0].startswith("attachment; filename=")
    download = requests.get(response["Location"], timeout=10)
    assert download.status_code == 200
    assert json.loads(download.content)["account"]["email"] == "grace@example.org"
    assert download.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_a_storage_that_refuses_writes_keeps_the_export_waiting_and_readyz_says_so(client, monkeypatch, settings):
    settings.CELERY_BROKER_URL = settings.NO_BROKER
    member = MemberFactory()
    export = DataExport.objects.create(member=member)
    storage = DataExport._meta.get_field("file").storage

    def refuse(*args, **kwargs):
        raise PermissionError("the bucket is read-only")

    monkeypatch.setattr(storage, "save", refuse)
    monkeypatch.setattr(storages["default"], "save", refuse)
    with pytest.raises(PermissionError):
        privacy.build_export(export.pk)  # the task retries it (autoretry_for OSError)
    export.refresh_from_db()
    assert export.status == DataExport.Status.PENDING
    assert not export.file
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["storage"] == {"status": "down", "error": "PermissionError"}
    assert health.collect()[0] == "degraded"
