"""The reports app's part of the demo data (``load_demo``): idempotent, upsert by natural key.

- The five-year final review report of 90-CTr, final, approved at the 26/11/2021 conference
  (seed 000), with the results, the assessment and the directions the article reports; the
  sections the article is silent on (shortcomings, causes, lessons, recommendations) stay empty,
  and so does the number, which the article does not give. Natural key: (kind, program, as_of).
- A draft final review of 02-CTr as of the day the demo was first loaded, with only what the app
  proposes. Natural key: (kind, program, status draft); its as-of day is not moved by later runs.

Rows go through ``DemoLoader.upsert``: written only when a value differs (a second run writes
nothing), with the demo change reason in their history.
"""

import datetime

from django.utils import timezone

from core.demo_loader import DemoLoader
from programs.demo import program
from programs.models import ReviewMeeting

from .models import ReportKind, ReviewReport, ReviewReportIssuer, ReviewReportPart, ReviewStatus
from .proposals import propose

# Seed 000, in the article's words ("NVNONN" written out).
REPORT_90 = {
    "organisation": (
        "Trong 5 năm qua, công tác phối hợp giữa Ban Dân vận Trung ương và Ban cán sự đảng Bộ "
        "Ngoại giao đã lãnh đạo, chỉ đạo đối với công tác vận động người Việt Nam ở nước ngoài."
    ),
    "results": (
        "Nhận thức và hành động của hệ thống chính trị đối với công tác về người Việt Nam ở "
        "nước ngoài có nhiều chuyển biến tích cực.\n"
        "Những kết quả trên đã tác động tích cực tới cộng đồng khoảng 5,3 triệu người Việt Nam "
        "ở nước ngoài đang sinh sống, làm việc ở trên 130 quốc gia, vùng lãnh thổ, trong đó hơn "
        "80% ở các nước phát triển; cộng đồng ngày càng có vai trò, vị thế và uy tín trong xã "
        "hội sở tại, gắn bó hơn với quê hương, đã và đang trở thành một trong những nguồn lực "
        "quan trọng đóng góp cho quá trình xây dựng, bảo vệ, phát triển và hội nhập quốc tế của "
        "đất nước."
    ),
    "strengths": (
        "Lãnh đạo hai cơ quan đánh giá cao công tác phối hợp giữa hai cơ quan, đặc biệt trong "
        "công tác vận động người Việt Nam ở nước ngoài."
    ),
    "directions": (
        "Hai cơ quan tiếp tục phối hợp tham mưu với Đảng, Nhà nước về chủ trương lãnh đạo, chỉ "
        "đạo về công tác người Việt Nam ở nước ngoài, trọng tâm là: Nghị quyết 36-NQ/TW; Chỉ thị "
        "45-CT/TW; Kết luận 14-KL/TW; Kết luận số 12-KL/TW của Bộ Chính trị về công tác người "
        "Việt Nam ở nước ngoài trong tình hình mới, và Nghị quyết 25-NQ/TW, ngày 03/6/2013 của "
        "Ban Chấp hành Trung ương Đảng về tăng cường sự lãnh đạo của Đảng đối với công tác dân "
        "vận trong tình hình mới.\n"
        "Hai cơ quan phối hợp hướng dẫn, đôn đốc, kiểm tra, giám sát, sơ kết, tổng kết việc "
        "thực hiện các chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước về "
        "công tác dân vận nói chung và công tác đối với người Việt Nam ở nước ngoài nói riêng.\n"
        "Hai bên tiếp tục đổi mới công tác vận động, chăm lo đối với đồng bào Việt Nam ở nước "
        "ngoài, tập trung giải quyết sớm những vướng mắc liên quan đến quyền lợi thiết thân và "
        "chính đáng của người Việt Nam ở nước ngoài, triển khai mạnh mẽ công tác đại đoàn kết, "
        "kiên trì vận động những cá nhân có uy tín, ảnh hưởng trong cộng đồng.\n"
        "Đa dạng hóa các hình thức vận động, thu hút doanh nhân, trí thức, nhà khoa học người "
        "Việt Nam ở nước ngoài, đặc biệt là giới trẻ, tạo điều kiện thuận lợi thu hút nguồn lực "
        "chất lượng phục vụ công cuộc xây dựng và bảo vệ Tổ quốc. Tăng cường hỗ trợ các hội đoàn "
        "trong công tác vận động và tập hợp cộng đồng tại địa bàn; định hướng lựa chọn, bồi "
        "dưỡng nhân tố lãnh đạo, phát triển, hỗ trợ củng cố các tổ chức hội đoàn tại các địa "
        "bàn và trong triển khai, tổ chức hoạt động.\n"
        "Hai cơ quan thống nhất tiếp tục duy trì trao đổi thông tin định kỳ; tổ chức các đoàn "
        "đi địa phương và ra nước ngoài làm công tác người Việt Nam ở nước ngoài; tổ chức hoạt "
        "động trao đổi thông tin giữa lãnh đạo Ban Dân vận Trung ương và các Đoàn Trưởng cơ "
        "quan đại diện Việt Nam ở nước ngoài được bổ nhiệm hằng năm trước khi lên đường nhận "
        "nhiệm vụ. Phối hợp nghiên cứu, đề xuất cơ chế để làm tốt công tác tuyên truyền, vận "
        "động đối với cán bộ, đảng viên, quần chúng và cộng đồng người Việt Nam ở nước ngoài.\n"
        "Tăng cường phối hợp với các ban, bộ, ngành, Ủy ban Trung ương Mặt trận Tổ quốc Việt "
        "Nam, Trung ương Đoàn TNCS Hồ Chí Minh, Trung ương Hội Liên hiệp phụ nữ Việt Nam, Liên "
        "hiệp các tổ chức hữu nghị Việt Nam… trong công tác vận động, đoàn kết rộng rãi mọi đối "
        "tượng người Việt Nam ở nước ngoài.\n"
        "Hai bên tiếp tục kiện toàn bộ máy làm công tác dân vận và vận động đồng bào Việt Nam ở "
        "nước ngoài. Nâng cao chất lượng, trình độ chuyên môn, nghiệp vụ của cán bộ làm công tác "
        "về người Việt Nam ở nước ngoài tại các cơ quan trong và ngoài nước, các hội đoàn người "
        "Việt Nam ở nước ngoài.\n"
        "Hai bên sẽ xây dựng kế hoạch triển khai cụ thể Chương trình phối hợp đã ký; tiếp tục "
        "tham mưu chia sẻ thông tin, đào tạo kỹ năng về công tác vận động người Việt Nam ở nước "
        "ngoài, nâng cao chương trình công tác cho kiều bào; tham mưu về điều kiện nâng cao chế "
        "độ đối với các tri thức kiều bào. Trong quá trình thực hiện Chương trình, lãnh đạo hai "
        "cơ quan có thể điều chỉnh bổ sung chương trình nếu cần thiết."
    ),
}
# Section II, one part per content of cooperation the article reports on.
PARTS_90 = [
    (
        "Thể chế hóa các chủ trương, nhiệm vụ công tác đối với người Việt Nam ở nước ngoài",
        "Việc thể chế hóa các chủ trương, nhiệm vụ công tác đối với người Việt Nam ở nước ngoài "
        "trong tình hình mới được triển khai tương đối toàn diện, kịp thời.",
    ),
    (
        "Hỗ trợ cộng đồng ổn định, hội nhập vào xã hội sở tại",
        "Việc hỗ trợ cộng đồng người Việt Nam ở nước ngoài ổn định, hội nhập vào xã hội sở tại "
        "tiếp tục được quan tâm.",
    ),
    (
        "Đổi mới phương thức vận động, hình thức tập hợp, đoàn kết người Việt Nam ở nước ngoài",
        "Việc đổi mới và đa dạng hóa các phương thức vận động, hình thức tập hợp, đoàn kết "
        "người Việt Nam ở nước ngoài hướng về quê hương có những chuyển biến rõ nét.\n"
        "Các hội đoàn người Việt Nam ở nước ngoài tiếp tục được củng cố và phát triển về cả số "
        "lượng, thành phần tại nhiều khu vực với hình thức tổ chức, tính chất hoạt động đa dạng, "
        "phong phú, cơ cấu tổ chức tiếp tục được kiện toàn. Đồng bào ngày càng tin tưởng vào sự "
        "phát triển của đất nước, niềm tự hào dân tộc trong mỗi người Việt Nam ở nước ngoài "
        "ngày càng được củng cố và tăng cường.",
    ),
    (
        "Huy động và phát huy nguồn lực của người Việt Nam ở nước ngoài",
        "Việc huy động và phát huy nguồn lực của người Việt Nam ở nước ngoài đóng góp vào quá "
        "trình phát triển của đất nước ngày càng được đẩy mạnh. Ngày càng có nhiều nhà khoa "
        "học, doanh nhân, các văn nghệ sỹ, vận động viên kiều bào về nước sinh sống, làm việc, "
        "đầu tư, kinh doanh, hoạt động văn hóa, nghệ thuật, thể thao.",
    ),
    (
        "Thông tin, tuyên truyền, giữ gìn và phát huy bản sắc văn hóa dân tộc, dạy và học "
        "tiếng Việt",
        "Công tác thông tin, tuyên truyền, giữ gìn và phát huy bản sắc văn hóa dân tộc, dạy và "
        "học tiếng Việt đã từng bước đáp ứng được nhu cầu của kiều bào.",
    ),
]
FINAL_REVIEW_90 = datetime.date(2021, 11, 26)


def _load_rows(
    loader: DemoLoader, report: ReviewReport, issuers: list, parts: list[tuple[str, str]]
):
    for row in issuers:
        existing = ReviewReportIssuer.objects.filter(report=report, agency=row.agency).first()
        values = {
            "report": report,
            "agency": row.agency,
            "authority": row.authority,
            "signer_title": row.signer_title,
            "signer_name": row.signer_name,
            "signer": row.signer,
            "order": row.order,
        }
        loader.upsert(ReviewReportIssuer, existing, values)
    for order, (heading, text) in enumerate(parts):
        existing = ReviewReportPart.objects.filter(report=report, order=order).first()
        values = {"report": report, "heading": heading, "text": text, "order": order}
        loader.upsert(ReviewReportPart, existing, values)


def _report_values(proposal) -> dict:
    report = proposal.report
    names = [f.name for f in ReviewReport._meta.concrete_fields]
    skip = {"id", "version", "created_at", "created_by", "finalized_at"}
    return {name: getattr(report, name) for name in names if name not in skip}


def load_report_90(loader: DemoLoader) -> None:
    ctr90 = program(loader, "90-CTr")
    meeting = ReviewMeeting.objects.get(held_on=FINAL_REVIEW_90, programs=ctr90)
    kind = ReportKind.PROGRAM_FINAL_REVIEW
    proposal = propose(kind, ctr90, as_of=FINAL_REVIEW_90, report_date=FINAL_REVIEW_90)
    values = {
        **_report_values(proposal),
        **REPORT_90,
        "status": ReviewStatus.FINAL,
        "approved_at": meeting,
        "finalized_at": datetime.datetime(2021, 11, 26, tzinfo=datetime.UTC),
        "notes": "Số của báo cáo: bài báo (seed 000) không nêu, nên để trống.",
    }
    existing = ReviewReport.objects.filter(kind=kind, program=ctr90, as_of=FINAL_REVIEW_90).first()
    report = loader.upsert(ReviewReport, existing, values)
    _load_rows(loader, report, proposal.issuers, PARTS_90)


def load_draft_02(loader: DemoLoader) -> None:
    ctr02 = program(loader, "02-CTr")
    kind = ReportKind.PROGRAM_FINAL_REVIEW
    existing = ReviewReport.objects.filter(
        kind=kind, program=ctr02, status=ReviewStatus.DRAFT
    ).first()
    if existing is not None:
        # Its as-of day stays the day it was first loaded; people may have edited it since.
        loader.summary.record(ReviewReport, "unchanged")
        return
    proposal = propose(kind, ctr02, as_of=timezone.localdate())
    report = loader.upsert(ReviewReport, None, _report_values(proposal))
    _load_rows(loader, report, proposal.issuers, [])


def load_demo(loader: DemoLoader) -> None:
    """Upsert the reports app's demo rows (see the module docstring), after the agencies,
    directives and programs apps' (``manage.py load_demo``, :mod:`core.demo_loader`)."""
    load_report_90(loader)
    load_draft_02(loader)
