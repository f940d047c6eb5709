"""Page numbers of every list in the API are bounded: past the last allowed page the
answer is a 422 that names the field, never a server error."""

import pytest

from community.api import MAX_PAGE
from tests.factories import IdeaFactory

LISTS = ["/ideas/", "/ideas/{idea}/comments/", "/products/", "/products/{product}/reviews/", "/me/notifications/"]


@pytest.fixture
def paths(product):
    idea = IdeaFactory()
    return [path.format(idea=idea.pk, product=product.pk) for path in LISTS]


@pytest.mark.parametrize("page", [str(MAX_PAGE + 1), "99999999999999999999", "0", "-3", "two"])
def test_a_page_out_of_bounds_is_a_422_naming_the_field(api, paths, page):
    for path in paths:
        response = api.get(path, page=page)

        assert response.status_code == 422, path
        assert response["Content-Type"] == "application/problem+json"
        assert list(response.json()["errors"]) == ["page"]


def test_the_last_allowed_page_is_empty_and_a_huge_page_size_counts_as_100(api, paths):
    for path in paths:
        last = api.get(path, page=str(MAX_PAGE))
        huge = api.get(path, page_size="99999999999999999999")

        assert last.status_code == 200 and last.json()["items"] == [], path
        assert huge.status_code == 200, path


def test_the_triage_list_is_bounded_too(staff_api):
    response = staff_api.get("/triage/ideas/", page=str(MAX_PAGE + 1))

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["page"]
