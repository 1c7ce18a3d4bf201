"""Texts of the demo events: titles by kind (with {place} the division's name and {year}),
places and summaries, as the offices write them (Simplified Chinese)."""

TITLES = {
    "symposium": ["{year}年{place}台商新春座谈会", "{place}台资企业座谈会", "{place}台商代表座谈会",
                  "{place}台资企业复工复产座谈会"],
    "round_table": ["{place}台商圆桌恳谈会", "{place}政企圆桌恳谈会（台资企业专场）"],
    "get_together": ["{year}年{place}台胞台商新春联谊会", "{place}台胞中秋联谊会",
                     "{place}台商台眷迎新联谊会"],
    "cultural": ["{place}两岸青年文化交流活动", "{place}两岸书画交流展", "{place}台胞非遗体验日"],
    "training": ["{place}台资企业惠企政策培训会", "{place}台企财税政策培训班",
                 "{place}台胞居住证办理业务培训"],
}

PLACES = ["台办会议室", "行政审批服务中心会议室", "台商之家", "会展中心第二会议室",
          "文化馆多功能厅", "市民中心报告厅"]

SUMMARIES = {
    "symposium": ["听取台商对营商环境的意见建议，现场协调部分问题。",
                  "通报惠台政策落实情况，台商代表交流生产经营情况。"],
    "round_table": ["发改、商务、人社、税务等部门负责同志与台商围桌恳谈，逐一回应企业关切。"],
    "get_together": ["台胞台商及眷属欢聚一堂，共叙乡情。"],
    "cultural": ["两岸同胞共同参与，增进了解与情谊。"],
    "training": ["讲解减税降费、稳岗就业等惠企政策，现场答疑。"],
}

RAISED_PREFIX = "座谈中企业提出："
