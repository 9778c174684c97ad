"""The rows the journeys work on: the demo data (``core.demo.loader.load_demo``) when the project
has it, otherwise a minimal stand-in built with the unit tests' factories, holding the same
program, parties and officials the journeys name (from the seed articles)."""

import datetime
from dataclasses import dataclass

from agencies.models import Agency, AgencyKind
from programs.models import MeetingKind, Program, ProgramStatus

PROGRAM_90 = "90-CTr/BDVTW-BCSĐBNG"
BDVTW = "Ban Dân vận Trung ương"
BCSD_BNG = "Ban cán sự đảng Bộ Ngoại giao"
MOFA = "Bộ Ngoại giao"


@dataclass
class Demo:
    program_90: Program
    mofa: Agency
    #: The agencies that signed 90-CTr, in signing order.
    parties: list[Agency]
    #: True when the project's demo loader made the data (False: the factory stand-in).
    from_loader: bool


def load() -> Demo:
    try:
        from core.demo.loader import load_demo
    except ImportError:
        load_demo = None
    if load_demo is not None:
        load_demo()
    else:
        _build_stand_in()
    program = Program.objects.by_identifier(PROGRAM_90).get()
    parties = [s.agency for s in program.signatories.select_related("agency").order_by("order")]
    return Demo(
        program_90=program,
        mofa=Agency.objects.filter(name=MOFA).order_by("pk").first(),
        parties=parties,
        from_loader=load_demo is not None,
    )


def _build_stand_in() -> None:
    from tests.agencies.factories import AgencyFactory, OfficialFactory, PositionFactory
    from tests.directives.factories import DirectiveFactory
    from tests.programs.factories import (
        ProgramFactory,
        ReviewMeetingFactory,
        SignatoryFactory,
        TaskFactory,
    )

    bdvtw = AgencyFactory(name=BDVTW, short_name="BDVTW", kind=AgencyKind.PARTY_BODY)
    mofa = AgencyFactory(name=MOFA, short_name="BNG", kind=AgencyKind.STATE_BODY)
    bcsd = AgencyFactory(name=BCSD_BNG, short_name="BCSĐBNG", kind=AgencyKind.PARTY_BODY)
    committee = AgencyFactory(
        name="Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
        short_name="UBNV",
        kind=AgencyKind.UNIT,
        parent=mofa,
    )
    hoai = OfficialFactory(full_name="Bùi Thị Minh Hoài")
    son = OfficialFactory(full_name="Bùi Thanh Sơn")
    PositionFactory(official=hoai, agency=bdvtw, title="Trưởng Ban Dân vận Trung ương")
    PositionFactory(official=son, agency=bcsd, title="Bí thư Ban cán sự đảng")
    PositionFactory(official=son, agency=mofa, title="Bộ trưởng Ngoại giao")
    OfficialFactory(full_name="Phạm Quang Hiệu")

    nq25 = DirectiveFactory(
        identifier="25-NQ/TW",
        issued_on=datetime.date(2004, 3, 26),
        title="Về công tác đối với người Việt Nam ở nước ngoài",
    )
    program = ProgramFactory(
        identifier=PROGRAM_90,
        title="Chương trình phối hợp về công tác đối với người Việt Nam ở nước ngoài",
        signed_on=datetime.date(2016, 12, 6),
        period_start=2016,
        period_end=2021,
        status=ProgramStatus.COMPLETED,
    )
    program.based_on.add(nq25)
    SignatoryFactory(program=program, agency=bdvtw, official=hoai, title="Trưởng Ban", order=1)
    SignatoryFactory(program=program, agency=bcsd, official=son, title="Bộ trưởng", order=2)
    for n, title in enumerate(
        [
            "Vận động người Việt Nam ở nước ngoài hướng về quê hương",
            "Giữ gìn và phát huy bản sắc văn hóa dân tộc, dạy và học tiếng Việt",
        ]
    ):
        TaskFactory(program=program, title=title, lead_agency=committee, order=n)
    meeting = ReviewMeetingFactory(
        kind=MeetingKind.FINAL_REVIEW,
        title="Hội nghị tổng kết 5 năm thực hiện Chương trình phối hợp 90",
        held_on=datetime.date(2021, 11, 26),
        place="Hà Nội",
        reviewed_from=2016,
        reviewed_to=2021,
    )
    meeting.programs.add(program)
