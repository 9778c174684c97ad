"""A generated national-scale database for benchmarks (``manage.py generate_data``).

At ``scale=1`` (issue 14): 2,000 agencies, 3,000 officials and their positions, 5,000
directives, 10,000 programs, 30,000 signatories, 200,000 tasks and as many progress updates,
5,000 review meetings, and ~460,000 history rows; every size is multiplied by ``scale``.

- **Deterministic**: one ``random.Random(seed)`` drives every choice, and dates hang on a fixed
  day (:data:`ANCHOR`), so the same seed and scale give the same identifiers, names and dates.
- **Realistic**: Vietnamese provinces, ministries, "Ban …" bodies and mass organisations,
  officials' names, identifiers in the official forms ("25-NQ/TW", "169/NQ-CP",
  "12-CTr/BDVTU-MTTQ"), a few directives cited by many programs and a few agencies leading
  many tasks (the skew real data has).
- **Every constraint respected**: rows go through the models' own normalisation
  (``normalize()``: canonical identifiers, folded search keys), identifiers are unique on
  (key, date), periods are ordered, done tasks are at 100 %, updates never repeat.
- **History as the app writes it**: each row gets its "created" historical record
  (``simple_history``'s ``bulk_create_with_history``) with :data:`CHANGE_REASON`. The
  many-to-many links (based on, reviewed programs, participants) are written without
  historical link rows.
- **Bounded memory**: programs and what hangs off them are written in chunks; only ids and
  short codes of the lower levels are kept.
- **Fast on PostgreSQL** (:func:`bulk_load`): the tables' secondary indexes (the trigram GIN
  ones above all) are dropped before the load and built again from their own definitions
  afterwards, failure or not, since one build is far cheaper than maintaining them row by row;
  rows and their history go in with ``COPY`` (ids drawn from the tables' sequences, so the
  same ids as ``bulk_create`` would give); commits do not wait for the disk; the tables are
  vacuumed and analysed at the end. Unique indexes and foreign keys stay: every constraint is
  checked as the rows go in. SQLite takes the plain ``bulk_create_with_history`` path.
"""

import datetime
import hashlib
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_change_reason_from_object

from agencies.models import Agency, AgencyKind, Official, Position
from core.models import IdentifiedModel, NormalizedModel
from directives.models import Directive, DirectiveStatus

from .models import (
    MeetingFormat,
    MeetingKind,
    Program,
    ProgramKind,
    ProgramStatus,
    ReviewMeeting,
    Signatory,
    Task,
    TaskStatus,
    TaskUpdate,
)

#: The day the generated data is "as of" (dates are drawn around it, never from today).
ANCHOR = datetime.date(2026, 1, 1)
CHANGE_REASON = "Generated data (generate_data)"
BATCH = 2000
#: Programs written per transaction (with their parties, tasks and updates).
PROGRAM_CHUNK = 500

#: Sizes at scale 1.
SIZES = {
    "agencies": 2000,
    "officials": 3000,
    "directives": 5000,
    "programs": 10000,
    "tasks_per_program": 20,
    "meetings": 5000,
}

PROVINCES = [
    "Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "An Giang",
    "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh",
    "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
]  # fmt: skip
CITIES = {"Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}

CENTRAL = [
    ("Ban Chấp hành Trung ương", "BCHTW", AgencyKind.PARTY_BODY),
    ("Bộ Chính trị", "BCT", AgencyKind.PARTY_BODY),
    ("Ban Bí thư", "BBT", AgencyKind.PARTY_BODY),
    ("Ban Dân vận Trung ương", "BDVTW", AgencyKind.PARTY_BODY),
    ("Ban Tổ chức Trung ương", "BTCTW", AgencyKind.PARTY_BODY),
    ("Ban Tuyên giáo Trung ương", "BTGTW", AgencyKind.PARTY_BODY),
    ("Ban Đối ngoại Trung ương", "BĐNTW", AgencyKind.PARTY_BODY),
    ("Ban Nội chính Trung ương", "BNCTW", AgencyKind.PARTY_BODY),
    ("Ban Kinh tế Trung ương", "BKTTW", AgencyKind.PARTY_BODY),
    ("Ủy ban Kiểm tra Trung ương", "UBKTTW", AgencyKind.PARTY_BODY),
    ("Văn phòng Trung ương Đảng", "VPTW", AgencyKind.PARTY_BODY),
    ("Chính phủ", "CP", AgencyKind.STATE_BODY),
    ("Thủ tướng Chính phủ", "TTg", AgencyKind.STATE_BODY),
    ("Quốc hội", "QH", AgencyKind.STATE_BODY),
    ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "MTTW", AgencyKind.FRONT),
    ("Trung ương Hội Liên hiệp Phụ nữ Việt Nam", "HLHPNVN", AgencyKind.MASS_ORGANISATION),
    ("Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", "TWĐTN", AgencyKind.MASS_ORGANISATION),
    ("Trung ương Hội Nông dân Việt Nam", "HNDVN", AgencyKind.MASS_ORGANISATION),
    ("Trung ương Hội Cựu chiến binh Việt Nam", "HCCBVN", AgencyKind.MASS_ORGANISATION),
    ("Tổng Liên đoàn Lao động Việt Nam", "TLĐ", AgencyKind.MASS_ORGANISATION),
    ("Ủy ban Nhà nước về người Việt Nam ở nước ngoài", "UBNV", AgencyKind.STATE_BODY),
    ("Đảng ủy Ngoài nước", "ĐUNN", AgencyKind.PARTY_BODY),
]
MINISTRIES = [
    ("Bộ Ngoại giao", "BNG"), ("Bộ Công an", "BCA"), ("Bộ Quốc phòng", "BQP"),
    ("Bộ Nội vụ", "BNV"), ("Bộ Tư pháp", "BTP"), ("Bộ Tài chính", "BTC"),
    ("Bộ Kế hoạch và Đầu tư", "BKHĐT"), ("Bộ Công Thương", "BCT"),
    ("Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT"), ("Bộ Giao thông vận tải", "BGTVT"),
    ("Bộ Xây dựng", "BXD"), ("Bộ Tài nguyên và Môi trường", "BTNMT"),
    ("Bộ Thông tin và Truyền thông", "BTTTT"), ("Bộ Lao động - Thương binh và Xã hội", "BLĐTBXH"),
    ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"), ("Bộ Khoa học và Công nghệ", "BKHCN"),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT"), ("Bộ Y tế", "BYT"), ("Ủy ban Dân tộc", "UBDT"),
    ("Ngân hàng Nhà nước Việt Nam", "NHNN"), ("Thanh tra Chính phủ", "TTCP"),
]  # fmt: skip
MINISTRY_UNITS = [
    ("Vụ Tổ chức cán bộ", "VTCCB"), ("Vụ Pháp chế", "VPC"), ("Văn phòng", "VP"),
    ("Vụ Hợp tác quốc tế", "VHTQT"), ("Thanh tra", "TT"), ("Vụ Kế hoạch - Tài chính", "VKHTC"),
    ("Ban cán sự đảng", "BCSĐ"), ("Đảng ủy", "ĐU"), ("Công đoàn", "CĐ"), ("Đoàn Thanh niên", "ĐTN"),
]  # fmt: skip
#: Bodies of a province: (name pattern, code, kind, under the provincial party committee or
#: the people's committee or nobody).
PROVINCIAL = [
    ("Ban Dân vận {tu}", "BDVTU", AgencyKind.PARTY_BODY, "party"),
    ("Ban Tổ chức {tu}", "BTCTU", AgencyKind.PARTY_BODY, "party"),
    ("Ban Tuyên giáo {tu}", "BTGTU", AgencyKind.PARTY_BODY, "party"),
    ("Ban Nội chính {tu}", "BNCTU", AgencyKind.PARTY_BODY, "party"),
    ("Ủy ban Kiểm tra {tu}", "UBKTTU", AgencyKind.PARTY_BODY, "party"),
    ("Văn phòng {tu}", "VPTU", AgencyKind.PARTY_BODY, "party"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam {p}", "MTTQ", AgencyKind.FRONT, None),
    ("Hội Liên hiệp Phụ nữ {p}", "HLHPN", AgencyKind.MASS_ORGANISATION, None),
    ("Hội Nông dân {p}", "HND", AgencyKind.MASS_ORGANISATION, None),
    ("Hội Cựu chiến binh {p}", "HCCB", AgencyKind.MASS_ORGANISATION, None),
    ("Liên đoàn Lao động {p}", "LĐLĐ", AgencyKind.MASS_ORGANISATION, None),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh {p}", "ĐTN", AgencyKind.MASS_ORGANISATION, None),
    ("Sở Ngoại vụ {p}", "SNgV", AgencyKind.STATE_BODY, "state"),
    ("Sở Nội vụ {p}", "SNV", AgencyKind.STATE_BODY, "state"),
    ("Sở Tư pháp {p}", "STP", AgencyKind.STATE_BODY, "state"),
    ("Sở Tài chính {p}", "STC", AgencyKind.STATE_BODY, "state"),
    ("Sở Kế hoạch và Đầu tư {p}", "SKHĐT", AgencyKind.STATE_BODY, "state"),
    ("Sở Giáo dục và Đào tạo {p}", "SGDĐT", AgencyKind.STATE_BODY, "state"),
    ("Sở Y tế {p}", "SYT", AgencyKind.STATE_BODY, "state"),
    ("Sở Văn hóa, Thể thao và Du lịch {p}", "SVHTTDL", AgencyKind.STATE_BODY, "state"),
    ("Sở Lao động - Thương binh và Xã hội {p}", "SLĐTBXH", AgencyKind.STATE_BODY, "state"),
    ("Sở Thông tin và Truyền thông {p}", "STTTT", AgencyKind.STATE_BODY, "state"),
    ("Công an {p}", "CA", AgencyKind.STATE_BODY, "state"),
    ("Bộ Chỉ huy Quân sự {p}", "BCHQS", AgencyKind.STATE_BODY, "state"),
    ("Ban Dân tộc {p}", "BDT", AgencyKind.STATE_BODY, "state"),
    ("Thanh tra {p}", "TTr", AgencyKind.STATE_BODY, "state"),
]

SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Lương", "Tô", "Hà", "Đào", "Cao",
]  # fmt: skip
MIDDLE = [
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu", "Thế", "Công",
    "Kim", "Hồng", "Anh", "Quang", "Trọng", "Bá",
]  # fmt: skip
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương",
    "Huy", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Nghĩa", "Phong",
    "Phúc", "Phương", "Quân", "Quang", "Sơn", "Tâm", "Thắng", "Thảo", "Thành", "Thủy", "Trang",
    "Trung", "Tú", "Tuấn", "Vân", "Việt", "Vinh", "Yến",
]  # fmt: skip
TITLES = [
    "Trưởng ban", "Phó Trưởng ban", "Giám đốc", "Phó Giám đốc", "Chủ tịch", "Phó Chủ tịch",
    "Bí thư", "Phó Bí thư", "Vụ trưởng", "Chánh Văn phòng", "Thứ trưởng", "Bộ trưởng",
]  # fmt: skip
TOPICS = [
    "công tác dân vận", "công tác người Việt Nam ở nước ngoài", "đối ngoại nhân dân",
    "xây dựng khối đại đoàn kết toàn dân tộc", "vận động kiều bào", "công tác tôn giáo",
    "công tác dân tộc", "xây dựng nông thôn mới", "giảm nghèo bền vững",
    "phòng, chống tham nhũng, tiêu cực", "chuyển đổi số", "cải cách hành chính",
    "bảo vệ môi trường", "phát triển văn hóa", "công tác thanh niên", "bình đẳng giới",
    "bảo vệ chủ quyền biển, đảo", "an sinh xã hội", "phát huy dân chủ ở cơ sở",
    "công tác tuyên truyền", "hội nhập quốc tế", "phòng, chống thiên tai",
]  # fmt: skip
TASK_VERBS = [
    "Tổ chức", "Tuyên truyền", "Hướng dẫn", "Kiểm tra, giám sát", "Tổng hợp, báo cáo",
    "Phối hợp triển khai", "Xây dựng kế hoạch", "Biên soạn tài liệu về", "Tập huấn",
    "Sơ kết việc thực hiện", "Khảo sát", "Vận động",
]  # fmt: skip
TASK_OBJECTS = [
    "hội nghị quán triệt", "hoạt động giao lưu", "chương trình thăm hỏi", "đoàn công tác",
    "lớp bồi dưỡng cán bộ", "cuộc thi tìm hiểu", "diễn đàn", "hoạt động về nguồn",
    "mô hình điểm", "chuyên đề", "hội thảo khoa học", "tọa đàm",
]  # fmt: skip
MEETING_TITLES = {
    MeetingKind.INTERIM_REVIEW: "Hội nghị sơ kết {n} năm thực hiện Chương trình phối hợp {id}",
    MeetingKind.FINAL_REVIEW: "Hội nghị tổng kết Chương trình phối hợp {id}",
    MeetingKind.WORKING_SESSION: "Buổi làm việc về việc thực hiện Chương trình {id}",
    MeetingKind.SIGNING: "Lễ ký kết Chương trình phối hợp {id}",
}


def scaled(name: str, scale: float) -> int:
    return max(2, round(SIZES[name] * scale))


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _skewed(rng: random.Random, count: int, power: float = 3.0) -> int:
    """An index in ``range(count)``, the first ones much more often (a few directives cited by
    many programs, a few agencies leading many tasks)."""
    return min(count - 1, int(count * rng.random() ** power))


def _batched(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Generator:
    """Writes the generated data; ``say`` reports progress (one line per step)."""

    def __init__(self, *, scale: float, seed: int, say: Callable[[str], None] = lambda _m: None):
        self.scale = scale
        #: PostgreSQL: rows and history go in with COPY (see the module's docstring).
        self.copy = connection.vendor == "postgresql"
        self.rng = random.Random(seed)
        self.say = say
        self.counts: dict[str, int] = defaultdict(int)
        # (pk, code) of every agency; the pks of officials holding a position, by agency.
        self.agencies: list[tuple[int, str]] = []
        self.signers: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.directives: list[int] = []
        self.programs: list[tuple[int, str, int, int]] = []  # pk, identifier, start, end
        self.derived_keys: dict[tuple, tuple[list, str | None, str | None]] = {}
        self.text_fields: dict[type, list[str]] = {}
        self.step_started = time.monotonic()

    def run(self) -> dict[str, int]:
        with bulk_load(say=self.say):
            for step in (
                self.make_agencies,
                self.make_officials,
                self.make_directives,
                self.make_programs,
                self.make_meetings,
            ):
                self.step_started = time.monotonic()
                step()
        return dict(self.counts)

    def _said(self, line: str) -> None:
        """``line`` reported with the seconds since the step began."""
        self.say(f"{line} ({time.monotonic() - self.step_started:.1f} s)")

    def _normalize(self, row) -> None:
        """``row.normalize()``, once per distinct text: tasks repeat a few thousand titles and
        updates one note, and normalising (folded text, initials) costs more than the insert.
        The result depends only on the row's free text (and the values its search key reads;
        the codes of choice fields are left as they are), so a row whose text was seen before
        gets the stored result. Identified rows (programs,
        directives) always go through ``normalize()``: their identifiers are all different."""
        if not isinstance(row, NormalizedModel):
            return
        if isinstance(row, IdentifiedModel):
            row.normalize()
            return
        model = type(row)
        text = self.text_fields.get(model)
        if text is None:
            text = self.text_fields[model] = [
                field.attname
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and field.name not in ("search_key", "initials_key")
            ]
        key = (
            model,
            *(getattr(row, attname) for attname in text),
            "|",
            *(row._search_value(path) for path in row.search_fields),
            "|",
            *(row._search_value(path) for path in row.initials_fields),
        )
        stored = self.derived_keys.get(key)
        if stored is None:
            row.normalize()
            stored = self.derived_keys[key] = (
                [getattr(row, attname) for attname in text],
                getattr(row, "search_key", None),
                getattr(row, "initials_key", None),
            )
        values, search_key, initials = stored
        for attname, value in zip(text, values, strict=True):
            setattr(row, attname, value)
        if row.search_fields:
            row.search_key = search_key
        if row.initials_fields:
            row.initials_key = initials

    def _write(self, model, rows: list) -> list:
        """``rows`` bulk-created with their "created" history records, in batches."""
        created = []
        for batch in _batched(rows):
            for row in batch:
                self._normalize(row)
            if self.copy:
                created.extend(_copy_with_history(model, batch))
            else:
                created.extend(
                    bulk_create_with_history(
                        batch, model, batch_size=BATCH, default_change_reason=CHANGE_REASON
                    )
                )
        self.counts[model._meta.label] += len(created)
        self.counts["history"] += len(created)
        return created

    # Agencies ----------------------------------------------------------------------------

    def _agency_specs(self) -> list[tuple[str, str, str, str | None, str]]:
        """(name, code, kind, parent key, seat), every central body, ministry and unit, then
        each province's bodies; parents come before their units."""
        specs = [(name, code, kind, None, "Hà Nội") for name, code, kind in CENTRAL]
        for name, code in MINISTRIES:
            specs.append((name, code, AgencyKind.STATE_BODY, None, "Hà Nội"))
        for name, _code in MINISTRIES:
            for unit, unit_code in MINISTRY_UNITS:
                specs.append((unit, unit_code, AgencyKind.UNIT, name, ""))
        for province in PROVINCES:
            where = province if province in CITIES else f"tỉnh {province}"
            tu = "Thành ủy" if province in CITIES else "Tỉnh ủy"
            party, state = f"{tu} {province}", f"Ủy ban nhân dân {where}"
            specs.append((party, "TU", AgencyKind.PARTY_BODY, None, province))
            specs.append((state, "UBND", AgencyKind.STATE_BODY, None, province))
            for pattern, code, kind, under in PROVINCIAL:
                name = pattern.format(tu=f"{tu} {province}", p=where)
                parent = {"party": party, "state": state}.get(under or "")
                specs.append((name, code, kind, parent, ""))
        return specs

    def make_agencies(self) -> None:
        wanted = scaled("agencies", self.scale)
        specs = self._agency_specs()
        # Central bodies first, then the provinces in a seeded order; at scale > 1, further
        # "cấp huyện" copies of the provincial bodies.
        chosen = specs[:wanted]
        copy = 1
        while len(chosen) < wanted:
            copy += 1
            for name, code, kind, _parent, seat in specs[len(CENTRAL) :]:
                chosen.append((f"{name} (khu vực {copy})", code, kind, None, seat))
                if len(chosen) == wanted:
                    break
        pks: dict[str, int] = {}
        chosen_names = {spec[0] for spec in chosen}
        for level in (0, 1):
            rows, names = [], []
            for name, code, kind, parent, seat in chosen:
                # Units whose parent was not chosen (small scales) stand at the top.
                if (parent in chosen_names) != bool(level):
                    continue
                valid_from = _day(self.rng, datetime.date(1976, 1, 1), datetime.date(2005, 1, 1))
                rows.append(
                    Agency(
                        name=name,
                        short_name=code,
                        kind=kind,
                        parent_id=pks.get(parent) if level else None,
                        seat=seat,
                        valid_from=valid_from,
                    )
                )
                names.append(name)
            for agency, name in zip(self._write(Agency, rows), names, strict=True):
                pks[name] = agency.pk
                self.agencies.append((agency.pk, agency.short_name))
        self._said(f"agencies: {len(self.agencies)}")

    # Officials and positions -------------------------------------------------------------

    def make_officials(self) -> None:
        rng = self.rng
        count = scaled("officials", self.scale)
        officials = self._write(
            Official,
            [
                Official(
                    full_name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                )
                for _n in range(count)
            ],
        )
        positions = []
        for n, official in enumerate(officials):
            agency_pk, _code = self.agencies[n % len(self.agencies)]
            start = _day(rng, datetime.date(2000, 1, 1), datetime.date(2020, 1, 1))
            title = rng.choice(TITLES)
            positions.append(
                Position(official=official, agency_id=agency_pk, title=title, start_date=start)
            )
            self.signers[agency_pk].append((official.pk, title))
        self._write(Position, positions)
        self._said(f"officials: {len(officials)}, positions: {len(positions)}")

    # Directives --------------------------------------------------------------------------

    def make_directives(self) -> None:
        rng = self.rng
        count = scaled("directives", self.scale)
        central = {code: pk for pk, code in self.agencies[: len(CENTRAL)]}
        # The most cited one first: Nghị quyết 25-NQ/TW of 03/6/2013 on mass mobilisation.
        rows = [
            Directive(
                identifier="25-NQ/TW",
                issued_on=datetime.date(2013, 6, 3),
                title="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận "
                "trong tình hình mới",
                issuing_body_id=central.get("BCHTW"),
            )
        ]
        numbers: dict[tuple[str, int], int] = defaultdict(int)
        numbers["NQ/TW", 2013] = 25
        forms = [
            ("{n}-NQ/TW", "BCHTW"),
            ("{n}-KL/TW", "BCT"),
            ("{n}-CT/TW", "BBT"),
            ("{n}-QĐ/TW", "BCT"),
            ("{n}/NQ-CP", "CP"),
            ("{n}/QĐ-TTg", "TTg"),
            ("{n}/{y}/NĐ-CP", "CP"),
            ("{n}-HD/BDVTW", "BDVTW"),
            ("{n}-NQ/TU", None),
            ("{n}-KH/TU", None),
            ("{n}-CTr/BDVTU", None),
        ]
        while len(rows) < count:
            form, issuer = rng.choice(forms)
            issued_on = _day(rng, datetime.date(1995, 1, 1), ANCHOR)
            key = (form, issued_on.year)
            numbers[key] += rng.randint(1, 3)
            rows.append(
                Directive(
                    identifier=form.format(n=numbers[key], y=issued_on.year),
                    issued_on=issued_on,
                    title=f"Về {rng.choice(TOPICS)} {'và ' + rng.choice(TOPICS)}",
                    issuing_body_id=central.get(issuer) if issuer else None,
                    status=DirectiveStatus.IN_FORCE
                    if rng.random() < 0.8
                    else DirectiveStatus.REPLACED,
                )
            )
        self.directives = [directive.pk for directive in self._write(Directive, rows)]
        self._said(f"directives: {len(self.directives)}")

    # Programs, parties, tasks and updates ------------------------------------------------

    def make_programs(self) -> None:
        count = scaled("programs", self.scale)
        numbers: dict[tuple[str, int], int] = defaultdict(int)
        for start in range(0, count, PROGRAM_CHUNK):
            with transaction.atomic():
                self._program_chunk(min(PROGRAM_CHUNK, count - start), numbers)
            self._said(
                f"programs: {len(self.programs)}, tasks: {self.counts['programs.Task']}, "
                f"history: {self.counts['history']}"
            )

    def _program_chunk(self, size: int, numbers: dict) -> None:
        rng = self.rng
        agencies = self.agencies
        programs, parties = [], []
        for _n in range(size):
            party_count = rng.choice((2, 2, 3, 3, 3, 4, 4))
            chosen: dict[int, str] = {}
            while len(chosen) < party_count:
                pk, code = agencies[_skewed(rng, len(agencies), 2.0)]
                chosen[pk] = code
            signed_on = _day(rng, datetime.date(2005, 1, 1), ANCHOR)
            issuers = "-".join(dict.fromkeys(code for code in list(chosen.values())[:2]))
            key = (issuers, signed_on.year)
            numbers[key] += rng.randint(1, 4)
            period_start = signed_on.year
            period_end = period_start + rng.randint(1, 5)
            if rng.random() < 0.03:
                status = ProgramStatus.DRAFT
            elif rng.random() < 0.03:
                status = ProgramStatus.TERMINATED
            else:
                status = (
                    ProgramStatus.COMPLETED if period_end < ANCHOR.year else ProgramStatus.IN_FORCE
                )
            predecessor = None
            if self.programs and rng.random() < 0.1:
                predecessor = self.programs[rng.randrange(len(self.programs))][0]
            topic = rng.choice(TOPICS)
            programs.append(
                Program(
                    identifier=f"{numbers[key]}-CTr/{issuers}",
                    kind=rng.choice(ProgramKind.values),
                    title=f"Chương trình phối hợp về {topic} giai đoạn {period_start}-{period_end}",
                    signed_on=signed_on,
                    period_start=period_start,
                    period_end=period_end,
                    status=status,
                    summary=f"Phối hợp thực hiện {topic}.",
                    predecessor_id=predecessor,
                )
            )
            parties.append(list(chosen))
        programs = self._write(Program, programs)
        signatories, based_on, tasks = [], [], []
        Link = Program.based_on.through
        for program, agency_pks in zip(programs, parties, strict=True):
            self.programs.append(
                (program.pk, program.identifier, program.period_start, program.period_end)
            )
            for order, agency_pk in enumerate(agency_pks):
                signer = self.signers.get(agency_pk)
                official, title = rng.choice(signer) if signer else (None, "")
                signatories.append(
                    Signatory(
                        program_id=program.pk,
                        agency_id=agency_pk,
                        official_id=official,
                        title=title,
                        order=order,
                        confirmed=True,
                    )
                )
            for directive_index in {
                _skewed(rng, len(self.directives)) for _k in range(rng.randint(1, 2))
            }:
                based_on.append(
                    Link(program_id=program.pk, directive_id=self.directives[directive_index])
                )
            tasks.extend(self._tasks(program, agency_pks))
        self._write(Signatory, signatories)
        Link.objects.bulk_create(based_on, batch_size=BATCH)
        self.counts["programs.Program_based_on"] += len(based_on)
        tasks = self._write(Task, tasks)
        self._write(TaskUpdate, [update for task in tasks for update in self._updates(task)])

    def _tasks(self, program: Program, party_pks: list[int]) -> list[Task]:
        rng = self.rng
        count = min(400, max(1, int(rng.expovariate(1 / SIZES["tasks_per_program"]))))
        start = program.signed_on
        end = datetime.date(program.period_end, 12, 31)
        rows = []
        for order in range(count):
            if rng.random() < 0.7:
                lead = rng.choice(party_pks)
            else:
                lead = self.agencies[_skewed(rng, len(self.agencies), 4.0)][0]
            due_on = _day(rng, start, end) if rng.random() < 0.85 else None
            roll = rng.random()
            if due_on and due_on < ANCHOR and roll < 0.6:
                status, progress = TaskStatus.DONE, 100
            elif roll < 0.05:
                status, progress = TaskStatus.CANCELLED, rng.randint(0, 60)
            elif roll < 0.75:
                status, progress = TaskStatus.IN_PROGRESS, rng.randint(5, 95)
            else:
                status, progress = TaskStatus.NOT_STARTED, 0
            rows.append(
                Task(
                    program_id=program.pk,
                    title=f"{rng.choice(TASK_VERBS)} {rng.choice(TASK_OBJECTS)} "
                    f"về {rng.choice(TOPICS)}",
                    lead_agency_id=lead,
                    due_on=due_on,
                    status=status,
                    progress=progress,
                    order=order,
                )
            )
            rows[-1]._program_start = start
        return rows

    def _updates(self, task: Task) -> list[TaskUpdate]:
        """0 to 2 updates (about one a task), in date order, the last at the task's progress."""
        rng = self.rng
        if task.progress == 0:
            return []
        start = task._program_start
        last = min(task.due_on or ANCHOR, ANCHOR - datetime.timedelta(days=1))
        if last < start:
            return []
        steps = [task.progress]
        if rng.random() < 0.35 and task.progress > 1:
            steps.insert(0, rng.randint(1, task.progress - 1))
        days = sorted(_day(rng, start, last) for _step in steps)
        return [
            TaskUpdate(task_id=task.pk, reported_on=day, progress=progress, note="Đã triển khai")
            for day, progress in zip(days, steps, strict=True)
        ]

    # Meetings ----------------------------------------------------------------------------

    def make_meetings(self) -> None:
        rng = self.rng
        count = scaled("meetings", self.scale)
        rows, reviewed = [], []
        for _n in range(count):
            pk, identifier, start, end = self.programs[rng.randrange(len(self.programs))]
            kind = rng.choice(MeetingKind.values)
            fmt = rng.choice(MeetingFormat.values)
            held_on = _day(rng, datetime.date(start, 1, 1), datetime.date(end + 1, 12, 31))
            rows.append(
                ReviewMeeting(
                    kind=kind,
                    title=MEETING_TITLES[kind].format(
                        n=max(1, held_on.year - start), id=identifier
                    ),
                    held_on=held_on,
                    place=rng.choice(PROVINCES),
                    format=fmt,
                    connection_points=rng.randint(2, 63)
                    if fmt != MeetingFormat.IN_PERSON
                    else None,
                    reviewed_from=start,
                    reviewed_to=min(end, max(start, held_on.year)),
                    conclusions="Thống nhất tiếp tục triển khai các nhiệm vụ.",
                )
            )
            reviewed.append(pk)
        meetings = self._write(ReviewMeeting, rows)
        Through = ReviewMeeting.programs.through
        Through.objects.bulk_create(
            (
                Through(reviewmeeting_id=meeting.pk, program_id=program_pk)
                for meeting, program_pk in zip(meetings, reviewed, strict=True)
            ),
            batch_size=BATCH,
        )
        self._said(f"meetings: {len(meetings)}")


#: What the generator writes (their history tables and link tables come with them).
LOADED_MODELS = (
    Agency,
    Official,
    Position,
    Directive,
    Program,
    Signatory,
    Task,
    TaskUpdate,
    ReviewMeeting,
)


def _loaded_tables() -> list[str]:
    tables = []
    for model in LOADED_MODELS:
        tables.append(model._meta.db_table)
        tables.append(model.history.model._meta.db_table)
    tables.append(Program.based_on.through._meta.db_table)
    tables.append(ReviewMeeting.programs.through._meta.db_table)
    return tables


@contextmanager
def bulk_load(say: Callable[[str], None] = lambda _m: None) -> Iterator[None]:
    """On PostgreSQL, the loaded tables without their secondary indexes while the body runs.

    The definitions of the indexes that are neither unique nor behind a constraint are read
    from ``pg_indexes`` (so they are exactly what the migrations made: trigram GIN, foreign
    key, list-order and history indexes), the indexes dropped, and built again from those
    statements when the body ends, by an error too. Unique indexes stay, so duplicates are
    refused as the rows go in; so do partial ones (``task_open_due``), whose condition
    PostgreSQL prints in another form than the migration wrote it. Commits do not wait for the
    disk (``synchronous_commit``: a crash loses the last commits, never consistency), and the
    tables are vacuumed and analysed at the end (only analysed inside a transaction: tests).
    Elsewhere (SQLite), the body simply runs.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = _loaded_tables()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT x.indexname, x.indexdef FROM pg_indexes x "
            "JOIN pg_class c ON c.relname = x.indexname "
            "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = x.schemaname "
            "JOIN pg_index i ON i.indexrelid = c.oid "
            "WHERE x.schemaname = current_schema() AND x.tablename = ANY(%s) "
            "AND NOT i.indisunique AND NOT i.indisprimary AND i.indpred IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid) "
            "ORDER BY x.tablename, x.indexname",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute("SET synchronous_commit TO off")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    say(f"indexes dropped for the load: {len(indexes)}")
    try:
        yield
    finally:
        started = time.monotonic()
        with connection.cursor() as cursor:
            # Inside an outer transaction (tests), the deferred foreign-key checks of the rows
            # are run first: PostgreSQL builds no index on a table with checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # More memory for the builds (GIN ones above all), for this session only.
            cursor.execute("SET maintenance_work_mem TO '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute("RESET synchronous_commit")
        say(f"indexes built again: {len(indexes)} ({time.monotonic() - started:.1f} s)")
    started = time.monotonic()
    with connection.cursor() as cursor:
        # VACUUM too, out of a transaction (not in tests): it marks the new pages all-visible,
        # without which PostgreSQL reads the table for every row an index finds (no index-only
        # scan: an agency's 9,000 live tasks counted from the heap) until autovacuum comes.
        command = "ANALYZE " if connection.in_atomic_block else "VACUUM (ANALYZE) "
        cursor.execute(command + ", ".join(connection.ops.quote_name(t) for t in tables))
    say(f"tables analysed ({time.monotonic() - started:.1f} s)")


def _copy_rows(model, fields: list, rows: Iterator[tuple]) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _copy_with_history(model, objs: list) -> list:
    """``bulk_create_with_history`` through ``COPY`` (PostgreSQL): ``objs`` get ids from the
    table's sequence in order, as ``bulk_create`` gives them, then each gets the "created"
    history record ``bulk_history_create`` would write (same columns, date, reason, type)."""
    meta = model._meta
    # The connection itself, not the thread-local proxy (one lookup instead of millions).
    database = connections[DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
    fields = list(meta.concrete_fields)
    prepared = []
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        # What the insert compiler does: pre_save (auto_now_add and the like), then the
        # database form of each value.
        prepared.append(
            {
                field.column: field.get_db_prep_save(field.pre_save(obj, True), database)
                for field in fields
            }
        )
        obj._state.adding = False
        obj._state.db = database.alias
    _copy_rows(model, fields, (tuple(row[f.column] for f in fields) for row in prepared))

    history = model.history.model
    history_fields = [
        field for field in history._meta.concrete_fields if field.name != "history_id"
    ]

    def history_rows() -> Iterator[tuple]:
        for obj, row in zip(objs, prepared, strict=True):
            own = {
                "history_date": getattr(obj, "_history_date", timezone.now()),
                "history_user_id": None,
                "history_change_reason": get_change_reason_from_object(obj) or CHANGE_REASON,
                "history_type": "+",
            }
            yield tuple(
                own[field.attname] if field.attname in own else row[field.column]
                for field in history_fields
            )

    _copy_rows(history, history_fields, history_rows())
    return objs


def fingerprint() -> dict[str, tuple[int, str]]:
    """(row count, digest) of every table the generator fills: the rows in id order, every
    column but the moments of writing (``history_date``, ``created_at``), ids and references
    counted from the table's first id (so two runs compare even when the second one's ids
    start further on, as after a rolled-back run). Equal fingerprints, equal data."""
    tables = []
    for model in LOADED_MODELS:
        tables += [(model, model), (model.history.model, model)]
    tables += [(Program.based_on.through, None), (ReviewMeeting.programs.through, None)]
    first = {
        model: model._default_manager.aggregate(first=models.Min("pk"))["first"] or 0
        for model, _instance in tables
    }
    result = {}
    for model, instance in tables:
        fields, offsets = [], []
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                continue
            fields.append(field.attname)
            if field.primary_key:
                offsets.append(first[model])
            elif field.name == "id" and instance is not model:  # a history row's object
                offsets.append(first[instance])
            elif field.is_relation and field.related_model in first:
                offsets.append(first[field.related_model])
            else:
                offsets.append(None)
        digest = hashlib.sha256()
        count = 0
        for row in model._default_manager.order_by("pk").values_list(*fields).iterator(5000):
            relative = tuple(
                value - offset if offset is not None and value is not None else value
                for value, offset in zip(row, offsets, strict=True)
            )
            digest.update(repr(relative).encode())
            count += 1
        result[model._meta.label] = (count, digest.hexdigest()[:16])
    return result


def generate(*, scale: float, seed: int = 1, say: Callable[[str], None] = lambda _m: None):
    """Write the generated data for ``scale`` and ``seed`` (see the module's docstring) into
    the database and return the number of rows per model."""
    return Generator(scale=scale, seed=seed, say=say).run()
