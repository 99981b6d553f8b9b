import pytest

from rudibook.numbers import decimals_of, fmt_dec, fmt_int, parse_id, truncate


@pytest.mark.parametrize("value,text", [(62518, "62.518"), (775, "775"), (1516, "1.516"), (0, "0"), (1234567, "1.234.567")])
def test_fmt_int_uses_thousands_dot(value, text):
    assert fmt_int(value) == text


@pytest.mark.parametrize("value,digits,text", [
    (1.2396, 2, "1,24"), (2.3099, 2, "2,31"), (86.9159, 2, "86,92"), (58.8785, 1, "58,9"),
    (0.125, 2, "0,13"),  # half rounds up, as by hand (Python's round would give 0,12)
    (1000.5, 1, "1.000,5"), (-1.25, 1, "-1,3")])
def test_fmt_dec_rounds_half_up_with_decimal_comma(value, digits, text):
    assert fmt_dec(value, digits) == text


def test_fmt_int_refuses_fractions():
    with pytest.raises(ValueError):
        fmt_int(2.5)


@pytest.mark.parametrize("text,value", [("62.518", 62518), ("1,23", 1.23), ("86,91", 86.91), ("100", 100), ("-", None), ("1.516", 1516)])
def test_parse_id(text, value):
    assert parse_id(text) == value


@pytest.mark.parametrize("bad", ["1.23.4", "abc", "1,2,3"])
def test_parse_id_rejects_malformed(bad):
    with pytest.raises(ValueError, match="not an Indonesian-formatted number"):
        parse_id(bad)


def test_truncate_cuts_instead_of_rounding():
    assert truncate(1.2396, 2) == 1.23
    assert truncate(86.9159, 2) == 86.91
    assert truncate(2.52, 2) == 2.52  # no float artefact turns 2.52 into 2.51


def test_decimals_of():
    assert decimals_of("1,23") == 2 and decimals_of("58,9") == 1 and decimals_of("62.518") == 0
