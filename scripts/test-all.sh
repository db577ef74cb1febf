#!/usr/bin/env bash
# Run the whole test suite twice: on SQLite, then on a real, throwaway PostgreSQL server.
#
#   scripts/test-all.sh [--only sqlite|postgresql] [pytest arguments...]
#
# PostgreSQL comes from Debian packages (installed with apt-get when missing: run as root, or have sudo).
# The server is a temporary cluster in a temp directory, listening on 127.0.0.1 on a free port, with
# durability switched off (fsync, synchronous_commit: it is thrown away), stopped and deleted at exit.
# The tests reach it through WPCOMPAT_TEST_DATABASE_URL (see tests/database_support.py).
# A MariaDB server (Debian's mariadb-server) is started the same way, once for both runs: it holds the
# WordPress databases the import tests read (WPCOMPAT_TEST_MYSQL_URL, see tests/wordpress_support.py), and
# php-cli (installed when missing) produces their hashes and serialized values as WordPress does.
# A redis-server (Debian's, installed when missing) holds the rate-limit counters of the redis test
# (WPCOMPAT_TEST_REDIS_URL).
# Each run is spread over pytest-xdist workers (TEST_WORKERS, default auto: one per core; 0 runs in one
# process); on PostgreSQL every worker makes its own databases (tests/database_support.py).
# Exits non-zero if either run fails; pytest's exit code 5 (no tests collected) counts as a failure.
# PYTHON picks the interpreter (default: .venv/bin/python, else python3).
set -euo pipefail
cd "$(dirname "$0")/.."

only=all
if [ "${1:-}" = "--only" ]; then
  only=${2:?"--only needs sqlite or postgresql"}
  shift 2
fi
case "$only" in all|sqlite|postgresql) ;; *) echo "test-all: --only sqlite|postgresql" >&2; exit 2 ;; esac
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install_postgresql() {
  if [ -z "$(pg_bin)" ]; then
    echo "test-all: installing PostgreSQL from Debian packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
}

pg_dir=""
pg_as=()
stop_postgresql() {
  if [ -n "$pg_dir" ]; then
    "${pg_as[@]}" "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}

install_mariadb_and_php() {  # and redis-server
  local missing=()
  command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
  command -v php >/dev/null 2>&1 || missing+=(php-cli)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "test-all: installing ${missing[*]} from Debian packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

mariadb_dir=""
stop_mariadb() {
  if [ -n "$mariadb_dir" ]; then
    [ -f "$mariadb_dir/server.pid" ] && kill "$(cat "$mariadb_dir/server.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -e "$mariadb_dir/server.pid" ] || break; sleep 0.1; done
    rm -rf "$mariadb_dir"
  fi
}

start_mariadb() {
  local port
  mariadb_dir=$(mktemp -d /tmp/wpcompat-mariadb.XXXXXX)
  port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mariadb-install-db --no-defaults --datadir="$mariadb_dir/data" --user="$(id -un)" \
    --auth-root-authentication-method=normal --skip-test-db >"$mariadb_dir/install.log" 2>&1
  # Thrown away at exit, so durability is off; loopback only.
  mariadbd --no-defaults --datadir="$mariadb_dir/data" --user="$(id -un)" --socket="$mariadb_dir/socket" \
    --pid-file="$mariadb_dir/server.pid" --bind-address=127.0.0.1 --port="$port" --skip-log-bin \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --max-connections=300 \
    >"$mariadb_dir/server.log" 2>&1 &
  for _ in $(seq 100); do
    mariadb --no-defaults --socket="$mariadb_dir/socket" -u root -e "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.1
  done
  mariadb --no-defaults --socket="$mariadb_dir/socket" -u root -e \
    "CREATE USER 'wpcompat'@'127.0.0.1' IDENTIFIED BY 'wpcompat'; GRANT ALL ON *.* TO 'wpcompat'@'127.0.0.1'"
  export WPCOMPAT_TEST_MYSQL_URL="mysql+pymysql://wpcompat:wpcompat@127.0.0.1:$port/"
  # WordPress's own phpass (wp-includes/class-phpass.php), from Debian's wordpress package, unpacked
  # without installing it (and its web-server dependencies): the tests hash pre-6.8 passwords with it.
  (cd "$mariadb_dir" && { apt-get download -qq wordpress 2>/dev/null || { as_root apt-get update -qq && apt-get download -qq wordpress; }; }) 2>&1 \
    | grep -v "unsandboxed" >&2 || true
  dpkg-deb --fsys-tarfile "$mariadb_dir"/wordpress_*.deb | tar -x -C "$mariadb_dir" ./usr/share/wordpress/wp-includes/class-phpass.php
  export WPCOMPAT_TEST_WORDPRESS_DIR="$mariadb_dir/usr/share/wordpress"
  echo "test-all: MariaDB $(mariadbd --version | awk '{print $3}') on 127.0.0.1:$port ($mariadb_dir)"
}

redis_dir=""
stop_redis() {
  if [ -n "$redis_dir" ]; then
    [ -f "$redis_dir/redis.pid" ] && kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true
    rm -rf "$redis_dir"
  fi
}

start_redis() {
  # The shared rate-limit counters' store across machines (WPCOMPAT_RATELIMIT_STORAGE_URI=redis://...):
  # loopback only, nothing saved to disk.
  local port
  redis_dir=$(mktemp -d /tmp/wpcompat-redis.XXXXXX)
  port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  redis-server --bind 127.0.0.1 --port "$port" --dir "$redis_dir" --save "" --appendonly no --daemonize yes \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/server.log" >/dev/null
  for _ in $(seq 100); do
    "$PYTHON" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1).close()" 2>/dev/null && break
    sleep 0.1
  done
  export WPCOMPAT_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
  echo "test-all: redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port ($redis_dir)"
}

trap 'stop_postgresql; stop_mariadb; stop_redis' EXIT

start_postgresql() {
  local bin port
  bin=$(pg_bin)
  pg_dir=$(mktemp -d /tmp/wpcompat-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user the package created.
    chown postgres "$pg_dir"
    pg_as=(runuser -u postgres --)
  fi
  port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${pg_as[@]}" "$bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  "${pg_as[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w start -o \
    "-h 127.0.0.1 -p $port -k $pg_dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null
  export WPCOMPAT_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  echo "test-all: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($pg_dir)"
}

run_suite() {  # name, then pytest arguments
  local name=$1 start status
  shift
  echo "test-all: === the suite on $name ==="
  start=$SECONDS
  set +e
  # Ours first: a -n among the caller's arguments wins.
  "$PYTHON" -m pytest -n "${TEST_WORKERS:-auto}" "$@"
  status=$?
  set -e
  [ "$status" -eq 5 ] && echo "test-all: pytest collected no tests on $name: failing" >&2 && status=1
  echo "test-all: the suite on $name: exit $status in $((SECONDS - start)) s"
  return "$status"
}

failed=0
install_mariadb_and_php
start_mariadb
start_redis
if [ "$only" != postgresql ]; then
  WPCOMPAT_TEST_DATABASE_URL="" run_suite sqlite "$@" || failed=1
fi
if [ "$only" != sqlite ]; then
  install_postgresql
  start_postgresql
  run_suite postgresql "$@" || failed=1
fi
echo "test-all: done ($( [ "$failed" -eq 0 ] && echo passed || echo FAILED ))"
exit "$failed"
