"""Search and ordering as MySQL's utf8mb4_unicode_ci (Booknetic's tables), over HTTP, on either database.

Every expected order and match below is what MariaDB 10.11 answered for the same text under
``utf8mb4_unicode_ci`` (``ORDER BY``, ``LIKE '%term%'``); ties (equal under the collation) come in
``id DESC``, the list's own last order.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import insert

from wpcompat import tenancy
from wpcompat.booking import appointments
from wpcompat.booking.models import Customer
from wpcompat.collation import like_pattern, search_key, sort_key
from wpcompat.extensions import db

from .booking_support import make_customer, make_location, make_service, make_staff
from .booknetic_support import AURORA, body, call, frozen_clock, salon  # noqa: F401

# MariaDB: HEX(WEIGHT_STRING(x COLLATE utf8mb4_unicode_ci)).
WEIGHTS = {"é": [0x0E8B], "E": [0x0E8B], "ß": [0x0FEA, 0x0FEA], "ss": [0x0FEA, 0x0FEA], "Ł": [0x0F36],
           "L": [0x0F2E], "😀": [0xFFFD], "😁": [0xFFFD], "a\t": [0x0E33, 0x0201], "\u200b": [], "\u00ad": [0x0220]}
# Inserted in this order; MariaDB's ORDER BY first_name (ties: Straße = Strasse, Zoë = "zoe ").
NAMES = ["Łukasz", "Zuzana", "luke", "Lz", "Émile", "emma", "Straße", "Strasse", "Strb", "😀 Smile", "Mark",
         "ærin", "Aaron", "Zoë", "zoe ", "Ödön", "Oscar", "Çelik", "Carl"]
ASCENDING = ["Aaron", "ærin", "Carl", "Çelik", "Émile", "emma", "luke", "Lz", "Łukasz", "Mark", "Ödön", "Oscar",
             "Strasse", "Straße", "Strb", "zoe ", "Zoë", "Zuzana", "😀 Smile"]
# MariaDB: first_name LIKE '%term%' (char by char: ß is not ss there, two emoji are not alike).
SEARCHES = {
    "é": ["luke", "Émile", "emma", "Straße", "Strasse", "😀 Smile", "Zoë", "zoe ", "Çelik"],
    "ss": ["Strasse"], "ß": ["Straße"], "ç": ["Oscar", "Çelik", "Carl"],
    "l": ["luke", "Lz", "Émile", "😀 Smile", "Çelik", "Carl"], "ł": ["Łukasz"], "😁": [], "😀": ["😀 Smile"],
    "AE": [], "Æ": ["ærin"], "o_": ["Aaron", "Zoë", "zoe ", "Ödön", "Oscar"], "ZOE": ["Zoë", "zoe "],
}


def _like(pattern: str, text: str) -> bool:
    """SQL LIKE of ``pattern`` over ``text`` (``%``, ``_``), as the databases run it on the keys."""
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.S) is not None


def test_keys_hold_mariadbs_weights_and_like_classes():
    for text, weights in WEIGHTS.items():
        assert [ord(c) - 0xF0000 for c in sort_key(text)] == weights, text
    assert sort_key("zoe   ") == sort_key("ZOË") and sort_key("a") < sort_key("b") < sort_key("Ł") < sort_key("M")
    assert sorted(NAMES, key=lambda name: (sort_key(name), -NAMES.index(name))) == ASCENDING
    assert len(search_key("Straße 😀")) == len("Straße 😀")  # one class per character: "_" is one character
    for term, names in SEARCHES.items():
        assert [name for name in NAMES if _like(like_pattern(term), search_key(name))] == names, term
    assert not any(c in key for c in "%_\\" for key in map(search_key, ("%", "_", "\\", "a%b_c\\")))


def _names(response) -> list[str]:
    assert response.status_code == 200
    return [row["first_name"] for row in body(response)["data"] if row["first_name"] in NAMES]


@pytest.fixture
def named(app, salon):
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        for i, name in enumerate(NAMES):
            make_customer(salon.aurora_id, name, "Q", email=f"n{i}@q.qq")
        db.session.commit()
    return NAMES


@pytest.mark.parametrize("direction, expected", [("ASC", ASCENDING), ("DESC", None)])
def test_customers_order_by_first_name_as_mysql(client, world, named, direction, expected):
    query = {"orderByField": "first_name", "orderDirection": direction, "limit": 50}
    names = _names(call(client, "GET", f"{AURORA}/customers", world.aurora_admin, query=query))
    # Descending: the reverse, ties still newest first.
    assert names == (expected or ["😀 Smile", "Zuzana", "zoe ", "Zoë", "Strb", "Strasse", "Straße", "Oscar",
                                  "Ödön", "Mark", "Łukasz", "Lz", "luke", "emma", "Émile", "Çelik", "Carl",
                                  "ærin", "Aaron"])


@pytest.mark.parametrize("term", sorted(SEARCHES))
def test_customers_search_as_mysql_with_its_total(client, world, named, term):
    response = call(client, "GET", f"{AURORA}/customers", world.aurora_admin, query={"search": term, "limit": 50})
    assert _names(response) == list(reversed(SEARCHES[term]))  # newest first
    # The salon's three customers' e-mails (…@example.com) hold an e, an l, a c and an o followed by one more.
    salon_matches = 3 if term in ("é", "l", "ç", "o_") else 0
    assert body(response)["meta"]["total"] == str(len(SEARCHES[term]) + salon_matches)


def test_customers_search_skip_pages_the_accent_insensitive_total(client, world, named):
    response = call(client, "GET", f"{AURORA}/customers", world.aurora_admin, query={"search": "é", "skip": 7})
    data = body(response)
    assert data["meta"]["total"] == "12"
    assert [row["first_name"] for row in data["data"]] == ["Émile", "luke", "Lee", "Eva", "Sam"]


def test_renamed_customers_are_searched_and_ordered_by_their_new_name(client, world, salon):
    created = call(client, "POST", f"{AURORA}/customer/create", world.aurora_admin,
                   json_body={"first_name": "Zed", "last_name": "Q", "email": "x9@q.qq"})
    customer_id = body(created)["customer_id"]
    edited = call(client, "POST", f"{AURORA}/customer/edit", world.aurora_admin,
                  json_body={"id": customer_id, "first_name": "Łukasz", "last_name": "Q", "email": "x9@q.qq"})
    assert edited.status_code == 200
    ordered = body(call(client, "GET", f"{AURORA}/customers", world.aurora_admin,
                        query={"orderByField": "first_name", "orderDirection": "ASC"}))["data"]
    assert [row["first_name"] for row in ordered] == ["Eva", "Lee", "Łukasz", "Sam"]
    for term, found in (("ŁUK", ["Łukasz"]), ("zed", [])):
        data = body(call(client, "GET", f"{AURORA}/customers", world.aurora_admin, query={"search": term}))["data"]
        assert [row["first_name"] for row in data] == found


def test_rows_inserted_in_sql_core_get_their_keys(app, client, world, salon):
    """A Core INSERT (the bench's bulk rows) that names no key gets them from the column defaults."""
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        db.session.execute(insert(Customer), [
            {"tenant_id": salon.aurora_id, "first_name": first, "last_name": "Ünal", "email": f"{first}@q.qq"}
            for first in ("Ñandú", "Ola")])
        db.session.commit()
    data = body(call(client, "GET", f"{AURORA}/customers", world.aurora_admin, query={"search": "UNAL NANDU"}))
    assert [row["first_name"] for row in data["data"]] == []  # "first last" is one field: "Ñandú Ünal"
    data = body(call(client, "GET", f"{AURORA}/customers", world.aurora_admin, query={"search": "nandu unal"}))
    assert [row["first_name"] for row in data["data"]] == ["Ñandú"]
    ordered = body(call(client, "GET", f"{AURORA}/customers", world.aurora_admin,
                        query={"orderByField": "first_name", "orderDirection": "ASC"}))["data"]
    assert [row["first_name"] for row in ordered] == ["Eva", "Lee", "Ñandú", "Ola", "Sam"]


def test_staff_services_and_locations_search_ignores_accents_and_case(app, client, world, salon):
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        make_staff(salon.aurora_id, "Alice Martin", services=[make_service(salon.aurora_id, "Café massage")])
        make_location(salon.aurora_id, "Zürich")
        db.session.commit()
    for path, query, key, found in (("staffs", {"search": "ç"}, "name", ["Alice Martin"]),
                                    ("services", {"q": "CAFE"}, "text", ["Café massage"]),
                                    ("locations", {"search": "zur"}, "text", ["Zürich"])):
        response = call(client, "GET", f"{AURORA}/{path}", world.aurora_admin, query=query)
        assert response.status_code == 200
        assert [row[key] for row in body(response)["data"]] == found, path


@pytest.fixture
def booked(app, salon):
    """Three more appointments (customer, staff member, service): a1 (Łukasz Nowak, Łucja Bąk, Çay tasting),
    a2 (Zuzana Novak, Élise Roy, ódla), a3 (luke skye, zed, Ärztliche Beratung)."""
    ids = {"sam": salon.sam_massage, "eva": salon.eva_yoga}
    with app.app_context(), tenancy.tenant(salon.aurora_id):
        for n, (customer, staff, service) in enumerate((("Łukasz Nowak", "Łucja Bąk", "Çay tasting"),
                                                         ("Zuzana Novak", "Élise Roy", "ódla"),
                                                         ("luke skye", "zed", "Ärztliche Beratung")), start=1):
            first, last = customer.split()
            offered = make_service(salon.aurora_id, service, slug=f"s{n}")
            ids[f"a{n}"] = appointments.book(
                service=offered, staff=make_staff(salon.aurora_id, staff, services=[offered], email=f"st{n}@q.qq"),
                customer=make_customer(salon.aurora_id, first, last, email=f"c{n}@q.qq"),
                starts_at=1893484800 + n * 86400, location=None, check_availability=False, notify=False,
                source="site-file").id
        db.session.commit()
    return ids


@pytest.mark.parametrize("query, expected", [
    ({"orderByField": "customer_name", "orderDirection": "ASC"}, ["eva", "a3", "a1", "sam", "a2"]),
    ({"orderByField": "customer_name", "orderDirection": "DESC"}, ["a2", "sam", "a1", "a3", "eva"]),
    ({"orderByField": "staff_name", "orderDirection": "ASC"}, ["sam", "eva", "a2", "a1", "a3"]),
    ({"orderByField": "service_name", "orderDirection": "ASC"}, ["a3", "a1", "eva", "a2", "sam"]),
    ({"search": "BĄK"}, ["a1", "eva"]),  # Łucja Bąk, Eva Bakker
    ({"search": "ŁUK"}, ["a1"]),  # not "luke": Ł is a letter of its own
    ({"search": "ODLA"}, ["a2"]),
    ({"search": "arztliche"}, ["a3"]),
])
def test_appointments_order_and_search_as_mysql(client, world, booked, query, expected):
    response = call(client, "GET", f"{AURORA}/appointments", world.aurora_admin, query=query)
    assert response.status_code == 200
    assert [row["id"] for row in body(response)["data"]] == [str(booked[name]) for name in expected]


def test_appointments_search_by_id_still_matches_the_id(client, world, booked):
    data = body(call(client, "GET", f"{AURORA}/appointments", world.aurora_admin,
                     query={"search": str(booked["a2"])}))["data"]
    assert str(booked["a2"]) in [row["id"] for row in data]
