"""GET /wp/v2/users/me: WordPress's user object for the authenticated user."""
from __future__ import annotations

import hashlib

from .rest_support import NOCACHE, assert_rest_headers, body


def _avatar(email: str, size: int) -> str:
    digest = hashlib.sha256(email.encode()).hexdigest()
    return f"http://{int(digest[0], 16) % 3}.gravatar.com/avatar/{digest}?s={size}&d=mm&r=g"


def test_me_in_view_context(client, world):
    response = client.get("/wp-json/wp/v2/users/me", headers=world.aurora_admin.auth)
    assert response.status_code == 200
    assert_rest_headers(response)
    assert response.headers["Allow"] == "GET"
    for name, value in NOCACHE.items():
        assert response.headers[name] == value
    user_id = world.aurora_admin.user.id
    assert body(response) == {
        "id": user_id,
        "name": "aurora-admin",
        "url": "",
        "description": "",
        "link": "http://wp.test/author/aurora-admin/",
        "slug": "aurora-admin",
        "avatar_urls": {str(size): _avatar("aurora-admin@example.test", size) for size in (24, 48, 96)},
        "meta": [],
        "_links": {"self": [{"href": f"http://wp.test/wp-json/wp/v2/users/{user_id}"}],
                   "collection": [{"href": "http://wp.test/wp-json/wp/v2/users"}]},
    }
    assert b'"link":"http:\\/\\/wp.test\\/author\\/aurora-admin\\/"' in response.get_data()
    assert b"?s=24&d=mm&r=g" in response.get_data()


def test_me_at_the_tenant_site_uses_its_urls(client, world):
    data = body(client.get("/aurora/wp-json/wp/v2/users/me", headers=world.aurora_staff.auth))
    assert data["link"] == "http://wp.test/aurora/author/anna/"
    assert data["_links"]["self"] == [{"href": f"http://wp.test/aurora/wp-json/wp/v2/users/{world.aurora_staff.user.id}"}]


def test_me_contexts_and_fields(client, world):
    auth = world.owner.auth
    embed = body(client.get("/wp-json/wp/v2/users/me?context=embed", headers=auth))
    assert list(embed) == ["id", "name", "url", "description", "link", "slug", "avatar_urls", "_links"]
    edit = body(client.get("/wp-json/wp/v2/users/me?context=edit", headers=auth))
    assert list(edit)[:6] == ["id", "username", "name", "first_name", "last_name", "email"]
    assert (edit["username"], edit["email"], edit["roles"]) == (
        "platform-owner", "platform-owner@example.test", ["administrator"])
    assert client.get("/wp-json/wp/v2/users/me?_fields=id,name", headers=auth).get_data() == \
        f'{{"id":{world.owner.user.id},"name":"platform-owner"}}'.encode()


def test_me_when_anonymous(client, world):
    response = client.get("/wp-json/wp/v2/users/me")
    assert response.status_code == 401
    assert response.get_data() == \
        b'{"code":"rest_not_logged_in","message":"You are not currently logged in.","data":{"status":401}}'
    assert response.headers["Allow"] == "GET"
