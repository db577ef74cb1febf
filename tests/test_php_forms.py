"""PHP parse_str / $_GET / $_POST semantics. Every expected value was produced by PHP 8.2 (parse_str,
and $_POST through `php -S`) and is hard-coded here, so the suite needs no PHP."""
from __future__ import annotations

import json

import pytest

from wpcompat.php.casts import array_key
from wpcompat.php.forms import array_merge, parse_form_body, parse_str, php_params, urldecode


def ordered(value):
    """Compare structures including key order and list-vs-dict (== on dicts ignores order)."""
    if isinstance(value, dict):
        return ("dict", [(k, ordered(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [ordered(v) for v in value])
    return value


def nested(levels: int, tail: str = "") -> str:
    return "a[" + "][".join(str(i) for i in range(levels)) + "]" + tail


def deep(levels: int, leaf):
    for i in reversed(range(levels)):
        leaf = {i: leaf} if i else [leaf]
    return leaf


# Every row of wordpress-wire.md §3.6, then edge cases (all checked against PHP 8.2).
CASES = [
    ("a[b][c]=1", {"a": {"b": {"c": "1"}}}),
    ("a[]=x&a[]=y", {"a": ["x", "y"]}),
    ("a[]=x&a[5]=y&a[]=z", {"a": {0: "x", 5: "y", 6: "z"}}),
    ("a[0]=x&a[1]=y", {"a": ["x", "y"]}),
    ("a[1]=x", {"a": {1: "x"}}),
    ("a[x]=1&a[]=2", {"a": {"x": "1", 0: "2"}}),
    ("x=1&x=2", {"x": "2"}),
    ("a=1&a[]=2", {"a": ["2"]}),
    ("a[]=1&a=2", {"a": "2"}),
    ("a.b=1&c d=2", {"a_b": "1", "c_d": "2"}),
    ("a[b.c]=1", {"a": {"b.c": "1"}}),
    ("a[=1", {"a_": "1"}),
    ("a[b]c=1", {"a": {"b": "1"}}),
    ("a[ b]=1", {"a": {" b": "1"}}),
    ("[a]=1", {}),
    ("q=a+b%20c", {"q": "a b c"}),
    # key order, auto index and numeric keys
    ("a[1]=x&a[0]=y", {"a": {1: "x", 0: "y"}}),
    ("a[2]=x&a[]=y&a[1]=z", {"a": {2: "x", 3: "y", 1: "z"}}),
    ("a[x]=1&a[1]=2&a[]=3", {"a": {"x": "1", 1: "2", 2: "3"}}),
    ("a[-1]=x&a[]=y", {"a": {-1: "x", 0: "y"}}),
    ("a[05]=x&a[]=y", {"a": {"05": "x", 0: "y"}}),
    ("a[-0]=x", {"a": {"-0": "x"}}),
    ("a[+1]=x", {"a": {" 1": "x"}}),
    ("a[1 ]=x", {"a": {"1 ": "x"}}),
    ("a[9223372036854775807]=x&a[]=y", {"a": {9223372036854775807: "x"}}),
    ("a[9223372036854775808]=x", {"a": {"9223372036854775808": "x"}}),
    ("a[-9223372036854775808]=x", {"a": {-9223372036854775808: "x"}}),
    ("a[-9223372036854775809]=x", {"a": {"-9223372036854775809": "x"}}),
    ("0=a&1=b", {0: "a", 1: "b"}),
    # brackets
    ("a[ ]=x&a[ ]=y", {"a": ["x", "y"]}),
    ("a[\r]=1", {"a": ["1"]}),
    ("a[%09]=x&a[%20]=y", {"a": ["x", "y"]}),
    ("a[  ]=1", {"a": {"  ": "1"}}),
    ("a[b]=1&a[b][c]=2", {"a": {"b": {"c": "2"}}}),
    ("a[b][c]=1&a[b]=2", {"a": {"b": "2"}}),
    ("a[b]=1&a=2&a[c]=3", {"a": {"c": "3"}}),
    ("a[b][]=1&a[b][]=2", {"a": {"b": ["1", "2"]}}),
    ("a[][]=1&a[][]=2", {"a": [["1"], ["2"]]}),
    ("a[]=1&a[][x]=2", {"a": ["1", {"x": "2"}]}),
    ("a]b=1", {"a]b": "1"}),
    ("a[b]]=1", {"a": {"b": "1"}}),
    ("a[[b]]=1", {"a": {"[b": "1"}}),
    ("a[]b[c]=1", {"a": ["1"]}),
    ("a[b][c=1", {"a": {"b": "1"}}),
    ("a[][b=1", {"a": ["1"]}),
    ("a[b.c=1", {"a_b_c": "1"}),
    ("a[b c[d=1", {"a_b_c_d": "1"}),
    ("a[ b=1", {"a__b": "1"}),
    ("a%5Bb%5D=1", {"a": {"b": "1"}}),
    # top-level name mangling
    ("a.b[c.d]=1", {"a_b": {"c.d": "1"}}),
    ("a.[b]=1", {"a_": {"b": "1"}}),
    ("a [b]=1", {"a_": {"b": "1"}}),
    (" a=1", {"a": "1"}),
    ("+a=1", {"a": "1"}),
    ("  =1", {}),
    ("a+b=1", {"a_b": "1"}),
    ("%2E=1", {"_": "1"}),
    ("..=1", {"__": "1"}),
    ("a_b=1&a.b=2", {"a_b": "2"}),
    # pair splitting and empties
    ("", {}),
    ("&&", {}),
    ("=", {}),
    ("=1", {}),
    ("=a=b", {}),
    ("a", {"a": ""}),
    ("a=", {"a": ""}),
    ("&a=1&&b=2&", {"a": "1", "b": "2"}),
    ("a=1=2", {"a": "1=2"}),
    ("a==", {"a": "="}),
    ("a=1;b=2", {"a": "1;b=2"}),
    # URL decoding
    ("a=%", {"a": "%"}),
    ("a=%4", {"a": "%4"}),
    ("a=%zz1", {"a": "%zz1"}),
    ("a=%41%4a%4A%2", {"a": "AJJ%2"}),
    ("%61=1", {"a": "1"}),
    ("a=%E2%82%AC", {"a": "\u20ac"}),
    ("a%00b=1", {"a": "1"}),
    ("a=b%00c", {"a": "b\x00c"}),
    # invalid UTF-8 becomes U+FFFD (what PHP's JSON_INVALID_UTF8_SUBSTITUTE prints too)
    ("a=%FF", {"a": "\ufffd"}),
    ("a=%E2%82", {"a": "\ufffd"}),
    ("%FF=1", {"\ufffd": "1"}),
    # nesting limit: 64 brackets are kept, a 65th deletes the whole top-level variable
    (nested(64) + "=1", {"a": deep(64, "1")}),
    (nested(65) + "=1", {}),
    ("a[x]=keep&" + nested(65) + "=1&b=2", {"b": "2"}),
    ("a[x]=keep&" + nested(65) + "=1&a[y]=back", {"a": {"y": "back"}}),
    (nested(64, "[x") + "=1", {}),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_parse_str_matches_php(query, expected):
    assert ordered(parse_str(query)) == ordered(expected)


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_form_body_parses_like_parse_str_below_the_limit(query, expected):
    assert ordered(parse_form_body(query.encode())) == ordered(expected)


def test_bytes_and_str_give_the_same_result():
    assert parse_str(b"a[]=%C3%A9&b=\xc3\xa9") == parse_str("a[]=%C3%A9&b=é") == {"a": ["é"], "b": "é"}


def test_json_of_result_matches_php_json_encode():
    # What WordPress's wp_send_json( $_GET['a'] ) prints.
    assert json.dumps(parse_str("a[]=x&a[5]=y&a[]=z")["a"], separators=(",", ":")) == '{"0":"x","5":"y","6":"z"}'
    assert json.dumps(parse_str("a[0]=x&a[1]=y")["a"], separators=(",", ":")) == '["x","y"]'


def test_max_input_vars_keeps_the_first_1000_non_empty_pairs():
    query = "&&".join(f"v{i}=1" for i in range(1005))
    result = parse_str(query)
    assert len(result) == 1000
    assert list(result)[-1] == "v999"


def test_max_input_vars_counts_pairs_not_leaves():
    result = parse_str("&".join(f"a[]={i}" for i in range(1001)))
    assert result == {"a": [str(i) for i in range(1000)]}


def test_max_input_vars_counts_pairs_with_empty_names():
    result = parse_str("&".join(["=x"] * 999) + "&k=1&z=2")
    assert result == {"k": "1"}


def test_post_body_counts_empty_pieces_and_keeps_one_more_var():
    # php_std_post_handler checks the count after storing: 1001 variables survive.
    result = parse_form_body("&".join(f"v{i}=1" for i in range(1005)).encode())
    assert len(result) == 1001
    assert list(result)[-1] == "v1000"
    # "&&&&" between v998 and last adds three empty pieces, which count.
    body = "&".join(f"v{i}=1" for i in range(999)) + "&&&&last=1&after=1"
    result = parse_form_body(body.encode())
    assert len(result) == 999
    assert "last" not in result


def test_post_body_trailing_ampersand_is_not_a_piece():
    assert parse_form_body(b"a=1&") == {"a": "1"}
    assert parse_form_body(b"") == {}


def test_php_params_builds_from_decoded_pairs():
    pairs = [("a[b][c]", "1"), ("a.b", "2"), ("a[]", "x"), ("", "e"), ("x", "1"), ("x", "2"), ("q", "a+b%20")]
    result = php_params(pairs)
    assert ordered(result) == ordered({"a": {"b": {"c": "1"}, 0: "x"}, "a_b": "2", "x": "2", "q": "a+b%20"})


def test_php_params_keeps_the_first_1000_pairs():
    result = php_params((f"v{i}", "1") for i in range(1005))
    assert len(result) == 1000
    assert list(result)[-1] == "v999"


def test_array_merge_is_wordpress_request_merge():
    # $_REQUEST = array_merge( $_GET, $_POST ): string keys of POST win (whole value, no deep merge),
    # integer keys are renumbered and appended.
    get = parse_str("0=x&k=g&a[y]=2")
    post = parse_str("k=p&a[x]=1&0=a&1=b")
    assert ordered(array_merge(get, post)) == ordered({0: "x", "k": "p", "a": {"x": "1"}, 1: "a", 2: "b"})


def test_urldecode_and_array_key():
    assert urldecode(b"a+b%2B%2x%") == b"a b+%2x%"
    assert [array_key(k) for k in ("0", "12", "-3", "012", "-0", "1.5", "", "-", " 1")] == [
        0, 12, -3, "012", "-0", "1.5", "", "-", " 1"]
