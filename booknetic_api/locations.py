"""Locations: Booknetic 5.1's select list and 5.2's REST-style get/create/update/delete.

``GET /locations`` is ``{"data": [{"id", "text"}]}`` (capture 16); ``GET /locations/{id}`` the 5.2 DTO;
create and update answer ``{"id": N}`` with 422 ``data.errors`` on bad fields; delete answers ``[]`` and
is refused while a staff member works there or an appointment uses it. Rules:
:mod:`wpcompat.booking.locations`.
"""
from __future__ import annotations

from wpcompat.booking import locations
from wpcompat.booking.locations import LocationInput
from wpcompat.rest import RestRequest

from .errors import booknetic_errors
from .namespace import ID, api, path_id
from .permissions import allow, viewer
from .schemas import load_params
from .schemas.locations import LocationCreateBody, LocationListQuery, LocationOut, LocationUpdateBody
from .schemas.options import SelectOption



def _input(body: dict) -> LocationInput:
    return LocationInput(name=body["name"], address=body["address"], phone=body["phone"], note=body["note"],
                         latitude=body["latitude"], longitude=body["longitude"])


def _addressed(request: RestRequest):
    return locations.visible_location(viewer(request), path_id(request))


@api.route("/locations", permission=allow("locations"))
def list_locations(request: RestRequest):
    search = load_params(LocationListQuery, request)["search"]
    return {"data": SelectOption(many=True).dump(locations.list_locations(viewer(request), search))}


@api.route("/locations", methods="POST", permission=allow("locations", "locations_add"))
@booknetic_errors(validation=True)
def create_location(request: RestRequest):
    location = locations.create_location(_input(load_params(LocationCreateBody, request)))
    return {"id": location.id}


@api.route(rf"/locations/{ID}", permission=allow("locations"))
@booknetic_errors()
def get_location(request: RestRequest):
    return {"data": LocationOut().dump(_addressed(request))}


@api.route(rf"/locations/{ID}", methods="PUT", permission=allow("locations", "locations_edit"))
@booknetic_errors(validation=True)
def update_location(request: RestRequest):
    location = _addressed(request)  # a missing id answers 400 whatever the body holds
    locations.update_location(location, _input(load_params(LocationUpdateBody, request)))
    return {"id": location.id}


@api.route(rf"/locations/{ID}", methods="DELETE", permission=allow("locations", "locations_delete"))
@booknetic_errors()
def delete_location(request: RestRequest):
    locations.delete_location(_addressed(request))
    return []
