"""Customers: ``/customers`` (list, and Booknetic 5.2's REST-style create/get/update/delete) and the
5.1 routes ``/customer/info/{id}``, ``/customer/create``, ``/customer/edit``, ``/customer/delete``.

The 5.1 routes answer Booknetic's 400 messages (``The first name field is required!``, ``The email field
is required!``, ``There is another Customer with the same email address!`` ...) in its order, and store an
impossible birthday (``2001-02-30``) as MySQL's zero date, read back as ``"0000-00-00"``; the REST-style
``POST /customers`` and ``PUT /customers/{id}`` answer 422 ``data.errors``. Both return
``{"customer_id": N}``; get returns the Customer object without a ``data`` envelope. Rules: :mod:`wpcompat.booking.customers`.
"""
from __future__ import annotations

from datetime import date

from marshmallow import ValidationError

from wpcompat.booking import customer_list, customers
from wpcompat.booking.customers import CustomerInput
from wpcompat.php.casts import is_numeric, php_intval
from wpcompat.php.json import JsonRows
from wpcompat.rest import RestRequest

from .errors import booknetic_error, booknetic_errors
from .namespace import ID, api, path_id
from .permissions import allow, viewer
from .schemas import load_params
from .schemas.customers import CustomerBody, CustomerListQuery, CustomerOut, LegacyCustomerBody, LegacyDeleteBody
from .schemas.fields import NAME, check_text

# Built once: an output schema holds no per-request state (~0.2 ms saved per list request).
_LIST_ROWS = CustomerOut(many=True)


@api.route("/customers", methods="GET", permission=allow("customers", "customers"))
@booknetic_errors()
def list_customers(request: RestRequest):
    query = load_params(CustomerListQuery, request)
    if query["skip"] < 0:
        raise booknetic_error("Skip must not be negative")
    rows, total = customer_list.list_customers(
        viewer(request), search=query["search"], order_by=query["order_by"],
        descending=query["order_direction"] == "DESC", skip=query["skip"], limit=query["limit"])
    # Captures 10/38: total is a string (a COUNT(*) straight from wpdb), skip and limit ints, in this order.
    # Customer objects are plain JSON (strings, ints, null): the page takes the fast lane.
    return {"data": JsonRows(_LIST_ROWS.dump(rows)),
            "meta": {"total": str(total), "skip": query["skip"], "limit": query["limit"]}}


@api.route("/customers", methods="POST", permission=allow("customers", "customers_add"))
@booknetic_errors(validation=True)
def create_customer(request: RestRequest):
    body = load_params(CustomerBody, request)
    customer = customers.save_customer(_rest_input(body), user_id=request.user.id)
    return {"customer_id": customer.id}


@api.route(rf"/customer/info/{ID}", permission=allow("customers", "customers"))
@booknetic_errors()
def customer_info(request: RestRequest):
    return CustomerOut().dump(customer_list.visible_customer(viewer(request), path_id(request)))


@api.route("/customer/delete", methods="POST", permission=allow("customers", "customers_delete"))
@booknetic_errors()
def delete_customers_legacy(request: RestRequest):
    ids = load_params(LegacyDeleteBody, request)["ids"]
    # Booknetic's array read: anything but an array is no selection; items are cast to int.
    items = list(ids.values()) if isinstance(ids, dict) else ids if isinstance(ids, list) else []
    customers.delete_customers(viewer(request), [php_intval(i) if is_numeric(i) else 0 for i in items])
    return []


@api.route("/customer/create", methods="POST", permission=allow("customers", "customers_add"))
@booknetic_errors()
def create_customer_legacy(request: RestRequest):
    body = load_params(LegacyCustomerBody, request)
    customer = customers.create_customer_record(_legacy_input(body), user_id=request.user.id)
    return {"customer_id": customer.id}


@api.route("/customer/edit", methods="POST", permission=allow("customers", "customers_edit"))
@booknetic_errors()
def edit_customer_legacy(request: RestRequest):
    body = load_params(LegacyCustomerBody, request)
    customer = customers.edit_customer_record(viewer(request), body["id"], _legacy_input(body))
    return {"customer_id": customer.id}


@api.route(rf"/customers/{ID}", permission=allow("customers", "customers"))
@booknetic_errors()
def get_customer(request: RestRequest):
    return CustomerOut().dump(customer_list.visible_customer(viewer(request), path_id(request)))


@api.route(rf"/customers/{ID}", methods="PUT", permission=allow("customers", "customers_edit"))
@booknetic_errors(validation=True)
def update_customer(request: RestRequest):
    # The addressed customer first: a missing (or another tenant's) id is "Customer not found", whatever the body.
    customer = customer_list.visible_customer(viewer(request), path_id(request))
    body = load_params(CustomerBody, request)
    customers.save_customer(_rest_input(body), customer=customer)
    return {"customer_id": customer.id}


@api.route(rf"/customers/{ID}", methods="DELETE", permission=allow("customers", "customers_delete"))
@booknetic_errors()
def delete_customer(request: RestRequest):
    customers.delete_customers(viewer(request), [path_id(request)])
    return []


def _rest_input(body: dict) -> CustomerInput:
    return CustomerInput(first_name=body["first_name"].strip(), last_name=body["last_name"].strip(),
                         email=body["email"], phone=body["phone"].strip(), birthdate=body["birthday"],
                         gender=body["gender"], note=body["note"])


def _legacy_input(body: dict) -> CustomerInput:
    for name in ("first_name", "last_name", "email", "phone", "birthday", "note"):
        try:
            check_text(body[name])
        except ValidationError as error:
            raise booknetic_error(str(error.messages[0]).replace(NAME, name)) from None
    return CustomerInput(first_name=body["first_name"].strip(), last_name=body["last_name"].strip(),
                         email=body["email"], phone=body["phone"].strip(),
                         birthdate=_birthday(body["birthday"]), gender=body["gender"], note=body["note"])


def _birthday(text: str) -> date | None:
    try:
        return customers.parse_birthdate(text)  # "2001-02-30" is MySQL's zero date, as the plugin stores it
    except ValueError:
        raise booknetic_error("The birthday is not a valid date (Y-m-d)") from None
