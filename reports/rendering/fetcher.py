"""The only URL fetcher WeasyPrint gets: the project's static files and ``data:`` URLs.

With WeasyPrint's default fetcher, report HTML could make it request internal addresses or embed
local files as PDF attachments (docs/reports.md, "Safety"). This fetcher serves a ``file:`` URL
only when it has no host and names a file inside the static directory (``../`` and symlinks out of
it are resolved first, then refused), passes ``data:`` URLs through, and refuses everything else
without opening a connection. Refusals are recorded on the instance so callers can report them.
"""

import functools
import mimetypes
import ssl
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

URL_REFUSED = "Refused to fetch {url}: reports may only use the project's static files."


@functools.cache
def _no_network_context() -> ssl.SSLContext:
    """An SSL context that trusts nothing, made once per process: the fetcher never opens an
    HTTPS URL (only ``file:`` and ``data:``), and WeasyPrint's fetcher would otherwise load the
    system's certificates for each document it lays out (~0.03-0.04 s, paid by every part of
    a report in parts)."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class StaticOnlyURLFetcher(URLFetcher):
    """Serve ``file:`` URLs inside ``static_dir`` and ``data:`` URLs; refuse the rest."""

    def __init__(self, static_dir: Path | str) -> None:
        super().__init__(
            timeout=2,
            ssl_context=_no_network_context(),
            allowed_protocols=("file", "data"),
            allow_redirects=False,
        )
        self.static_dir = Path(static_dir).resolve()
        self.refused: list[str] = []
        self.served: list[str] = []

    def base_url(self) -> str:
        """The static directory as a ``file:`` URL, for relative links in report HTML."""
        return self.static_dir.as_uri() + "/"

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and (path := self._static_path(url)) is not None:
            self.served.append(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            response_headers = {"Content-Type": content_type}
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), response_headers)
        self.refused.append(url)
        raise URLFetchingError(URL_REFUSED.format(url=url[:200]))

    def _static_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc:
            return None
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if path.is_file() and path.is_relative_to(self.static_dir):
            return path
        return None
