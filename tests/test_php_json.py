"""php_json_dumps prints what PHP's json_encode (default flags) prints, byte for byte."""
from __future__ import annotations

import math
from decimal import Decimal

import pytest

from wpcompat.php import json as phpjson
from wpcompat.php.json import JsonRows, PhpJsonError, PhpObject, json_decode, php_json_dumps


@pytest.mark.parametrize("value, expected", [
    (None, "null"),
    (True, "true"),
    (False, "false"),
    (0, "0"),
    (-12, "-12"),
    ("a/b", '"a\\/b"'),
    ("http://x.test/wp-json/", '"http:\\/\\/x.test\\/wp-json\\/"'),
    ('q"\\', '"q\\"\\\\"'),
    ("\b\f\n\r\t\x01\x1f", '"\\b\\f\\n\\r\\t\\u0001\\u001f"'),
    ("\x7f", '"\x7f"'),  # PHP leaves DEL alone
    ("é€", '"\\u00e9\\u20ac"'),  # lower-case hex
    ("\U0001F600", '"\\ud83d\\ude00"'),  # surrogate pair
    ("<strong>&'", "\"<strong>&'\""),  # no HEX_TAG/AMP/APOS flags
])
def test_scalars(value, expected):
    assert php_json_dumps(value) == expected


@pytest.mark.parametrize("value, expected", [
    (10.0, "10"),
    (-3.0, "-3"),
    (0.0, "0"),
    (-0.0, "-0"),
    (0.1, "0.1"),
    (30.5, "30.5"),
    (1.5e-7, "1.5e-7"),
    (0.0001, "0.0001"),
    (0.00001, "1.0e-5"),
    (1e16, "10000000000000000"),
    (1e17, "1.0e+17"),
    (1.5e25, "1.5e+25"),
    (123456.789, "123456.789"),
    (Decimal("40.00"), "40"),
    (Decimal("30.50"), "30.5"),
    (Decimal("0"), "0"),
])
def test_floats_and_decimals(value, expected):
    assert php_json_dumps(value) == expected


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_cannot_be_encoded(value):
    with pytest.raises(PhpJsonError, match="Inf and NaN cannot be JSON encoded"):
        php_json_dumps({"x": value})


def test_arrays_and_objects_follow_php_array_rules():
    assert php_json_dumps([]) == "[]"
    assert php_json_dumps({}) == "[]"  # an empty PHP array
    assert php_json_dumps(PhpObject()) == "{}"
    assert php_json_dumps({0: "a", 1: "b"}) == '["a","b"]'
    assert php_json_dumps({"0": "a", "1": "b"}) == '["a","b"]'  # numeric string keys are int keys in PHP
    assert php_json_dumps(PhpObject({0: "a"})) == '{"0":"a"}'
    assert php_json_dumps({1: "a"}) == '{"1":"a"}'
    assert php_json_dumps({0: "x", 5: "y", 6: "z"}) == '{"0":"x","5":"y","6":"z"}'
    assert php_json_dumps({"01": "a"}) == '{"01":"a"}'
    assert php_json_dumps((1, 2)) == "[1,2]"
    assert php_json_dumps({"b": 1, "a": [1, {"c/d": None}]}) == '{"b":1,"a":[1,{"c\\/d":null}]}'


def test_key_order_is_kept():
    assert php_json_dumps({"z": 1, "a": 2, "m": 3}) == '{"z":1,"a":2,"m":3}'


def test_unsupported_values_are_a_type_error():
    with pytest.raises(TypeError):
        php_json_dumps({"when": object()})
    with pytest.raises(TypeError):
        php_json_dumps({1.5: "float key"})


# The JsonRows fast lane (orjson) must print exactly what the exact path prints.
TRICKY_STRINGS = ["a/b", "http://x.test/wp-json/", 'q"\\', "\b\f\n\r\t\x01\x1f", "é€", "\U0001F600",
                  "<strong>&'", "", "0", "Zoë de Vries", "\\u007f", "tab\there", "\u2028\u2029"]
TRICKY_DECIMALS = [Decimal(text) for text in ("0", "-0", "0.00", "25.00", "12.50", "0.01", "-5.00", "0.0001",
                                              "0.00001", "9999999999.99", "999999999999999", "1e15", "1e20",
                                              "123456789012345.67", "0.30000000000000004", "1234.5678",
                                              "-0.0001", "99999999999999.99", "1E+2")]


def _page(values: list) -> list[dict]:
    return [{"id": str(n), "value": value, "nested": {"list": [value, None, True, 3]}, "flag": False}
            for n, value in enumerate(values)]


@pytest.mark.parametrize("values", [TRICKY_STRINGS, TRICKY_DECIMALS, [None, True, 0, -7, 2**53 + 1, 2**63 - 1, -2**63, 2**64, 10**30]],
                         ids=["strings", "decimals", "others"])
def test_json_rows_print_exactly_as_the_exact_path(values):
    page = _page(values)
    assert php_json_dumps({"data": JsonRows(page)}) == php_json_dumps({"data": page})


def test_json_rows_use_orjson_when_they_can(monkeypatch):
    # Proof that the fast lane is taken (the exact path is switched off), with PHP's escaped slashes.
    def refuse(*args):
        raise AssertionError("exact path taken")

    monkeypatch.setattr(phpjson, "_encode_list", refuse)
    page = JsonRows([{"url": "http://x.test/a", "name": "Zoë", "price": Decimal("12.50"), "n": None}])
    assert php_json_dumps(page) == '[{"url":"http:\\/\\/x.test\\/a","name":"Zo\\u00eb","price":12.5,"n":null}]'


@pytest.mark.parametrize("value, expected", [
    ("\x7f", '"\x7f"'),  # PHP leaves DEL alone; Python would escape it
    ("\\u007f", '"\\\\u007f"'),  # a literal backslash-u-007f is not DEL
    (Decimal("1e20"), "1.0e+20"),  # outside the range where Python's and PHP's number forms agree
    (Decimal("0.00001"), "1.0e-5"),
    (Decimal("-0"), "-0"),
])
def test_json_rows_take_the_exact_path_where_python_and_php_differ(value, expected):
    assert php_json_dumps(JsonRows([{"v": value}])) == '[{"v":' + expected + "}]"


@pytest.mark.parametrize("data, code, message", [
    (b"{bad", 4, "Syntax error"),
    (b"", 4, "Syntax error"),
    (b'{"x": NaN}', 4, "Syntax error"),
    (b"[Infinity]", 4, "Syntax error"),
    (b'{"x": "\x01"}', 3, "Control character error, possibly incorrectly encoded"),
    (b'{"x": "\xff"}', 5, "Malformed UTF-8 characters, possibly incorrectly encoded"),
    (b"[" * 513 + b"]" * 513, 1, "Maximum stack depth exceeded"),
    (b'{"a":' * 513 + b"1" + b"}" * 513, 1, "Maximum stack depth exceeded"),
    (b"[" * 50_000 + b"]" * 50_000, 1, "Maximum stack depth exceeded"),  # beyond Python's recursion limit
    (b"[" + b"9" * 5000 + b"]", 4, "Syntax error"),  # Python cannot read it (PHP would read INF)
])
def test_json_decode_failures_carry_php_codes(data, code, message):
    with pytest.raises(PhpJsonError) as caught:
        json_decode(data)
    assert (caught.value.code, str(caught.value)) == (code, message)


@pytest.mark.parametrize("data, expected", [
    (b'{"a":[1,2.5,"\\u00e9",null,true]}', {"a": [1, 2.5, "é", None, True]}),
    ("[1]", [1]),
    (b"[" * 512 + b"]" * 512, None),  # 512 levels: the deepest PHP accepts
    (b"18446744073709551616", 2**64),  # kept exact for validators (PHP: float)
])
def test_json_decode_values(data, expected):
    value = json_decode(data)
    if expected is None:
        for _ in range(511):
            (value,) = value
        assert value == []
    else:
        assert value == expected


def test_json_decode_counts_depth_as_php_does():
    assert json_decode("[[1]]", depth=2) == [[1]]
    with pytest.raises(PhpJsonError, match="Maximum stack depth exceeded"):
        json_decode("[[1]]", depth=1)
    assert json_decode('"[[[["', depth=1) == "[[[["  # brackets inside strings do not nest


def test_huge_numeric_keys_encode_as_strings():
    assert php_json_dumps({"9" * 5000: 1}) == '{"' + "9" * 5000 + '":1}'
    assert php_json_dumps({"-9223372036854775808": 1, "9223372036854775808": 2}) == \
        '{"-9223372036854775808":1,"9223372036854775808":2}'
