"""Properties of the PHP casts over strings of any length and shape (issue 11, cause 4).

Without PHP: the casts never raise and ``(int)`` stays within 64 bits, saturating at PHP_INT_MAX/MIN for
integer strings beyond them (Python's ``int()`` refuses more than 4,300 digits; PHP's intval does not).
With ``php`` on the PATH (``apt-get install php-cli``) the same examples are also compared with PHP's own
``intval``/``is_numeric``; those tests are skipped when it is absent.
"""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from hypothesis import example, given, settings, strategies as st

from wpcompat.php.casts import is_numeric, php_floatval, php_intval
from wpcompat.php.limits import PHP_INT_MAX, PHP_INT_MIN

PHP = shutil.which("php")
_DIGITS = st.text("0123456789", min_size=1, max_size=6000)
_NUMBERISH = st.one_of(
    _DIGITS,
    st.builds(lambda sign, digits, tail: sign + digits + tail, st.sampled_from(["", "-", "+", " ", "\n-"]),
              _DIGITS, st.sampled_from(["", ".5", "e3", "e400", " ", "x", "\x00"])),
    st.text(st.characters(codec="utf-8"), max_size=40),
)


@settings(max_examples=100, deadline=None)
@given(_NUMBERISH)
@example("9" * 5000)
@example("-" + "9" * 5000)
@example("1" + "0" * 4300)
def test_the_casts_never_raise_and_intval_stays_64_bit(text):
    number = php_intval(text)
    assert PHP_INT_MIN <= number <= PHP_INT_MAX
    is_numeric(text)
    php_floatval(text)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=20, max_value=6000), st.sampled_from(["", "-", "+"]))
def test_an_integer_string_beyond_64_bits_saturates(length, sign):
    # Up to ~309 digits PHP reads a float and caps it; longer, the float is INF and the cast gives 0.
    text = sign + "9" * length
    expected = (PHP_INT_MIN if sign == "-" else PHP_INT_MAX) if length <= 308 else 0
    assert php_intval(text) == expected


def _php(values: list[str]) -> list:
    script = ("$out = []; foreach (json_decode(stream_get_contents(STDIN)) as $v) "
              "{ $out[] = [intval($v), is_numeric($v)]; } echo json_encode($out);")
    done = subprocess.run([PHP, "-d", "error_reporting=0", "-r", script], input=json.dumps(values),
                          capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


@pytest.mark.skipif(PHP is None, reason="php-cli not installed (apt-get install php-cli)")
@settings(max_examples=25, deadline=None)
@given(st.lists(_NUMBERISH, min_size=1, max_size=20))
def test_intval_and_is_numeric_agree_with_php(values):
    assert [[php_intval(v), is_numeric(v)] for v in values] == _php(values)
