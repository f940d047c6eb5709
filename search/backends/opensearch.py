"""The OpenSearch engine (OpenSearch 2 and 3, through opensearch-py and its DSL).
OpenSearch speaks the query language Elasticsearch 7 spoke, so the queries are the
shared ones (search.backends.cluster); only the client differs."""

from __future__ import annotations

from typing import Any

import opensearchpy.helpers
from opensearchpy import OpenSearch, Q, Search
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import TransportError

from search.backends.cluster import ClusterEngine


class OpenSearchEngine(ClusterEngine):
    name = "opensearch"
    Search = Search
    Q = staticmethod(Q)
    helpers = opensearchpy.helpers

    def __init__(self, url: str, prefix: str = "tandem", timeout: float = 2.0, ca_certs: str = ""):
        options: dict[str, Any] = {"timeout": timeout, "max_retries": 0, "retry_on_timeout": False}
        if ca_certs:
            options["ca_certs"] = ca_certs
        super().__init__(OpenSearch(url, **options), prefix)

    def unavailable(self, error: Exception) -> bool:
        if isinstance(error, (OpenSearchConnectionError, opensearchpy.helpers.BulkIndexError)):
            return True
        if isinstance(error, TransportError):
            # Connection-level failures carry no HTTP status ("N/A").
            status = error.status_code
            return not isinstance(status, int) or status >= 500 or status == 404
        return False

    def _create(self, name: str, fields: dict) -> None:
        self.client.indices.create(index=name, body={"mappings": fields})

    def _update_aliases(self, actions: list[dict]) -> None:
        self.client.indices.update_aliases(body={"actions": actions})
