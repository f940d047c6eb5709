import pytest

from tests.api.conftest import Api


@pytest.fixture
def api(client, board, member):
    client.force_login(member)
    return Api(client)
