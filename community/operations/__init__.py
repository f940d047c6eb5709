"""Running Tandem in production: the client's address behind proxies, request ids and
JSON logs, metrics, worker and beat heartbeats, retention. Nothing here is a feature;
it is what operators read and tune (docs/production.md)."""
