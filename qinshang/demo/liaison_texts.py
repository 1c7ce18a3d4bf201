"""What the demo liaison plans and contacts say (Simplified Chinese, as staff write them). The
rule is the one of seed 001: each member of an office's leadership liaises with two key
departments, meets each at least once a quarter and brings them to the enterprises at least once
a year; each takes one enterprise; the liaison officers keep in touch with their enterprises by
phone."""

from __future__ import annotations

# The two key departments of each leader, by the sectors of the departments at the office's
# division. Jinan's are commerce (the ``bumen`` login) and taxation.
PROVINCE_PAIR = ("commerce", "taxation")
COUNTY_PAIR = ("commerce", "taxation")
CITY_PAIRS = {
    "370100": ("commerce", "taxation"),
}
OTHER_CITY_PAIRS = (
    ("commerce", "taxation"),
    ("commerce", "human_resources"),
    ("market_regulation", "taxation"),
    ("development_reform", "commerce"),
    ("industry", "human_resources"),
)
# County departments the demo lacks: sector -> name pattern over the county's qualified name.
COUNTY_DEPARTMENTS = {
    "commerce": "{}商务局",
    "taxation": "国家税务总局{}税务局",
}

MEETING_PURPOSE = "联系重点涉台部门：每季度当面沟通至少一次，通报台企诉求，协调政策落实"
DEPARTMENT_VISIT_PURPOSE = "每年协调涉台部门为台企上门服务或宣讲政策至少一次"
ENTERPRISE_PURPOSE = "班子成员分工联系一家台资企业：定期走访，了解生产经营和困难诉求"
PHONE_PURPOSE = "联络员电话联系：了解企业生产经营情况，宣传惠台政策，收集意见建议"
KEY_PHONE_PURPOSE = "重点台资企业电话联系：了解经营动态和投资意向，及时回应诉求"

# {department}: the department's name.
MEETING_CONTENTS = (
    "与{department}座谈，通报本季度台企反映的问题及办理进展，商定下一步分工。",
    "到{department}当面沟通，研究台资企业反映的政策落实问题，明确责任人和办理时限。",
    "与{department}召开联席会议，梳理惠台政策落实情况，交换台企诉求清单。",
    "与{department}分管负责同志面谈，就台企反映的共性问题研商解决办法。",
    "会同{department}研究台资企业转型升级扶持措施，交流近期走访台企了解的情况。",
)
DEPARTMENT_VISIT_CONTENTS = (
    "陪同{department}到台资企业上门服务，现场宣讲最新扶持政策，解答企业提问。",
    "协调{department}为辖区台企举办政策宣讲会，并到两家企业上门了解办理需求。",
    "会同{department}赴台资企业“下访”，现场办理企业提出的事项。",
)
VISIT_CONTENTS = (
    "走访企业，与台籍负责人座谈，了解订单、用工和资金情况，转达对台企的关心。",
    "到企业实地察看新生产线建设进度，听取企业对营商环境的意见建议。",
    "走访企业，了解企业扩产计划和项目审批进展，介绍本地产业扶持政策。",
    "与企业负责人交流，了解企业一季度经营情况和全年目标，宣讲惠台政策。",
    "走访企业，了解台籍员工子女入学、就医等生活保障需求。",
)
PHONE_CONTENTS = (
    "电话联系企业负责人，了解近期生产经营情况，企业表示订单稳定。",
    "电话联系企业，宣传最新惠台政策措施，告知申报方式和联系人。",
    "电话了解企业用工和原材料供应情况，提醒关注季度申报时间节点。",
    "电话联系企业台籍负责人，问候近况，了解在大陆工作生活有无困难。",
    "电话回访企业前期反映问题的办理结果，企业对办理情况表示满意。",
    "电话联系企业行政经理，了解企业年度经营情况和明年投资打算。",
)
OUTCOMES = (
    "企业生产经营正常，暂无诉求。",
    "有关情况已记录，纳入下次联系重点。",
    "已将政策文件发送企业，企业将按要求申报。",
    "双方约定保持日常联系，有需要随时沟通。",
    "",
)
MEETING_OUTCOMES = (
    "商定的事项已形成清单，分别交由有关科室跟踪落实。",
    "部门表示将在规定时限内答复台企诉求。",
    "双方确定下季度共同走访重点台企。",
    "",
)
RAISED_OUTCOME = "企业反映的问题已登记为诉求，转有关部门办理。"
# The start of an appeal raised in a contact, by the contact's method.
RAISED_PREFIX = {
    "visit": "联系走访中企业负责人反映：",
    "phone": "电话联系中企业反映：",
}
