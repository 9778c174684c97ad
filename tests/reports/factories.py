"""Factories for report jobs, and the demo-like data the report tests render: the 90-CTr
program with its 26/11/2021 final review and successor 02-CTr, and NQ 25 with KL 43, the
implementing documents and the 25/7/2024 working session (seeds 000 and 001)."""

import datetime
import uuid

import factory

from agencies.models import AgencyKind
from directives.models import LinkKind
from programs.models import MeetingFormat, MeetingKind, ProgramStatus, TaskStatus
from reports.models import ReportJob, ReportKind
from tests.agencies.factories import AgencyFactory, OfficialFactory, PositionFactory
from tests.directives.factories import DirectiveFactory, DirectiveLinkFactory
from tests.programs.factories import (
    ProgramFactory,
    ReviewMeetingFactory,
    SignatoryFactory,
    TaskFactory,
    TaskUpdateFactory,
)


class ReportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportJob

    kind = ReportKind.PROGRAM_FINAL_REVIEW
    program = factory.SubFactory(ProgramFactory)
    parameters = factory.LazyFunction(lambda: {"as_of": "2021-11-26"})
    request_key = factory.LazyFunction(lambda: uuid.uuid4().hex)
    task_id = factory.LazyFunction(lambda: str(uuid.uuid4()))


def build_seed_data(*, extra_tasks: int = 0) -> dict:
    """The facts of seeds 000 and 001 as rows; returns the main objects by name."""
    bdv = AgencyFactory(
        name="Ban Dân vận Trung ương",
        short_name="BDVTW",
        kind=AgencyKind.PARTY_BODY,
        seat="Hà Nội",
    )
    bcs = AgencyFactory(
        name="Ban cán sự đảng Bộ Ngoại giao",
        short_name="BCSĐBNG",
        kind=AgencyKind.PARTY_BODY,
        seat="Hà Nội",
    )
    bng = AgencyFactory(name="Bộ Ngoại giao", short_name="BNG", seat="Hà Nội")
    ubnv = AgencyFactory(
        name="Ủy ban Nhà nước về người Việt Nam ở nước ngoài", short_name="UBNV", parent=bng
    )
    bch = AgencyFactory(name="Ban Chấp hành Trung ương", short_name="BCHTW")
    ban_bi_thu = AgencyFactory(name="Ban Bí thư", short_name="BBT")
    bct = AgencyFactory(name="Bộ Chính trị", short_name="BCT")
    dub = AgencyFactory(name="Đảng ủy Bộ Ngoại giao", short_name="ĐUB")
    dunn = AgencyFactory(name="Đảng ủy Ngoài nước", short_name="ĐUNN")

    hoai = OfficialFactory(full_name="Bùi Thị Minh Hoài")
    son = OfficialFactory(full_name="Bùi Thanh Sơn")
    hieu = OfficialFactory(full_name="Phạm Quang Hiệu")
    ngoc = OfficialFactory(full_name="Hà Kim Ngọc")
    PositionFactory(
        official=hoai,
        agency=bdv,
        title="Bí thư Trung ương Đảng, Trưởng Ban Dân vận Trung ương",
        start_date=datetime.date(2021, 4, 1),
    )
    PositionFactory(
        official=son, agency=bng, title="Bộ trưởng Ngoại giao", start_date=datetime.date(2021, 4, 8)
    )

    nq25 = DirectiveFactory(
        identifier="25-NQ/TW",
        issued_on=datetime.date(2013, 6, 3),
        issuing_body=bch,
        title="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong "
        "tình hình mới",
    )
    kl43 = DirectiveFactory(
        identifier="43-KL/TW",
        issued_on=datetime.date(2018, 1, 7),
        issuing_body=ban_bi_thu,
        title="Về tiếp tục thực hiện Nghị quyết 25",
    )
    nq36 = DirectiveFactory(
        identifier="36-NQ/TW",
        issued_on=datetime.date(2004, 3, 26),
        issuing_body=bct,
        title="Về công tác đối với người Việt Nam ở nước ngoài",
    )
    ctr122 = DirectiveFactory(
        identifier="122- CTr/ĐUB",
        issued_on=datetime.date(2013, 9, 12),
        issuing_body=dub,
        title="Chương trình hành động thực hiện Nghị quyết 25",
    )
    kh1066 = DirectiveFactory(
        identifier="1066-KH/ĐUB",
        issued_on=datetime.date(2019, 5, 27),
        issuing_body=dub,
        title="Kế hoạch triển khai thực hiện Kết luận số 43",
    )
    kh45 = DirectiveFactory(
        identifier="45-KH/ĐUNN",
        issued_on=datetime.date(2013, 6, 24),
        issuing_body=dunn,
        title="Về việc tổ chức học tập, quán triệt, triển khai thực hiện Nghị quyết",
    )
    DirectiveLinkFactory(source=kl43, target=nq25, kind=LinkKind.CONTINUES)
    DirectiveLinkFactory(source=ctr122, target=nq25, kind=LinkKind.IMPLEMENTS)
    DirectiveLinkFactory(source=kh45, target=nq25, kind=LinkKind.IMPLEMENTS)
    DirectiveLinkFactory(source=kh1066, target=kl43, kind=LinkKind.IMPLEMENTS)

    ctr90 = ProgramFactory(
        identifier="90-CTr/BDVTW-BCSĐBNG",
        title="Chương trình phối hợp về công tác đối với người Việt Nam ở nước ngoài",
        signed_on=datetime.date(2016, 12, 6),
        period_start=2016,
        period_end=2021,
        status=ProgramStatus.COMPLETED,
    )
    ctr90.based_on.set([nq25, nq36])
    SignatoryFactory(program=ctr90, agency=bdv, official=None, title="", order=1)
    SignatoryFactory(program=ctr90, agency=bcs, official=None, title="", order=2)
    ctr02 = ProgramFactory(
        identifier="02-CTr/BDVTW-BCSĐBNG",
        title="Chương trình phối hợp về công tác đối với đồng bào Việt Nam ở nước ngoài",
        signed_on=datetime.date(2021, 11, 26),
        period_start=2021,
        period_end=2026,
        predecessor=ctr90,
    )
    ctr02.based_on.set([nq25, nq36])
    SignatoryFactory(
        program=ctr02,
        agency=bdv,
        official=hoai,
        order=1,
        title="Bí thư Trung ương Đảng, Trưởng Ban Dân vận Trung ương",
    )
    SignatoryFactory(
        program=ctr02,
        agency=bcs,
        official=son,
        order=2,
        title="Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Ban cán sự đảng, Bộ trưởng Ngoại giao",
    )
    t1 = TaskFactory(
        program=ctr90,
        title="Tham mưu chủ trương, chính sách về công tác người Việt Nam ở nước ngoài",
        lead_agency=bdv,
        status=TaskStatus.DONE,
        progress=100,
        order=1,
    )
    t1.coordinating_agencies.set([bcs, ubnv])
    TaskUpdateFactory(
        task=t1,
        reported_on=datetime.date(2021, 10, 1),
        progress=100,
        note="Đã trình Bộ Chính trị ban hành Kết luận 12-KL/TW",
    )
    t2 = TaskFactory(
        program=ctr90,
        title="Tổ chức các đoàn đi địa phương và ra nước ngoài làm công tác NVNONN",
        lead_agency=ubnv,
        status=TaskStatus.IN_PROGRESS,
        progress=70,
        order=2,
        due_on=datetime.date(2021, 6, 30),
    )
    t2.coordinating_agencies.set([bdv])
    TaskFactory(
        program=ctr90,
        title="Trao đổi thông tin với các Trưởng cơ quan đại diện trước khi lên "
        "đường nhận nhiệm vụ",
        lead_agency=bdv,
        status=TaskStatus.NOT_STARTED,
        progress=0,
        order=3,
    )
    for n in range(extra_tasks):
        TaskFactory(
            program=ctr90,
            title=f"Nhiệm vụ bổ sung số {n + 1} về vận động kiều bào",
            lead_agency=bcs,
            progress=n % 100,
            order=10 + n,
        )
    final = ReviewMeetingFactory(
        kind=MeetingKind.FINAL_REVIEW,
        title="Hội nghị Tổng kết 5 năm thực hiện Chương trình phối hợp về công tác đối với người "
        "Việt Nam ở nước ngoài giai đoạn 2016-2021",
        held_on=datetime.date(2021, 11, 26),
        place="Hà Nội",
        reviewed_from=2016,
        reviewed_to=2021,
        conclusions="Hai cơ quan thống nhất tiếp tục duy trì trao đổi thông tin định kỳ.",
        approved_report="Báo cáo Tổng kết 5 năm thực hiện Chương trình phối hợp 90",
    )
    final.programs.set([ctr90])
    final.signed_programs.set([ctr02])
    final.chairs.set([hoai, son])
    final.participants.set([bdv, bng, ubnv])
    session = ReviewMeetingFactory(
        kind=MeetingKind.WORKING_SESSION,
        title="Đoàn công tác Ban Dân vận Trung ương làm việc với Ban cán sự đảng Bộ Ngoại giao về "
        "việc thực hiện Nghị quyết số 25-NQ/TW và Kết luận số 43-KL/TW",
        held_on=datetime.date(2024, 7, 25),
        place="Hà Nội",
        format=MeetingFormat.IN_PERSON,
        approved_report="Báo cáo tóm tắt kết quả qua 10 năm thực hiện Nghị quyết số 25-NQ/TW "
        "và 05 năm thực hiện Kết luận số 43-KL/TW",
    )
    session.directives.set([nq25, kl43])
    session.chairs.set([ngoc])
    return {
        "ctr90": ctr90,
        "ctr02": ctr02,
        "nq25": nq25,
        "kl43": kl43,
        "final": final,
        "session": session,
        "bdv": bdv,
        "bcs": bcs,
        "hoai": hoai,
        "son": son,
        "hieu": hieu,
    }
