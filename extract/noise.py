"""Main text -> the text change detection compares: noise removed, so that a page whose text only
changed in dates, counters, menus, banners, adverts, related links, footers, markup or
whitespace hashes the same, while a one-sentence change to the content moves the hash.

What counts as noise:
- dates and times in English and Chinese forms (2024-05-03, 3 May 2024, 2024年5月3日, 12:30,
  "3 hours ago", 刚刚) with their labels (发布时间, "Updated", "Last modified", "Posted on");
  a bare year is content ("launched in 2018") and is kept;
- view and comment counters (浏览次数 1234, "1,234 views", 阅读量, 点击数, WeChat's 在看 41)
  and a site's tally of its archive (本站已收录文章 1,283,402 篇);
- a header's weather (17°C, light rain; 多云 8~15℃);
- menu and breadcrumb lines, share/print/font-size controls, previous/next links, pagination;
- cookie banners, adverts, copyright and footer lines (版权所有, ICP备 numbers, 主办单位);
- related-link boxes: a "Related" / 相关链接 / 推荐阅读 heading and the short lines under it;
- markup (HTML tags, markdown markers, bullets), width variants, case and whitespace.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

from extract.han import HAN, HAN_CHAR
from extract.prefilter import quick

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
WEEKDAYS = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
ZH_NUM = "〇零一二三四五六七八九十"
DATE = (
    rf"(?:{WEEKDAYS}\s*)?(?:"
    r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?:[ t]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?"
    r"(?:z|[+-]\d{2}:?\d{2})?"
    r"|\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}\.?,?\s+\d{{4}}"
    rf"|{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{2,4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]?"
    rf"|[{ZH_NUM}]{{2,4}}\s*年\s*[{ZH_NUM}]{{1,3}}\s*月\s*[{ZH_NUM}]{{1,3}}\s*[日号]"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
    r")"
)
TIME = (
    r"(?:(?:上午|下午|凌晨|晚上|中午)\s*)?(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"|\d{1,2}\s*[时点]\s*\d{1,2}\s*分(?:\s*\d{1,2}\s*秒)?)"
    r"(?:\s*(?:utc|gmt|cst|bst|cet|est|edt|pst|pdt|[+-]\d{2}:?\d{2}))?"
)
RELATIVE = (
    r"(?:(?<!\d)\d++\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
    r"|\b(?:just\s+now|yesterday|today)\b|(?<!\d)\d++\s*(?:秒|分钟|小时|天|周|个月)前|刚刚|昨天|今天|前天"
    r"|星期[一二三四五六日天]|周[一二三四五六日])"
)
DATE_LABEL = (
    r"(?:(?:last\s+)?(?:updated|modified|published|posted|reviewed|edited)"
    r"(?:\s+(?:on|at))?|date|time|发布时间|发布日期|更新时间|更新日期|修改时间|成文日期|发文日期|时间|日期)"
    r"\s*[:：]?\s*"
)
# a count starts where its run of digits starts and never gives the run back (possessive):
# linear on a long run of digits (a plain \d[\d,.]* is tried again at every digit of it)
COUNT = r"(?<![\d,.])\d[\d,.]*+\s*[kmw万千]?\+?"
COUNTER = (
    rf"(?:(?:浏览|阅读|点击|访问|查看)(?:次数|量|数|人数)?|(?<![现正还再也])在看|(?<![很不更真挺])好看"
    rf"|views?|reads?|hits|visits|clicks)"
    rf"\s*[:：(（]?\s*{COUNT}\s*[)）]?\s*(?:次|人)?"
    rf"|{COUNT}\s*(?:次浏览|人阅读|次阅读|人浏览|次点击|人看过|次查看|views?|reads?|hits|visits)"
    rf"|(?:评论|点赞|收藏|转发|comments?|likes?|shares?)(?:数)?\s*[:：(（]\s*{COUNT}\s*[)）]?"
    rf"|{COUNT}\s*(?:comments?|likes?|shares?)\b"
    # a site's own tally of what it holds (本站已收录公众号文章 1,283,402 篇), not a figure the
    # text gives about a system ("平台已收录信用信息1.2亿条" stays)
    rf"|(?:本站|本网站)(?:已|共|累计)?收录[^\d\n]{{0,12}}{COUNT}\s*(?:篇|条)"
)
# a weather line's temperature and sky (a page header's "Xiamen 17°C, light rain", 多云 8~15℃)
SKY = (
    r"(?:partly\s+)?(?:sunny|cloudy|overcast|foggy|fog|hazy|haze|clear|windy|"
    r"(?:light|heavy|moderate)\s+(?:rain|snow|showers)|rain|showers|snow|thunderstorms?)"
    r"|雷阵雨|阵雨|雨夹雪|小雨|中雨|大雨|暴雨|小雪|中雪|大雪|多云|晴|阴|雾|霾"
)
WEATHER = (
    r"(?:(?:" + SKY + r")(?:\s*(?:转|to|/)\s*(?:" + SKY + r"))?\s*[,，]?\s*)?"
    r"-?\d{1,2}\s*(?:[-~～至/]\s*-?\d{1,2}\s*)?(?:°\s*[cf]?|℃|℉)"
    r"(?:\s*[,，]?\s*(?:" + SKY + r")(?:\s*(?:转|to|/)\s*(?:" + SKY + r"))?)?"
)
# behind a lookahead for the characters a match can start with: a line with a number in it is
# otherwise tried with the whole alternation at every character (4x slower on prose lines)
INLINE_NOISE = quick(
    rf"(?:{DATE_LABEL})?(?:{DATE})(?:\s*(?:{TIME}))?|(?:{DATE_LABEL})?{TIME}|{RELATIVE}|{COUNTER}"
    rf"|{WEATHER}",
    re.I,
)
# Every INLINE_NOISE alternative holds a digit, 年 (a date in Chinese numerals) or one of these
# words: a line with none of them is not searched (most lines of prose).
MAY_HOLD_NOISE = re.compile(r"\d|年|just\s+now|yesterday|today|刚刚|昨天|今天|前天|星期|周", re.I)
MENU_WORDS = (
    "home|homepage|about|about us|contact|contact us|login|log in|sign in|sign up|register|"
    "search|menu|english|中文|简体|繁体|繁體|无障碍|适老化|返回顶部|back to top|top|"
    "skip to content|skip to main content|跳转到主要内容|print|打印|打印本页|关闭|关闭窗口|close|"
    "share|share this|分享|分享到|微信|微博|qq空间|twitter|facebook|linkedin|weibo|wechat|email|"
    "e-mail|字号|大|中|小|默认|上一篇|下一篇|previous|next|more|更多|查看更多|read more|首页|"
    "网站首页|登录|注册|搜索|收藏|"
    "设为首页|加入收藏|手机版|移动版|rss|subscribe|newsletter|sitemap|网站地图|联系我们|关于我们"
)
MENU_LINE = re.compile(rf"^(?:{MENU_WORDS})$", re.I)
BOILERPLATE = re.compile(
    r"\bcookies?\b|accept all|manage (?:your )?preferences|我们使用\s*cookie|"
    r"^(?:advertisement|advert|sponsored(?: content)?|ads?|广告|推广|赞助)\b|"
    r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|版权所有|版权声明|icp备|icp证|公网安备|"
    r"网站标识码|主办单位|承办单位|技术支持|主办[:：]|承办[:：]|主办\s*(?:[|｜]|$)|"
    r"未经[^。\n]{0,8}?(?:许可|授权|同意)[^。\n]{0,6}?不得(?:转载|复制|摘编|镜像)|转载请注明|"
    r"privacy policy|"
    r"terms of (?:use|service)|隐私政策|免责声明|^(?:您的位置|当前位置|你的位置|you are here)|"
    r"^(?:上一篇|下一篇|上一条|下一条|previous article|next article|previous post|next post)"
    r"\s*[:：]|"
    r"^第\s*\d+\s*页|共\s*\d+\s*页|^page \d+ of \d+$|^\d+\s*/\s*\d+$|"
    r"^related\s*:|^(?:【|\[)?(?:打印|关闭|返回|收藏|打印本页|关闭窗口)(?:】|\])|字号\s*[:：]?\s*[大中小]",
    re.I,
)
RELATED_HEADING = re.compile(
    r"^(?:related(?: (?:articles|stories|posts|links|news|content|reading|coverage))?|see also|"
    r"read more|recommended(?: for you| reading)?|more (?:stories|news|from [\w ]+)|"
    r"you (?:may|might) also like|相关(?:链接|新闻|文章|阅读|推荐|资讯|报道)|推荐阅读|延伸阅读|"
    r"热点推荐|猜你喜欢|热门(?:文章|推荐|新闻)|最新(?:文章|新闻|动态))\s*[:：]?$",
    re.I,
)
RELATED_MAX_LINES = 15
SEPARATORS = re.compile(r"\s*(?:\||｜|·|•|/|»|>|›|\s{2,})\s*")
SENTENCE_END = re.compile(r"[.!?。！？]$")
CJK = HAN_CHAR
CONTENT = re.compile(r"[^\W\d_]", re.U)
MARKUP = re.compile(r"<[^>]{1,200}>|!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)")
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


LONG_LINE = 5_000  # characters; noise lines (dates, counters, menus) are far shorter


def normalise_text(text: str) -> str:
    """The content of `text` with noise removed, one casefolded line per paragraph."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(QUOTES)
    text = MARKUP.sub(lambda m: m.group(1) or " ", text)
    out: list[str] = []
    related = 0
    for raw in text.splitlines():
        if len(raw) > LONG_LINE:  # not a date, counter or menu line: keep it, cheaply
            out.append(" ".join(raw.split()).casefold())
            related = 0
            continue
        line = clean_line(raw)
        if not line:
            continue
        if RELATED_HEADING.match(line):
            related = RELATED_MAX_LINES
            continue
        if related and is_link_line(line):
            related -= 1
            continue
        related = 0
        if not is_noise_line(line):
            out.append(compact(line))
    return "\n".join(out)


def normalised_hash(text: str) -> str:
    """sha256 of normalise_text(text): equal for texts that differ only in noise."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


# each expression starts only where a run of its characters starts: linear on long runs
BARS = re.compile(r"(?<!\s)\s*[|｜]\s*|[|｜]\s*")
HAN_SPACE = re.compile(rf"(?<=[{HAN}]) (?=[{HAN}])")
LIST_MARK = re.compile(r"^\s*(?:#{1,6}\s+|>\s+|[-*+•·▪◦]\s+|\d{1,3}[.)]\s+)")
EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
TRAILING = re.compile(r"(?<![\s,，、;；:：·|-])[\s,，、;；:：·|-]+(?=[。.!?！？)）]|$)")
LEADING = re.compile(r"^[\W_]+(?=\w)")


def compact(line: str) -> str:
    if "|" in line or "｜" in line:
        line = BARS.sub(" ", line)
    if " " in line and CJK.search(line):
        line = HAN_SPACE.sub("", line)
    return line.casefold()


def clean_line(raw: str) -> str:
    line = LIST_MARK.sub("", raw)
    if "*" in line or "_" in line or "`" in line:  # markdown emphasis (the test is cheaper)
        line = EMPHASIS.sub("", line)
    if MAY_HOLD_NOISE.search(line):
        line = INLINE_NOISE.sub(" ", line)
    line = " ".join(line.split())
    if not CONTENT.search(line):
        return ""
    line = TRAILING.sub("", line)
    return LEADING.sub("", line)


def is_noise_line(line: str) -> bool:
    if MENU_LINE.match(line.strip(" :：>»")):
        return True
    if len(line) < 200 and BOILERPLATE.search(line):
        return True
    return is_menu_row(line)


def is_menu_row(line: str) -> bool:
    """A row of three or more short items separated by bars, dots, slashes or wide gaps, or a
    row of short Chinese words: a navigation bar or breadcrumb, not a sentence."""
    if SENTENCE_END.search(line):
        return False
    parts = [p for p in SEPARATORS.split(line) if p]
    if len(parts) < 3 and CJK.search(line):
        parts = line.split(" ")
    if len(parts) < 3:
        return False
    return all(len(p) <= 8 if CJK.search(p) else len(p.split()) <= 3 for p in parts)


def is_link_line(line: str) -> bool:
    """A line under a related-links heading: short and not ending like a sentence."""
    return len(line) <= 120 and not SENTENCE_END.search(line)
