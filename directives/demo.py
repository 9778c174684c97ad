"""The directives app's demo data (directives and the links between them) and its loader,
run by ``manage.py load_demo`` (:mod:`core.demo_loader`) after the agencies app's.

The data are facts taken from the five seed articles, nothing invented. Every entry names the
seed it comes from in a comment:

- seed 000: Báo Quốc tế, Hội nghị Tổng kết 5 năm Chương trình phối hợp 90 (Hà Nội, 26/11/2021);
- seed 001: Đoàn công tác Ban Dân vận Trung ương làm việc với Ban cán sự đảng Bộ Ngoại giao
  về Nghị quyết 25 và Kết luận 43 (25/7/2024);
- seed 002: TP Hồ Chí Minh ký kết chương trình phối hợp đối ngoại nhân dân và công tác người Việt
  Nam ở nước ngoài 2024-2029 (published 01/11/2024);
- seed 003: Hội nghị tổng kết Quy định 228-QĐ/TW (5/7/2022);
- seed 004: Hoạt động đối ngoại trong lĩnh vực công tác dân vận năm 2023 (29/5/2024);
- VIETNAMESE.md: the project's notes on Vietnamese documents (issuing bodies of the /TW
  documents, the date of 169/NQ-CP, the 2025 merger of the central party boards).

A fact the articles do not give is left out, never guessed. Issuing bodies are referred to by
agency name (:func:`agencies.demo.agency`); directives by identifier, which higher apps resolve
with :func:`directive`.

Natural keys: directive by (identifier key, date of issue); link by (source, kind, target).
"""

from datetime import date

from agencies.demo import agency
from core.demo_loader import DemoLoader
from core.identifiers import parse_identifier

from .models import Directive, DirectiveLink

# Directives, each unique on (identifier, date of issue). A missing date or issuing body is one
# the seeds do not give.
DIRECTIVES: list[dict] = [
    {
        "identifier": "25-NQ/TW",  # seed 000
        "issued_on": date(2013, 6, 3),
        "issuing_body": "Ban Chấp hành Trung ương",
        "title": "Về tăng cường sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới",
    },
    {
        "identifier": "36-NQ/TW",  # seed 001
        "issued_on": date(2004, 3, 26),
        "issuing_body": "Bộ Chính trị",
        "title": "Về công tác đối với người Việt Nam ở nước ngoài",
    },
    {
        # The date and subject are VIETNAMESE.md's ("45-CT/TW of 19/5/2015 (Vietnamese
        # abroad)"); seed 003 names it among the Politburo's documents on Vietnamese abroad.
        "identifier": "45-CT/TW",
        "issued_on": date(2015, 5, 19),
        "issuing_body": "Bộ Chính trị",
    },
    # Seed 000 only lists it among the focus documents: no date, no body, no subject.
    {"identifier": "14-KL/TW"},
    {
        "identifier": "12-KL/TW",  # seeds 000, 001, 003, 004
        "issued_on": date(2021, 8, 12),
        "issuing_body": "Bộ Chính trị",
        "title": "Về công tác người Việt Nam ở nước ngoài trong tình hình mới",
    },
    # Seed 001 (no date or subject); issued by Ban Bí thư per VIETNAMESE.md.
    {"identifier": "43-KL/TW", "issuing_body": "Ban Bí thư"},
    {
        "identifier": "228-QĐ/TW",  # seed 003
        "issued_on": date(2014, 2, 7),
        "issuing_body": "Ban Bí thư",
        "title": "Về nhiệm vụ của đảng viên và công tác quản lý đảng viên ở nước ngoài",
        # Seed 003: a new regulation to replace it was being drafted in 2022 (not yet issued).
        "summary": "Năm 2022 đã tổng kết 8 năm thực hiện và góp ý dự thảo Quy định mới thay thế "
        "Quy định 228, kiến nghị Ban Bí thư ban hành.",
    },
    {
        "identifier": "169/NQ-CP",  # seed 003; dated 31/12/2021 per VIETNAMESE.md
        "issued_on": date(2021, 12, 31),
        "issuing_body": "Chính phủ",
        "title": "Ban hành Chương trình hành động của Chính phủ tiếp tục đẩy mạnh thực hiện "
        "Nghị quyết 36-NQ/TW, Chỉ thị 45-CT/TW và Kết luận 12-KL/TW của Bộ Chính trị về "
        "công tác người Việt Nam ở nước ngoài giai đoạn 2021-2026",
    },
    {
        "identifier": "21-NQ/TW",  # seed 003: "Nghị quyết số 21 Hội nghị Trung ương 5"
        "issued_on": date(2022, 6, 16),
        "issuing_body": "Ban Chấp hành Trung ương",
        "summary": "Nghị quyết Hội nghị Trung ương 5 (khóa XIII); yêu cầu “Tăng cường công tác "
        "quản lý đảng viên ở ngoài nước và đảng viên ra nước ngoài công tác, học tập, lao "
        "động…”.",
    },
    {
        "identifier": "34-NQ/TW",  # seed 004
        "issued_on": date(2023, 1, 9),
        "issuing_body": "Bộ Chính trị",
        "title": "Về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại "
        "Đại hội XIII của Đảng",
    },
    {
        "identifier": "01-ĐA/TW",  # seed 004
        "issued_on": date(2022, 3, 3),
        "issuing_body": "Ban Bí thư",
        "title": "Về tăng cường và nâng cao hiệu quả quan hệ đối ngoại đảng đến năm 2025",
    },
    {
        "identifier": "12-CT/TW",  # seeds 002, 004
        "issued_on": date(2022, 1, 5),
        "issuing_body": "Ban Bí thư",
        "title": "Về tăng cường và nâng cao hiệu quả công tác đối ngoại nhân dân "
        "trong tình hình mới",
    },
    {
        "identifier": "15-CT/TW",  # seed 004
        "issued_on": date(2022, 8, 10),
        "issuing_body": "Ban Bí thư",
        "title": "Về công tác ngoại giao kinh tế phục vụ phát triển đất nước đến năm 2030",
    },
    {
        "identifier": "14-TT/TU",  # seed 002 (no date)
        "issuing_body": "Ban Thường vụ Thành ủy TP Hồ Chí Minh",
        "title": "Về công tác đối ngoại nhân dân",
    },
    # Implementing documents (seed 001), written as the article writes them.
    {
        "identifier": "122- CTr/ĐUB",
        "type_name": "Chương trình hành động",
        "issued_on": date(2013, 9, 12),
        "issuing_body": "Đảng ủy Bộ Ngoại giao",
        "title": "Thực hiện Nghị quyết 25",
    },
    {
        "identifier": "1066-KH/ĐUB",
        "issued_on": date(2019, 5, 27),
        "issuing_body": "Đảng ủy Bộ Ngoại giao",
        "title": "Triển khai thực hiện Kết luận số 43",
    },
    {
        "identifier": "45-KH/ĐUNN",
        "issued_on": date(2013, 6, 24),
        "issuing_body": "Đảng ủy Ngoài nước",
        "title": "Về việc tổ chức học tập, quán triệt, triển khai thực hiện Nghị quyết 25",
    },
    {
        "identifier": "10- CTr/ĐUNN",
        "type_name": "Chương trình hành động",
        "issued_on": date(2013, 8, 14),
        "issuing_body": "Đảng ủy Ngoài nước",
        "title": "Thực hiện Nghị quyết 25",
    },
]

# Links from a newer directive to an older one: (source, kind, target), by identifier (each
# identifier occurs once above).
DIRECTIVE_LINKS: list[tuple[str, str, str]] = [
    ("43-KL/TW", "continues", "25-NQ/TW"),  # seed 001 (10 năm NQ 25, 5 năm KL 43); DOMAIN.md
    ("169/NQ-CP", "implements", "36-NQ/TW"),  # seed 003
    ("169/NQ-CP", "implements", "45-CT/TW"),  # seed 003
    ("169/NQ-CP", "implements", "12-KL/TW"),  # seed 003
    ("122-CTr/ĐUB", "implements", "25-NQ/TW"),  # seed 001
    ("1066-KH/ĐUB", "implements", "43-KL/TW"),  # seed 001
    ("45-KH/ĐUNN", "implements", "25-NQ/TW"),  # seed 001
    ("10-CTr/ĐUNN", "implements", "25-NQ/TW"),  # seed 001
]


def directive(loader: DemoLoader, identifier: str) -> Directive:
    """The directive the data cites as ``identifier`` (in any spelling)."""
    return loader.ref("directive", parse_identifier(identifier).key, identifier)


def load_directives(loader: DemoLoader, rows: list[dict]) -> None:
    for row in rows:
        parsed = parse_identifier(row["identifier"])
        issued_on = row.get("issued_on")
        existing = Directive.objects.filter(identifier_key=parsed.key, issued_on=issued_on).first()
        values = {
            "identifier": row["identifier"],
            "type_name": row.get("type_name", ""),
            "issuing_body": agency(loader, row.get("issuing_body")),
            "issued_on": issued_on,
            "title": row.get("title", ""),
            "summary": row.get("summary", ""),
            "status": row.get("status", "in_force"),
        }
        loader.remember("directive", parsed.key, loader.upsert(Directive, existing, values))


def load_directive_links(loader: DemoLoader, rows: list[tuple[str, str, str]]) -> None:
    for source_id, kind, target_id in rows:
        source, target = directive(loader, source_id), directive(loader, target_id)
        existing = DirectiveLink.objects.filter(source=source, kind=kind, target=target).first()
        loader.upsert(DirectiveLink, existing, {"source": source, "kind": kind, "target": target})


def load_demo(loader: DemoLoader) -> None:
    """Upsert the seed articles' directives, then the links between them."""
    load_directives(loader, DIRECTIVES)
    load_directive_links(loader, DIRECTIVE_LINKS)
