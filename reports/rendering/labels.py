"""The Vietnamese words the PDF reports print for statuses, kinds and links.

A review report is a Vietnamese administrative document whatever the interface language of the
person who asked for it, so its fixed wording is Vietnamese here rather than translated interface
text (the web pages stay English msgids in the project's catalogue).
"""

from directives.models import DirectiveStatus, LinkKind
from programs.models import (
    MeetingFormat,
    MeetingKind,
    ProgramKind,
    ProgramStatus,
    Recurrence,
    TaskStatus,
)

TASK_STATUS = {
    TaskStatus.NOT_STARTED: "Chưa triển khai",
    TaskStatus.IN_PROGRESS: "Đang thực hiện",
    TaskStatus.DONE: "Hoàn thành",
    TaskStatus.CANCELLED: "Đã hủy",
}
PROGRAM_STATUS = {
    ProgramStatus.DRAFT: "Dự thảo",
    ProgramStatus.IN_FORCE: "Đang thực hiện",
    ProgramStatus.COMPLETED: "Đã hoàn thành",
    ProgramStatus.TERMINATED: "Đã chấm dứt",
}
PROGRAM_KIND = {
    ProgramKind.COORDINATION: "Chương trình phối hợp",
    ProgramKind.JOINT_ACTION: "Chương trình hành động phối hợp",
    ProgramKind.COOPERATION_AGREEMENT: "Thỏa thuận hợp tác",
}
RECURRENCE = {
    Recurrence.NONE: "",
    Recurrence.CONTINUOUS: "Thường xuyên",
    Recurrence.MONTHLY: "Hằng tháng",
    Recurrence.QUARTERLY: "Hằng quý",
    Recurrence.YEARLY: "Hằng năm",
}
MEETING_KIND = {
    MeetingKind.INTERIM_REVIEW: "Hội nghị sơ kết",
    MeetingKind.FINAL_REVIEW: "Hội nghị tổng kết",
    MeetingKind.WORKING_SESSION: "Buổi làm việc",
    MeetingKind.SIGNING: "Lễ ký kết",
}
MEETING_FORMAT = {
    MeetingFormat.IN_PERSON: "Trực tiếp",
    MeetingFormat.ONLINE: "Trực tuyến",
    MeetingFormat.HYBRID: "Trực tiếp kết hợp trực tuyến",
}
DIRECTIVE_STATUS = {
    DirectiveStatus.IN_FORCE: "Còn hiệu lực",
    DirectiveStatus.REPLACED: "Đã được thay thế",
    DirectiveStatus.EXPIRED: "Hết hiệu lực",
}
#: How a link reads from its source ("KL 43 tiếp tục NQ 25") and from its target.
LINK_FORWARD = {
    LinkKind.CONTINUES: "Tiếp tục",
    LinkKind.IMPLEMENTS: "Triển khai thực hiện",
    LinkKind.REPLACES: "Thay thế",
    LinkKind.AMENDS: "Sửa đổi, bổ sung",
}
LINK_INVERSE = {
    LinkKind.CONTINUES: "Được tiếp tục bởi",
    LinkKind.IMPLEMENTS: "Được triển khai bởi",
    LinkKind.REPLACES: "Được thay thế bởi",
    LinkKind.AMENDS: "Được sửa đổi, bổ sung bởi",
}
