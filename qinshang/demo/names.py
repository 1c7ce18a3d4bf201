"""Word lists for the demo data. Invented combinations; any likeness to a real firm is chance.

CJK text is double width, so the lists are kept as short space-separated strings.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    return text.split()


# Staff of the offices and departments: mainland names, Simplified.
STAFF_SURNAMES = words("""
王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 梁 宋 郑 谢 韩 唐 冯 于
董 程 曹 袁 邓 许 傅 沈 曾 彭 吕 苏 卢 蒋 蔡 贾 丁 魏 薛 叶 阎 潘 杜 戴 夏 钟 汪 田
任 姜 范 方 石 姚 谭 廖 邹 熊 金 陆 郝 孔 白 崔 康 毛 邱 秦 江 史 顾 侯 邵 孟 龙 段
""")
STAFF_GIVEN = words("""
伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 霞 平 刚 辉 婷 宁 斌 鑫 浩 凯 雪 琳
建国 海燕 晓东 志强 文静 红梅 立新 永刚 春燕 玉兰 建华 国庆 晓明 丽娟 新民 振华
佳怡 子涵 宇航 思远 俊峰 雅琴 秀梅 德明 晓燕 卫东 爱华 金龙 明辉 雪梅 庆华 瑞
""")

# Taiwan business people: Taiwanese surnames and given names, written in Traditional.
# The surnames are repeated roughly in proportion to how common they are in Taiwan.
TAIWAN_SURNAMES = words("""
陳 陳 陳 陳 林 林 林 黃 黃 張 張 李 李 王 王 吳 吳 劉 劉 蔡 蔡 楊 楊 許 鄭 謝 郭 洪
邱 曾 廖 賴 徐 周 葉 蘇 莊 呂 江 何 蕭 羅 高 潘 簡 朱 鍾 彭 游 詹 胡 施 沈 余 盧 梁
趙 顏 柯 翁 魏 孫 戴 范 方 宋
""")
TAIWAN_GIVEN = words("""
志明 淑芬 建宏 美玲 俊傑 雅婷 家豪 怡君 宗翰 淑惠 文雄 麗華 國榮 秀英 志偉 佩君
冠宇 欣怡 明德 惠美 建志 雅雯 正雄 素貞 嘉宏 靜宜 俊宏 玉珍 信宏 宜蓁 承翰 淑娟
文彬 美惠 士豪 婉婷 振興 秋月 世昌 慧玲 添財 金龍 榮發 阿福
""")

# Trade words, Simplified (the trade name is converted to Traditional): the first character
# often says where the firm is or that it is Taiwanese.
TRADE_FIRST = words("""
台 宏 鼎 华 永 裕 联 正 信 明 嘉 冠 晶 统 建 达 丰 巨 长 新 益 佳 富 荣 顺 兴 光 升 源
泰 胜 宝 东 亿 昌 德 盛 隆 和 合 亚 力 群 茂 凯 展 品 旭 捷
""")
TRADE_SECOND = words("""
信 达 丰 兴 业 泰 昌 盛 源 华 宏 鼎 通 利 新 成 和 汇 科 美 亚 群 发 隆 茂 扬 益 邦
联 硕 创 晟 玺 威 瑞 辉 立 祥
""")
# Regional prefixes that Taiwan-invested firms like: 鲁台 in Shandong, 苏台 in Jiangsu …
PROVINCE_TRADE_FIRST = {"37": "鲁", "32": "苏", "36": "赣"}

# Industry words by GB/T 4754 division, Simplified (the registered name is Simplified).
INDUSTRY_WORDS: dict[str, list[str]] = {
    "13": words("农产品 食品 饲料 粮油"),
    "14": words("食品 烘焙食品 休闲食品 调味品"),
    "15": words("饮品 茶业 酒业"),
    "17": words("纺织 织造 纱线"),
    "18": words("服饰 制衣 时装"),
    "19": words("鞋业 皮革制品"),
    "21": words("家具 家居"),
    "22": words("纸业 包装材料 纸品"),
    "23": words("印刷 彩印"),
    "24": words("文具 体育用品 玩具"),
    "26": words("化工 新材料 涂料 精细化工"),
    "27": words("生物科技 医药 药业"),
    "29": words("塑胶 橡塑 塑料制品"),
    "30": words("陶瓷 玻璃 建材"),
    "33": words("五金 金属制品 模具"),
    "34": words("精密机械 机械 轴承 液压"),
    "35": words("自动化设备 机械设备 医疗器械"),
    "36": words("汽车零部件 汽配 车业"),
    "37": words("自行车 车业 船舶配件"),
    "38": words("电器 电机 照明 电线电缆"),
    "39": words("电子科技 光电 电子 半导体 精密电子"),
    "40": words("仪器 仪表 精密仪器"),
    "41": words("工艺品 日用品"),
    "42": words("再生资源 环保科技"),
    "43": words("设备维修 机电工程"),
    "51": words("贸易 商贸 国际贸易 供应链管理"),
    "52": words("商业 百货 超市"),
    "62": words("餐饮管理 餐饮 食品连锁"),
    "65": words("信息科技 软件 数码科技"),
    "72": words("企业管理咨询 商务咨询"),
    "74": words("检测技术 工程技术"),
}
INDUSTRY_WEIGHTS: dict[str, int] = {
    "13": 5, "14": 6, "15": 2, "17": 4, "18": 4, "19": 2, "21": 3, "22": 3, "23": 2, "24": 2,
    "26": 5, "27": 4, "29": 6, "30": 3, "33": 7, "34": 9, "35": 7, "36": 6, "37": 2, "38": 7,
    "39": 12, "40": 2, "41": 1, "42": 1, "43": 1, "51": 6, "52": 3, "62": 3, "65": 4,
    "72": 2, "74": 1,
}

ROADS = words("""
科技路 工业大道 创业路 高新大道 黄河路 长江路 人民路 开发区大道 珠江路 滨河路 兴业路
振兴路 海峡路 台商大道 富民路 泰山路 青年路 建设路 和平路 友谊路 经开大道 产业园路
""")

TAGS = words("高新技术企业 专精特新 百强台企 规上企业 出口型 外贸")

# One-enterprise-one-plan items (一企一策), with the department sector that usually helps.
MEASURES: list[tuple[str, str]] = [
    ("协调解决用工招聘难题", "human_resources"),
    ("组织专场招聘会补充一线员工", "human_resources"),
    ("协助办理台籍员工社保参保", "human_resources"),
    ("协助申报高新技术企业认定", "industry"),
    ("帮助争取技改专项资金", "industry"),
    ("协助申报专精特新中小企业", "industry"),
    ("对接银行落实融资贷款", "development_reform"),
    ("协调落实项目用能指标", "development_reform"),
    ("协调办理土地不动产权证", "natural_resources"),
    ("协调解决厂房扩建用地", "natural_resources"),
    ("协助办理出口退税", "taxation"),
    ("落实研发费用加计扣除政策", "taxation"),
    ("协助商标注册与品牌保护", "market_regulation"),
    ("协助办理食品经营许可变更", "market_regulation"),
    ("协助拓展内销市场渠道", "commerce"),
    ("组织参加海峡两岸经贸交易会", "commerce"),
    ("协助台籍子女就学", "education"),
    ("协调环评手续办理", "ecology"),
    ("协调解决企业周边道路交通问题", ""),
    ("走访了解企业经营困难", ""),
]
MEASURE_DETAILS = [
    "已与相关部门召开协调会，明确责任人和时间节点。",
    "企业提交材料齐全，正在按程序办理。",
    "需企业补充近三年财务报表。",
    "已列入本季度重点跟踪事项。",
    "分管领导已专题调度。",
    "",
    "",
]

# Departments (职能部门) at the city and at the province, by sector.
DEPARTMENTS_CITY: dict[str, str] = {
    "commerce": "{}商务局",
    "development_reform": "{}发展和改革委员会",
    "human_resources": "{}人力资源和社会保障局",
    "natural_resources": "{}自然资源和规划局",
    "market_regulation": "{}市场监督管理局",
    "taxation": "国家税务总局{}税务局",
    "industry": "{}工业和信息化局",
    "ecology": "{}生态环境局",
    "education": "{}教育局",
}
DEPARTMENTS_PROVINCE: dict[str, str] = {
    "commerce": "{}商务厅",
    "development_reform": "{}发展和改革委员会",
    "human_resources": "{}人力资源和社会保障厅",
    "natural_resources": "{}自然资源厅",
    "market_regulation": "{}市场监督管理局",
    "taxation": "国家税务总局{}税务局",
    "industry": "{}工业和信息化厅",
    "ecology": "{}生态环境厅",
    "education": "{}教育厅",
}
