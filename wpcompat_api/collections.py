"""A resource's five routes as WordPress's controllers write them, declared once per resource.

``Collection(...).register()`` adds ``GET`` (paged list) and ``POST`` (create: 201 + ``Location``) on the
collection route, ``GET``, ``POST|PUT|PATCH`` and ``DELETE ?force=true`` on the item route, and the item
schema for OPTIONS. The resource supplies its schema, how a row is shown, and the domain functions; every
domain refusal is answered by :func:`.resources.domain_refusals` (another tenant's id is a missing one: the
guard never finds it).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wpcompat.rest import CREATABLE, DELETABLE, EDITABLE, READABLE, RestError, RestRequest, RestResponse, rest_url
from wpcompat.rest.response import response_to_data

from .namespace import ID, api
from .pagination import page_params, page_of, paginated
from .resources import FORCE_ARG, ItemSchema, context_arg, created, domain_refusals, item_response, trash_not_supported

Permission = Callable[[RestRequest], Any]


@dataclass
class Collection:
    """``route`` (e.g. ``/services``, or ``/services/(?P<service_id>[\\d]+)/extras`` for a nested one)."""

    route: str
    schema: ItemSchema
    label: str  # "service": rest_service_invalid_id, "Invalid service ID."
    plural: str  # "Services": the trash refusal
    values: Callable[[Any], dict[str, Any]]
    find: Callable[[RestRequest, int], Any]  # the row, or the domain's NotFound
    page: Callable[[RestRequest, int, int], tuple[list, int]]
    read: Permission
    write: Permission
    create: Callable[..., Any] | None = None  # (request, **given) -> row
    update: Callable[..., Any] | None = None  # (request, row, **given) -> row, or (row, {reported: ...})
    delete: Callable[[RestRequest, Any], None] | None = None
    links: Callable[[Any], dict[str, str]] = field(default=lambda row: {})
    conflict_code: str = "rest_conflict"
    #: Given args that are not the schema's plain writable properties (e.g. ``allow_stranded``).
    extra_args: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def item_route(self) -> str:
        return f"{self.route}/{ID}"

    def collection_path(self, request: RestRequest) -> str:
        """The collection's route with the request's URL params filled in (``wpcompat/v1/services/3/extras``)."""
        path = self.route
        for name, value in request.url_params.items():
            path = path.replace(f"(?P<{name}>[\\d]+)", str(value))
        return "wpcompat/v1" + path

    def item_url(self, request: RestRequest, row: Any) -> str:
        return rest_url(f"{self.collection_path(request)}/{row.id}")

    def not_found(self) -> RestError:
        return RestError(f"rest_{self.label.replace(' ', '_')}_invalid_id", f"Invalid {self.label} ID.", 404)

    def respond(self, request: RestRequest, row: Any) -> RestResponse:
        links = {"self": self.item_url(request, row), "collection": rest_url(self.collection_path(request)),
                 **self.links(row)}
        return item_response(self.values(row), self.schema, request, links)

    def given(self, request: RestRequest, creating: bool = False) -> dict[str, Any]:
        given = self.schema.given(request, creating)
        for name in self.extra_args:
            if request.get_param(name) is not None:
                given[name] = request.get_param(name)
        return given

    def row(self, request: RestRequest) -> Any:
        from wpcompat.php.casts import php_intval

        with domain_refusals(self.not_found):
            return self.find(request, php_intval(request.get_param("id")))

    # --- the handlers

    def get_items(self, request: RestRequest) -> RestResponse:
        with domain_refusals(self.not_found):
            rows, total = self.page(request, *page_of(request))
        return paginated([response_to_data(self.respond(request, row)) for row in rows], total, request,
                         self.collection_path(request))

    def create_item(self, request: RestRequest) -> RestResponse:
        with domain_refusals(self.not_found, self.conflict_code):
            row = self.create(request, **self.given(request, creating=True))
        request.set_param("context", "edit")
        return created(self.respond(request, row), self.item_url(request, row))

    def get_item(self, request: RestRequest) -> RestResponse:
        return self.respond(request, self.row(request))

    def update_item(self, request: RestRequest) -> RestResponse:
        row = self.row(request)
        with domain_refusals(self.not_found, self.conflict_code):
            result = self.update(request, row, **self.given(request))
        # An update may report more than the row (e.g. the appointments an allowed change stranded).
        row, reported = result if isinstance(result, tuple) else (result, {})
        request.set_param("context", "edit")
        response = self.respond(request, row)
        response.data.update(reported)
        return response

    def delete_item(self, request: RestRequest) -> dict:
        row = self.row(request)
        if not request.get_param("force"):
            raise trash_not_supported(self.plural)
        request.set_param("context", "edit")
        previous = response_to_data(self.respond(request, row))
        with domain_refusals(self.not_found, self.conflict_code):
            self.delete(request, row)
        return {"deleted": True, "previous": previous}

    def register(self) -> Collection:
        api.route(self.route, methods=READABLE, args={**context_arg(), **page_params()},
                  permission=self.read)(self.get_items)
        if self.create is not None:
            api.route(self.route, methods=CREATABLE, args={**self.schema.args(creating=True), **self.extra_args},
                      permission=self.write)(self.create_item)
        api.route(self.item_route, methods=READABLE, args=context_arg(), permission=self.read)(self.get_item)
        if self.update is not None:
            api.route(self.item_route, methods=EDITABLE, args={**self.schema.args(creating=False), **self.extra_args},
                      permission=self.write)(self.update_item)
        if self.delete is not None:
            api.route(self.item_route, methods=DELETABLE, args=FORCE_ARG, permission=self.write)(self.delete_item)
        for route in (self.route, self.item_route):
            api.schema(route, self.schema.public)
        return self
