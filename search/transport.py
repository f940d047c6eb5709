"""A transport node that speaks plain JSON.

The Elasticsearch 8 client asks for `application/vnd.elasticsearch+json;
compatible-with=8`; OpenSearch-protocol servers (and the in-memory one the tests
use) refuse that media type, while Elasticsearch 8 itself accepts plain JSON just as
well. Chosen with ELASTICSEARCH_NODE_CLASS = "search.transport.PlainJsonNode".
"""

from elastic_transport import Urllib3HttpNode

PLAIN_JSON = "application/json"


class PlainJsonNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if "compatible-with" in str(headers.get(name, "")):
                    headers[name] = PLAIN_JSON
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)
