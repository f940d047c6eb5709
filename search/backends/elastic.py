"""The Elasticsearch engine (Elasticsearch 8, through the elasticsearch client and
its `elasticsearch.dsl`). The client checks that it talks to Elasticsearch: pointed at
an OpenSearch cluster it refuses every answer (UnsupportedProductError), the database
answers and /readyz says why; OpenSearch has its own engine (search.backends.opensearch)."""

from __future__ import annotations

from typing import Any

import elasticsearch.helpers
from django.utils.module_loading import import_string
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, UnsupportedProductError
from elasticsearch.dsl import Q, Search

from search.backends.cluster import ClusterEngine


class ElasticEngine(ClusterEngine):
    name = "elasticsearch"
    Search = Search
    Q = staticmethod(Q)
    helpers = elasticsearch.helpers

    def __init__(
        self, url: str, prefix: str = "tandem", timeout: float = 2.0, ca_certs: str = "", node_class: str = ""
    ):
        options: dict[str, Any] = {"request_timeout": timeout, "max_retries": 0, "retry_on_timeout": False}
        if ca_certs:
            options["ca_certs"] = ca_certs
        if node_class:
            options["node_class"] = import_string(node_class)
        super().__init__(Elasticsearch(url, **options), prefix)

    def unavailable(self, error: Exception) -> bool:
        if isinstance(error, (TransportError, elasticsearch.helpers.BulkIndexError, UnsupportedProductError)):
            return True
        return isinstance(error, ApiError) and (error.status_code >= 500 or error.status_code == 404)

    def _create(self, name: str, fields: dict) -> None:
        self.client.indices.create(index=name, mappings=fields)

    def _update_aliases(self, actions: list[dict]) -> None:
        self.client.indices.update_aliases(actions=actions)
