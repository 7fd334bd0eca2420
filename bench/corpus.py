"""The benchmark's synthetic web: S local credit portals (half English, half Chinese), each a
listing page that links to its documents, and N documents of 5-20 KB each.

Every document looks like a page of a real government or press site: a top bar with today's
date, a masthead and menu, a breadcrumb, the article (title, a meta line with the publication
and update dates, the source and a view counter, the paragraphs, share and print controls,
previous/next links), a sidebar of most-read and related links with dates and counters, and a
footer with the sponsor, registration numbers, a copyright line, a last-updated time and a
visitor counter. About a third of the documents carry a sentence that states something about
one of the five regions (opt-out, penalties, a way to challenge a score, rewards), so claims
are extracted from them.

Two versions: in version 2, 5% of the documents change (`--changed`), half with noise only
(today's date, update times, counters, the order of the most-read box) and half with a real
edit on top of that noise: the claim sentence is replaced by one that states the opposite.
Everything is derived from a seed, so a run can be repeated exactly.
"""

from __future__ import annotations

import hashlib
import html
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

REGIONS = ("shenzhen", "xiamen", "shanghai", "fuzhou", "xinjiang")
SITE_COUNT = 36  # "roughly three dozen local systems", each a portal of documents
BASE_DAY = date(2024, 5, 3)
LAST_MODIFIED_V1 = datetime(2024, 5, 3, 8, 0, tzinfo=UTC)
SHELL_BYTES = {"en": 5_000, "zh": 5_300}  # a document page without its paragraphs
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

# (region, English place name, Chinese place name, pinyin slug) of each portal's district.
DISTRICTS = (
    ("shenzhen", "Shenzhen Futian", "深圳市福田区", "futian"),
    ("xiamen", "Xiamen Siming", "厦门市思明区", "siming"),
    ("shanghai", "Shanghai Pudong", "上海市浦东新区", "pudong"),
    ("fuzhou", "Fuzhou Gulou", "福州市鼓楼区", "gulou"),
    ("xinjiang", "Urumqi Tianshan", "乌鲁木齐市天山区", "tianshan"),
    ("shenzhen", "Shenzhen Nanshan", "深圳市南山区", "nanshan"),
    ("xiamen", "Xiamen Huli", "厦门市湖里区", "huli"),
    ("shanghai", "Shanghai Xuhui", "上海市徐汇区", "xuhui"),
    ("fuzhou", "Fuzhou Taijiang", "福州市台江区", "taijiang"),
    ("xinjiang", "Karamay", "克拉玛依市", "karamay"),
    ("shenzhen", "Shenzhen Luohu", "深圳市罗湖区", "luohu"),
    ("xiamen", "Xiamen Jimei", "厦门市集美区", "jimei"),
    ("shanghai", "Shanghai Jing'an", "上海市静安区", "jingan"),
    ("fuzhou", "Fuzhou Cangshan", "福州市仓山区", "cangshan"),
    ("xinjiang", "Turpan", "吐鲁番市", "turpan"),
    ("shenzhen", "Shenzhen Bao'an", "深圳市宝安区", "baoan"),
    ("xiamen", "Xiamen Haicang", "厦门市海沧区", "haicang"),
    ("shanghai", "Shanghai Changning", "上海市长宁区", "changning"),
    ("fuzhou", "Fuzhou Jin'an", "福州市晋安区", "jinan"),
    ("xinjiang", "Hami", "哈密市", "hami"),
    ("shenzhen", "Shenzhen Longgang", "深圳市龙岗区", "longgang"),
    ("xiamen", "Xiamen Tong'an", "厦门市同安区", "tongan"),
    ("shanghai", "Shanghai Putuo", "上海市普陀区", "putuo"),
    ("fuzhou", "Fuzhou Mawei", "福州市马尾区", "mawei"),
    ("xinjiang", "Changji", "昌吉市", "changji"),
    ("shenzhen", "Shenzhen Longhua", "深圳市龙华区", "longhua"),
    ("xiamen", "Xiamen Xiang'an", "厦门市翔安区", "xiangan"),
    ("shanghai", "Shanghai Hongkou", "上海市虹口区", "hongkou"),
    ("fuzhou", "Fuzhou Changle", "福州市长乐区", "changle"),
    ("xinjiang", "Kashgar", "喀什市", "kashgar"),
    ("shenzhen", "Shenzhen Pingshan", "深圳市坪山区", "pingshan"),
    ("xiamen", "Xiamen Gulangyu", "厦门市鼓浪屿", "gulangyu"),
    ("shanghai", "Shanghai Huangpu", "上海市黄浦区", "huangpu"),
    ("fuzhou", "Fuzhou Minhou", "福州市闽侯县", "minhou"),
    ("xinjiang", "Yining", "伊宁市", "yining"),
    ("shenzhen", "Shenzhen Guangming", "深圳市光明区", "guangming"),
)

# One claim per region and language: (before, after); {ref} makes each page's sentence unique,
# so two pages never share an alert fingerprint. The "before" side agrees with the study.
CLAIMS: dict[tuple[str, str], tuple[str, str]] = {
    ("en", "shenzhen"): (
        "Under notice {ref}, residents of Shenzhen have no way to opt out of the traffic "
        "credit scheme.",
        "Under notice {ref}, residents of Shenzhen may now opt out of the traffic credit "
        "scheme at any time."),
    ("en", "xiamen"): (
        "Circular {ref} confirms that there is no penalty for a low score in Xiamen.",
        "Circular {ref} says Xiamen now punishes residents with low scores by restricting "
        "their access to loans."),
    ("en", "shanghai"): (
        "Under rule {ref}, there is no procedure for disputing a Honest Shanghai score.",
        "Under rule {ref}, Shanghai residents can now appeal their score online."),
    ("en", "fuzhou"): (
        "Bulletin {ref} says nothing is known about rewards in Fuzhou.",
        "Bulletin {ref} says high scorers in Fuzhou get discounts on public transport."),
    ("en", "xinjiang"): (
        "Report {ref} says Xinjiang residents cannot opt out of the programme.",
        "Report {ref} says Xinjiang residents can now opt out of the programme."),
    ("zh", "shenzhen"): (
        "根据第{ref}号通知，深圳市民不能申请退出信用评价。",
        "根据第{ref}号通知，深圳市民可以随时申请退出信用评价。"),
    ("zh", "xiamen"): (
        "第{ref}号文件明确，厦门对信用分较低的市民不设任何惩戒措施。",
        "第{ref}号文件明确，厦门对信用分较低的市民限制其申请贷款。"),
    ("zh", "shanghai"): (
        "按照第{ref}号规定，诚信上海的信用评分无法提出异议。",
        "按照第{ref}号规定，上海市民可以通过网上平台对信用评分提出异议。"),
    ("zh", "fuzhou"): (
        "第{ref}号公告称，福州暂无奖励措施的相关信息。",
        "第{ref}号公告称，福州信用良好的市民可享受公共交通折扣优惠。"),
    ("zh", "xinjiang"): (
        "第{ref}号报告指出，新疆居民不能退出该系统。",
        "第{ref}号报告指出，新疆居民现在可以申请退出该系统。"),
}

EN_SUBJECTS = (
    "The district credit office", "The development and reform commission", "The market "
    "regulation bureau", "The municipal data bureau", "The street office", "The district "
    "government", "The industry association", "The tax service centre", "The housing "
    "authority", "The commerce bureau", "The transport committee", "The public resources "
    "trading centre", "A working group of twelve departments", "The city's service hall",
)
EN_VERBS = (
    "held a working meeting on", "published its annual report on", "organised a training "
    "session on", "reviewed the progress of", "issued guidance on", "completed an inspection "
    "of", "launched a consultation on", "signed a cooperation agreement on", "presented the "
    "results of", "set out next year's priorities for", "hosted a forum on", "simplified the "
    "procedures for",
)
EN_OBJECTS = (
    "the sharing of licensing records between departments", "the standardisation of "
    "enterprise credit files", "the publication of administrative licensing decisions",
    "credit reports for small and medium enterprises", "the quality of records held by "
    "the platform", "credit commitments made by applicants for permits", "the integrity "
    "education week in schools", "the classification of market entities by risk",
    "cross-regional cooperation on record keeping", "the digital services of the "
    "government portal", "the archive of court judgments against companies",
    "integrity management in the construction sector", "the training of credit officers",
    "the certification of credit service agencies",
)
EN_TAILS = (
    "", "", " with representatives of forty companies", " at the district service hall",
    " in line with the provincial plan", " ahead of the next review", " for the third year "
    "running", " together with neighbouring districts", " in a meeting chaired by the deputy "
    "head", " after months of preparation",
)
EN_FOLLOWERS = (
    "Officials said the work would continue in the second half of the year.",
    "Participants exchanged views on practical difficulties and possible improvements.",
    "The meeting asked every unit to assign a contact person and report progress monthly.",
    "More than two hundred staff members took part in the sessions.",
    "A summary of the discussion will be sent to the departments concerned.",
    "The office thanked the volunteers who helped organise the events.",
    "Local businesses were invited to comment on the draft by the end of the month.",
    "The platform has been running since the spring and now covers every street office.",
    "Staff answered questions from residents at an information stand outside the hall.",
    "The documents can be consulted at the service hall during office hours.",
)
ZH_SUBJECTS = (
    "区发展改革委", "区信用办", "市场监管局", "区政务服务数据管理局", "街道办事处", "区税务局",
    "行业协会", "区住房和建设局", "区商务局", "区交通运输局", "公共资源交易中心", "区政府办公室",
    "十二个部门组成的工作专班", "区政务服务中心",
)
ZH_VERBS = (
    "召开了", "组织开展了", "部署推进", "印发了", "完成了", "启动了", "举办了", "总结了",
    "研究部署了", "牵头实施了", "专题调研了", "优化了",
)
ZH_OBJECTS = (
    "社会信用体系建设工作推进会", "信用信息归集共享专项行动", "诚信宣传周系列活动",
    "行政许可信息公示工作", "中小企业信用报告服务", "信用承诺制度试点", "企业信用档案规范化建设",
    "市场主体信用风险分类工作", "跨区域信用合作交流", "政务诚信建设督查", "信用服务机构备案工作",
    "建筑领域诚信管理", "信用工作人员业务培训", "公共信用信息平台升级改造",
)
ZH_TAILS = (
    "", "", "，四十余家企业代表参加", "，在区政务服务大厅举行", "，按照全市统一部署推进",
    "，为下一阶段评估做好准备", "，这是连续第三年开展此项工作", "，与周边区县共同推进",
    "，由分管副区长主持", "，经过数月的筹备",
)
ZH_FOLLOWERS = (
    "会议要求各单位进一步提高认识，压实工作责任，确保各项任务按期完成。",
    "与会人员围绕工作中遇到的实际困难进行了交流，并提出了改进建议。",
    "各成员单位要明确专人负责，每月报送工作进展情况。",
    "两百余名工作人员参加了相关活动。",
    "会议纪要将印发各相关部门抓好落实。",
    "活动期间，工作人员在服务大厅门口设置咨询台，现场解答群众提出的问题。",
    "相关文件可在工作时间到政务服务大厅查阅。",
    "该平台自今年春季上线运行以来，已覆盖全部街道。",
    "下一步，将继续加强部门协同，不断提升工作质效。",
    "欢迎社会各界在本月底前对征求意见稿提出意见建议。",
)
ZH_TITLE_HEADS = ("关于", "关于印发", "关于开展", "关于做好", "关于进一步加强")
ZH_TITLE_TAILS = ("的通知", "的工作方案", "的实施意见", "情况的通报", "的公告")
EN_TITLE_HEADS = ("Notice on", "Report on", "Guidance on", "Update on", "Review of")

CSS = (
    "body{margin:0;font:14px/1.6 'Helvetica Neue',Arial,'Microsoft YaHei',sans-serif;"
    "color:#333;background:#f4f4f4}.topbar{background:#0b3d6b;color:#fff;padding:4px 16px;"
    "font-size:12px}.topbar a{color:#fff;margin:0 6px}.masthead{background:#fff;padding:16px;"
    "display:flex;justify-content:space-between}.logo{font-size:24px;color:#0b3d6b;"
    "font-weight:bold}.main-nav ul{list-style:none;margin:0;padding:0 16px;background:#1565a8;"
    "display:flex}.main-nav li a{display:block;padding:10px 18px;color:#fff}.breadcrumb{padding:"
    "8px 16px;font-size:12px}.layout{display:flex;gap:16px;padding:0 16px}main{flex:3;"
    "background:#fff;padding:16px 24px}aside{flex:1;background:#fff;padding:12px}article h1{"
    "font-size:22px;text-align:center}.meta{color:#888;font-size:12px;text-align:center;"
    "border-bottom:1px solid #eee;padding-bottom:8px}.share,.prevnext{font-size:12px;color:#666;"
    "margin-top:16px}aside ul{padding-left:16px}aside .date{color:#999;font-size:11px}footer{"
    "background:#333;color:#ccc;text-align:center;font-size:12px;padding:16px;margin-top:16px}"
)
ANALYTICS = (
    "var _hmt=_hmt||[];(function(){var hm=document.createElement('script');"
    "hm.src='https://stats.example.net/hm.js?{key}';var s=document.getElementsByTagName("
    "'script')[0];s.parentNode.insertBefore(hm,s);})();window.dataLayer=window.dataLayer||[];"
    "function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','{key}');"
)


@dataclass(frozen=True, slots=True)
class Site:
    """One portal: a listing at / on its own loopback address, standing in for a public host."""

    index: int
    lang: str  # en | zh
    region: str
    name: str
    place: str
    host: str  # the public host name the config uses
    ip: str  # where the benchmark serves it

    @property
    def source_id(self) -> str:
        return f"{self.lang}-{self.host.split('.')[1]}"


@dataclass(frozen=True, slots=True)
class Doc:
    """One document of a site."""

    number: int
    site: Site
    path: str
    title: str
    published: date
    claim: bool  # carries the region claim sentence
    change: str = "none"  # none | noise | real (in version 2)

    @property
    def ref(self) -> str:
        return f"{self.site.index + 1:02d}{self.number:05d}"

    @property
    def name(self) -> str:
        return f"p{self.number:05d}"


@dataclass(slots=True)
class Corpus:
    """Every site and document, and the bytes each path serves in each version."""

    sites: list[Site]
    docs: list[Doc]
    seed: int
    served: dict[str, dict[str, bytes]] = field(default_factory=dict)  # ip -> path -> v1 bytes
    changed: dict[str, dict[str, bytes]] = field(default_factory=dict)  # ip -> path -> v2 bytes

    def by_change(self, change: str) -> list[Doc]:
        return [d for d in self.docs if d.change == change]

    def url(self, doc: Doc, port: int) -> str:
        return f"http://{doc.site.ip}:{port}{doc.path}"

    def total_bytes(self) -> int:
        return sum(len(body) for pages in self.served.values() for body in pages.values())


def make_sites(count: int = SITE_COUNT) -> list[Site]:
    sites = []
    for i in range(count):
        region, place_en, place_zh, slug = DISTRICTS[i % len(DISTRICTS)]
        lang = "en" if i % 2 == 0 else "zh"
        if lang == "en":
            name, host = f"{place_en} Credit Watch", f"www.{slug}-creditwatch.org"
        else:
            name, host = f"信用{place_zh}", f"credit.{slug}.gov.cn"
        sites.append(Site(i, lang, region, name, place_en if lang == "en" else place_zh, host,
                          f"127.0.1.{i + 1}"))
    return sites


def make_corpus(pages: int, *, seed: int = 20240503, changed: float = 0.05,
                sites: int = SITE_COUNT) -> Corpus:
    """N documents spread over the sites, with version 2's noise and real changes chosen."""
    rng = random.Random(seed)
    site_list = make_sites(sites)
    docs = [make_doc(n, site_list[n % len(site_list)], rng) for n in range(1, pages + 1)]
    docs = choose_changes(docs, changed, rng)
    corpus = Corpus(site_list, docs, seed)
    render_corpus(corpus)
    return corpus


def make_doc(number: int, site: Site, rng: random.Random) -> Doc:
    published = BASE_DAY - timedelta(days=rng.randint(1, 900))
    claim = rng.random() < 0.33
    if site.lang == "zh":
        title = (f"{rng.choice(ZH_TITLE_HEADS)}{rng.choice(ZH_OBJECTS)}"
                 f"{rng.choice(ZH_TITLE_TAILS)}（{number}）")
        path = f"/xydt/{published:%Y%m}/t{published:%Y%m%d}_{number}.html"
    else:
        obj = rng.choice(EN_OBJECTS)
        title = f"{rng.choice(EN_TITLE_HEADS)} {obj} ({number})"
        slug = "-".join(obj.split()[:5]).lower().replace("'", "")
        path = f"/news/{published:%Y/%m}/{slug}-{number}.html"
    return Doc(number, site, path, title, published, claim)


def choose_changes(docs: list[Doc], share: float, rng: random.Random) -> list[Doc]:
    """Half of the changed pages get noise only; the other half (pages with a claim) a real
    edit. At least one of each, so small runs still test both."""
    count = max(2, round(len(docs) * share))
    with_claim = [d.number for d in docs if d.claim]
    real = set(rng.sample(with_claim, min(len(with_claim), count // 2)))
    others = [d.number for d in docs if d.number not in real]
    noise = set(rng.sample(others, count - len(real)))
    out = []
    for doc in docs:
        change = "real" if doc.number in real else "noise" if doc.number in noise else "none"
        out.append(Doc(doc.number, doc.site, doc.path, doc.title, doc.published, doc.claim,
                       change))
    return out


def render_corpus(corpus: Corpus) -> None:
    by_site: dict[str, list[Doc]] = {}
    for doc in corpus.docs:
        by_site.setdefault(doc.site.ip, []).append(doc)
    for site in corpus.sites:
        docs = by_site.get(site.ip, [])
        pages = {"/": render_listing(site, docs), "/robots.txt": robots_txt()}
        changed: dict[str, bytes] = {}
        for doc in docs:
            pages[doc.path] = render_doc(doc, 1, corpus.seed, docs)
            if doc.change != "none":
                changed[doc.path] = render_doc(doc, 2, corpus.seed, docs)
        corpus.served[site.ip] = pages
        corpus.changed[site.ip] = changed


def robots_txt() -> bytes:
    return b"User-agent: *\nDisallow: /search\nAllow: /\n"


# --- rendering ---------------------------------------------------------------------------------

def render_listing(site: Site, docs: list[Doc]) -> bytes:
    zh = site.lang == "zh"
    items = "\n".join(
        f'<li><a href="{d.path}">{html.escape(d.title)}</a>'
        f'<span class="date">{d.published:%Y-%m-%d}</span></li>'
        for d in sorted(docs, key=lambda d: d.published, reverse=True)
    )
    heading = "信用动态" if zh else "News and documents"
    body = (f'<div class="list"><h2>{heading}</h2><ul class="news-list">\n{items}\n</ul></div>')
    return page_shell(site, heading, body, "", footer(site, 0, BASE_DAY), top_bar(site, BASE_DAY))


def render_doc(doc: Doc, version: int, seed: int, siblings: list[Doc]) -> bytes:
    """The bytes of one document in one version; version 2 differs only for changed docs."""
    rng = random.Random(f"{seed}:{doc.number}")
    noise = random.Random(f"{seed}:{doc.number}:v{version}")  # what differs between versions
    v2 = version == 2 and doc.change != "none"
    today = BASE_DAY + timedelta(days=1 if v2 else 0)
    views = rng.randint(120, 25000) + (noise.randint(3, 400) if v2 else 0)
    paragraphs = article_paragraphs(doc, rng, real_edit=v2 and doc.change == "real")
    others = rng.sample(siblings, min(len(siblings), 10))
    most_read = others[:6]
    if v2:
        most_read = most_read[2:] + most_read[:2]  # the box is re-ordered by popularity
    article = render_article(doc, paragraphs, views, today if v2 else doc.published, others)
    side = sidebar(doc.site, most_read, others[6:], rng, noise if v2 else None)
    visitors = 1_000_000 + doc.number * 37 + (noise.randint(50, 5000) if v2 else 0)
    return page_shell(doc.site, doc.title, article, side, footer(doc.site, visitors, today),
                      top_bar(doc.site, today))


def article_paragraphs(doc: Doc, rng: random.Random, *, real_edit: bool) -> list[str]:
    target = rng.randint(5_000, 20_000) - SHELL_BYTES[doc.site.lang]
    paragraphs: list[str] = []
    size = 0
    while size < target or len(paragraphs) < 2:
        text = paragraph(doc.site.lang, rng)
        paragraphs.append(text)
        size += len(text.encode()) + 7
    if doc.claim:
        before, after = CLAIMS[(doc.site.lang, doc.site.region)]
        sentence = (after if real_edit else before).format(ref=doc.ref)
        at = rng.randrange(len(paragraphs))
        joiner = "" if doc.site.lang == "zh" else " "
        paragraphs[at] = f"{paragraphs[at]}{joiner}{sentence}"
    return paragraphs


def paragraph(lang: str, rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 5)):
        if lang == "zh":
            sentences.append(f"{rng.choice(ZH_SUBJECTS)}{rng.choice(ZH_VERBS)}"
                             f"{rng.choice(ZH_OBJECTS)}{rng.choice(ZH_TAILS)}。")
            if rng.random() < 0.5:
                sentences.append(rng.choice(ZH_FOLLOWERS))
        else:
            sentences.append(f"{rng.choice(EN_SUBJECTS)} {rng.choice(EN_VERBS)} "
                             f"{rng.choice(EN_OBJECTS)}{rng.choice(EN_TAILS)}.")
            if rng.random() < 0.5:
                sentences.append(rng.choice(EN_FOLLOWERS))
    return ("" if lang == "zh" else " ").join(sentences)


def render_article(doc: Doc, paragraphs: list[str], views: int, updated: date,
                   others: list[Doc]) -> str:
    zh = doc.site.lang == "zh"
    prev_doc, next_doc = others[-1], others[-2] if len(others) > 1 else others[-1]
    if zh:
        meta = (f"发布时间：{doc.published:%Y-%m-%d} 09:{doc.number % 60:02d}　"
                f"更新时间：{updated:%Y-%m-%d}　来源：{html.escape(doc.site.place)}信用办　"
                f"浏览次数：{views}　字号：[大 中 小]")
        share = "分享到：微信 微博 QQ空间　【打印本页】【关闭窗口】"
        prevnext = (f'<p>上一篇：<a href="{prev_doc.path}">{html.escape(prev_doc.title)}</a></p>'
                    f'<p>下一篇：<a href="{next_doc.path}">{html.escape(next_doc.title)}</a></p>')
    else:
        meta = (f"Published: {fmt_en(doc.published)} 09:{doc.number % 60:02d} | Updated: "
                f"{fmt_en(updated)} | Source: {html.escape(doc.site.place)} credit office | "
                f"{views:,} views")
        share = 'Share: WeChat | Weibo | Email | <a href="javascript:window.print()">Print</a>'
        prevnext = (f'<p>Previous article: <a href="{prev_doc.path}">'
                    f'{html.escape(prev_doc.title)}</a></p><p>Next article: '
                    f'<a href="{next_doc.path}">{html.escape(next_doc.title)}</a></p>')
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f'<article class="article"><h1>{html.escape(doc.title)}</h1>\n'
            f'<div class="meta">{meta}</div>\n<div class="content">\n{body}\n</div>\n'
            f'<div class="share">{share}</div>\n<div class="prevnext">{prevnext}</div>'
            f"</article>")


def sidebar(site: Site, most_read: list[Doc], related: list[Doc], rng: random.Random,
            bump: random.Random | None) -> str:
    """Most-read and related boxes; `bump` (version 2) raises every counter a little."""
    zh = site.lang == "zh"
    counts = {d.number: rng.randint(100, 9000) for d in (*most_read, *related)}

    def item(doc: Doc) -> str:
        count = counts[doc.number] + (bump.randint(1, 90) if bump else 0)
        label = f"{count}次浏览" if zh else f"{count:,} views"
        return (f'<li><a href="{doc.path}">{html.escape(doc.title)}</a> '
                f'<span class="date">{doc.published:%Y-%m-%d}</span> '
                f'<span class="views">{label}</span></li>')
    heads = ("热点推荐", "相关链接") if zh else ("Most read", "Related links")
    return (f'<aside class="sidebar"><h3>{heads[0]}</h3><ul>'
            + "".join(item(d) for d in most_read)
            + f"</ul><h3>{heads[1]}</h3><ul>"
            + "".join(item(d) for d in related) + "</ul></aside>")


def top_bar(site: Site, today: date) -> str:
    if site.lang == "zh":
        return (f'<div class="topbar">今天是：{today.year}年{today.month}月{today.day}日 '
                f'{WEEKDAYS_ZH[today.weekday()]}　<a href="/login">登录</a>|'
                '<a href="/register">注册</a>|<a href="/wza">无障碍</a>|<a href="/en/">English</a>'
                "</div>")
    return (f'<div class="topbar">{WEEKDAYS_EN[today.weekday()]}, {fmt_en(today)} '
            '<a href="/login">Log in</a> | <a href="/register">Register</a> | '
            '<a href="/zh/">中文</a></div>')


def footer(site: Site, visitors: int, today: date) -> str:
    if site.lang == "zh":
        return (f"<footer><p>主办单位：{html.escape(site.place)}发展和改革委员会　"
                f"承办单位：{html.escape(site.place)}公共信用信息中心</p>"
                f"<p>网站标识码：{3500000000 + site.index}　闽ICP备{12345678 + site.index}号　"
                f"公网安备 35010202000{site.index:03d}号</p>"
                f"<p>版权所有 © 2024 {html.escape(site.name)}　最后更新：{today:%Y-%m-%d} 08:15　"
                f"您是第 {visitors} 位访问者</p></footer>")
    return (f"<footer><p>Sponsored by the {html.escape(site.place)} Development and Reform "
            "Commission | Contact us | Sitemap</p><p>Copyright © 2024 "
            f"{html.escape(site.name)}. All rights reserved. | Privacy policy | Terms of use</p>"
            f"<p>Last updated: {today:%Y-%m-%d} 08:15 | Visitors: {visitors:,}</p></footer>")


def page_shell(site: Site, title: str, main: str, side: str, foot: str, top: str) -> bytes:
    zh = site.lang == "zh"
    menu = (("首页", "/"), ("信用动态", "/xydt/"), ("政策法规", "/zcfg/"), ("信用服务", "/xyfw/"),
            ("信用公示", "/xygs/"), ("诚信文化", "/cxwh/"), ("联系我们", "/lxwm/")) if zh else (
            ("Home", "/"), ("News", "/news/"), ("Policies", "/policies/"), ("Services",
            "/services/"), ("Open data", "/data/"), ("About us", "/about/"),
            ("Contact", "/contact/"))
    nav = "".join(f'<li><a href="{href}">{label}</a></li>' for label, href in menu)
    crumb = ("当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/xydt/\">信用动态</a> &gt; 正文" if zh
             else 'You are here: <a href="/">Home</a> &gt; <a href="/news/">News</a> &gt; '
                  "Article")
    search = "搜索" if zh else "Search"
    key = hashlib.sha256(site.host.encode()).hexdigest()[:20]
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} - {html.escape(site.name)}</title>"
        f'<link rel="stylesheet" href="/static/main.css"><style>{CSS}</style>'
        f"<script>{ANALYTICS.replace('{key}', key)}</script></head>\n<body>\n{top}\n"
        f'<header class="masthead"><a class="logo" href="/">{html.escape(site.name)}</a>'
        f'<form class="search" action="/search"><input name="q"><button>{search}</button>'
        f'</form></header>\n<nav class="main-nav"><ul>{nav}</ul></nav>\n'
        f'<div class="breadcrumb">{crumb}</div>\n<div class="layout"><main>\n{main}\n</main>\n'
        f"{side}</div>\n{foot}\n"
        '<script src="/static/app.js"></script></body></html>\n'
    ).encode()


def fmt_en(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def iter_urls(corpus: Corpus, port: int) -> Iterator[tuple[Doc, str]]:
    for doc in corpus.docs:
        yield doc, corpus.url(doc, port)
