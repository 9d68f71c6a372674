"""The web application: server-rendered pages and a JSON API over the services."""

from casefile.web.app import create_app

__all__ = ["create_app"]
