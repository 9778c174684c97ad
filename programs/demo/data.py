"""The programs app's demo data: programs with their signatories and tasks, and review
meetings. Loaded by :mod:`programs.demo`.

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
guessed. Agencies, officials, directives and programs are referred to by their name, full name,
identifier and ``ref`` respectively; the loader resolves the references. Values of ``kind``,
``status``, ``format`` and ``recurrence`` are the models' choice values.
"""

from datetime import date

# The agreed work of 02-CTr (seed 000, section "Tiếp tục tăng cường phối hợp dân vận đối với
# NVNONN"), in the article's order and words ("NVNONN" written out). Status: "in_progress"
# where the article says the two sides *continue* (tiếp tục) the work, "not_started" for new
# work; progress is never given. Recurrence only where the article says "hằng năm" (yearly) or
# "định kỳ" (continuous: the period is not given). A lead or coordinating agency only where
# the article names one; "hai cơ quan"/"hai bên" are the program's two parties.
TASKS_02: list[dict] = [
    {
        "title": "Phối hợp tham mưu với Đảng, Nhà nước về chủ trương lãnh đạo, chỉ đạo về công "
        "tác người Việt Nam ở nước ngoài",
        "description": "Trọng tâm là: Nghị quyết 36-NQ/TW; Chỉ thị 45-CT/TW; Kết luận 14-KL/TW; "
        "Kết luận số 12-KL/TW của Bộ Chính trị về công tác người Việt Nam ở nước ngoài trong "
        "tình hình mới, và Nghị quyết 25-NQ/TW, ngày 03/6/2013 của Ban Chấp hành Trung ương "
        "Đảng về tăng cường sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới.",
        "status": "in_progress",
    },
    {
        "title": "Phối hợp hướng dẫn, đôn đốc, kiểm tra, giám sát, sơ kết, tổng kết việc thực "
        "hiện các chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước về công "
        "tác dân vận nói chung và công tác đối với người Việt Nam ở nước ngoài nói riêng",
    },
    {
        "title": "Đổi mới công tác vận động, chăm lo đối với đồng bào Việt Nam ở nước ngoài",
        "description": "Tập trung giải quyết sớm những vướng mắc liên quan đến quyền lợi thiết "
        "thân và chính đáng của người Việt Nam ở nước ngoài, triển khai mạnh mẽ công tác đại "
        "đoàn kết, kiên trì vận động những cá nhân có uy tín, ảnh hưởng trong cộng đồng.",
        "status": "in_progress",
    },
    {
        "title": "Đa dạng hóa các hình thức vận động, thu hút doanh nhân, trí thức, nhà khoa học "
        "người Việt Nam ở nước ngoài, đặc biệt là giới trẻ",
        "description": "Tạo điều kiện thuận lợi thu hút nguồn lực chất lượng phục vụ công cuộc "
        "xây dựng và bảo vệ Tổ quốc.",
    },
    {
        "title": "Tăng cường hỗ trợ các hội đoàn trong công tác vận động và tập hợp cộng đồng "
        "tại địa bàn",
        "description": "Định hướng lựa chọn, bồi dưỡng nhân tố lãnh đạo, phát triển, hỗ trợ củng "
        "cố các tổ chức hội đoàn tại các địa bàn và trong triển khai, tổ chức hoạt động.",
    },
    {
        "title": "Duy trì trao đổi thông tin định kỳ",
        "recurrence": "continuous",
        "status": "in_progress",
    },
    {
        "title": "Tổ chức các đoàn đi địa phương và ra nước ngoài làm công tác người Việt Nam ở "
        "nước ngoài",
    },
    {
        "title": "Tổ chức hoạt động trao đổi thông tin giữa lãnh đạo Ban Dân vận Trung ương và "
        "các Đoàn Trưởng cơ quan đại diện Việt Nam ở nước ngoài được bổ nhiệm hằng năm trước "
        "khi lên đường nhận nhiệm vụ",
        "recurrence": "yearly",
        # The article names Ban Dân vận Trung ương's leaders as the side holding the exchange.
        "lead_agency": "Ban Dân vận Trung ương",
    },
    {
        "title": "Phối hợp nghiên cứu, đề xuất cơ chế để làm tốt công tác tuyên truyền, vận động "
        "đối với cán bộ, đảng viên, quần chúng và cộng đồng người Việt Nam ở nước ngoài",
    },
    {
        "title": "Tăng cường phối hợp với các ban, bộ, ngành, Ủy ban Trung ương Mặt trận Tổ quốc "
        "Việt Nam, Trung ương Đoàn TNCS Hồ Chí Minh, Trung ương Hội Liên hiệp phụ nữ Việt Nam, "
        "Liên hiệp các tổ chức hữu nghị Việt Nam… trong công tác vận động, đoàn kết rộng rãi "
        "mọi đối tượng người Việt Nam ở nước ngoài",
        "coordinating_agencies": [
            "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
            "Trung ương Đoàn TNCS Hồ Chí Minh",
            "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
            "Liên hiệp các tổ chức hữu nghị Việt Nam",
        ],
    },
    {
        "title": "Kiện toàn bộ máy làm công tác dân vận và vận động đồng bào Việt Nam ở nước ngoài",
        "status": "in_progress",
    },
    {
        "title": "Nâng cao chất lượng, trình độ chuyên môn, nghiệp vụ của cán bộ làm công tác về "
        "người Việt Nam ở nước ngoài tại các cơ quan trong và ngoài nước, các hội đoàn người "
        "Việt Nam ở nước ngoài",
    },
    {"title": "Xây dựng kế hoạch triển khai cụ thể Chương trình phối hợp đã ký"},
    {
        "title": "Tham mưu chia sẻ thông tin, đào tạo kỹ năng về công tác vận động người Việt "
        "Nam ở nước ngoài, nâng cao chương trình công tác cho kiều bào",
        "status": "in_progress",
    },
    {"title": "Tham mưu về điều kiện nâng cao chế độ đối với các tri thức kiều bào"},
]

# Programs. ``ref`` is this file's handle for a program (meetings and successors use it).
# A signatory without "official" is a party whose signer the seed does not name; a signatory
# without "title" takes the official's title at that agency on the signing date.
PROGRAMS: list[dict] = [
    {
        "ref": "90-CTr",  # seed 000
        "identifier": "90-CTr/BDVTW-BCSĐBNG",
        "kind": "coordination",
        "title": "Chương trình phối hợp về công tác đối với người Việt Nam ở nước ngoài giai "
        "đoạn 2016-2021",
        "signed_on": date(2016, 12, 6),
        "period_start": 2016,
        "period_end": 2021,
        # Its five-year final review was held on 26/11/2021 (seed 000). Its status, like
        # every program's here, follows the period (ended after 2021).
        "signatories": [
            {"agency": "Ban Dân vận Trung ương"},
            {"agency": "Ban cán sự đảng Bộ Ngoại giao"},
        ],
    },
    {
        "ref": "02-CTr",  # seed 000; identifier and date from seed 001
        "identifier": "02-CTr/BDVTW-BCSĐBNG",
        "kind": "coordination",
        "title": "Chương trình phối hợp về công tác đối với đồng bào Việt Nam ở nước ngoài giai "
        "đoạn 2021-2026",
        "signed_on": date(2021, 11, 26),
        "period_start": 2021,
        "period_end": 2026,
        "predecessor": "90-CTr",
        # Seed 000: the focus ("trọng tâm") of the two bodies' joint advice.
        "based_on": ["36-NQ/TW", "45-CT/TW", "14-KL/TW", "12-KL/TW", "25-NQ/TW"],
        "summary": "Trong quá trình thực hiện Chương trình, lãnh đạo hai cơ quan có thể điều "
        "chỉnh bổ sung chương trình nếu cần thiết.",
        "signatories": [
            {"agency": "Ban Dân vận Trung ương", "official": "Bùi Thị Minh Hoài"},
            {"agency": "Ban cán sự đảng Bộ Ngoại giao", "official": "Bùi Thanh Sơn"},
        ],
        "tasks": TASKS_02,
    },
    {
        "ref": "BNG-TWĐ",  # seed 001: no identifier or signing date given
        "kind": "coordination",
        "title": "Chương trình phối hợp giữa Bộ Ngoại giao và Trung ương Đoàn TNCS Hồ Chí Minh "
        "giai đoạn 2022-2026",
        "period_start": 2022,
        "period_end": 2026,
        "summary": "Hỗ trợ thanh niên Việt Nam ở nước ngoài và vận động nguồn lực quốc tế hỗ "
        "trợ công tác Đoàn và phong trào thanh thiếu nhi.",
        "signatories": [
            {"agency": "Bộ Ngoại giao"},
            {"agency": "Trung ương Đoàn TNCS Hồ Chí Minh"},
        ],
    },
    {
        # Seed 002. The article is dated 01/11/2024 and reports the signing conference; it
        # gives no other date, so the conference and the signing are dated 1/11/2024.
        "ref": "HCM-ĐNND",
        "kind": "joint_action",
        "title": "Chương trình hành động phối hợp triển khai công tác đối ngoại nhân dân giai "
        "đoạn 2024-2029",
        "signed_on": date(2024, 11, 1),
        "period_start": 2024,
        "period_end": 2029,
        # "tiếp tục cụ thể hóa Chỉ thị số 12-CT/TW của Ban Bí thư và Thông tri số 14-TT/TU"
        "based_on": ["12-CT/TW", "14-TT/TU"],
        "summary": "Ủy ban MTTQ Việt Nam TP Hồ Chí Minh và các tổ chức thành viên tiếp tục phát "
        "huy vai trò của mình trong công tác đối ngoại nhân dân; hoàn thiện cơ chế phối hợp, "
        "thông tin công tác đối ngoại chặt chẽ và đồng bộ, hỗ trợ qua lại; hình thành thế trận "
        "đối ngoại nhân dân tổng hợp, toàn diện của TP Hồ Chí Minh. Đưa nội dung công tác đối "
        "ngoại nhân dân vào chương trình, kế hoạch công tác hằng năm của cơ quan, đơn vị.",
        "signatories": [
            {"agency": "Ủy ban MTTQ Việt Nam TP Hồ Chí Minh"},
            {"agency": "Thành đoàn TP Hồ Chí Minh"},
            {"agency": "Hội Liên hiệp Phụ nữ TP Hồ Chí Minh"},
            {"agency": "Liên đoàn Lao động TP Hồ Chí Minh"},
            {"agency": "Hội Nông dân TP Hồ Chí Minh"},
            {"agency": "Hội Cựu chiến binh TP Hồ Chí Minh"},
            {"agency": "Hội Chữ thập đỏ TP Hồ Chí Minh"},
            {"agency": "Liên hiệp các tổ chức hữu nghị TP Hồ Chí Minh"},
        ],
    },
    {
        "ref": "HCM-NVNONN",  # seed 002, signed at the same conference
        "kind": "coordination",
        "title": "Chương trình phối hợp công tác người Việt Nam ở nước ngoài giai đoạn 2024-2029",
        "signed_on": date(2024, 11, 1),
        "period_start": 2024,
        "period_end": 2029,
        "summary": "Tăng cường phối hợp nghiên cứu, tham mưu xây dựng chủ trương, chính sách, "
        "pháp luật liên quan đến người Việt Nam ở nước ngoài; đẩy mạnh phối hợp thông tin, "
        "tuyên truyền; phát huy vai trò người Việt Nam ở nước ngoài, Hội người Việt Nam ở nước "
        "ngoài; bảo vệ quyền và lợi ích hợp pháp, chính đáng của người Việt Nam ở nước ngoài; "
        "khen thưởng tập thể, cá nhân làm tốt công tác vận động người Việt Nam ở nước ngoài.",
        "signatories": [
            {"agency": "Ủy ban MTTQ Việt Nam TP Hồ Chí Minh"},
            {"agency": "Ủy ban về người Việt Nam ở nước ngoài TP Hồ Chí Minh"},
        ],
    },
    {
        # Seed 004: "Thỏa thuận hợp tác đã ký với Ủy ban Trung ương Mặt trận Lào xây dựng đất
        # nước, giai đoạn 2021 - 2025"; signed, but no identifier, date or signers given.
        "ref": "BDVTW-Lào",
        "kind": "cooperation_agreement",
        "title": "Thỏa thuận hợp tác giữa Ban Dân vận Trung ương Đảng Cộng sản Việt Nam và Ủy "
        "ban Trung ương Mặt trận Lào xây dựng đất nước giai đoạn 2021-2025",
        "period_start": 2021,
        "period_end": 2025,
        "summary": "Tăng cường trao đổi, chia sẻ kinh nghiệm về công tác xây dựng Đảng, các lĩnh "
        "vực công tác dân vận mà hai bên cùng quan tâm. Năm 2023: Ban Dân vận Trung ương đón "
        "Đoàn đại biểu cấp cao Ủy ban Trung ương Mặt trận Lào xây dựng đất nước thăm, làm việc "
        "tại Việt Nam trong khuôn khổ Thỏa thuận; từ ngày 11 đến ngày 14/12/2023, Đoàn công tác "
        "Ban Dân vận Trung ương sang Lào tập huấn, trao đổi kinh nghiệm công tác dân vận. Năm "
        "2024: trọng tâm là các nhiệm vụ đã thống nhất sẽ triển khai trong năm 2024.",
        "signatories": [
            {"agency": "Ban Dân vận Trung ương"},
            {"agency": "Ủy ban Trung ương Mặt trận Lào xây dựng đất nước"},
        ],
    },
]

# Review meetings, unique on (date, title). Chairs are the officials the article says chaired
# or directed the meeting; other speakers are named in the conclusions.
MEETINGS: list[dict] = [
    {
        # Seed 000.
        "kind": "final_review",
        "title": "Hội nghị Tổng kết 5 năm thực hiện Chương trình phối hợp về công tác đối với "
        "người Việt Nam ở nước ngoài giai đoạn 2016-2021 và ký Chương trình phối hợp giai đoạn "
        "2021-2026",
        "held_on": date(2021, 11, 26),
        "place": "Hà Nội",
        "reviewed_from": 2016,
        "reviewed_to": 2021,
        "programs": ["90-CTr"],
        "chairs": ["Bùi Thị Minh Hoài", "Bùi Thanh Sơn"],
        "participants": [
            "Ban Dân vận Trung ương",
            "Ban cán sự đảng Bộ Ngoại giao",
            "Bộ Ngoại giao",
            "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
        ],
        "approved_report": "Báo cáo Tổng kết 5 năm thực hiện Chương trình phối hợp 90",
        "signed_programs": ["02-CTr"],
        "conclusions": (
            "Đại diện lãnh đạo Ban Dân vận Trung ương và Ủy ban Nhà nước về người Việt Nam ở "
            "nước ngoài, Bộ Ngoại giao đã thảo luận, thông qua dự thảo Báo cáo Tổng kết 5 năm "
            "thực hiện Chương trình phối hợp 90 và bàn các giải pháp thực hiện Chương trình "
            "phối hợp trong thời gian tới.\n\n"
            "Kết quả phối hợp đã tác động tích cực tới cộng đồng khoảng 5,3 triệu người Việt "
            "Nam ở nước ngoài đang sinh sống, làm việc ở trên 130 quốc gia, vùng lãnh thổ, "
            "trong đó hơn 80% ở các nước phát triển.\n\n"
            "Ban Dân vận Trung ương và Ban cán sự đảng Bộ Ngoại giao trao tặng Kỷ niệm chương "
            "“Vì sự nghiệp Dân vận” và Kỷ niệm chương “Vì sự nghiệp Ngoại giao” cho một số đồng "
            "chí lãnh đạo Ban, lãnh đạo Bộ, lãnh đạo Ủy ban Nhà nước về người Việt Nam ở nước "
            "ngoài và lãnh đạo cấp vụ (trong đó Thứ trưởng Ngoại giao Phạm Quang Hiệu) vì đã có "
            "nhiều đóng góp trong thực hiện Chương trình phối hợp số 90."
        ),
    },
    {
        # Seed 003. Organised by Ban cán sự đảng Bộ Ngoại giao with Ban Tổ chức Trung ương; the
        # article gives no place ("điểm cầu Ban Tổ chức Trung ương" is the central point).
        "kind": "final_review",
        "title": "Hội nghị tổng kết thực hiện Quy định số 228-QĐ/TW ngày 7/2/2014 của Ban Bí "
        "thư về nhiệm vụ của đảng viên và công tác quản lý đảng viên ở nước ngoài và góp ý dự "
        "thảo Quy định mới",
        "held_on": date(2022, 7, 5),
        "format": "hybrid",
        "connection_points": 63,
        # "Quy định 228 đã ban hành được 8 năm": from its issue (2014) to the meeting (2022).
        "reviewed_from": 2014,
        "reviewed_to": 2022,
        "directives": ["228-QĐ/TW"],
        "chairs": ["Bùi Thanh Sơn", "Hoàng Đăng Quang"],
        "participants": [
            "Ban cán sự đảng Bộ Ngoại giao",
            "Ban Tổ chức Trung ương",
            "Bộ Ngoại giao",
            "Đảng ủy Bộ Ngoại giao",
            "Tổng cục Chính trị Quân đội nhân dân Việt Nam",
            "Bộ Công an",
        ],
        "approved_report": "Báo cáo kết quả tổng kết 8 năm thực hiện Quy định 228",
        "conclusions": (
            "Hội nghị trực tiếp kết hợp trực tuyến với 63 điểm cầu tại các tỉnh ủy, thành ủy. "
            "Đồng chí Nguyễn Minh Vũ, Ủy viên dự khuyết Trung ương Đảng, Phó Bí thư Ban cán sự "
            "đảng Bộ, Thứ trưởng Thường trực Bộ Ngoại giao báo cáo dẫn đề; Thiếu tướng Nguyễn "
            "Văn Gấu và Thượng tướng Lương Tam Quang phát biểu.\n\n"
            "Các ý kiến nhất trí cao với dự thảo Báo cáo kết quả tổng kết 8 năm thực hiện Quy "
            "định 228 và với các phương hướng lớn, đề xuất sửa đổi trong dự thảo Quy định mới "
            "thay thế Quy định 228. Ban cán sự đảng Bộ Ngoại giao tiếp thu để điều chỉnh Đề án "
            "trình Ban Bí thư theo kế hoạch."
        ),
    },
    {
        # Seed 001. The article is dated 25/7/2024 and gives no place.
        "kind": "working_session",
        "title": "Đoàn công tác Ban Dân vận Trung ương làm việc với Ban cán sự đảng Bộ Ngoại "
        "giao về việc thực hiện Nghị quyết số 25-NQ/TW và Kết luận số 43-KL/TW",
        "held_on": date(2024, 7, 25),
        # "10 năm thực hiện Nghị quyết 25" (of 03/6/2013) up to the session (2024).
        "reviewed_from": 2013,
        "reviewed_to": 2024,
        "directives": ["25-NQ/TW", "43-KL/TW"],
        "chairs": ["Phạm Tất Thắng", "Hà Kim Ngọc"],
        # "lãnh đạo đảng ủy, các đoàn thể, Ủy ban, cục, vụ thuộc Bộ Ngoại giao"
        "participants": [
            "Ban Dân vận Trung ương",
            "Ban cán sự đảng Bộ Ngoại giao",
            "Bộ Ngoại giao",
            "Đảng ủy Bộ Ngoại giao",
            "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
        ],
        "conclusions": (
            "Ban cán sự đảng Bộ Ngoại giao trình bày báo cáo tóm tắt kết quả qua 10 năm thực "
            "hiện Nghị quyết số 25-NQ/TW và 05 năm thực hiện Kết luận số 43-KL/TW; đồng chí Mai "
            "Phan Dũng, Phó Chủ nhiệm Ủy ban Nhà nước về người Việt Nam ở nước ngoài báo cáo tại "
            "buổi làm việc.\n\n"
            "Đồng chí Phạm Tất Thắng đề nghị Ban cán sự đảng Bộ Ngoại giao tiếp tục lãnh đạo, "
            "chỉ đạo thực hiện toàn diện nhiệm vụ công tác dân vận; phối hợp thực hiện hiệu quả "
            "Chương trình số 02-CTr/BDVTW-BCSĐBNG, ngày 26/11/2021; nâng cao chất lượng đội ngũ "
            "cán bộ làm công tác dân vận, nhất là đối với người Việt Nam ở nước ngoài; đẩy mạnh "
            "phong trào thi đua “Dân vận khéo”.\n\n"
            "Đồng chí Hà Kim Ngọc tiếp thu ý kiến chỉ đạo, đề nghị cấp ủy, tổ chức đảng toàn "
            "ngành Ngoại giao tiếp tục quán triệt, triển khai thực hiện Nghị quyết số 25-NQ/TW "
            "và Kết luận số 43-KL/TW."
        ),
    },
    {
        # Seed 002 (see the programs above for the date).
        "kind": "signing",
        "title": "Hội nghị ký kết chương trình phối hợp công tác đối ngoại nhân dân và công tác "
        "người Việt Nam ở nước ngoài giai đoạn 2024-2029",
        "held_on": date(2024, 11, 1),
        "place": "TP Hồ Chí Minh",
        "participants": [
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
        "signed_programs": ["HCM-ĐNND", "HCM-NVNONN"],
        "conclusions": (
            "Ông Ngô Thanh Sơn, Phó Chủ tịch Ủy ban MTTQ Việt Nam TP Hồ Chí Minh đề nghị các "
            "đơn vị tham gia ký kết tập trung quán triệt, tuyên truyền về vai trò, vị trí, tầm "
            "quan trọng của công tác đối ngoại nhân dân và công tác người Việt Nam ở nước "
            "ngoài.\n\n"
            "Ủy ban MTTQ Việt Nam TP Hồ Chí Minh tuyên dương, tặng Bằng khen cho 22 tập thể và "
            "5 cá nhân có thành tích xuất sắc trong công tác đối ngoại nhân dân và công tác "
            "người Việt Nam ở nước ngoài giai đoạn 2020-2024."
        ),
    },
]
