#!/usr/bin/env bash
# Refresh the vendored Swagger UI (wpcompat/openapi/static/) from npm's swagger-ui-dist, pinned here:
# the docs page is served from the package itself, never from a CDN.
#   scripts/vendor-swagger-ui.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-5.17.14}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "swagger-ui-dist@$version" --silent >/dev/null && tar xzf swagger-ui-dist-*.tgz)
cp "$work"/package/{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE} wpcompat/openapi/static/
echo "$version" > wpcompat/openapi/static/VERSION
echo "vendored swagger-ui-dist $version"
