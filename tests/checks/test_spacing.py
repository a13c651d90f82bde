"""Whitespace at the edges and line breaks, double spaces, a word written twice."""

from __future__ import annotations


def test_edge_whitespace_and_line_breaks_follow_the_source(check):
    assert check("Sincerely,", "با احترام، ")["whitespace"] == (
        "ends with whitespace; the source ends with no whitespace")
    assert check(" Sincerely,", "با احترام،")["whitespace"] == (
        "starts with no whitespace; the source starts with whitespace")
    assert check("Sincerely,\nThe lawyers", "با احترام، وکلا")["whitespace"] == (
        "has 0 line break(s); the source has 1")
    assert "whitespace" not in check("Sincerely,\nThe lawyers", "با احترام،\nوکلا")


def test_a_double_space_is_reported_unless_the_source_has_one(check):
    assert check("human rights", "حقوق  بشر")["double-space"] == "double space"
    assert "double-space" not in check("European Parliament Resolution 2019  on",
                                       "قطعنامه  ۲۰۱۹ پارلمان اروپا")
    assert "double-space" not in check("human rights", "حقوق بشر")


def test_a_word_written_twice_is_reported(check):
    found = check("the role of the Council", "le rôle de de le Conseil", "fr")
    assert found["repeated-words"] == "'de' written twice in a row"
    assert check("in Iran", "در در ایران")["repeated-words"] == "'در' written twice in a row"


def test_legitimate_repetitions_are_not_reported(check):
    assert "repeated-words" not in check("we undertake", "nous nous engageons", "fr")
    assert "repeated-words" not in check("gradually", "کم کم")
    assert "repeated-words" not in check("that that is so", "que cela, cela soit", "fr")
    assert "repeated-words" not in check("that that is so", "that that est ainsi", "fr")
