"""The categories every installation starts with (issue #3); administrators add more as data."""

# (code, Simplified, Traditional, English)
INITIAL_CATEGORIES = [
    ("financing", "融资", "融資", "Financing"),
    ("labour", "用工", "用工", "Labour"),
    ("land", "用地", "用地", "Land use"),
    ("approvals", "审批", "審批", "Approvals"),
    ("expropriation", "征地拆迁", "徵地拆遷", "Land acquisition and demolition"),
    ("logistics", "物流", "物流", "Logistics"),
    ("supply_chain", "供应链", "供應鏈", "Supply chain"),
    ("tax_fees", "税费", "稅費", "Tax and fees"),
    ("legal_dispute", "法律纠纷", "法律糾紛", "Legal dispute"),
    ("entry_residence", "出入境", "出入境", "Entry and residence"),
    ("medical_care", "就医", "就醫", "Medical care"),
    ("schooling", "子女教育", "子女教育", "Children's schooling"),
    ("housing", "住房", "住房", "Housing"),
    ("epidemic_supplies", "防疫物资", "防疫物資", "Epidemic supplies"),
    ("other", "其他", "其他", "Other"),
]


def categories_add_initial(category_model) -> None:
    """Add the initial categories that are missing. Takes the model class so that the data
    migration can pass its historical version."""
    for order, (code, hans, hant, english) in enumerate(INITIAL_CATEGORIES, start=1):
        category_model.objects.get_or_create(code=code, defaults={
            "name_zh_hans": hans, "name_zh_hant": hant, "name_en": english,
            "order": order * 10})
