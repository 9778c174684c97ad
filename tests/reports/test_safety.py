"""WeasyPrint fetches nothing but the project's static files: references planted in any text
field are neither requested nor embedded, and even raw markup given to the renderer cannot reach
the network or files outside static/."""

import http.server
import threading

import pytest
from django.utils import timezone

from programs.models import Program, ReviewMeeting, Task, TaskUpdate
from reports.models import ReportKind
from reports.rendering import StaticOnlyURLFetcher, render_report
from reports.rendering.pdf import static_dir
from tests.reports.conftest import needs_poppler, pdf_text, pdf_tool

pytestmark = needs_poppler


class CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        CountingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    """A tiny HTTP server on a free local port that counts the requests it gets."""
    CountingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", CountingHandler.requests
    server.shutdown()
    server.server_close()


def payloads(base: str) -> str:
    return (
        f'<link rel="attachment" href="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{base}/style.css">'
        f'<img src="{base}/img.png"><img src="file:///etc/passwd">'
        f"<style>@import url({base}/import.css); body {{ background: url(file:///etc/passwd) }}"
        f"</style> file:///etc/passwd {base}/plain"
    )


@pytest.mark.django_db
def test_planted_references_in_text_fields_are_not_fetched_nor_embedded(
    seed, http_server, tmp_path
):
    base, requests = http_server
    attack = payloads(base)
    Program.objects.filter(pk=seed["ctr90"].pk).update(title=attack, summary=attack)
    Program.objects.filter(pk=seed["ctr02"].pk).update(title=attack)
    Task.objects.filter(program=seed["ctr90"]).update(title=attack)
    TaskUpdate.objects.update(note=attack)
    ReviewMeeting.objects.update(conclusions=attack, title=attack, approved_report=attack)
    seed["nq25"].__class__.objects.update(title=attack, summary=attack)

    for kind, subject in [
        (ReportKind.PROGRAM_FINAL_REVIEW, seed["ctr90"]),
        (ReportKind.DIRECTIVE_IMPLEMENTATION, seed["nq25"]),
    ]:
        rendered = render_report(
            kind=kind, subject_id=subject.pk, parameters={}, generated_at=timezone.now()
        )
        text = pdf_text(rendered.pdf, tmp_path)
        assert "root:x:0:0" not in text
        assert "file:///etc/passwd" in text  # shown as the text it is
        attachments = pdf_tool("pdfdetach", rendered.pdf, tmp_path, "-list")
        assert attachments.strip().startswith("0 embedded files")
        assert rendered.refused_urls == ()  # escaped: no element ever asked for them
    assert requests == []


@pytest.mark.django_db
def test_raw_markup_given_to_the_renderer_still_fetches_nothing(http_server, tmp_path):
    """Defence in depth: even unescaped markup only reaches static files."""
    from weasyprint import HTML

    base, requests = http_server
    fetcher = StaticOnlyURLFetcher(static_dir())
    html = (
        f"<html><head>{payloads(base)}<link rel='attachment' href='../../../etc/passwd'>"
        "<link rel='stylesheet' href='reports/review.css'></head>"
        "<body><p>Hà Nội</p></body></html>"
    )
    pdf = HTML(string=html, base_url=fetcher.base_url(), url_fetcher=fetcher).write_pdf()
    assert requests == []
    assert pdf_tool("pdfdetach", pdf, tmp_path, "-list").strip().startswith("0 embedded files")
    assert "root:x:0:0" not in pdf_text(pdf, tmp_path)
    assert any("passwd" in url for url in fetcher.refused)
    assert any(url.startswith(base) for url in fetcher.refused)
    assert any(url.endswith("reports/review.css") for url in fetcher.served)
    assert any("LiberationSerif" in url for url in fetcher.served)  # the fonts still load


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/x.css",
        "https://example.com/x.css",
        "ftp://127.0.0.1/x",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://evil.example/static/reports/review.css",
        "STATIC/../../../../etc/passwd",
        "STATIC/fonts/../../../../../etc/hostname",
        "STATIC/no-such-file.css",
        "STATIC/fonts",
    ],
)
def test_fetcher_refuses_everything_outside_static(url):
    fetcher = StaticOnlyURLFetcher(static_dir())
    url = url.replace("STATIC/", fetcher.base_url())
    with pytest.raises(Exception) as caught:
        fetcher.fetch(url)
    assert "Refused" in str(caught.value) or "disallowed" in str(caught.value)
    assert fetcher.served == []


def test_fetcher_serves_static_files_and_data_urls():
    fetcher = StaticOnlyURLFetcher(static_dir())
    font = fetcher.fetch(fetcher.base_url() + "fonts/NotoSerif-Regular.ttf")
    assert len(font.read()) > 100_000
    assert fetcher.fetch("data:text/plain;base64,SGVsbG8=").read() == b"Hello"
