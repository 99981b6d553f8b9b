import pytest

from reprobook.numbers import decimals_of, fmt_dec, fmt_int, parse_printed, round_half_up, truncate


@pytest.mark.parametrize("value,text", [(62518, "62.518"), (775, "775"), (1516, "1.516"), (0, "0"), (1234567, "1.234.567")])
def test_fmt_int_uses_thousands_dot(value, text):
    assert fmt_int(value, "id") == text


@pytest.mark.parametrize("value,digits,text", [
    (1.2396, 2, "1,24"), (2.3099, 2, "2,31"), (86.9159, 2, "86,92"), (58.8785, 1, "58,9"),
    (0.125, 2, "0,13"),  # half rounds up, as by hand (Python's round would give 0,12)
    (1000.5, 1, "1.000,5"), (-1.25, 1, "-1,3")])
def test_fmt_dec_rounds_half_up_with_decimal_comma(value, digits, text):
    assert fmt_dec(value, digits, "id") == text


def test_fmt_int_refuses_fractions():
    with pytest.raises(ValueError):
        fmt_int(2.5, "id")


@pytest.mark.parametrize("text,value", [("62.518", 62518), ("1,23", 1.23), ("86,91", 86.91), ("100", 100), ("-", None),
                                        ("1.516", 1516)])
def test_parse_printed_with_a_decimal_comma(text, value):
    assert parse_printed(text) == value


@pytest.mark.parametrize("text,value", [("43.50", 43.5), ("45", 45), ("62,518", 62518)])
def test_parse_printed_with_a_decimal_point(text, value):
    assert parse_printed(text, ".") == value


@pytest.mark.parametrize("bad", ["1.23.4", "abc", "1,2,3"])
def test_parse_printed_rejects_malformed(bad):
    with pytest.raises(ValueError, match="not a number written with decimal mark ','"):
        parse_printed(bad)


@pytest.mark.parametrize("value,digits,lang,text", [(1.2396, 2, "en", "1.24"), (62518, 0, "en", "62,518"),
                                                    (1000.5, 1, "en", "1,000.5")])
def test_english_numbers_use_the_english_marks(value, digits, lang, text):
    assert fmt_dec(value, digits, lang) == text


def test_round_half_up_is_the_rounding_of_the_book():
    assert round_half_up(0.125, 2) == 0.13 and round_half_up(-1.25, 1) == -1.3 and round_half_up(2.5, 0) == 3


def test_truncate_cuts_instead_of_rounding():
    assert truncate(1.2396, 2) == 1.23
    assert truncate(86.9159, 2) == 86.91
    assert truncate(2.52, 2) == 2.52  # no float artefact turns 2.52 into 2.51


def test_decimals_of():
    assert decimals_of("1,23") == 2 and decimals_of("58,9") == 1 and decimals_of("62.518") == 0
