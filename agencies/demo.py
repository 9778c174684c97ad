"""The agencies app's demo data (agencies, officials and the positions they hold) and its
loader, run by ``manage.py load_demo`` (:mod:`core.demo_loader`) before the higher apps'.

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

A fact the articles do not give is left out (``None``, an empty string or an empty list), never
guessed. Agencies are referred to by name, officials by full name; higher apps resolve them
with :func:`agency` and :func:`official`.

Natural keys: agency by name, official by full name, position by (official, agency, title),
compared by their folded key, so "Uỷ ban" finds "Ủy ban".
"""

from datetime import date

from core.demo_loader import DemoLoader, find_by_text
from core.text import fold, normalize_text

from .models import Agency, Official, Position

# Agencies. A ``parent`` or ``successor`` names an agency listed earlier in this list.
AGENCIES: list[dict] = [
    # The central party bodies that issue /TW documents (seeds 000, 001, 003, 004;
    # VIETNAMESE.md).
    {"name": "Ban Chấp hành Trung ương", "short_name": "BCHTW", "kind": "party_body"},
    {"name": "Bộ Chính trị", "kind": "party_body"},
    {"name": "Ban Bí thư", "kind": "party_body"},
    # The merged board (VIETNAMESE.md "Agencies change": announced 3/2/2025).
    {
        "name": "Ban Tuyên giáo và Dân vận Trung ương",
        "kind": "party_body",
        "valid_from": date(2025, 2, 3),
        "notes": "Hợp nhất Ban Tuyên giáo Trung ương và Ban Dân vận Trung ương "
        "(công bố ngày 3/2/2025).",
    },
    {
        "name": "Ban Dân vận Trung ương",
        "short_name": "BDVTW",
        "kind": "party_body",
        "valid_to": date(2025, 2, 3),
        "successor": "Ban Tuyên giáo và Dân vận Trung ương",
        # Seed 004 also calls it "Ban Dân vận Trung ương Đảng Cộng sản Việt Nam".
        "notes": "Còn gọi: Ban Dân vận Trung ương Đảng Cộng sản Việt Nam. Hợp nhất vào Ban "
        "Tuyên giáo và Dân vận Trung ương (công bố ngày 3/2/2025).",
    },
    {
        # Not in the seed articles' records; VIETNAMESE.md names it as the other half of the
        # merger (and seed 003's related links mention it).
        "name": "Ban Tuyên giáo Trung ương",
        "kind": "party_body",
        "valid_to": date(2025, 2, 3),
        "successor": "Ban Tuyên giáo và Dân vận Trung ương",
        "notes": "Hợp nhất vào Ban Tuyên giáo và Dân vận Trung ương (công bố ngày 3/2/2025).",
    },
    {"name": "Ban Tổ chức Trung ương", "kind": "party_body"},  # seed 003
    {"name": "Ban Đối ngoại Trung ương", "kind": "party_body"},  # seed 004
    # Bộ Ngoại giao and its bodies (seeds 000, 001, 003).
    {"name": "Bộ Ngoại giao", "kind": "state_body"},
    {
        "name": "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
        "kind": "state_body",
        "parent": "Bộ Ngoại giao",  # seed 000: "Ủy ban Nhà nước về NVNONN, Bộ Ngoại giao"
    },
    {
        # Seed 001: issues 122-CTr/ĐUB and 1066-KH/ĐUB; seed 003: manages the party members
        # of the ministry at home and abroad. VIETNAMESE.md: Bộ Ngoại giao's party body is now
        # Đảng bộ Bộ Ngoại giao (this committee), so BCSĐBNG below is a historical issuer.
        "name": "Đảng ủy Bộ Ngoại giao",
        "short_name": "ĐUB",
        "kind": "party_body",
    },
    {
        "name": "Ban cán sự đảng Bộ Ngoại giao",
        "short_name": "BCSĐBNG",
        "kind": "party_body",
        # VIETNAMESE.md gives no date for the change, so valid_to stays empty.
        "successor": "Đảng ủy Bộ Ngoại giao",
        "notes": "Nay là Đảng bộ Bộ Ngoại giao; BCSĐBNG là cơ quan ban hành trong các văn bản cũ.",
    },
    # Seed 001: issues 45-KH/ĐUNN and 10-CTr/ĐUNN. The article does not place it in a
    # hierarchy, so it has no parent here.
    {"name": "Đảng ủy Ngoài nước", "short_name": "ĐUNN", "kind": "party_body"},
    # State bodies (seeds 001, 003).
    {"name": "Chính phủ", "kind": "state_body"},  # seed 003: issues 169/NQ-CP
    {"name": "Bộ Công an", "kind": "state_body"},  # seeds 001, 003
    {"name": "Bộ Lao động - Thương binh và Xã hội", "kind": "state_body"},  # seed 001
    {"name": "Bộ Giáo dục và Đào tạo", "kind": "state_body"},  # seed 001
    {"name": "Bộ Văn hóa, Thể thao và Du lịch", "kind": "state_body"},  # seed 001
    {"name": "Bộ Tư lệnh Hải quân", "kind": "other"},  # seed 001
    {"name": "Tổng cục Chính trị Quân đội nhân dân Việt Nam", "kind": "other"},  # seed 003
    # The Front and mass organisations at central level (seeds 000, 001, 004).
    {"name": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "kind": "front"},  # seeds 000, 004
    {"name": "Trung ương Đoàn TNCS Hồ Chí Minh", "kind": "mass_org"},  # seeds 000, 001
    {
        # Seed 000 "Trung ương Hội Liên hiệp phụ nữ Việt Nam"; seed 001 "Hội Liên hiệp Phụ nữ
        # Việt Nam": one organisation.
        "name": "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
        "kind": "mass_org",
        "notes": "Còn gọi: Hội Liên hiệp Phụ nữ Việt Nam.",
    },
    {"name": "Liên hiệp các tổ chức hữu nghị Việt Nam", "kind": "mass_org"},  # seeds 000, 003
    {"name": "Hội Chữ thập đỏ Việt Nam", "kind": "mass_org"},  # seed 001
    {"name": "Trung ương Hội Nông dân Việt Nam", "kind": "mass_org"},  # seed 004
    # TP Hồ Chí Minh (seed 002). The seven member organisations are "tổ chức thành viên" of the
    # city's Front committee: members, not units under it, so they get no parent; the
    # membership is kept in their notes.
    {"name": "Ban Thường vụ Thành ủy TP Hồ Chí Minh", "kind": "party_body"},  # issues 14-TT/TU
    {"name": "Ủy ban MTTQ Việt Nam TP Hồ Chí Minh", "kind": "front"},
    *(
        {
            "name": name,
            "kind": "mass_org",
            "notes": "Tổ chức thành viên của Ủy ban MTTQ Việt Nam TP Hồ Chí Minh.",
        }
        for name in (
            "Thành đoàn TP Hồ Chí Minh",
            "Hội Liên hiệp Phụ nữ TP Hồ Chí Minh",
            "Liên đoàn Lao động TP Hồ Chí Minh",
            "Hội Nông dân TP Hồ Chí Minh",
            "Hội Cựu chiến binh TP Hồ Chí Minh",
            "Hội Chữ thập đỏ TP Hồ Chí Minh",
            "Liên hiệp các tổ chức hữu nghị TP Hồ Chí Minh",
        )
    ),
    {"name": "Ủy ban về người Việt Nam ở nước ngoài TP Hồ Chí Minh", "kind": "state_body"},
    # Laos (seed 004).
    {"name": "Ủy ban Trung ương Mặt trận Lào xây dựng đất nước", "kind": "foreign"},
]

# Officials and the titles they hold, each at one agency. No article dates a title, so every
# position is open at both ends (it was held on the dates of the events the seeds report).
OFFICIALS: list[dict] = [
    {
        "full_name": "Bùi Thị Minh Hoài",  # seeds 000 (26/11/2021), 004 (2023)
        "positions": [
            {"agency": "Ban Bí thư", "title": "Bí thư Trung ương Đảng"},
            {"agency": "Ban Dân vận Trung ương", "title": "Trưởng Ban Dân vận Trung ương"},
        ],
    },
    {
        "full_name": "Bùi Thanh Sơn",  # seeds 000 (26/11/2021), 003 (5/7/2022)
        "positions": [
            {
                "agency": "Ban Chấp hành Trung ương",
                "title": "Ủy viên Ban Chấp hành Trung ương Đảng",
            },
            {"agency": "Ban cán sự đảng Bộ Ngoại giao", "title": "Bí thư Ban cán sự đảng"},
            {"agency": "Bộ Ngoại giao", "title": "Bộ trưởng Ngoại giao"},
        ],
    },
    {
        "full_name": "Phạm Quang Hiệu",  # seed 000: received the "Vì sự nghiệp Dân vận" medal
        "positions": [{"agency": "Bộ Ngoại giao", "title": "Thứ trưởng Ngoại giao"}],
    },
    {
        "full_name": "Hà Kim Ngọc",  # seed 001
        "positions": [
            {"agency": "Ban cán sự đảng Bộ Ngoại giao", "title": "Ủy viên Ban cán sự đảng"},
            {"agency": "Bộ Ngoại giao", "title": "Thứ trưởng Bộ Ngoại giao"},
        ],
    },
    {
        "full_name": "Mai Phan Dũng",  # seed 001
        "positions": [
            {
                "agency": "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
                "title": "Phó Chủ nhiệm Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
            }
        ],
    },
    {
        "full_name": "Phạm Tất Thắng",  # seeds 001, 004
        "positions": [
            {"agency": "Ban Chấp hành Trung ương", "title": "Ủy viên Trung ương Đảng"},
            {
                "agency": "Ban Dân vận Trung ương",
                "title": "Phó Trưởng ban Thường trực Ban Dân vận Trung ương",
            },
        ],
    },
    {
        "full_name": "Hoàng Đăng Quang",  # seed 003
        "positions": [
            {"agency": "Ban Chấp hành Trung ương", "title": "Ủy viên Trung ương Đảng"},
            {"agency": "Ban Tổ chức Trung ương", "title": "Phó Trưởng Ban Tổ chức Trung ương"},
        ],
    },
    {
        "full_name": "Nguyễn Minh Vũ",  # seed 003
        "positions": [
            {"agency": "Ban Chấp hành Trung ương", "title": "Ủy viên dự khuyết Trung ương Đảng"},
            {"agency": "Ban cán sự đảng Bộ Ngoại giao", "title": "Phó Bí thư Ban cán sự đảng"},
            {"agency": "Bộ Ngoại giao", "title": "Thứ trưởng Thường trực Bộ Ngoại giao"},
        ],
    },
    {
        "full_name": "Nguyễn Văn Gấu",  # seed 003; a military rank is no position
        "notes": "Thiếu tướng.",
        "positions": [
            {"agency": "Ban Chấp hành Trung ương", "title": "Ủy viên Trung ương Đảng"},
            {
                "agency": "Tổng cục Chính trị Quân đội nhân dân Việt Nam",
                "title": "Phó Chủ nhiệm Tổng cục Chính trị Quân đội nhân dân Việt Nam",
            },
        ],
    },
    {
        "full_name": "Lương Tam Quang",  # seed 003
        "notes": "Thượng tướng.",
        "positions": [
            {"agency": "Ban Chấp hành Trung ương", "title": "Ủy viên Trung ương Đảng"},
            {"agency": "Bộ Công an", "title": "Thứ trưởng Bộ Công an"},
        ],
    },
    {
        "full_name": "Ngô Thanh Sơn",  # seed 002
        "positions": [
            {
                "agency": "Ủy ban MTTQ Việt Nam TP Hồ Chí Minh",
                "title": "Phó Chủ tịch Ủy ban MTTQ Việt Nam TP Hồ Chí Minh",
            }
        ],
    },
    {
        # Seed 004. "Ủy viên Bộ Chính trị" is a seat on Laos' Politburo, not on the Bộ Chính
        # trị above, and the article does not name the party: kept in the notes.
        "full_name": "Xỉn-la-vông Khút-phay-thun",
        "notes": "Ủy viên Bộ Chính trị (Lào).",
        "positions": [
            {
                "agency": "Ủy ban Trung ương Mặt trận Lào xây dựng đất nước",
                "title": "Chủ tịch Ủy ban Trung ương Mặt trận Lào xây dựng đất nước",
            }
        ],
    },
    {
        "full_name": "Trần Hồng Việt",  # seed 004: its author; the department is not named
        "notes": "Tiến sĩ.",
        "positions": [{"agency": "Ban Dân vận Trung ương", "title": "Phó Vụ trưởng"}],
    },
]


def agency(loader: DemoLoader, name: str | None) -> Agency | None:
    """The agency the data calls ``name`` (None for None)."""
    return None if name is None else loader.ref("agency", fold(name), name)


def official(loader: DemoLoader, name: str | None) -> Official | None:
    """The official the data calls ``name`` (None for None)."""
    return None if name is None else loader.ref("official", fold(name), name)


# Where each body sits, the place its documents are dated at (Agency.seat): the central bodies
# in Hà Nội (seed 000: the 90-CTr conference "tại Hà Nội"), the city's bodies in TP. Hồ Chí
# Minh (seed 002). Bộ Tư lệnh Hải quân and the Lao committee: the seeds do not say.
HANOI = "Hà Nội"
#: DOCUMENT_FORM allows "TP. Hồ Chí Minh"; the short form keeps the header's date on one line.
HCMC = "TP. Hồ Chí Minh"

#: Agencies by name and their seat (seeds 000-004; DOCUMENT_FORM "Which form").
SEATS = {
    **dict.fromkeys(
        [
            "Ban Chấp hành Trung ương",
            "Bộ Chính trị",
            "Ban Bí thư",
            "Ban Tuyên giáo và Dân vận Trung ương",
            "Ban Dân vận Trung ương",
            "Ban Tuyên giáo Trung ương",
            "Ban Tổ chức Trung ương",
            "Ban Đối ngoại Trung ương",
            "Bộ Ngoại giao",
            "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
            "Đảng ủy Bộ Ngoại giao",
            "Ban cán sự đảng Bộ Ngoại giao",
            "Chính phủ",
            "Bộ Công an",
            "Bộ Lao động - Thương binh và Xã hội",
            "Bộ Giáo dục và Đào tạo",
            "Bộ Văn hóa, Thể thao và Du lịch",
            "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
            "Trung ương Đoàn TNCS Hồ Chí Minh",
            "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
            "Liên hiệp các tổ chức hữu nghị Việt Nam",
            "Hội Chữ thập đỏ Việt Nam",
            "Trung ương Hội Nông dân Việt Nam",
        ],
        HANOI,
    ),
    **dict.fromkeys(
        [
            "Ban Thường vụ Thành ủy TP Hồ Chí Minh",
            "Ủy ban MTTQ Việt Nam TP Hồ Chí Minh",
            "Thành đoàn TP Hồ Chí Minh",
            "Hội Liên hiệp Phụ nữ TP Hồ Chí Minh",
            "Liên đoàn Lao động TP Hồ Chí Minh",
            "Hội Nông dân TP Hồ Chí Minh",
            "Hội Cựu chiến binh TP Hồ Chí Minh",
            "Hội Chữ thập đỏ TP Hồ Chí Minh",
            "Liên hiệp các tổ chức hữu nghị TP Hồ Chí Minh",
            "Ủy ban về người Việt Nam ở nước ngoài TP Hồ Chí Minh",
        ],
        HCMC,
    ),
}


def load_agencies(loader: DemoLoader, rows: list[dict]) -> None:
    for row in rows:
        name = normalize_text(row["name"])
        existing = find_by_text(
            Agency.objects.filter(search_key__startswith=fold(name)), "name", name
        )
        values = {
            "name": name,
            "short_name": row.get("short_name", ""),
            "kind": row.get("kind", "other"),
            "parent": agency(loader, row.get("parent")),
            "successor": agency(loader, row.get("successor")),
            "valid_from": row.get("valid_from"),
            "valid_to": row.get("valid_to"),
            "notes": row.get("notes", ""),
            "seat": SEATS.get(name, ""),
        }
        loader.remember("agency", fold(name), loader.upsert(Agency, existing, values))


def load_officials(loader: DemoLoader, rows: list[dict]) -> None:
    for row in rows:
        full_name = normalize_text(row["full_name"])
        existing = find_by_text(
            Official.objects.filter(search_key=fold(full_name)), "full_name", full_name
        )
        person = loader.upsert(
            Official, existing, {"full_name": full_name, "notes": row.get("notes", "")}
        )
        loader.remember("official", fold(full_name), person)
        orders: dict[int, int] = {}
        for position in row.get("positions", []):
            body = agency(loader, position["agency"])
            order = orders[body.pk] = orders.get(body.pk, -1) + 1
            existing = find_by_text(
                Position.objects.filter(official=person, agency=body), "title", position["title"]
            )
            values = {
                "official": person,
                "agency": body,
                "title": position["title"],
                "start_date": position.get("start_date"),
                "end_date": position.get("end_date"),
                "order": order,
            }
            loader.upsert(Position, existing, values)


def load_demo(loader: DemoLoader) -> None:
    """Upsert the seed articles' agencies, then officials with their positions."""
    load_agencies(loader, AGENCIES)
    load_officials(loader, OFFICIALS)
