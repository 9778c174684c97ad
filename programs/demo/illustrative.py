"""Illustrative tasks and progress updates for the demo: **invented**, unlike
:mod:`programs.demo.data`, so that the program pages' and the home page's charts (progress over
time, tasks by status, overdue tasks per agency) and the digest show something.

Every row here is marked as demo data where a user reads it: each task's description and each
update's note start with :data:`MARK`, and the loader records them with the demo change
reason (:data:`core.demo_loader.DEMO_CHANGE_REASON`), which the home page's recent changes
leave out. The dates are plausible for each program's period (nothing before its start, nothing
after 30/11/2025, so the data loads on any later day); lead agencies are the program's parties.

``updates`` are (date, progress, note); the task's status, progress and completion date follow
from the last update, as :func:`programs.services.task_record_progress` would set them.
"""

from datetime import date

MARK = "[Dữ liệu minh họa]"

#: program ref → its illustrative tasks.
TASKS: dict[str, list[dict]] = {
    "02-CTr": [
        {
            "title": "Tổ chức hội nghị sơ kết giữa kỳ Chương trình phối hợp",
            "lead_agency": "Ban Dân vận Trung ương",
            "due_on": date(2024, 6, 30),
            "weight": 2,
            "updates": [
                (date(2023, 10, 15), 20, "Thống nhất đề cương báo cáo sơ kết."),
                (date(2024, 3, 20), 60, "Hoàn thành dự thảo báo cáo, xin ý kiến hai cơ quan."),
                (date(2024, 7, 25), 100, "Tổ chức buổi làm việc đánh giá giữa kỳ."),
            ],
        },
        {
            "title": "Gặp mặt, thông tin tình hình cho Trưởng Cơ quan đại diện mới được bổ nhiệm",
            "lead_agency": "Bộ Ngoại giao",
            "due_on": date(2025, 3, 31),
            "updates": [
                (date(2022, 8, 10), 30, "Tổ chức buổi gặp mặt đợt 1."),
                (date(2023, 8, 12), 60, "Tổ chức buổi gặp mặt đợt 2."),
                (date(2025, 2, 20), 100, "Hoàn thành các đợt gặp mặt trong năm."),
            ],
        },
        {
            "title": "Xây dựng cơ sở dữ liệu chung về hội đoàn người Việt Nam ở nước ngoài",
            "lead_agency": "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
            "due_on": date(2025, 6, 30),
            "weight": 3,
            "updates": [
                (date(2023, 4, 5), 10, "Khảo sát nhu cầu thông tin của hai cơ quan."),
                (date(2024, 5, 18), 35, "Hoàn thành thiết kế cơ sở dữ liệu."),
                (
                    date(2025, 9, 30),
                    55,
                    "Đã nhập liệu khoảng một nửa số hội đoàn; chậm so với kế hoạch.",
                ),
            ],
        },
    ],
    "BDVTW-Lào": [
        {
            "title": "Trao đổi đoàn cấp cao giữa hai bên",
            "lead_agency": "Ban Dân vận Trung ương",
            "due_on": date(2023, 12, 31),
            "updates": [
                (date(2022, 9, 12), 40, "Thống nhất kế hoạch trao đổi đoàn."),
                (date(2023, 12, 14), 100, "Đoàn công tác sang Lào tập huấn, trao đổi kinh nghiệm."),
            ],
        },
        {
            "title": "Tập huấn nghiệp vụ công tác dân vận cho cán bộ Mặt trận Lào xây dựng "
            "đất nước",
            "lead_agency": "Ban Dân vận Trung ương",
            "due_on": date(2024, 12, 31),
            "updates": [
                (date(2024, 3, 1), 30, "Xây dựng chương trình tập huấn."),
                (date(2025, 2, 10), 100, "Hoàn thành lớp tập huấn (muộn hơn kế hoạch)."),
            ],
        },
        {
            "title": "Tổng kết Thỏa thuận hợp tác giai đoạn 2021-2025",
            "lead_agency": "Ủy ban Trung ương Mặt trận Lào xây dựng đất nước",
            "due_on": date(2025, 10, 31),
            "updates": [
                (date(2025, 8, 15), 40, "Hai bên trao đổi đề cương báo cáo tổng kết."),
            ],
        },
    ],
    "HCM-ĐNND": [
        {
            "title": "Ban hành kế hoạch thực hiện Chương trình hành động năm 2025",
            "lead_agency": "Ủy ban MTTQ Việt Nam TP Hồ Chí Minh",
            "due_on": date(2025, 3, 31),
            "updates": [
                (date(2025, 1, 20), 50, "Dự thảo kế hoạch gửi các tổ chức thành viên."),
                (date(2025, 3, 25), 100, "Ban hành kế hoạch."),
            ],
        },
        {
            "title": "Tổ chức giao lưu hữu nghị với cộng đồng người nước ngoài tại Thành phố",
            "lead_agency": "Liên hiệp các tổ chức hữu nghị TP Hồ Chí Minh",
            "due_on": date(2025, 9, 30),
            "updates": [
                (date(2025, 5, 10), 30, "Chuẩn bị chương trình giao lưu."),
                (date(2025, 8, 20), 45, "Hoãn một hoạt động do trùng lịch; dời sang quý IV."),
            ],
        },
        {
            "title": "Bồi dưỡng kiến thức đối ngoại nhân dân cho cán bộ Đoàn, Hội",
            "lead_agency": "Thành đoàn TP Hồ Chí Minh",
            "due_on": date(2026, 12, 31),
            "updates": [(date(2025, 6, 5), 25, "Mở lớp bồi dưỡng đầu tiên.")],
        },
    ],
    "HCM-NVNONN": [
        {
            "title": "Tổ chức Xuân Quê hương cho kiều bào tại Thành phố",
            "lead_agency": "Ủy ban về người Việt Nam ở nước ngoài TP Hồ Chí Minh",
            "due_on": date(2025, 1, 31),
            "updates": [
                (date(2024, 12, 15), 60, "Gửi thư mời kiều bào."),
                (date(2025, 1, 18), 100, "Tổ chức chương trình Xuân Quê hương."),
            ],
        },
        {
            "title": "Khen thưởng tập thể, cá nhân làm tốt công tác vận động người Việt Nam "
            "ở nước ngoài",
            "lead_agency": "Ủy ban MTTQ Việt Nam TP Hồ Chí Minh",
            "due_on": date(2025, 11, 15),
            "updates": [(date(2025, 7, 1), 20, "Tổng hợp đề xuất khen thưởng.")],
        },
    ],
}
