"""Sentence segmentation on the seed corpus and on hand-made edge cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tm.lang import detect_lang
from tm.segment import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PEOPLES_DAILY = SEEDS / "000_21c35ee7c56a5279.txt"
PRESS_CONFERENCE = SEEDS / "002_4092fd2b753c497d.txt"
XINHUA_INTERVIEW = SEEDS / "003_839be85fb590d368.txt"


def paragraph(path: Path, opening: str) -> str:
    """The one paragraph (line) of a seed file that starts with opening."""
    found = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip().startswith(opening)]
    assert len(found) == 1, (opening, len(found))
    return found[0]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the People's Daily interview (English paragraphs, then their Chinese) ---

@pytest.mark.parametrize(
    ("opening", "lang", "count"),
    [
        ("General Secretary Xi Jinping has pointed out", "en", 3),
        ("习近平总书记指出", "zh", 3),
        ("Zhuang Rongwen: During the", "en", 4),
        ("庄荣文:“十四五”时期", "zh", 2),
        ("First, the upward", "en", 5),
        ("一是网络生态", "zh", 3),
        ("Second, the role of informatization", "en", 6),
        ("二是", "zh", 4),
        ("Third, the national cybersecurity barrier", "en", 5),
        ("三是", "zh", 5),
        ("Reporter: How should we understand", "en", 1),
        ("记者:如何认识", "zh", 1),
    ],
)
def test_peoples_daily_counts(opening: str, lang: str, count: int) -> None:
    assert len(split_sentences(paragraph(PEOPLES_DAILY, opening), lang)) == count


def test_english_quoted_titles_and_qinglang() -> None:
    sentences = split_sentences(paragraph(PEOPLES_DAILY, "First, the upward"), "en")
    assert sentences[2] == (
        'We innovatively created brand activities such as "Why China" and "Writing the '
        'Chapter of Youth on the Land of the Motherland," gathering a magnificent force '
        "of unity and forge ahead in cyberspace."
    )
    assert sentences[3] == (
        'Focusing on prominent online chaos, we deeply carried out the "Clear and Bright" '
        "(Qinglang) series of special actions."
    )


def test_chinese_qinglang_sentence_keeps_ascii_commas() -> None:
    sentences = split_sentences(paragraph(PEOPLES_DAILY, "一是网络生态"), "zh")
    assert sentences == [
        "一是网络生态向上向好态势更加巩固。",
        "坚持以习近平新时代中国特色社会主义思想网上宣传为统领,加强重大主题宣传,强化重大议题设置,"
        "每年100多项网上重大主题宣传亮点纷呈,创新打造“何以中国”“把青春华章写在祖国大地上”等品牌活动,"
        "在网络空间汇聚起团结奋进的磅礴力量。",
        "聚焦网上突出乱象,深入开展“清朗”系列专项行动,2021年至2024年累计清理违法和不良信息8.14亿条、"
        "处置有害账号近1.7亿个,网络空间更加清朗。",
    ]


def test_english_etc_before_capital_splits_but_etc_comma_does_not() -> None:
    sentences = split_sentences(paragraph(PEOPLES_DAILY, "Second, the role"), "en")
    assert sentences[1].endswith("with important progress made in integrated circuits, basic software, etc.")
    assert sentences[2] == (
        "Solid progress has been made in 6G forward-looking research and technical trials, "
        "and innovative achievements in quantum technology, brain-computer interfaces, etc., "
        "have continuously emerged."
    )
    assert sentences[5].startswith("From the end of 2020 to June 2025")
    assert "from 989 million to 1.123 billion, forming" in sentences[5]


def test_chinese_sentence_ending_in_closing_quote() -> None:
    sentences = split_sentences(paragraph(PEOPLES_DAILY, "三是"), "zh")
    assert sentences[1] == "国家网络安全防御体系初步构建,实现对重大网络安全威胁的“一点发现、全网防御”。"
    assert sentences[2] == "关键信息基础设施安全保护能力有效提升。"


def test_chinese_colon_does_not_split() -> None:
    sentences = split_sentences(paragraph(PEOPLES_DAILY, "庄荣文"), "zh")
    assert sentences[0].startswith("庄荣文:“十四五”时期,在以习近平同志为核心的党中央坚强领导下")
    assert sentences[0].endswith("网络强国建设迈出新的坚实步伐。")


def test_a_script_counts_the_same_by_code_point_as_by_its_class() -> None:
    """A short text (a query) is counted by code point, a long one by the class's regex: the
    seeds' lines and their pieces of every length agree, Greek, kana and Hangul among them."""
    from tm.lang import _HAN, _LATIN, _OTHER

    lines = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    lines.append("Ελλάδα и 한국어 かな 𠀀 ×÷ café 网络强国")
    for script in (_HAN, _LATIN, _OTHER):
        for line in lines:
            for piece in (line, line[:64], line[:10]):
                assert script.count(piece) == len(script.pattern.findall(piece)), piece
    assert detect_lang("网络强国") == "zh" and detect_lang("网络强国 leading cyber power") == "mixed"


def test_every_seed_paragraph_is_reproduced() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            lang = detect_lang(line)
            sentences = split_sentences(line, lang)
            assert all(s and s == s.strip() for s in sentences)
            assert squash("".join(sentences)) == squash(line), (path.name, line[:40])


# --- the State Council Information Office press conference, the Xinhua interview ---

def test_press_conference_titles_do_not_split() -> None:
    sentences = split_sentences(paragraph(PRESS_CONFERENCE, "Ladies and gentlemen, good morning."), "en")
    assert len(sentences) == 5
    assert sentences[2] == (
        'Today, we are holding the 22nd press conference under the theme of "China in the past decade."'
    )
    assert sentences[3].startswith("We have invited Mr. Niu Yibing, deputy director")
    assert sentences[4].startswith("Also joining us today are Mr. Yang Shuzhen")
    assert sentences[4].endswith("and Mr. Zhang Yong, senior official of the Cyber Communication "
                                 "Bureau of the Office of the Central Cyberspace Affairs Commission.")


def test_press_conference_date_line_and_percentages() -> None:
    assert split_sentences(paragraph(PRESS_CONFERENCE, "Aug. 19, 2022"), "en") == ["Aug. 19, 2022"]
    sentences = split_sentences(paragraph(PRESS_CONFERENCE, "Fifth, the digital economy"), "en")
    assert len(sentences) == 6
    assert sentences[2] == "The digital economy as a share of its GDP grew from 21.6% to 39.8%."


def test_interview_questions_and_etc_comma() -> None:
    sentences = split_sentences(paragraph(XINHUA_INTERVIEW, "What are the results"), "en")
    assert sentences == [
        "What are the results of the reform in the cybersecurity and informatization field in the new era?",
        "What aspects will be focused on to improve the comprehensive network governance system?",
        "Xinhua News Agency interviewed Zhuang Rongwen, director of the Central Cyberspace Affairs Commission.",
    ]
    third = split_sentences(paragraph(XINHUA_INTERVIEW, "Third, we should maintain"), "en")
    assert len(third) == 3
    assert "security testing, emergency response, etc., and guide" in third[1]


# --- Chinese edge cases ---

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他说：“我们要建设网络强国。”随后他离开了。", ["他说：“我们要建设网络强国。”", "随后他离开了。"]),
        ("这是真的吗？！我不信……他走了。", ["这是真的吗？！", "我不信……", "他走了。"]),
        ("“好！”。下一句", ["“好！”。", "下一句"]),
        ("文件提出：要加强管理；要完善制度。", ["文件提出：要加强管理；", "要完善制度。"]),
        ("他问:真的吗?我说:是的!", ["他问:真的吗?", "我说:是的!"]),
        ("他说:\"我们要建设网络强国。\"随后他离开了。", ['他说:"我们要建设网络强国。"', "随后他离开了。"]),
        # After 。 an ASCII quote that opens the next quotation goes with that quotation.
        ("第一句。\"第二句\"是引用。", ["第一句。", '"第二句"是引用。']),
        ("（一）加强领导。（二）完善制度", ["（一）加强领导。", "（二）完善制度"]),
        ("增长8.14亿条。 下降1.7%。", ["增长8.14亿条。", "下降1.7%。"]),
        ("没有句号的标题", ["没有句号的标题"]),
        ("  ", []),
    ],
)
def test_chinese(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh") == expected


# --- English edge cases ---

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("It ranked No. 5 in the world. Prof. Li agreed.",
         ["It ranked No. 5 in the world.", "Prof. Li agreed."]),
        ("U.S. President Biden spoke. He left.", ["U.S. President Biden spoke.", "He left."]),
        ("It was made in the U.S. The company grew.", ["It was made in the U.S.", "The company grew."]),
        ("On Aug. 19, 2022, he spoke. Then he left.", ["On Aug. 19, 2022, he spoke.", "Then he left."]),
        ("Sectors, e.g. Finance and Energy, grew. Others fell.",
         ["Sectors, e.g. Finance and Energy, grew.", "Others fell."]),
        ("Output rose 8.14 percent to 1.123 billion. It was 2021. 5G grew.",
         ["Output rose 8.14 percent to 1.123 billion.", "It was 2021.", "5G grew."]),
        ("Culture flourished... In February, it grew.", ["Culture flourished...", "In February, it grew."]),
        ('He said "Yes." Then he left.', ['He said "Yes."', "Then he left."]),
        ("He said: \u201cWe will.\u201d Then he left.", ["He said: \u201cWe will.\u201d", "Then he left."]),
        ("Is it true?! Yes. (It is.) Good.", ["Is it true?!", "Yes.", "(It is.)", "Good."]),
        ("John F. Kennedy spoke. See Vol. II and Fig. 3. Both agree.",
         ["John F. Kennedy spoke.", "See Vol. II and Fig. 3.", "Both agree."]),
        ("Huawei Technologies Co. Ltd. makes phones. It grew.",
         ["Huawei Technologies Co. Ltd. makes phones.", "It grew."]),
        ("We need software, etc. Progress follows.", ["We need software, etc.", "Progress follows."]),
        ("Semicolons; colons: neither splits. Done.", ["Semicolons; colons: neither splits.", "Done."]),
        ("the lowercase start. is not a new sentence", ["the lowercase start. is not a new sentence"]),
        ("   ", []),
    ],
)
def test_english(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Improve the system. 2. Strengthen the law.", ["1. Improve the system.", "2. Strengthen the law."]),
        ("a. Improve the system.", ["a. Improve the system."]),
        ("IV. Major Tasks", ["IV. Major Tasks"]),
        ("(1) Improve the system. (2) Strengthen it.", ["(1) Improve the system.", "(2) Strengthen it."]),
        ("The plan ranks No. 1. The rest follow.", ["The plan ranks No. 1.", "The rest follow."]),
    ],
)
def test_english_enumerations(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize("lang", ["mixed", "other", ""])
def test_other_languages_are_one_sentence(lang: str) -> None:
    assert split_sentences("  Source: People's Daily 人民日报. 2025-12-02  ", lang) == [
        "Source: People's Daily 人民日报. 2025-12-02"
    ]
    assert split_sentences(" \n ", lang) == []


def test_text_that_never_ends_a_sentence_is_cut_at_pauses_within_the_limit():
    from tm.segment import MAX_SEGMENT

    chinese = "，".join(["网络空间治理体系不断完善"] * 3000)  # 41,999 characters, no sentence end
    pieces = split_sentences(chinese + "。下一句。", "zh")
    assert "".join(pieces) == chinese + "。下一句。" and pieces[-1] == "下一句。"
    assert all(len(p) <= MAX_SEGMENT for p in pieces) and all(p.endswith("，") for p in pieces[:-2])
    english = " ".join(["the governance of cyberspace improves"] * 1200)
    pieces = split_sentences(english, "en")
    assert " ".join(pieces) == english and len(pieces) == 3 and all(len(p) <= MAX_SEGMENT for p in pieces)
    assert [w for p in pieces for w in p.split()] == english.split()  # cut between words, none broken
