# A throwaway PostgreSQL cluster for scripts/test's postgres stage and scripts/bench: Debian's
# postgresql binaries (scripts/bootstrap installs them), run as an unprivileged user (the
# `postgres` account when run as root: PostgreSQL refuses root), in a temporary folder, on a
# free port, listening on 127.0.0.1 only (and a Unix socket in that folder), never the system
# service. Its password is made up here at each start and lives only in the URL handed over;
# its Unix socket (trusted) is in a folder only that user can enter.
#
#   source scripts/lib-postgres.sh
#   pg_start || exit 1              # sets PG_CLUSTER (postgres://att:…@127.0.0.1:PORT, no database)
#   …                               # databases: "$PG_CLUSTER/NAME", created with pg_createdb NAME
#   pg_stop                         # stops it and removes its folder (call it from a trap)
#
# pg_start also writes PG_CTL ($PG_DIR/ctl), a script a test runs to take the cluster down and
# bring it back on the same port while servers use it: `$PG_CTL stop` (fast: open connections
# are cut), `$PG_CTL start`. With PG_SSL=on it also serves TLS (plain connections stay allowed)
# with a certificate for 127.0.0.1 made there and then, signed by a self-signed CA made with it,
# whose certificate is PG_CA.

PG_DIR=""
PG_CLUSTER=""
PG_CTL=""
PG_CA=""
PG_RUN=()

# pg_bin: the newest installed server's bin folder, or nothing.
pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# pg_start: initdb in a new temporary folder (its own, not under another: the server's user
# must reach it; removed by pg_stop) and start the server.
pg_start() {
  local bin port password
  bin="$(pg_bin)"
  [ -n "$bin" ] || { echo "no PostgreSQL server installed (run scripts/bootstrap --test)" >&2; return 1; }
  # In /tmp itself: a TMPDIR may be a folder only the caller can enter (scripts/test's is).
  PG_DIR="$(mktemp -d /tmp/att-pg.XXXXXX)" || return 1
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_DIR"
    PG_RUN=(runuser -u postgres --)
  else
    PG_RUN=()
  fi
  password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  printf '%s\n' "$password" >"$PG_DIR/pwfile"
  chmod 600 "$PG_DIR/pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR/pwfile"
  "${PG_RUN[@]}" "$bin/initdb" -D "$PG_DIR/data" -U att --pwfile="$PG_DIR/pwfile" \
    --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || {
    cat "$PG_DIR/initdb.log" >&2
    return 1
  }
  rm -f "$PG_DIR/pwfile"
  # fsync off unless PG_FSYNC=on: the tests' cluster is thrown away, and nothing tests its
  # durability across a crash of the machine (the kill -9 tests kill a backend, not the
  # database server). The benchmark keeps it on, as SQLite's synchronous=FULL does.
  local opts="-c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=${PG_FSYNC:-off} -c max_connections=200"
  if [ "${PG_SSL:-off}" = on ]; then
    # A CA made now, and the server's certificate for 127.0.0.1 signed by it; the server's key
    # readable by the server's user only, as PostgreSQL demands.
    (
      cd "$PG_DIR" &&
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=att throwaway CA" \
          -keyout ca.key -out ca.crt &&
        openssl req -newkey rsa:2048 -nodes -subj "/CN=att throwaway cluster" \
          -keyout server.key -out server.csr &&
        printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >server.ext &&
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
          -extfile server.ext -out server.crt
    ) >"$PG_DIR/openssl.log" 2>&1 || { cat "$PG_DIR/openssl.log" >&2; return 1; }
    rm -f "$PG_DIR/ca.key"
    chmod 600 "$PG_DIR/server.key"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR/server.key" "$PG_DIR/server.crt"
    opts="$opts -c ssl=on -c ssl_cert_file=$PG_DIR/server.crt -c ssl_key_file=$PG_DIR/server.key"
    PG_CA="$PG_DIR/ca.crt"
  fi
  # A port found free can be taken before the server binds it (an outgoing connection's
  # ephemeral port): then another port, a few times.
  local attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)" || { echo "no free port for PostgreSQL" >&2; return 1; }
    PG_CTL="$PG_DIR/ctl"
    cat >"$PG_CTL" <<CTL
#!/usr/bin/env bash
# The throwaway cluster in $PG_DIR, taken down and brought back on port $port.
case "\$1" in
  stop) exec ${PG_RUN[*]} "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop ;;
  start) exec ${PG_RUN[*]} "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 -o "$opts -p $port" start ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CTL
    chmod 700 "$PG_CTL"
    "$PG_CTL" start >/dev/null 2>&1 && break
    if [ "$attempt" -lt 5 ] && grep -q "Address already in use" "$PG_DIR/server.log" 2>/dev/null; then
      rm -f "$PG_DIR/server.log"
      continue
    fi
    tail -n 20 "$PG_DIR/server.log" >&2
    return 1
  done
  PG_CLUSTER="postgres://att:$password@127.0.0.1:$port"
}

# pg_createdb NAME: a new empty database on the cluster.
pg_createdb() {
  "${PG_RUN[@]}" "$(pg_bin)/createdb" -h "$PG_DIR" -p "${PG_CLUSTER##*:}" -U att "$1"
}

# pg_stop: stops the cluster (fast: open connections are cut) and removes its folder.
pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    "${PG_RUN[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1
  fi
  rm -rf "$PG_DIR"
  PG_DIR=""
  PG_CLUSTER=""
  PG_CTL=""
  PG_CA=""
}
