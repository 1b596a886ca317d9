"""Sentences joined in both languages: one full stop each, never "。。" or ".."."""

from __future__ import annotations

import pytest

from app.content.sentences import sentence, sentences


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Typical target: at least 90 %", "en", "Typical target: at least 90 %."),
    ("Typical target: at least 90 %.", "en", "Typical target: at least 90 %."),
    ("Is it measured?", "en", "Is it measured?"),
    ('They said "we test in production."', "en", 'They said "we test in production."'),
    ("read it with utilisation (see below)", "en", "read it with utilisation (see below)."),
    ("a list that ends in a comma,", "en", "a list that ends in a comma."),
    ("参考目标：不低于90%", "zh", "参考目标：不低于90%。"),
    ("参考目标：不低于90%。", "zh", "参考目标：不低于90%。"),
    ("因此不能仅凭本指标排序）。", "zh", "因此不能仅凭本指标排序）。"),
    ("（见附录）", "zh", "（见附录）。"),
    ("先做这三件事：", "zh", "先做这三件事。"),
    ("  ", "en", ""),
    ("；", "zh", ""),
])
def test_a_sentence_ends_with_exactly_one_stop(text, lang, expected):
    assert sentence(text, lang) == expected


def test_sentences_are_joined_with_a_space_in_english_and_nothing_in_chinese():
    assert sentences(["Median 5 %", "", "Typical target: below 3 %."], "en") == "Median 5 %. Typical target: below 3 %."
    assert sentences(["中位数为5%", "参考目标：低于3%。"], "zh") == "中位数为5%。参考目标：低于3%。"
    assert sentences([], "zh") == ""
