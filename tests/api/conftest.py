import json

import pytest


class Api:
    """Calls /api/v1/ with JSON, as a signed-in member or signed out."""

    def __init__(self, client):
        self.client = client

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params)

    def send(self, method, path, body=None):
        data = json.dumps(body) if body is not None else ""
        return getattr(self.client, method)(f"/api/v1{path}", data=data, content_type="application/json")

    def post(self, path, body=None):
        return self.send("post", path, body)

    def patch(self, path, body=None):
        return self.send("patch", path, body)

    def delete(self, path):
        return self.send("delete", path)


@pytest.fixture
def anonymous_api(client, board):
    return Api(client)


@pytest.fixture
def api(client, board, member):
    client.force_login(member)
    return Api(client)


@pytest.fixture
def staff_api(client, board, staff):
    client.force_login(staff)
    return Api(client)
