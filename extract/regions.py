"""Which configured region a statement is about.

A statement belongs to the regions named in its own segment of the sentence; else to those of
the segment before it in the same sentence; else to the nearest preceding heading or sentence
that named one; else to the source's only configured region. A place that is not a configured
region (another city or province, Credit China, Sesame Credit) takes the statement away from
the configured ones. Two regions named together ("Xiamen and Fuzhou", "Xiamen, like Fuzhou")
share the statement; a region named in contrast ("unlike Fuzhou", "than Fuzhou", 与福州不同)
does not get it.

Where a source speaks about one region only, a passing mention of another region lasts until
the end of its paragraph; headings last until the next heading that names a place. On any
page, a paragraph about the country as a whole or about other places gives way, at the next
paragraph, to the region the page last spoke of; a sentence opening on "Both ..." (两市……)
is about every region the sentence before it named.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from db.models import RegionNames
from extract.han import HAN, HAN_CHAR
from extract.modality import TOKEN
from extract.prefilter import Prefilter, branch_sources, fold, quick_source
from extract.rules import Cues
from extract.scope import FOREIGN, GENERAL, LOCAL, NATIONAL, PSEUDO

ASCII_EDGE = re.compile(r"[A-Za-z0-9]")
CONNECTIVES = re.compile(
    r"^(?:['’]s)?[\s,，、;；:：]*(?:and|or|as well as|both|plus|和|与|及|以及|或)?[\s,，、]*$",
    re.I,
)
OUTSIDE = re.compile(r"\s*(?:以外|之外|境外)")  # 新疆以外的维吾尔人: people outside the region
# "a Shanghai software firm", "an Xiamen-based vendor": where a company is from, not whose
# system the sentence is about
# "a Shanghai software firm", "reposted by a Fuzhou news portal": the firm's or outlet's home
FIRM_BEFORE = re.compile(r"\b(?:a|an|by\s+the)\s{1,3}$", re.I)
# "a facial-recognition specialist based in Shenzhen": where the firm sits, not what it did
FIRM_BASED_IN = re.compile(
    r"\b(?:firm|company|specialist|start-?up|vendor|supplier|developer|maker|manufacturer"
    r"|provider|contractor|outfit|group|giant)\s{1,3}(?:[\w-]{1,30}\s{1,3}){0,2}?"
    r"(?:based|headquartered)\s{1,3}in\s{1,3}$",
    re.I,
)
FIRM_AFTER = re.compile(
    r"(?:-based)?\s{1,3}(?:[\w-]{1,30}\s{1,3}){0,2}?(?:firm|company|start-?up|vendor|supplier|developer"
    r"|contractor|maker|provider|manufacturer|outfit|consultancy|news\s+(?:portal|website|site|outlet"
    r"|agency)|newspaper|broadcaster)\b",
    re.I,
)
# "the port between Xiamen and Fuzhou": a place lying between two others is neither of them
# (unlike "data shared between Xiamen and Fuzhou")
# a place named only as a landmark or a journey's start ("a county seven hours' drive north of
# Shanghai", "after a flight from Shanghai to Urumqi"): the sentence is not about it
REFERENCE_POINT = re.compile(
    r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?\s+of|(?:next|close|adjacent)\s+to|near|neighbou?ring|(?:drive|ride|flight|journey)"
    r"\s+(?:away\s+)?from|(?:flights?|flew|drove|trains?|trip|journey|travell?ed)\s+(?:(?:no\.\s?)?[A-Z]{0,3}\d[A-Z0-9]{1,6}\s+)?from"
    r"|(?:phones?|cameras?|devices?|equipment|goods|products?|scanners?|gadgets?|hardware|kits?|"
    r"chips?|terminals?|handsets?)\s+(?:made|manufactured)\s+in)\s+$",
    re.I,
)
# "Fuzhou has become the third city in China, after Suzhou and Suqian, ...": the places a
# ranking is counted after are an aside, whatever the sentence goes on to say
RANKED_AFTER = re.compile(r"\W{0,3}(?:after|behind|following)\s{1,3}$", re.I)
ORDINAL = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|latest|last|next"
    r"|\d{1,3}(?:st|nd|rd|th))\b",
    re.I,
)
ORDINAL_REACH = 80  # characters before the segment where the ranking is said
POSSESSIVE = re.compile(r"['’]s\b")
BETWEEN = re.compile(
    r"\b(?:port|city|town|county|district|island|lies|lying|located|situated|sits|sitting"
    r"|halfway|midway)\s+between\s+(?:[\w'’-]+\s+(?:and|or)\s+)?$",
    re.I,
)
# "in several Chinese cities, Shanghai and Shenzhen among them, ...": the cities named after
# a general statement are its examples, and the statement is about them too
EXAMPLES_AFTER = re.compile(
    r"\b(?:among|amongst)\s+them\b|\bfor\s+(?:example|instance)\W{0,3}$", re.I
)
# a segment that sets itself against what came before ("while a few", "but others") is no
# general statement the next one's examples belong to
CONTRASTING = re.compile(r"\s{0,3}(?:while|whereas|but|although|though|yet|others|a\s+few)\b", re.I)
EXAMPLES_LEAD = re.compile(
    r"\s{0,3}(?:including|notably|especially|in\s+particular|such\s+as|for\s+(?:example|instance)|e\.g\.)\s",
    re.I,
)
# "Nanjing Road West", 南京东路, "Xiamen Lu": a place's name as part of a street's is no place
STREET_AFTER = re.compile(
    r"\s{0,2}(?:(?:East|West|North|South|Middle|Central)\s{1,2})?(?:Road|Rd\b|Street|Avenue|Lu|"
    r"Boulevard)\b|(?:[东西南北中])?(?:路(?![径线程过上口由费演人况面网灯])|街(?!道|头|区|坊|面)|大道|大街)"
)
# a place's name in a route's name, joined to another by a hyphen: the Guangzhou-Shenzhen-Hong
# Kong Express Rail Link, the Beijing-Shanghai high-speed railway
ROUTE_AFTER = re.compile(
    r"(?:[-–][A-Z]\w{1,20}(?:\s[A-Z]\w{1,20})?){0,3}\s{1,2}(?i:express(?:way)?|rail(?:way)?|"
    r"highway|high-speed|intercity|bullet\s+trains?|line)\b"
)
# a sentence's last segment that only says where ("..., in Beijing and Shanghai.")
TRAILING_PLACE = re.compile(
    r"\s{0,3}(?:in|across|throughout)\s{1,3}(?!(?:which|whom|that)\b)", re.I
)
TRAILING_MAX = 60  # characters: a place or two, not a clause of its own
# a last segment saying whose rules the sentence reports ("..., under rules announced by eight
# national bodies"): a national source makes the measure national
TRAILING_RULES = re.compile(
    r"\s{0,3}(?:under|according\s{1,3}to|in\s{1,3}line\s{1,3}with|following)\s{1,3}"
    r"(?:(?:new|the|a|joint)\s{1,3})?(?:rules|regulations|measures|guidelines|a\s{1,3}notice|"
    r"a\s{1,3}circular|a\s{1,3}document|notices|documents)\s{1,3}(?:jointly\s{1,3})?"
    r"(?:announced|issued|released|published|set\s{1,3}out|drawn\s{1,3}up|adopted)\s{1,3}by\b",
    re.I,
)
TRAILING_RULES_MAX = 160  # characters: who issued the rules, not a clause of its own
NATIONAL_ISSUERS = re.compile(
    r"\bnational\s{1,3}(?:[\w-]+\s{1,3}){0,2}?(?:bodies|agencies|ministries)\b", re.I
)
# words that make a sentence on a city's page about the city without naming it
LOCAL_WORDS = re.compile(r"\b(?:local|our|city|city[’']s|municipal|district)\b", re.I)
# a firm's home ("a Shenzhen-based analyst"): where a company is from is not what the text is
# about (docs/attributes.md, "Where a company is from")
HOME_AFTER = re.compile(
    r"[-–](?:based|headquartered)\s+(?:(?!police\b)[\w-]+\s+){0,3}?(?:firms?|compan(?:y|ies)|"
    r"analysts?|start-?ups?|makers?|manufacturers?|suppliers?|developers?|vendors?|consultanc"
    r"(?:y|ies)|think\s+tanks?|giants?|business(?:es)?|banks?|publishers?|newspapers?|outlets?|"
    r"information\s+services?|investors?|brokers?)\b",
    re.I,
)


# a company's registered name that opens with a place ("Xiamen Meiya Pico Information Co Ltd",
# "Xiamen Airlines", "China Railway Shanghai Group", 厦门美亚柏科信息股份有限公司): the firm, not
# the place. The name's words stay on one line and end in lower case or punctuation (in a
# title-case headline, "Shenzhen Police And Tencent Holdings Roll Out ...", the city is the
# subject); a Chinese name is the characters right after the city, none of them a city's own
# (市) or a word that joins the city to someone else (与, 向, 委托 ...)
COMPANY_AFTER = re.compile(
    r"(?:[ \t]{1,3}[A-Z][\w&'’-]{0,30}){0,4}?[ \t]{1,3}(?:Co\.?,?[ \t]{0,3}Ltd\b|Co\b(?![-‐])|"
    r"Ltd\b|Corp\b|Corporation\b|Holdings\b|Group\b|Airlines\b|Stock[ \t]+Exchange\b)"
    r"(?!,?[ \t]+[A-Z])"
    r"|(?:[ \t]{1,3}[A-Z][\w&'’-]{0,30}){0,3}?[ \t]{1,3}(?:Information|Data|Digital|Intelligent"
    r"|Network|Software|Electronics?|Internet)[ \t]{1,3}(?:Technolog(?:y|ies)|Services?|Systems?)\b"
    # inside running text ("... Technology to build", "... Technology, a Shanghai firm", the
    # end of a sentence): a Title Case headline ending there is no firm's name
    r"(?=[ \t]{1,3}[a-z(]|[,;][ \t]{1,3}[a-z]|\.[ \t]{1,3}[A-Z])"
    rf"|(?:(?![市与和及同跟向对为把被将从在由委局府厅办])[{HAN}]){{2,10}}?"
    r"(?:股份有限公司|有限责任公司|有限公司)|(?:航空公司|航空(?=[^\s]{0,4}?(?:公司|航班))|证券交易所)"
)


# a firm's office in a place ("大华科技上海公司", 上海分公司): where a company sells or keeps an
# office is not what the text is about. 上海公司 counts only right after a word that ends a
# firm's name (目前深圳公司和个人: the city's firms); 办事处 is also a government's liaison
# office (新疆办事处主任), so it is not read as a firm's
BRANCH_AFTER = re.compile(r"(?:分公司|子公司)")
FIRM_NAME_BEFORE = re.compile(
    r"(?:科技|集团|股份|控股|电信|移动|联通|网络|信息|电子|通信|智能|软件|技术|数据|实业|传媒)$"
)
# a newspaper named after its city ("Shanghai Daily", "Xinjiang Daily") after another place on
# its line ("Xinjiang police to pay for tips (Shanghai Daily archive)"): where the story was
# printed, not what it is about. Alone on its line the paper's city stays a place: a city's
# paper mostly writes about its city ("135 caught evading fares (Shanghai Daily)")
PAPER_AFTER = re.compile(
    r"[ \t]{1,3}(?:Daily|Evening[ \t]+News|Morning[ \t]+Post)\b(?!-)"
    r"(?![ \t]{1,3}(?:[Ll]ife|[Ll]ives))"
)
PAPER_REACH = 200  # characters before a paper's city searched for the place the story is about
# an organisation named after a place ("the East Turkistan Islamic Movement"): the
# organisation, not the place
ORGANISATION_AFTER = re.compile(
    r"\s{1,3}(?:Islamic\s+(?:Movement|Party)|Government\s+in\s+Exile|(?:Liberation|"
    r"Independence|National\s+(?:Awakening|Freedom))\s+(?:Organi[sz]ation|Movement|Party|Front))\b"
)


def in_a_name(text: str, start: int, end: int) -> bool:
    """The place named at text[start:end] is part of a street's, a route's or a company's
    name, or says where a firm is based or keeps an office."""
    if (
        STREET_AFTER.match(text, end)
        or HOME_AFTER.match(text, end)
        or COMPANY_AFTER.match(text, end)
        or BRANCH_AFTER.match(text, end)
        or ORGANISATION_AFTER.match(text, end)
    ):
        return True
    if text.startswith("公司", end) and FIRM_NAME_BEFORE.search(text, max(0, start - 2), start):
        return True
    route = ROUTE_AFTER.match(text, end)
    joined = start > 0 and text[start - 1] in "-–"
    return route is not None and (joined or route.group().startswith(("-", "–")))


# another place naming something its own way ("what Beijing calls its anti-terrorism
# campaign", "what China terms vocational training"): the namer, not the place the statement
# is about
NAMER_BEFORE = re.compile(r"\bwhat[ \t]{1,3}$", re.I)
NAMER_AFTER = re.compile(
    r"[ \t]{1,3}(?:calls?|called|describes?\s+as|described\s+as|terms?|termed|labels?|"
    r"labell?ed|dubs?|dubbed|brands?|branded)\b"
)


# the capital standing for the central government ("where Beijing has built ...", "the
# checkpoints that Beijing built", "Beijing says ..."): no place a statement is about, unless
# a preposition makes it one ("police in Beijing launched ..."). The national cue in
# extract/patterns/en.yaml lists the same verbs: where Beijing opens a clause it speaks for the
# country. Change both together.
PLACE_BEFORE = re.compile(
    r"\b(?:in|to|from|of|near|at|around|across|outside|inside)\s{1,3}$|\bcapital\b[^.;]{0,30}$",
    re.I,
)
GOVERNMENT_AFTER = re.compile(
    r"\s{1,3}(?:(?:has|had)\s{1,3}(?:long\s{1,3}|also\s{1,3})?)?"
    r"(?:says|said|claims|claimed|insists|insisted|den(?:ies|ied)|argues|argued|maintains|"
    r"maintained|defends|defended|built|builds|launched|wants|wanted|began|rolled\s{1,3}out|"
    r"introduced|responded|rejects|rejected|dismisse[sd]|describes|described|justifies|"
    r"justified|portrays|portrayed|presents|presented|ordered|orders|pushed|pushes|sought|"
    r"seeks|condemned|accused|accuses|deployed|deploys|poured|invested|spent|tightened|"
    r"stepped\s{1,3}up)\b"
)


# a foreign place in the name of who reports or studies ("a Voice of America report", "a fellow
# at the Australia-China Relations Institute", "France 24", "Britain's BBC", 德国之声, 日本经济新闻,
# 美国学者): the source's or the writer's country, not the place the statement is about
SOURCE_AFTER = re.compile(
    r"(?:[ \t]{1,3}[A-Z][\w&'’-]{0,30}){0,3}?[ \t]{1,3}(?:Times|Herald|Tribune|Observers|"
    r"Broadcasting|News|Journal|Radio|Television|Telegraph|Guardian)\b|[ \t]24\b|['’]s[ \t]{1,3}"
    r"(?:BBC|Guardian|Times|Telegraph|Independent|Channel[ \t]4|Sky[ \t]News|NHK|Kyodo|Asahi|"
    r"Yomiuri|Le[ \t]Monde|ABC|CBC|SBS|(?:public[ \t]{1,3})?broadcaster|newspapers?)\b"
    rf"|(?:之音|之声|国际广播电台|广播公司|共同社|学者|记者|专家|研究人员|媒体|[{HAN}]{{0,2}}?"
    r"(?:通讯社|电视台|广播电台|时报|日报|邮报|新闻)|《[^》\n]{1,16}》(?=[^。；\n]{0,4}?"
    r"(?:报道|称|说|指出|披露|援引)))"
)
# an institution or a government named after a foreign place is the source only when it reports
# ("the US State Department said", "a fellow at the Australia-China Relations Institute said",
# 澳大利亚战略政策研究所发现, 美国国务院发布的报告称), or when a bilateral name (Australia-China)
# cannot be about the place alone; its own work ("researchers at the University of Tokyo built
# a face-recognition system") stays abroad
REPORTING_SOURCE_AFTER = re.compile(
    r"(?:[-–]Chin(?:a|ese)(?=(?:[ \t]{1,3}[A-Z][\w&'’-]{0,30}){0,3}?[ \t]{1,3}(?:Institute|"
    r"Institution|Cent(?:er|re)|Council|Foundation|Association|Society|Forum|Relations)\b)"
    r"|(?:[ \t]{1,3}[A-Z][\w&'’-]{0,30}){0,4}?[ \t]{1,3}(?:Institute|Institution|Cent(?:er|re)|"
    r"University|Foundation|Council|Society|Association|Forum|State[ \t]Department|Department"
    r"[ \t]of[ \t]State|Foreign[ \t](?:Office|Ministry)|Congress|Parliament|Embassy|government)"
    r"\b(?=[^.;!?]{0,40}?\b(?:said|says|reported|reports|found|finds|stated|wrote|writes|"
    r"concluded|estimated|estimates|alleged|alleges|accused|argues|argued|noted|notes)\b)"
    r"|['’]s[ \t]{1,3}(?:State[ \t]Department|Foreign[ \t](?:Office|Ministry)|government|"
    r"Parliament|Congress)\b(?=[^.;!?]{0,40}?\b(?:said|says|reported|found|stated|wrote|"
    r"concluded|estimated|alleged|accused)\b))"
    rf"|[{HAN}]{{0,6}}?(?:研究所|研究院|智库|研究中心|国务院|外交部|国会|议会|大使馆)"
    r"(?=[^。；\n]{0,8}?(?:发现|报告|称|指出|表示|认为|披露|发布|报道))"
)
SOURCE_BEFORE = re.compile(
    r"\b(?:(?:Voice|University)[ \t]{1,3}of|(?:reports?|researchers?|scholars?|academics?|"
    r"journalists?|reporters?)[ \t]{1,3}from)[ \t]{1,3}(?:the[ \t]{1,3})?$",
    re.I,
)
# 日本 inside 今日本市, 昨日本报: a day word before it, not Japan
DAY_BEFORE = re.compile(r"[今昨近明每当翌逐前后次同半终节周月]$")
# a foreign place named only as where someone lives, studied, works or came back from ("who
# now lives in Sweden", "a student in Australia", "returning from Italy", 在日本留学, 旅居英国):
# a story about Xinjiang goes on being about it
ABROAD_BEFORE = re.compile(
    r"\b(?:(?:lives?|living|lived|studied|studying|studies|works?|working|worked|settled|based|"
    r"exiled|stud(?:y|ied)[ \t]{1,3}abroad)[ \t]{1,3}(?:[\w-]+[ \t]{1,3}){0,2}?(?:in|from)|"
    r"(?:returned|returning|returnees?|came[ \t]{1,3}back|back|fled|deported|sent[ \t]{1,3}back)"
    r"[ \t]{1,3}(?:[\w-]+[ \t]{1,3}){0,2}?(?:from|to)|(?:students?|refugees?|diaspora|exiles?|"
    r"Uy?ghurs|Uighurs|Kazakhs|relatives?|cousins?|brothers?|sisters?|sons?|daughters?|"
    r"famil(?:y|ies)|husband|wife|parents?|activists?|emigr\w+|immigrants?)[ \t]{1,3}"
    r"(?:[\w-]+[ \t]{1,3}){0,2}?(?:in|from|to)|(?:visit(?:ed|ing|s)?|went[ \t]{1,3}to|gone[ \t]"
    r"{1,3}to|trips?[ \t]{1,3}to|travell?(?:ed|ing|s)?[ \t]{1,3}to|moved[ \t]{1,3}to)"
    r"|unlike(?:[ \t]{1,3}(?:in|those[ \t]{1,3}in))?)"
    # further places in the same list: "returning from Italy or Spain"
    r"[ \t]{1,3}(?:(?:the[ \t]{1,3})?[\w'’-]+(?:[ \t]{1,3}[\w'’-]+)?(?:[ \t]{0,3},[ \t]{0,3}|"
    r"[ \t]{1,3}(?:or|and)[ \t]{1,3})){0,3}(?:the[ \t]{1,3})?$"
    r"|(?:旅居|定居|侨居|移居|流亡|身在|远在)$",
    re.I,
)
ABROAD_AROUND = re.compile(rf"(?:曾经?)?(?:在|从|赴|去|到)(?:[{HAN}]{{2,5}}[、和与及或]){{0,3}}$")
ABROAD_AFTER = re.compile(
    r"[^\s，。；,]{0,2}?(?:留学|工作|生活|定居|读书|上学|求学|回国|返回|归来|回来|探亲|旅游|旅行|"
    r"的亲属|的亲戚|的家人)"
)


def passing_name(text: str, mention: Mention) -> bool:
    """A name the gazetteer found that names no place a statement is about: part of a
    street's, route's or company's name (`in_a_name`), another place naming something its
    own way (NAMER_BEFORE, NAMER_AFTER), the capital standing for the government
    (GOVERNMENT_AFTER); and a place abroad that is only the country of a source (SOURCE_*,
    REPORTING_SOURCE_AFTER) or where someone lives, studied or came back from (ABROAD_*), or
    日本 read inside 昨日本报."""
    if in_a_name(text, mention.start, mention.end):
        return True
    if (
        text[mention.start : mention.end] == "Beijing"
        and GOVERNMENT_AFTER.match(text, mention.end)
        and not PLACE_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    ):
        return True
    if mention.region != FOREIGN:
        return False
    before = max(0, mention.start - 40)
    if text.startswith("日", mention.start) and DAY_BEFORE.search(text, before, mention.start):
        return True
    if (
        SOURCE_AFTER.match(text, mention.end)
        or REPORTING_SOURCE_AFTER.match(text, mention.end)
        or SOURCE_BEFORE.search(text, before, mention.start)
    ):
        return True
    if PAIR_BEFORE.search(text, before, mention.start) and PAIR_AFTER.match(text, mention.end):
        return True  # "the two Fujian schemes": the province describes the pair named before
    if ABROAD_BEFORE.search(text, before, mention.start) or (
        ABROAD_AROUND.search(text, before, mention.start) and ABROAD_AFTER.match(text, mention.end)
    ):
        return True
    return (
        NAMER_AFTER.match(text, mention.end) is not None
        and NAMER_BEFORE.search(text, max(0, mention.start - 12), mention.start) is not None
    )


# a province naming a pair of places as an adjective ("the two Fujian schemes", "both
# Fujian cities"): the pair are the places named before, not the province
PAIR_BEFORE = re.compile(r"\b(?:both|the\s+two|these\s+two)\s+$", re.I)
PAIR_AFTER = re.compile(
    r"\s{1,3}(?:cities|schemes|scores|systems|pilots|programmes|programs)\b", re.I
)
RELATIVE = re.compile(r"\s*(?:where|which|who|whose|in\s+which|whereby)\b", re.I)
# a segment opening as an aside about what came before ("a practice begun in Xiamen"): the
# place it names does not reach back to the segments before it
# (nor does a new clause's: "..., and the cards also work in Fuzhou")
APPOSITION = re.compile(
    r"\s{0,3}(?:a|an|one|like|as|such\s+as|including|and|but|while|whereas|so|yet|though|although)\b",
    re.I,
)
# a dateline opening a story ("NANJING, July 3 —", "URUMQI, China -"): the place it names is
# what the story is about, as a heading's would be
DATELINE = re.compile(r"[A-Z][A-Z'’. ]{2,30}(?:,[^—–\n]{0,30}?)?\s*(?:—|–|--|-)\s")
# a news agency's dateline ("SHANGHAI (Reuters) -", "XIAMEN, March 3 (Xinhua) --",
# 路透社上海3月16日电): where the story was filed. Where the sentence goes on to name a place
# ("... - China says its social credit system ..."), that place, not the filing city, is what
# the sentence and the story are about (Attributor.segments)
WIRE_DATELINE = re.compile(
    r"[A-Z][A-Z'’. ]{2,30}(?:,[^()\n—–]{0,30}?)?\s*\((?:Reuters|AFP|AP|Xinhua|Bloomberg|Kyodo|"
    r"dpa|EFE|ANSA|UPI|CNS|China\s+Daily|Global\s+Times)\)(?:,[^—–\n]{0,30}?)?\s*(?:—|–|--|-|:)\s"
    r"|(?:新华社|路透社|中新社|法新社|美联社|共同社|彭博社|中新网|人民网|央视网)[\u4e00-\u9fff]{2,6}?"
    r"\d{1,2}月\d{1,2}日(?:电|讯)(?:[（(][^）)\n]{0,20}[）)])?\s*[:：]?"
)
# what a wire story's first sentence may open with after its dateline: the country speaking
# ("China says", "Chinese regulators will", 中国表示, 国家发展改革委), not a phrase about the
# filing city ("China's financial hub") or a body that only begins with a national word
# (中国人民银行)
WIRE_NATIONAL = re.compile(
    r"\W{0,3}(?:(?:China|Beijing)\s+(?:says|said|will|would|has|have|had|is|plans|planned|"
    r"announced|wants|intends|issued|published|released|unveiled|launched|told)\b|Chinese\s+"
    r"(?:authorities|officials|regulators|leaders|courts|government|state\s+media)\s+(?:say|said|"
    r"will|would|have|had|are|plan|planned|announced|want|issued|published|released|unveiled|"
    r"launched|told)\b|the\s+(?:Chinese|central)\s+government\b|(?:中国|我国|国家)(?:表示|称|"
    r"宣布|将|已|正|发布|出台|要求|决定)|国务院|国家发展改革委|国家发改委|中共中央|最高人民法院)"
)
# what may stand between a dateline and the place its sentence opens with
WIRE_OPENER = re.compile(
    r"[\s\"“‘'—–-]*(?:(?:the|a)\s+(?:[\w-]+\s+){0,2}?(?:city|province|region|town|county|"
    r"district)\s+of\s+)?",
    re.I,
)
# the dateline's own place, spoken of after it ("in the region", 本市)
WIRE_LOCAL = re.compile(
    r"\b(?:the|this)\s+(?:city|region|municipality|province|metropolis)\b|本市|全市|本区|全区|本地|当地",
    re.I,
)
# a byline: the reporter's name and where they file from ("By Li Tao in Shenzhen")
BYLINE = re.compile(
    r"(?:By|Written\s+by|Reported\s+by|Reporting\s+by)\s+[A-Z][\w'’.-]*"
    r"(?:\s+(?:[A-Z][\w'’.-]*|and|&)){0,5}\s+(?:in|from)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}"
    r"[\s.,]*"
)
BYLINE_MAX = 200  # characters
# an author's affiliation under a paper's title ("The Third Research Institute of the Ministry
# of Public Security, Shanghai, China"): where the authors work, not what the paper is about
AFFILIATION = re.compile(
    r"\b(?:Institute|University|Academy|Laborator(?:y|ies)|College|School\s+of|Department\s+of)\b"
)
ADDRESS_END = re.compile(r",\s*(?:P\.\s*R\.\s*|People[’']s\s+Republic\s+of\s+)?China\s*$")
# a sentence opening on a plural reference ("Both are computed ...", 两市都……) is about every
# region the sentence before it named, not only the last one
PLURAL = re.compile(
    r"\W*(?:(?:in|for|under|with|of)\s+)?(?:both\b|the\s+two\b|these\s+two\b|each\s+of\s+the"
    r"\s+two\b|(?:the|these)\s+(?:schemes|scores|systems)\b|(?:each|neither)\s+(?:city|score|system|scheme|pilot)\b|none\s+of\s+the\s+(?:cities|scores|systems|schemes|pilots)\b)"
    r"|\W*[^。！？，,]{0,4}?(?:两市|两地|两城|两座城市|两个城市|两种(?:信用)?分|两项评分|二者|两者)",
    re.I,
)
# words that count the places they refer to ("both", "the two", "neither city", 两市)
COUNTED = re.compile(
    r"\b(?:(?:both|the\s+two|these\s+two)\s+(?:[\w-]+\s+)?cities|(?:neither|either|each)\s+city)\b"
    r"|两市|两地|两城|两座城市|两个城市",
    re.I,
)
# the same, inside a sentence ("Officials in both cities said ...")
PLURAL_INSIDE = re.compile(
    r"\b(?:(?:both|the\s+two|these\s+two)\s+(?:[\w-]+\s+)?(?:cities|schemes|scores|systems|pilots"
    r"|programmes|programs)|(?:either|each|neither)\s+(?:city|score|scheme|system|pilot))\b",
    re.I,
)
GENERIC_SUFFIX = re.compile(r"\s+(?:district|county|prefecture|city|province)$", re.I)
MAX_CONTEXT_REGIONS = 2
SUBSETS_KEPT = 512  # compiled name expressions kept, one per set of names seen together
# a system name or scope cue of this many branches or more runs with only the branches a page
# could hold (the national cue has about 70; run whole it cost 3 ms per 13 KB English page,
# since its first characters include most letters)
SPLIT_BRANCHES = 8
Regions = frozenset[str]
BROAD = frozenset({NATIONAL, GENERAL})
# "the city" after "in a typical city" in one sentence is that typical city ("In a typical
# city, departments report to the city's credit database"; 在一般城市中……再报送到全市的
# 信用数据库), unless the words say the page's own city apart from the others (本市, "this
# city", "like many cities, the city ...", ……本市也)
OWN_CITY = re.compile(r"本市|我市|\b(?:this|our)\s{1,3}city\b", re.I)
SET_APART = re.compile(
    r"\b(?:like|unlike|as\s{1,3}in|as\s{1,3}(?:do|does|did)|but|while|whereas|instead|however)\b"
    r"|也|同样|亦|像|一样|不同于|有别于|而|但|却|不过|率先",
    re.I,
)
# the hypothetical city a sentence describes ("in a typical city", 在一般城市中), as against
# "many cities" or "other cities", beside which "the city" is the page's own
TYPICAL_CITY = re.compile(
    r"\b(?:typical|ordinary|average)\s{1,3}(?:Chinese\s{1,3})?city\b|(?:一般|典型|普通)的?城市",
    re.I,
)
# "some cities" with no word placing them elsewhere (other, Chinese, across China): in a story
# about a province or autonomous region, its own cities
WITHIN = re.compile(
    r"(?:many|most|some|several|various|numerous)\s+(?:cities|municipalities|localities)"
    r"|(?:许多|不少|部分|一些|多个|多数)(?:城市|地方|地区)|多地",
    re.I,
)
RESIDENTS = re.compile(
    r"(?:['’]s)?\s*(?:residents|citizens|people|locals|drivers|companies|firms|businesses"
    r"|enterprises|市民|居民|企业|人|民)",
    re.I,
)
# why a segment belongs to its places
NAMED = "named in the sentence"
HEADING = "under a heading naming it"
EARLIER = "named earlier in the paragraph"
LATER = "named later in the sentence"
EXAMPLES = "named as examples of it"
PAGE = "the page's region"


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a sentence between commas, the places it is about, and why."""

    start: int
    end: int
    regions: Regions
    reason: str


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    region: str  # a configured region id, or a pseudo-place of extract/scope.py


class Gazetteer:
    """Finds the names of configured regions and of other places in a text."""

    def __init__(
        self,
        regions: Sequence[RegionNames],
        foreign: Sequence[str],
        aliases: Sequence[tuple[str, re.Pattern[str]]] = (),
        scopes: Sequence[tuple[re.Pattern[str], str]] = (),
        private: Sequence[str] = (),
    ) -> None:
        """`aliases`: (name, pattern) pairs, e.g. a system's name and every way of writing it;
        where `name` is a configured region's name, the pattern counts as naming that region.
        `scopes`: (pattern, pseudo-place) pairs, the scope cues of extract/scope.py.
        `private`: companies' own scores, found as other places; a sentence naming one is
        about it (Attributor.private_sentence)."""
        self.regions = frozenset(region.id for region in regions)
        self.provinces = frozenset(region.id for region in regions if region.contains_cities)
        self.by_name: dict[str, str] = {}
        for region in regions:
            for name in (*region.names, region.id):
                if name.strip():
                    self.by_name.setdefault(casefold(name), region.id)
        for name in (*foreign, *private):
            self.by_name.setdefault(casefold(name), FOREIGN)
        self.private = frozenset(casefold(name) for name in private)
        ordered = sorted(self.by_name, key=len, reverse=True)
        self.names = tuple(name_pattern(n) for n in ordered)
        self.pattern = self.subset(tuple(range(len(self.names))))
        # the prefilter keys a name on its distinctive word ("Baoshan", not "district", which
        # nearly every page has): a page without that word cannot name the place
        self.prefilter = Prefilter(
            re.compile(name_pattern(GENERIC_SUFFIX.sub("", n) or n), re.I) for n in ordered
        )
        self.subsets: dict[tuple[int, ...], re.Pattern[str]] = {}
        self.aliases = [
            (pattern, owner)
            for name, pattern in aliases
            if (owner := self.alias_region(name, pattern, regions)) is not None
        ] + list(scopes)
        # most system names and scope cues need a word the text lacks: only the others run,
        # and of a large one only the branches the page could hold (`alias_pattern`)
        self.alias_branches: list[tuple[int, str]] = []  # (alias, source of one branch)
        self.branch_count: list[int] = []
        for index, (pattern, _) in enumerate(self.aliases):
            branches = [] if pattern.flags & re.X else branch_sources(pattern.pattern)
            if len(branches) < SPLIT_BRANCHES:
                branches = [pattern.pattern]
            self.alias_branches += [(index, branch) for branch in branches]
            self.branch_count.append(len(branches))
        self.alias_filter = Prefilter(
            (branch, self.aliases[index][0].flags) for index, branch in self.alias_branches
        )
        self.alias_subsets: dict[tuple[int, ...], re.Pattern[str]] = {}

    def alias_region(
        self, name: str, pattern: re.Pattern[str], regions: Sequence[RegionNames]
    ) -> str | None:
        """The configured region a system name belongs to: the one that lists the name, or
        one of whose names the system's pattern matches (茉莉分 for "Moli score")."""
        found = self.by_name.get(casefold(name))
        if found is not None:
            return None if found == FOREIGN else found
        for region in regions:
            if any(pattern.fullmatch(n) for n in region.names):
                return region.id
        return None

    def alias_pattern(self, index: int, branches: tuple[int, ...]) -> re.Pattern[str]:
        """A system name's or scope cue's expression with only the given branches (in their
        order, so a text's matches are those of the whole expression where the others cannot
        match): the expression itself when they are all of it."""
        pattern = self.aliases[index][0]
        if len(branches) == self.branch_count[index]:
            return pattern
        found = self.alias_subsets.get(branches)
        if found is None:
            if len(self.alias_subsets) >= SUBSETS_KEPT:
                self.alias_subsets.clear()
            source = "|".join(f"(?:{self.alias_branches[b][1]})" for b in branches)
            found = re.compile(quick_source(source, pattern.flags), pattern.flags)
            self.alias_subsets[branches] = found
        return found

    def subset(self, indexes: tuple[int, ...]) -> re.Pattern[str]:
        """One expression for some of the names, longest first."""
        return re.compile("|".join(self.names[i] for i in indexes) or "(?!x)x", re.I)

    def printed_in(self, text: str, mention: Mention) -> bool:
        """The mention is a newspaper's city (PAPER_AFTER) after one of the configured regions
        named earlier on its line (at most PAPER_REACH characters back, wherever the range
        searched starts); a place abroad or a street's name beside it leaves the paper's city."""
        if PAPER_AFTER.match(text, mention.end) is None:
            return False
        line_start = max(text.rfind("\n", 0, mention.start) + 1, mention.start - PAPER_REACH)
        for m in self.pattern.finditer(text, line_start, mention.start):
            other = Mention(m.start(), m.end(), self.by_name.get(casefold(m.group()), FOREIGN))
            if other.region not in (mention.region, FOREIGN) and not passing_name(text, other):
                return True
        return False

    def find(self, text: str, start: int, end: int) -> list[Mention]:
        # only the names whose letters occur in the text go into the expression it runs
        folded = fold(text[start:end])
        indexes = self.prefilter.page(folded).indexes()
        pattern = self.subsets.get(indexes)
        if pattern is None:
            if len(self.subsets) >= SUBSETS_KEPT:
                self.subsets.clear()
            pattern = self.subsets[indexes] = self.subset(indexes)
        named = (
            Mention(m.start(), m.end(), self.by_name.get(casefold(m.group()), FOREIGN))
            for m in pattern.finditer(text, start, end)
        )
        found = [
            mention
            for mention in named
            if not passing_name(text, mention) and not self.printed_in(text, mention)
        ]
        by_alias: dict[int, list[int]] = {}
        for branch in self.alias_filter.page(folded).indexes():
            by_alias.setdefault(self.alias_branches[branch][0], []).append(branch)
        for index, branches in by_alias.items():
            pattern, region = self.alias_pattern(index, tuple(branches)), self.aliases[index][1]
            found += [
                Mention(m.start(), m.end(), region) for m in pattern.finditer(text, start, end)
            ]
        if self.aliases:
            found = outermost(found)
        return sorted(set(found), key=lambda m: (m.start, m.end, m.region))


def outermost(found: list[Mention]) -> list[Mention]:
    """The mentions no longer mention contains, in one sweep (a portal listing 50k place
    links made the pairwise comparison quadratic): by start, longest first, a mention is
    inside another when an earlier one reaches past its end, or to it from further left."""
    out = []
    reach_start, reach_end = -1, -1
    for mention in sorted(found, key=lambda m: (m.start, -m.end)):
        inside = reach_end > mention.end or (
            reach_end == mention.end and reach_start < mention.start
        )
        if not inside:
            out.append(mention)
        if mention.end > reach_end:
            reach_start, reach_end = mention.start, mention.end
    return out


def opens_relative(text: str, start: int, end: int) -> bool:
    """text[start:end] opens with a relative word ("which bars debtors", "where joining ...")."""
    return RELATIVE.match(text, start, end) is not None


def casefold(name: str) -> str:
    return " ".join(name.split()).casefold()


def name_pattern(name: str) -> str:
    body = r"\s+".join(re.escape(part) for part in name.split(" "))
    before = r"(?<![A-Za-z0-9])" if ASCII_EDGE.match(name[0]) else ""
    after = r"(?![A-Za-z0-9])" if ASCII_EDGE.match(name[-1]) else ""
    return before + body + after


class Attributor:
    """Walks a document's sentences in order and keeps the region context."""

    def __init__(self, gazetteer: Gazetteer, cues: Cues, source_regions: Sequence[str]) -> None:
        self.gazetteer = gazetteer
        self.cues = cues
        self.single = source_regions[0] if len(source_regions) == 1 else None
        self.heading: Regions = frozenset()
        self.running: Regions = frozenset()
        self.together: Regions = frozenset()  # every region the last naming sentence named
        # the configured regions the sentences of the last paragraph that named any named
        # ("Xiamen went first. Fuzhou followed. These scores ...": both)
        self.block_named: Regions = frozenset()
        self.named_block = -1  # that paragraph
        self.page_named: Regions = frozenset()  # every configured region the text has named
        self.foreign_title = False  # the context comes from a heading naming another place only
        self.regional: Regions = frozenset()  # the last context naming a configured region
        self.block = -1
        self.indexed: str | None = None
        self.mentions: list[Mention] = []
        self.starts: list[int] = []
        self.reach: list[int] = []  # the furthest end of the mentions up to each one

    def find(self, text: str, start: int, end: int) -> list[Mention]:
        """The gazetteer's mentions in text[start:end]. The whole text is searched once (one
        pass of the place-name expression instead of one per segment) and kept while the
        same text is asked about; where a name found there crosses the range's edge, the
        range is searched by itself, as it always was."""
        if self.indexed is not text:
            self.indexed = text
            self.mentions = self.gazetteer.find(text, 0, len(text))
            self.starts = [m.start for m in self.mentions]
            self.reach = list(accumulate((m.end for m in self.mentions), max))
        first = bisect_left(self.starts, start)
        if first and self.reach[first - 1] > start:
            return self.gazetteer.find(text, start, end)  # a name runs into the range
        out = []
        for mention in self.mentions[first:]:
            if mention.start >= end:
                break
            if mention.end > end:  # a name runs out of it ("Washington, D.C." cut at ", ")
                return self.gazetteer.find(text, start, end)
            out.append(mention)
        return out

    def segments(
        self, text: str, spans: Sequence[tuple[int, int]], *, block: int, kind: str
    ) -> list[Segment]:
        """Each segment of one sentence with the places it is about; updates the context."""
        if block != self.block:
            self.block = block
            if self.single is not None:
                self.running = self.heading
            elif self.running and not self.running - PSEUDO and not self.foreign_heading():
                # "nationwide" or another city lasts to the end of its paragraph; a heading
                # naming another place ("Shandong" above its list) lasts to the next heading
                self.running = self.regional
        line_end = text.find("\n", spans[0][0], spans[-1][1]) if spans else -1
        if spans and self.byline(text, spans[0][0], line_end if line_end > 0 else spans[-1][1]):
            # "By Li Tao in Shenzhen": where the reporter sits, not what the story is about; a
            # sentence that runs on into the next line ("..., Shanghai, China\nKeywords: ...")
            # is cut at the line's end and the rest read as usual
            head: list[tuple[int, int]] = []
            rest: list[tuple[int, int]] = []
            for start, end in spans:
                if line_end < 0 or end <= line_end:
                    head.append((start, end))
                elif start >= line_end:
                    rest.append((start, end))
                else:  # the span straddles the line's end
                    head.append((start, line_end))
                    after = line_end + len(text[line_end:end]) - len(text[line_end:end].lstrip())
                    if after < end:
                        rest.append((after, end))
            out = [Segment(start, end, self.running, self.context_reason()) for start, end in head]
            return out + (self.segments(text, rest, block=block, kind=kind) if rest else [])
        wire = WIRE_DATELINE.match(text, spans[0][0]) if spans else None
        if wire is not None and not text[wire.end() : spans[-1][1]].strip():
            # a dateline alone ("SHANGHAI (Reuters) -" on its own line) states nothing, and
            # the story it opens is read from its own words
            reason = self.context_reason()
            return [Segment(start, end, self.running, reason) for start, end in spans]
        if wire is not None and self.wire_gives_way(text, wire.end(), spans[-1][1]):
            # "SHANGHAI (Reuters) - China says ...": the sentence is read without its dateline,
            # which takes the places of the words after it (or the context's, where the
            # country speaks)
            cut = wire.end()
            words_after = [(max(start, cut), end) for start, end in spans if end > cut]
            later = self.segments(text, words_after, block=block, kind=kind)
            opener = later[0]
            dateline = [
                Segment(start, end, opener.regions, opener.reason)
                for start, end in spans
                if end <= cut
            ]
            start_at = min(spans[len(dateline)][0], opener.start)
            whole = Segment(start_at, opener.end, opener.regions, opener.reason)
            return [*dateline, whole, *later[1:]]
        previous, prev_span = self.running, (0, 0)
        refs = self.plural(text, spans[0][0]) if spans else None
        plural = refs is not None
        if refs is not None:
            previous = refs
        reason = self.context_reason()
        named: Regions | None = None
        together: Regions = frozenset()
        frame: Regions = frozenset()  # "Under the national system, ...": the sentence's frame
        contrasted: Regions = frozenset()
        carried: Regions = frozenset()
        out = []
        for start, end in spans:
            if contrasted and RELATIVE.match(text, start) and not self.find(text, start, end):
                out.append(Segment(start, end, contrasted, NAMED))  # "unlike Shanghai, where"
                continue
            refs = self.plural(text, start) if out else None
            inside = None if refs is not None else self.plural_inside(text, start, end)
            if refs is not None and not self.find(text, start, end):
                previous = refs  # "As the study says, the two schemes ..."
            elif inside is not None:
                previous = inside  # "Officials in both cities said ...": both
                plural = True
            current, named_here, inclusive = self.segment_regions(
                text, start, end, previous, prev_span
            )
            if (
                named_here
                and current == {LOCAL}
                and named is not None
                and GENERAL in named
                and not OWN_CITY.search(text, start, end)
                and not SET_APART.search(text, spans[0][0], end)
                and TYPICAL_CITY.search(text, spans[0][0], start)
            ):
                current = named  # "In a typical city, ... the city's database": that city
            if not out and named_here and current & BROAD and current <= PSEUDO - {LOCAL}:
                frame = current
            elif frame and named_here and self.residents_only(text, start, end):
                current = frame  # "..., Xiamen residents on the list cannot fly": national
            if named_here and carried:
                current = current | carried  # "as in Xiamen, there is no penalty in Fuzhou"
            carried = inclusive
            contrasted = self.contrasted(text, start, end) if not named_here else frozenset()
            here = NAMED if named_here else reason
            out.append(Segment(start, end, current, here))
            if named_here and self.aside(text, start, end, current, named):
                continue  # "Xiamen, a city in Fujian, offers ...": Fujian is an aside
            if (
                named_here
                and named is not None
                and not named - PSEUDO
                and opens_relative(text, start, end)
            ):
                continue  # "Suzhou, which borders Shanghai, ...": Shanghai is an aside
            if named_here:
                named = current
                together |= current
            previous, prev_span, reason = current, (start, end), here
        if not self.running and self.single is None:
            out = self.named_later(text, out)
        out = trailing_place(text, examples_back(text, out))
        if self.private_sentence(text, out):
            out = [Segment(s.start, s.end, frozenset({FOREIGN}), NAMED) for s in out]
        if spans and named is not None and DATELINE.match(text, spans[0][0]):
            kind = "heading"  # the dateline's place frames the rest of the story
        self.update_context(named, kind)
        if named is not None and kind != "table":
            self.together = together
            if self.named_block != block:
                self.named_block, self.block_named = block, frozenset()
            self.block_named |= together - PSEUDO
            self.page_named |= together - PSEUDO
        elif plural and kind != "table" and not HAN_CHAR.search(text, spans[0][0], spans[-1][1]):
            self.running = self.named_together()  # "The two schemes do not punish. They reward."
        return out

    def wire_gives_way(self, text: str, start: int, end: int) -> bool:
        """A wire dateline (ending at `start`) leaves its sentence to the words after it where
        they open with another place ("XIAMEN (Xinhua) -- Shenzhen bars ...", "The southern
        city of Shenzhen ...") or with the country speaking ("SHANGHAI (Reuters) - China says
        ...") and name no "the city" or "the region" that the dateline's place would be."""
        if start >= end:
            return False
        found = self.find(text, start, end)
        mentions = [m for m in found if m.region != LOCAL]
        opens = bool(mentions) and WIRE_OPENER.fullmatch(text, start, mentions[0].start) is not None
        if opens and mentions[0].region not in PSEUDO:
            return True  # another place
        national = opens and mentions[0].region == NATIONAL
        if not national and not WIRE_NATIONAL.match(text, start):
            return False
        local = len(mentions) < len(found)  # "the city": the dateline's place
        return not local and WIRE_LOCAL.search(text, start, end) is None

    def named_together(self, counted: bool = False) -> Regions:
        """What "both", "these scores" refer to: the regions the last naming sentence named
        together, else the two the last paragraph that named any named one by one, else the two
        the whole text has named, each in its own paragraph, where the words count them ("both
        cities", "neither score", 两市; with more than two, which are meant cannot be told)."""
        if len(self.together - PSEUDO) > 1:
            return self.together
        named = self.block_named | self.together
        if len(named - PSEUDO) == 2:
            return named
        if counted and len(self.page_named) == 2 and not self.together & PSEUDO:
            return self.page_named  # not when other cities or "other cities" were named last
        return self.together

    def foreign_heading(self) -> bool:
        """The context is a heading that names another place only, such as a province above
        its own list of measures."""
        return self.foreign_title and self.running == self.heading

    @staticmethod
    def byline(text: str, start: int, end: int) -> bool:
        """The sentence is a byline (a short line naming the reporter and where they file from) or
        an author's affiliation ending in the country."""
        if end - start > BYLINE_MAX:
            return False
        start += len(text[start:end]) - len(text[start:end].lstrip())
        if BYLINE.fullmatch(text, start, end) is not None:
            return True
        if start and text[start - 1] != "\n":
            return False  # an affiliation is a line of its own
        return (
            AFFILIATION.search(text, start, end) is not None
            and ADDRESS_END.search(text, start, end) is not None
        )

    def named_later(self, text: str, out: list[Segment]) -> list[Segment]:
        """With no place in context, the segments before the first one naming a configured
        region are about it too ("... collect DNA, iris scans and fingerprints from everyone
        living in Xinjiang"), unless that segment is an aside or a relative clause."""
        first = next((i for i, s in enumerate(out) if s.reason == NAMED), None)
        if not first:
            return out
        named = out[first]
        if named.regions & PSEUDO or opens_relative(text, named.start, named.end):
            return out
        if HAN_CHAR.search(text, out[0].start, named.end):
            return out  # 对欠缴税款的，上海可限制……: a Chinese sentence's topic comes first
        if APPOSITION.match(text, named.start, named.end) or any(s.regions for s in out[:first]):
            return out
        return [Segment(s.start, s.end, named.regions, LATER) for s in out[:first]] + out[first:]

    def private_sentence(self, text: str, out: list[Segment]) -> bool:
        """The sentence names a company's own score (Zhima Credit), not in contrast or as a
        likeness: what it says is about that product, whatever city it names."""
        for segment in out:
            for mention in self.find(text, segment.start, segment.end):
                if casefold(text[mention.start : mention.end]) not in self.gazetteer.private:
                    continue
                before, after = text[segment.start : mention.start], text[mention.end : segment.end]
                if not self.in_contrast(before, after) and not self.is_inclusive(before, after):
                    return True
        return False

    def plural(self, text: str, start: int) -> Regions | None:
        """The segment opens on "both", "the two schemes", 两市: the places named together
        (None: it does not, or no two places were named)."""
        if len(self.named_together(counted=True) - PSEUDO) < 2:
            return None  # fewer than two places to refer to: no need to look
        found = PLURAL.match(text, start)
        return None if found is None else self.referents(found.group())

    def plural_inside(self, text: str, start: int, end: int) -> Regions | None:
        """The segment speaks of "both cities", 两市, naming no place itself: the places."""
        if len(self.named_together(counted=True) - PSEUDO) < 2:
            return None
        found = PLURAL_INSIDE.search(text, start, end)
        if found is None or self.find(text, start, end):
            return None
        return self.referents(found.group())

    def referents(self, words: str) -> Regions | None:
        refs = self.named_together(counted=COUNTED.search(words) is not None)
        return refs if len(refs - PSEUDO) > 1 else None

    def residents_only(self, text: str, start: int, end: int) -> bool:
        """Every place the segment names is named as the home of people or firms ("Xiamen
        residents", 厦门市民): the segment speaks of them, not of the place's own system."""
        mentions = [m for m in self.find(text, start, end) if m.region not in PSEUDO]
        return bool(mentions) and all(RESIDENTS.match(text, m.end, end) for m in mentions)

    def context_reason(self) -> str:
        if self.running and self.running == self.heading:
            return HEADING
        return EARLIER if self.running else PAGE

    def aside(
        self, text: str, start: int, end: int, current: Regions, named: Regions | None
    ) -> bool:
        """A segment naming only places that are not configured, after a configured region
        was named in the sentence, and not at the segment's head ("Xiamen, one of the pilot
        cities across China, offers"): it does not carry over to the segments after it. A
        framing phrase ("Across the country, ...", "In Hangzhou, ...") does."""
        if current - PSEUDO or not named or not (named - PSEUDO):
            return False
        # "the city facing Hong Kong": "the city" is the place named before, not a head ("the
        # city's neighbour Dongguan" still is one)
        first = [
            m
            for m in self.find(text, start, end)
            if m.region != LOCAL or POSSESSIVE.match(text, m.end)
        ]
        head = text[start : first[0].start] if first else ""
        if len(TOKEN.findall(head)) > 1:
            return True
        # "the third city in China, after Suzhou and Suqian, ...": a ranking's reference points
        return RANKED_AFTER.match(head) is not None and bool(
            ORDINAL.search(text, max(0, start - ORDINAL_REACH), start)
        )

    def contrasted(self, text: str, start: int, end: int) -> Regions:
        return frozenset(
            m.region
            for m in self.find(text, start, end)
            if self.in_contrast(text[start : m.start], text[m.end : end])
        )

    def segment_regions(
        self, text: str, start: int, end: int, previous: Regions, prev_span: tuple[int, int]
    ) -> tuple[Regions, bool, Regions]:
        """(regions, whether the segment names a place, places named only as "like X")."""
        normal: set[str] = set()
        inclusive: set[str] = set()
        first = None
        for mention in self.find(text, start, end):
            if mention.region == LOCAL and (previous - PSEUDO or FOREIGN in previous):
                continue  # "the city" is the one the context is about, ours or another
            if mention.region == GENERAL and self.within(text, mention, previous):
                continue  # "in some cities" of the province the story is about
            before, after = text[start : mention.start], text[mention.end : end]
            if self.in_contrast(before, after):
                continue
            if self.is_inclusive(before, after):
                inclusive.add(mention.region)
            else:
                normal.add(mention.region)
                first = mention.start if first is None else first
        if not normal and not inclusive:
            return previous, False, frozenset()
        if not normal:
            return previous | inclusive, True, frozenset(inclusive)
        current = normal | inclusive
        if (
            first is not None
            and CONNECTIVES.match(text[start:first])
            and self.ends_with_place(text, *prev_span)
        ):
            current |= previous
        return frozenset(current), True, frozenset()

    def within(self, text: str, mention: Mention, previous: Regions) -> bool:
        """A "some cities" mention inside a story about one province-level region."""
        configured = previous - PSEUDO
        return (
            len(configured) == 1
            and configured <= self.gazetteer.provinces
            and not previous & PSEUDO
            and WITHIN.fullmatch(text, mention.start, mention.end) is not None
        )

    def in_contrast(self, before: str, after: str) -> bool:
        if self.cues.contrast_before.search(before[-30:]) or OUTSIDE.match(after):
            return True
        if FIRM_BEFORE.search(before[-12:]) and FIRM_AFTER.match(after):
            return True  # "a Shanghai software firm built it for Xiamen": the firm's home
        if FIRM_BASED_IN.search(before[-80:]):
            return True  # "SenseNets, a specialist based in Shenzhen, tracks Uyghurs": its seat
        if BETWEEN.search(before[-60:]) or REFERENCE_POINT.search(before[-40:]):
            return True
        return bool(
            self.cues.link_before.search(before[-4:]) and self.cues.contrast_after.match(after[:8])
        )

    def is_inclusive(self, before: str, after: str) -> bool:
        if self.cues.inclusive_before.search(before[-30:]):
            return True
        return bool(
            self.cues.link_before.search(before[-4:]) and self.cues.inclusive_after.match(after[:8])
        )

    def ends_with_place(self, text: str, start: int, end: int) -> bool:
        mentions = self.find(text, start, end) if end > start else []
        return bool(mentions) and CONNECTIVES.match(text[mentions[-1].end : end]) is not None

    def update_context(self, named: Regions | None, kind: str) -> None:
        if kind == "heading":
            # another place's heading lasts to the next heading, whatever that one names
            self.foreign_title = named == frozenset({FOREIGN})
        elif named is not None and kind != "table":
            self.foreign_title = False
        if named is None or kind == "table":
            return
        configured = named - PSEUDO
        if kind == "heading":
            self.heading = named if len(configured) <= MAX_CONTEXT_REGIONS else frozenset()
            self.running = self.heading
        elif len(configured) <= MAX_CONTEXT_REGIONS:
            self.running = named
        if self.running - PSEUDO:
            self.regional = self.running

    def resolve(self, regions: Regions) -> tuple[str, ...]:
        """The configured regions a statement about `regions` yields claims for."""
        configured = sorted(regions - PSEUDO)
        if configured:
            return tuple(configured)
        if LOCAL in regions:
            return (self.single,) if self.single is not None else ()
        if regions & PSEUDO or self.single is None:
            return ()
        return (self.single,)


def trailing_place(text: str, out: list[Segment]) -> list[Segment]:
    """A sentence whose last segment only names where ("authorities had begun using gait
    recognition, ..., in Beijing and Shanghai") is about that place throughout, whatever the
    context held before, unless another segment names a place of its own; so is one whose last
    segment says national bodies issued the rules it reports ("..., under rules announced by
    eight national bodies")."""
    if len(out) < 2:
        return out
    last = out[-1]
    if national_rules(text, out):
        national = frozenset({NATIONAL})
        return [Segment(s.start, s.end, national, LATER) for s in out[:-1]] + [
            Segment(last.start, last.end, national, NAMED)
        ]
    if last.reason != NAMED or not last.regions - PSEUDO or last.end - last.start > TRAILING_MAX:
        return out
    if not TRAILING_PLACE.match(text, last.start, last.end):
        return out
    if any(s.reason in (NAMED, EXAMPLES) for s in out[:-1]):
        return out
    return [Segment(s.start, s.end, last.regions, LATER) for s in out[:-1]] + [last]


def national_rules(text: str, out: list[Segment]) -> bool:
    """The last segment says that national bodies issued the rules the sentence reports
    ("..., under rules announced by eight national bodies"), and the segments before it are
    about the page's region only by default: no place, heading, earlier sentence or local
    word ("local courts", "the city") ties them to it."""
    last = out[-1]
    if last.end - last.start > TRAILING_RULES_MAX or not TRAILING_RULES.match(
        text, last.start, last.end
    ):
        return False
    if last.regions != {NATIONAL} and not NATIONAL_ISSUERS.search(text, last.start, last.end):
        return False
    return all(
        s.reason == PAGE and LOCAL not in s.regions and not LOCAL_WORDS.search(text, s.start, s.end)
        for s in out[:-1]
    )


def examples_back(text: str, out: list[Segment]) -> list[Segment]:
    """A segment about places in general ("in several Chinese cities") right before a segment
    naming configured regions as its examples ("Shanghai and Shenzhen among them", "including
    Shanghai") is about those regions too; not one that sets itself against what came before
    ("while a few, including Shanghai, ...")."""
    for index, segment in enumerate(out):
        if not index or segment.reason != NAMED or not segment.regions - PSEUDO:
            continue
        if not (
            EXAMPLES_LEAD.match(text, segment.start, segment.end)
            or EXAMPLES_AFTER.search(text, segment.start, segment.end)
        ):
            continue
        before = out[index - 1]
        if before.regions != {GENERAL} or CONTRASTING.match(text, before.start, before.end):
            continue
        out[index - 1] = Segment(before.start, before.end, segment.regions, EXAMPLES)
    return out
