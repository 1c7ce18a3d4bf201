"""The two form templates every installation starts with: the visit report form
《走访台资企业报告表》 and the opinion form 《征求意见表》, worded as the offices word them
(seed 000). The administrator edits them afterwards like any other template; they are only added
when their codes are absent."""

from __future__ import annotations

VISIT_REPORT, OPINION_FORM = "visit-report", "opinion-form"

SATISFACTION = ["非常满意", "满意", "一般", "不满意", "非常不满意"]
DIFFICULTIES = ["用工", "融资", "用地", "审批", "物流", "税费", "其他", "无明显困难"]
SERVICES_WANTED = ["政策咨询", "融资服务", "用工招聘", "子女教育", "医疗保障", "法律服务",
                   "通关便利", "其他"]

# Each question: (kind, text, help text, required, choices), in the order of the paper form.
INITIAL_FORMS: dict[str, dict] = {
    VISIT_REPORT: {
        "title": "走访台资企业报告表",
        "purpose": "visit_report",
        "introduction": "由县（市、区）台办走访人员据实填写，走访结束后五个工作日内录入系统；"
                        "企业反映的具体困难和问题另行登记为诉求，逐件跟踪办理。",
        "questions": [
            ("date", "走访日期", "", True, []),
            ("single", "企业经营状况", "", True, ["良好", "一般", "困难", "停产"]),
            ("number", "在岗职工人数", "单位：人", True, []),
            ("number", "台籍干部人数", "单位：人", False, []),
            ("number", "本年度产值预计", "单位：万元", False, []),
            ("single", "产值与上年相比", "", False, ["增长", "持平", "下降"]),
            ("yes_no", "是否有增资扩产计划", "", False, []),
            ("multiple", "用工、融资、用地、审批等方面是否存在困难", "可多选", False,
             DIFFICULTIES),
            ("text", "主要困难和问题", "请写明具体事项、涉及部门和企业的诉求", False, []),
            ("yes_no", "是否已与企业商定联系制度", "联系的时间、内容、方式", False, []),
            ("text", "对台办工作的意见建议", "", False, []),
        ],
    },
    OPINION_FORM: {
        "title": "征求意见表",
        "purpose": "opinion",
        "introduction": "尊敬的台商朋友：为进一步做好服务台资企业工作，请您在百忙之中填写本表，"
                        "并于规定日期前交回当地台办。您提出的意见和建议，我们将认真研究、"
                        "分类梳理，协调有关部门逐项解决并及时反馈。",
        "questions": [
            ("single", "对当地营商环境的总体评价", "", True, SATISFACTION),
            ("single", "对当地台办服务工作的评价", "", False, SATISFACTION),
            ("yes_no", "是否了解国家和本省惠台政策", "", True, []),
            ("yes_no", "企业是否享受过惠台政策", "", False, []),
            ("multiple", "最希望得到哪些方面的服务", "可多选", False, SERVICES_WANTED),
            ("text", "企业当前面临的主要困难", "", False, []),
            ("text", "对政府部门的意见和建议", "", False, []),
            ("text", "联系人", "", False, []),
            ("text", "联系电话", "", False, []),
        ],
    },
}


def form_templates_add_initial(template_model, question_model) -> None:
    """Add the initial templates whose codes are missing, with their questions. Takes the model
    classes so that the data migration can pass its historical versions."""
    for code, form in INITIAL_FORMS.items():
        if template_model.objects.filter(code=code).exists():
            continue
        template = template_model.objects.create(
            code=code, title=form["title"], purpose=form["purpose"],
            introduction=form["introduction"])
        question_model.objects.bulk_create(
            question_model(template=template, order=order, kind=kind, text=text,
                           help_text=help_text, required=required, choices=list(choices))
            for order, (kind, text, help_text, required, choices)
            in enumerate(form["questions"], start=1))
