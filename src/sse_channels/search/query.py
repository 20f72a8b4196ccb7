"""From a typed query to its terms, and the other forms of a term that matching tries."""

from __future__ import annotations

import itertools
import re

from sse_channels.textnorm import digits_only, has_cjk, is_cjk_char, norm, number_query

MAX_QUERY = 200  # characters considered; nobody types more, and it bounds the work
MAX_TERMS = 16  # terms considered, for the same reason
MAX_READINGS = 8  # pinyin readings tried for one term with polyphonic characters

_PRESS_RE = re.compile(r"(?<=\d)\s*(?:转|按|拨)\s*(?=\d)")
_STEP_RE = re.compile(r"^(?:转|按|拨|分机|ext\.?|x)?(\d{1,5})$")
_LATIN_WORD_RE = re.compile(r"([a-z][a-z0-9]+)")
CLAUSE_RE = re.compile(r"[，,;；。!！?？、]+")

_STOPWORD_TEXT = """
a an the to for of in on at by from with about and or is are be can could should would
do does did i we you my our your me us it its this that these those there here where what
who whom which when how please want need get find looking any some no whats what's
question questions sse
qingwen shi de duoshao zenme zenmeban nali nar shenme ma ne wo women xiang yao you meiyou
"""
# (the last line: pinyin filler, 请问 是 的 多少 怎么 哪里 什么 吗 呢 我 想 要 有 没有, as the
# English words above: zhaiquan xiangmu zixun dianhua shi duoshao is 债券 项目 咨询 电话)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Every toneless syllable of Mandarin pinyin (as pypinyin reads the GB2312 characters).
_SYLLABLE_TEXT = """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang
cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan
chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei deng di dia
dian diao die ding diu dong dou du duan dui dun duo e ei en er fa fan fang fei fen feng fo fou
fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han
hang hao he hei hen heng hng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao
jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai
kuan kuang kui kun kuo la lai lan lang lao le lei len leng li lia lian liang liao lie lin ling
liu lo long lou lu luan lun luo lv lve m ma mai man mang mao me mei men meng mi mian miao mie
min ming miu mo mou mu n na nai nan nang nao ne nei nen neng ng ni nian niang niao nie nin ning
niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping
po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng
ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she
shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun
suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai
wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan
yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai
zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi
zong zou zu zuan zui zun zuo
"""
SYLLABLES = frozenset(_SYLLABLE_TEXT.split())
# Pinyin typed a syllable a word, an even number of this many or more (ji shu fu wu re xian),
# is read two syllables a word (jishu fuwu rexian): one syllable alone meets half the
# directory, and a word of two still meets a name read whole (xinfang in xinfangjubao). An odd
# count has no such reading and is left as typed.
PAIRED_MIN = 4


def terms_of(query: str) -> list[str]:
    """Split a query into terms; a phone-like query stays one number.

    A number followed by menu steps ("4008888400 转1", "4008888400 6 1959") is one dialled
    number, so it matches the routes that begin that way.
    """
    q = norm(query[: MAX_QUERY * 4])[:MAX_QUERY]
    q = _PRESS_RE.sub(" ", q)  # "4008888400转2": the menu step is its own term
    if q.startswith("tel:"):  # a tel: URI, as this tool prints: tel:+864008888400,6,1959
        q = q[4:].replace(",", " ").replace(";", " ").strip()
        q = q[3:] if q.startswith("+86") else q
    number = number_query(q)
    if number is not None and " " in q and not all(len(t) >= 7 for t in q.split()):
        return [strip_country(number)]
    out: list[str] = []
    # A Chinese sentence's clauses are terms of their own (项目还没正式申报，想先当面沟通).
    q = CLAUSE_RE.sub(" ", q) if has_cjk(q) else q
    for t in (t.strip("，,;；。.、") for t in q.split(" ")):
        if not t:
            continue
        step = _STEP_RE.match(t)
        if step and out and out[-1].isdigit() and len(out[-1]) >= 7:
            out[-1] += step.group(1)
        elif number_query(t):
            out.append(strip_country(digits_only(t)))
        elif has_cjk(t) and _only_latin_and_chinese(t) and _LATIN_WORD_RE.search(t):
            # "IPO咨询电话", "ETF咨询": a Latin word run into Chinese is a word of its own.
            out += [p for p in _LATIN_WORD_RE.split(t) if p]
        elif t != "转":
            out.append(t)
    if len(out) >= PAIRED_MIN and len(out) % 2 == 0 and all(t in SYLLABLES for t in out):
        out = [out[i] + out[i + 1] for i in range(0, len(out), 2)]
    # Words that carry no meaning of their own ("how to book a listing ceremony") would make
    # every-word-narrows fail; they count only when the query is nothing else.
    content = [t for t in out if t not in STOPWORDS]
    return (content or out)[:MAX_TERMS]


def strip_country(digits: str) -> str:
    return digits[4:] if digits.startswith("0086") else digits


def stems(term: str) -> list[str]:
    """Shorter forms of an English word (enquiries → enquiry, enquir)."""
    if not (term.isascii() and term.isalpha() and len(term) >= 5):
        return []
    out = []
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", ""), ("e", "")):
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            out.append(term[: -len(suffix)] + repl)
    return list(dict.fromkeys(out))


def pinyin_variants(term: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    """Readings of a Chinese term, trying every reading of polyphonic characters."""
    parts: list[tuple[str, ...]] = []
    for ch in term:
        if is_cjk_char(ch):
            readings = table.get(ch)
            if not readings:
                return []
            parts.append(readings[:3])
        elif ch.isascii() and ch.isalnum():
            parts.append((ch,))
    return ["".join(p) for p in itertools.islice(itertools.product(*parts), MAX_READINGS)]


def char_pinyin_table() -> dict[str, tuple[str, ...]]:
    """Every reading of the 6,763 GB2312 characters (for typos in queries). Needs pypinyin."""
    from pypinyin import Style, pinyin

    table: dict[str, tuple[str, ...]] = {}
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            table[ch] = tuple(dict.fromkeys(pinyin(ch, style=Style.NORMAL, heteronym=True)[0]))
    return table


def _only_latin_and_chinese(term: str) -> bool:
    """Lower-case Latin letters, digits and Chinese (U+3400..U+9FFF), nothing else; by code
    point, since the equivalent regex character class is slow to compile at start-up."""
    return all("a" <= ch <= "z" or "0" <= ch <= "9" or "\u3400" <= ch <= "\u9fff" for ch in term)
