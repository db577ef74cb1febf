"""PHP serialize() values made by real PHP, stored in a real MariaDB, read back through WordPressSource."""
from __future__ import annotations

import base64
import zlib

import pytest

from wpcompat.wordpress_import.findings import Finding, Unmappable
from wpcompat.wordpress_import.php_values import PhpObject, as_list, inflate, unserialize
from wpcompat.wordpress_import.source import WordPressSource

from .wordpress_support import php, wordpress_site  # noqa: F401


@pytest.fixture
def stored(wordpress_site):  # noqa: F811
    """Store raw option values (PHP's bytes) and read each back as the import does: one option -> its text."""
    wordpress_site.create_tables("core")

    def store(**values: str) -> dict[str, str]:
        for name, value in values.items():
            wordpress_site.insert("options", option_name=name, option_value=value, autoload="no")
        with WordPressSource(wordpress_site.url, wordpress_site.prefix) as source:
            return {name: source.option(name) for name in values}

    return store


def read(raw: str, name: str = "value"):
    return unserialize(raw, "options", name, "option_value")


def refusal(raw, name: str = "value") -> Finding:
    with pytest.raises(Unmappable) as caught:
        read(raw, name)
    return caught.value.finding


def test_arrays_keep_their_keys_order_and_gaps(stored):
    # WordPress re-saves _application_passwords with the keys left after a revoke: 0, 3, 7.
    raw = php(["serialize", {"0": "zero", "3": "three", "7": {"x": [1, 2]}, "name": "last"}])[0]
    value = read(stored(gaps=raw)["gaps"])
    assert value == {0: "zero", 3: "three", 7: {"x": {0: 1, 1: 2}}, "name": "last"}
    assert list(value) == [0, 3, 7, "name"]
    assert as_list(value) == ["zero", "three", {"x": {0: 1, 1: 2}}, "last"]
    assert as_list(value[7]["x"]) == [1, 2]


def test_strings_are_read_by_byte_length_then_decoded(stored):
    texts = {"latin": "Zoë Ünal", "japanese": "東京の予約", "emoji": "🎉 party 🎉", "mixed": "a\"b;c}d:\\e", "empty": ""}
    raw = php(["serialize", texts])[0]
    assert 's:10:"Zoë Ünal";' in raw and 's:15:"東京の予約";' in raw  # PHP counts UTF-8 bytes, not characters
    assert read(stored(texts=raw)["texts"]) == texts


def test_scalars_nested_and_empty_arrays(stored):
    value = {"int": -42, "big": 9007199254740993, "float": 1.5, "true": True, "false": False, "null": None,
             "list": [[], [["deep"]]], "numeric_string": "007"}
    raw = php(["serialize", value])[0]
    assert read(stored(v=raw)["v"]) == {"int": -42, "big": 9007199254740993, "float": 1.5, "true": True,
                                        "false": False, "null": None, "list": {0: {}, 1: {0: {0: "deep"}}},
                                        "numeric_string": "007"}


def test_objects_have_their_class_and_plain_member_names(stored):
    raw = php(["core_object", "Zoë", 2, "s3cr3t"])[0]
    assert "\0*\0mode" in raw and "\0WpcompatCoreFixture\0secret" in raw
    value = read(stored(obj=raw)["obj"])
    assert value == PhpObject("WpcompatCoreFixture", {"name": "Zoë", "mode": 2, "secret": "s3cr3t"})
    assert list(value.members) == ["name", "mode", "secret"] and value.get("secret") == "s3cr3t"


def test_two_private_members_of_one_name_are_refused(stored):
    raw = php(["core_object_shadowed"])[0]
    assert "\0WpcompatCoreChild\0secret" in raw and "\0WpcompatCoreFixture\0secret" in raw
    assert refusal(stored(shadow=raw)["shadow"], "shadow").why.endswith(
        "object of class WpcompatCoreChild has two members named 'secret')")


def test_nested_standard_objects(stored):
    raw = php(["core_stdclass", '{"settings": {"tokens": [{"t": "x"}]}, "3": "three"}'])[0]
    value = read(stored(std=raw)["std"])
    assert value == PhpObject("stdClass", {"settings": PhpObject("stdClass", {"tokens": {0: PhpObject(
        "stdClass", {"t": "x"})}}), "3": "three"})


@pytest.mark.parametrize("command, why", [
    ("core_reference", "a PHP reference (R:/r:), which this import does not follow at byte 48"),
    ("core_object_twice", "a PHP reference (R:/r:), which this import does not follow at byte 44"),
])
def test_references_are_refused_with_their_place(stored, command, why):
    raw = php([command])[0]
    assert refusal(stored(ref=raw)["ref"], "ref") == Finding("options", "ref", "option_value", why)


def test_custom_serialization_is_refused(stored):
    raw = php(["core_custom", "payload"])[0]
    assert raw.startswith("C:")
    assert refusal(stored(custom=raw)["custom"], "custom") == Finding(
        "options", "custom", "option_value", "custom serialization (C:, a class's own Serializable format) at byte 0")


def test_a_search_and_replace_across_a_dump_breaks_lengths(stored):
    # sed s/aurora.example/aurora.example.com/ over a mysqldump leaves s:22 on a 26-byte string.
    raw = php(["serialize", {"home": "https://aurora.example", "n": 1}])[0].replace("aurora.example", "aurora.example.com")
    finding = refusal(stored(home=raw)["home"], "home")
    assert (finding.table, finding.row_id, finding.column) == ("options", "home", "option_value")
    assert finding.why.startswith("not a readable serialized PHP value")


@pytest.mark.parametrize("raw, why", [
    ('a:1:{i:0;s:1:"x";}junk', "not a single serialized PHP value: 4 byte(s) after its end"),
    ('a:2:{i:0;s:1:"x";', "not a readable serialized PHP value (byte 17: failed expectation, expected b':' got b'')"),
    ("", "not a readable serialized PHP value (byte 0: failed expectation, expected b':' got b'')"),
    ("plain text", "not a readable serialized PHP value (byte 1: unexpected opcode)"),
    ('E:11:"Suit:Hearts";', "a PHP enum case (E:) at byte 0"),
])
def test_unreadable_values(stored, raw, why):
    assert refusal(stored(bad=raw)["bad"] if raw else raw).why == why


def test_invalid_utf8_is_refused_not_replaced():
    assert refusal(b's:2:"\xff\xfe";').why == "a serialized string is not valid UTF-8"
    assert read(b's:2:"\xc3\xab";') == "ë"


def test_deep_nesting_is_refused_not_a_crash():
    assert refusal("a:1:{i:0;" * 5000 + "N;" + "}" * 5000).why == "a serialized value nested too deeply to read"


def test_as_list_refuses_what_is_not_an_array():
    assert as_list([1, 2]) == [1, 2]
    with pytest.raises(Unmappable) as caught:
        as_list("text", "teambooking_reservations", 9, "files")
    assert caught.value.finding == Finding("teambooking_reservations", 9, "files", "expected a PHP array, found a string")


def test_inflate_reads_teambooking_columns(stored):
    value = {"0": {"name": "first_name", "value": "Zoë"}, "2": {"name": "notes", "value": "東京 🎉"}}
    serialized, deflated = php(["serialize", value], ["core_deflated", value])
    rows = stored(deflated=deflated, legacy=serialized)
    expected = {0: {"name": "first_name", "value": "Zoë"}, 2: {"name": "notes", "value": "東京 🎉"}}
    assert inflate(rows["deflated"], "teambooking_reservations", 1, "form_fields") == expected
    # Reservations::decode_object: a value that is not base64 is a plain serialized one (older rows).
    assert inflate(rows["legacy"], "teambooking_reservations", 1, "form_fields") == expected
    assert inflate("", "teambooking_reservations", 1, "files") is None
    assert inflate(None, "teambooking_reservations", 1, "files") is None


def test_inflate_reads_what_phps_strict_base64_reads(stored):
    value = {"first_name": "Zoë", "n": [1, 2, 3], "x": "y"}  # deflates to a length base64 pads
    texts = php(["core_deflated_wrapped", value], ["core_deflated_unpadded", value])
    assert "\r\n" in texts[0] and not texts[1].endswith("=") and len(texts[1]) % 4
    decoded = php(*[["core_decode_object", text] for text in texts])
    assert decoded == [value, value]  # TeamBooking reads both
    rows = stored(wrapped=texts[0], unpadded=texts[1])
    expected = {"first_name": "Zoë", "n": {0: 1, 1: 2, 2: 3}, "x": "y"}
    assert [inflate(rows[name], "teambooking_reservations", 1, "form_fields") for name in rows] == [expected, expected]


@pytest.mark.parametrize("text, why", [
    (base64.b64encode(b"hello").decode(), "not base64 of raw DEFLATE data (Error -3 while decompressing data: "
                                          "invalid stored block lengths)"),
    (base64.b64encode(zlib.compress(b'a:1:{i:0;s:1:"x";}', wbits=-15)[:-3]).decode(), "truncated DEFLATE data"),
    (base64.b64encode(zlib.compress(b'a:1:{i:0;s:9:"x";}', wbits=-15)).decode(),
     "not a readable serialized PHP value (byte 18: failed expectation, expected b'\"' got b'')"),
])
def test_inflate_refuses_broken_columns(text, why):
    with pytest.raises(Unmappable) as caught:
        inflate(text, "teambooking_reservations", 4, "discounts")
    assert caught.value.finding == Finding("teambooking_reservations", 4, "discounts", why)
