"""What the cluster tests talk to. osmem-server speaks OpenSearch's protocol but also
sends Elasticsearch's product header, and refuses the Elasticsearch 8 client's
compatibility media type: so the Elasticsearch engine reaches it through a node that
sends plain JSON (as a real Elasticsearch 8 also accepts), and the OpenSearch engine
through a proxy that drops the product header, as a real OpenSearch cluster answers."""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from elastic_transport import Urllib3HttpNode

PLAIN_JSON = "application/json"
PRODUCT_HEADER = "x-elastic-product"


class PlainJsonNode(Urllib3HttpNode):
    """ELASTICSEARCH_NODE_CLASS for osmem-server."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if "compatible-with" in str(headers.get(name, "")):
                    headers[name] = PLAIN_JSON
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


class OpenSearchAnswers:
    """A proxy in front of osmem-server whose answers carry no X-Elastic-Product."""

    def __init__(self, upstream: str):
        target = urlsplit(upstream)
        host, port = target.hostname, target.port

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                connection = http.client.HTTPConnection(host, port, timeout=30)
                try:
                    connection.request(self.command, self.path, body=body, headers=headers)
                    answer = connection.getresponse()
                    content = answer.read()
                finally:
                    connection.close()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in (PRODUCT_HEADER, "connection", "content-length", "transfer-encoding"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> OpenSearchAnswers:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
