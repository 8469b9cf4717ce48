#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 + PostGIS 3 server:
#
#   tools/with-postgis.sh cargo test --locked --test postgis -- --include-ignored
#
# Creates a cluster under a new temporary directory (initdb with a random password for the
# superuser, listening on 127.0.0.1 on a free port, fsync off, TLS on), a database `zhongzhan`
# with `CREATE EXTENSION postgis`, exports
#
#   DATABASE_URL=postgresql://zhongzhan_admin:PASSWORD@127.0.0.1:PORT/zhongzhan
#   ZHONGZHAN_TEST_CA=DIR/ca.pem          the throwaway CA that signed the server's certificate
#   ZHONGZHAN_TEST_OTHER_CA=DIR/other-ca.pem   another CA, which signed nothing
#
# (plus PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE for psql and GDAL), runs the command, and
# always stops the cluster it started with its own `pg_ctl -m fast stop` (on exit, Ctrl+C or
# TERM) and removes the directory. Exits with the command's exit code.
#
# As root, initdb and pg_ctl run as the `postgres` user (initdb refuses root); as any other user
# they run as that user. Debian: `apt-get install postgresql-15 postgresql-15-postgis-3` (and
# `openssl`, which makes the certificates: the server's for 127.0.0.1 and localhost, ECDSA P-256,
# valid for two days).
# PG_BIN=/path/to/bin picks other server binaries (default: PostgreSQL 15's).
#
# Tests make their own databases and login roles through SQL as this superuser; a restart test
# stops and starts the server with $ZHONGZHAN_TEST_PG_SERVER stop|start.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    PG_BIN=$(pg_config --bindir)
  else
    echo "$0: no initdb in $PG_BIN: apt-get install postgresql-15 postgresql-15-postgis-3" >&2
    exit 2
  fi
fi

as_server_user=()
if [ "$(id -u)" = 0 ]; then
  as_server_user=(runuser -u postgres --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/zhongzhan-pg.XXXXXX")
chmod 700 "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
data="$dir/data"
started=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$started" ]; then
    "${as_server_user[@]}" "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 ||
      echo "$0: could not stop the server in $data; see $dir/server.log" >&2
  fi
  if [ -z "${KEEP_PG_DIR:-}" ]; then rm -rf "$dir"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

user=zhongzhan_admin
password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" >"$dir/pwfile"
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir/pwfile"; fi
"${as_server_user[@]}" "$PG_BIN/initdb" -D "$data" -U "$user" --pwfile="$dir/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
rm -f "$dir/pwfile"

# TLS: a throwaway CA, another CA that signed nothing (for the wrong-CA test), and the server's
# certificate for 127.0.0.1 and localhost signed by the first. The server refuses a key that
# others may read, so the key is the server user's, mode 600.
if ! command -v openssl >/dev/null 2>&1; then
  echo "$0: openssl is needed for the server's TLS certificate: apt-get install openssl" >&2
  exit 2
fi
make_ca() {
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=$2" -keyout "$dir/$1.key" -out "$dir/$1.pem" >>"$dir/openssl.log" 2>&1
}
{
  make_ca ca "with-postgis throwaway CA" &&
    make_ca other-ca "with-postgis unrelated CA" &&
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
      -keyout "$dir/server.key" -out "$dir/server.csr" >>"$dir/openssl.log" 2>&1 &&
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$dir/server.ext" &&
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -days 2 \
      -set_serial "0x$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')" -extfile "$dir/server.ext" \
      -out "$dir/server.crt" >>"$dir/openssl.log" 2>&1
} || { cat "$dir/openssl.log" >&2; exit 1; }
rm -f "$dir/ca.key" "$dir/other-ca.key" "$dir/server.csr" "$dir/server.ext"
chmod 600 "$dir/server.key"
chmod 644 "$dir/ca.pem" "$dir/other-ca.pem" "$dir/server.crt"
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir/server.key" "$dir/server.crt"; fi

# A free port: the kernel's choice for a socket we bind and release; pg_ctl fails if someone
# takes it in between, so try a few times.
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
  else
    echo $((20000 + RANDOM % 30000))
  fi
}

for attempt in 1 2 3 4 5; do
  port=$(free_port)
  opts="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
  if "${as_server_user[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "$opts" start >/dev/null; then
    started=1
    break
  fi
  if [ "$attempt" = 5 ]; then
    echo "$0: the server did not start; its log:" >&2
    cat "$dir/server.log" >&2
    exit 1
  fi
done

psql_admin() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U "$user" "$@"
}
# CREATE DATABASE cannot run inside psql's implicit transaction of a multi-statement -c.
psql_admin -d postgres -c "CREATE DATABASE zhongzhan"
psql_admin -d zhongzhan -c "CREATE EXTENSION postgis"

# For tests of a server restart (tests/postgis_restart.rs): `$ZHONGZHAN_TEST_PG_SERVER stop`
# and `… start` stop and start this server, on the same port with the same settings.
cat >"$dir/server.sh" <<SERVER
#!/usr/bin/env bash
case "\${1:-}" in
  stop) exec ${as_server_user[*]} "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop ;;
  start) exec ${as_server_user[*]} "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 -o "$opts" start ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
SERVER
chmod 755 "$dir/server.sh"
export ZHONGZHAN_TEST_PG_SERVER="$dir/server.sh"

export PGHOST=127.0.0.1 PGPORT="$port" PGUSER="$user" PGPASSWORD="$password" PGDATABASE=zhongzhan
export DATABASE_URL="postgresql://$user:$password@127.0.0.1:$port/zhongzhan"
export ZHONGZHAN_TEST_CA="$dir/ca.pem" ZHONGZHAN_TEST_OTHER_CA="$dir/other-ca.pem"
echo "with-postgis: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') with PostGIS on 127.0.0.1:$port, TLS on, database zhongzhan, user $user (DATABASE_URL and ZHONGZHAN_TEST_CA exported)" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
