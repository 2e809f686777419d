#!/usr/bin/env bash
# Local stack for Nurture: PostgreSQL, ClickHouse, an SMTP sink and (for `run`) the server.
#
#   deploy/local.sh run            start the dev profile (installs what is missing) and print how to use it
#   deploy/local.sh stop [test]    stop what this script started for a profile (default dev)
#   deploy/local.sh status [test]  one line per component
#   deploy/local.sh test           fresh test profile, then dotnet test, the tracker-js tests and the console's browser tests
#   deploy/local.sh test-env       start the test profile and print its environment, to run one test by hand
#
# Everything lives under .data/<profile>/ (git-ignored). Ports bind 127.0.0.1 only and can be
# overridden per profile: NURTURE_PG_PORT, NURTURE_CH_HTTP_PORT, NURTURE_CH_TCP_PORT,
# NURTURE_CH_INTERSERVER_PORT, NURTURE_SMTP_PORT, NURTURE_HTTP_PORT, NURTURE_SILO_PORT,
# NURTURE_GATEWAY_PORT for dev; the same names with NURTURE_TEST_ instead of NURTURE_ for test
# (so overriding dev never moves the test profile onto a running dev instance). The test profile
# also runs ZooKeeper and a second ClickHouse, a replica of the first: NURTURE_TEST_ZK_PORT,
# NURTURE_TEST_CH2_HTTP_PORT, NURTURE_TEST_CH2_TCP_PORT, NURTURE_TEST_CH2_INTERSERVER_PORT.
# Developer convenience: NURTURE_SKIP_DOTNET=1 makes `test` skip `dotnet test`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
SCRIPT="$ROOT/deploy/local.sh"
cd "$ROOT"

log() { printf '[local.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[local.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- profile and ports
PORT_NAMES=(PG_PORT CH_HTTP_PORT CH_TCP_PORT CH_INTERSERVER_PORT SMTP_PORT HTTP_PORT SILO_PORT GATEWAY_PORT
            ZK_PORT CH2_HTTP_PORT CH2_TCP_PORT CH2_INTERSERVER_PORT)   # the last four: test profile only
declare -A PORT_VAR=()   # PG_PORT -> the environment variable that overrides it (for messages)

set_profile() {
  PROFILE=$1
  local prefix defaults i var
  case $PROFILE in
    dev)  prefix=NURTURE_;      defaults=(55432 58123 59000 59009 2525 5080 11111 30000 52181 58124 59001 59010) ;;
    # Below Linux's ephemeral range (32768-60999): after a load run a leftover outgoing socket can
    # hold such a port for a minute, and ClickHouse then fails to listen on it.
    test) prefix=NURTURE_TEST_; defaults=(25442 28133 29010 29019 2535 5090 11121 30010 22191 28134 29011 29020) ;;
    *) die "unknown profile '$PROFILE' (dev or test)" ;;
  esac
  for i in "${!PORT_NAMES[@]}"; do
    var=$prefix${PORT_NAMES[$i]}
    PORT_VAR[${PORT_NAMES[$i]}]=$var
    printf -v "${PORT_NAMES[$i]}" '%s' "${!var:-${defaults[$i]}}"
    [[ ${!PORT_NAMES[$i]} =~ ^[0-9]+$ ]] || die "$var must be a port number"
  done
  DATA="$ROOT/.data/$PROFILE"
  PGDIR="$DATA/pg"; CHDIR="$DATA/clickhouse"; MAILDIR="$DATA/mail"
  REPLICADIR="$DATA/clickhouse-replica"; ZKDIR="$DATA/zookeeper"
}

port_taken() {   # anything listening on this TCP port, on any address?
  if command -v ss >/dev/null; then
    [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# The process listening on a port, when ss can tell (it names other users' processes only to root).
port_holder() {
  command -v ss >/dev/null || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2
}

# A process of this profile: its command line names the profile's data folder (the server's spool,
# ClickHouse's config, PostgreSQL's data directory, ZooKeeper's config, the SMTP sink's mailbox).
ours() {
  [[ -n $1 && -r /proc/$1/cmdline ]] && tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$DATA/"
}

require_free() {  # names from PORT_NAMES
  local name port pid i
  for name in "$@"; do
    port=${!name}
    port_taken "$port" || continue
    pid=$(port_holder "$port")
    # This profile's own process that is still going away (a server just killed, ClickHouse shutting
    # down) holds its port for a moment: wait for it rather than refuse, so recovery is one command.
    # A holder ss cannot name is waited for too; anything else is another program's port.
    if [[ -z $pid ]] || ours "$pid"; then
      log "port $port is still held${pid:+ by process $pid of this profile}; waiting up to ${PORT_WAIT_SECONDS}s for it"
      for ((i = 0; i < PORT_WAIT_SECONDS * 10; i++)); do port_taken "$port" || continue 2; sleep 0.1; done
    fi
    die "port $port is taken by another process${pid:+ (pid $pid)} (set ${PORT_VAR[$name]})"
  done
}
PORT_WAIT_SECONDS=${NURTURE_PORT_WAIT_SECONDS:-30}

# The process in the pid file is alive and its command line contains the marker (a path unique
# to this profile), so a recycled pid or the other profile's process is never taken for ours.
pid_alive() {
  local pid
  [[ -s $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$2"
}

# Wait until ready_fn succeeds; give up early if the process we just launched has exited.
# (Liveness here is by pid only: right after `&` the child may not have exec'd yet.)
wait_started() {  # pidfile seconds name logfile ready_fn
  local pid end=$((SECONDS + $2)); pid=$(<"$1")
  while ((SECONDS < end)); do
    "$5" && return 0
    if ! kill -0 "$pid" 2>/dev/null || grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then
      tail -n 30 "$4" >&2 || true
      die "$3 exited during start-up; see $4"
    fi
    sleep 0.2
  done
  tail -n 30 "$4" >&2 || true
  return 1
}

stop_pidfile() {  # pidfile marker name timeout-seconds
  local pid i
  if pid_alive "$1" "$2"; then
    pid=$(<"$1")
    log "stopping $3 (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < $4 * 10; i++)); do pid_alive "$1" "$2" || break; sleep 0.1; done
    if pid_alive "$1" "$2"; then log "$3 ignored SIGTERM, killing"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$1"
}

rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# ---------------------------------------------------------------- installation
install_missing() {  # profile
  local pkgs=() sudo=() apt_log="$ROOT/.data/apt.log"
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || pkgs+=(postgresql)
  command -v clickhouse-server >/dev/null || pkgs+=(clickhouse-server clickhouse-client)
  [[ -x /usr/bin/aiosmtpd ]] || pkgs+=(python3-aiosmtpd)
  command -v npm >/dev/null || pkgs+=(npm)
  command -v curl >/dev/null || pkgs+=(curl)
  if [[ $1 == test && ! -x /usr/bin/chromium ]]; then pkgs+=(chromium); fi
  # The load balancer in front of two server nodes in the cluster test (deploy/cluster uses it too).
  if [[ $1 == test && ! -x /usr/sbin/haproxy ]]; then pkgs+=(haproxy); fi
  # Coordination for the replicated ClickHouse cluster test (Replicated tables, ON CLUSTER DDL).
  if [[ $1 == test && ! -f /usr/share/java/zookeeper.jar ]]; then pkgs+=(zookeeper); fi
  # systemd-analyze checks the shipped unit (deploy/cluster/nurture-server@.service) in the deploy-files test.
  if [[ $1 == test ]] && ! command -v systemd-analyze >/dev/null; then pkgs+=(systemd); fi
  command -v dotnet >/dev/null || die "dotnet (.NET SDK 10) is not on PATH; it is not installable from Debian"
  ((${#pkgs[@]})) || return 0
  if ((EUID != 0)); then command -v sudo >/dev/null || die "need root (or sudo) to install: ${pkgs[*]}"; sudo=(sudo); fi
  mkdir -p "$ROOT/.data"
  log "installing ${pkgs[*]} (apt log: $apt_log)"
  "${sudo[@]}" apt-get update >>"$apt_log" 2>&1 || die "apt-get update failed; see $apt_log"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}" \
    >>"$apt_log" 2>&1 || die "apt-get install ${pkgs[*]} failed; see $apt_log"
}

ensure_secrets() {
  local f="$DATA/secrets.env"
  mkdir -p "$DATA"
  if [[ ! -f $f ]]; then
    # A database initialised with a password we no longer know is useless: say so instead of guessing.
    [[ ! -f $PGDIR/data/PG_VERSION ]] || die "$f is missing but $PGDIR holds a database; remove $PGDIR to start over"
    (umask 077; printf 'PG_PASSWORD=%s\nDEV_API_KEY=dev_%s\n' "$(rand_hex 16)" "$(rand_hex 16)" >"$f")
  fi
  # Added later than the file may be: the console sign-in of the dev admin user (see ensure_admin_user).
  grep -q '^DEV_ADMIN_PASSWORD=' "$f" || printf 'DEV_ADMIN_PASSWORD=%s\n' "$(rand_hex 12)" >>"$f"
  # shellcheck source=/dev/null
  source "$f"
}

# ---------------------------------------------------------------- PostgreSQL
# Note: `return 0`, never a bare `return`, everywhere: stop_all runs in an EXIT trap, where a bare
# return reports the status of the command before the trap (exit 1) and skips stopping postgres.
pg_bin() {  # the binaries of the version that made the data folder, else the newest installed
  local v
  if [[ -f $PGDIR/data/PG_VERSION ]]; then
    v=$(<"$PGDIR/data/PG_VERSION")
    if [[ -x /usr/lib/postgresql/$v/bin/pg_ctl ]]; then echo "/usr/lib/postgresql/$v/bin"; return 0; fi
  fi
  v=$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n1) || true
  [[ -n $v ]] && dirname "$v"
}

as_pg() {  # initdb and postgres refuse to run as root
  if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_running() {
  local bin
  bin=$(pg_bin) || return 1
  [[ -n $bin && -f $PGDIR/data/PG_VERSION ]] && as_pg "$bin/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1
}

start_pg() {
  local bin; bin=$(pg_bin) || die "PostgreSQL binaries not found under /usr/lib/postgresql"
  if pg_running; then
    log "postgres already running on $PG_PORT"
  else
    if [[ ! -f $PGDIR/data/PG_VERSION ]]; then
      log "initdb in $PGDIR/data"
      mkdir -p "$PGDIR/data" "$PGDIR/sock"
      chmod 755 "$ROOT/.data" "$DATA"   # the postgres user must be able to reach its folder
      printf '%s\n' "$PG_PASSWORD" >"$PGDIR/pw"   # a real file: the postgres user cannot read our pipes
      if ((EUID == 0)); then chown -R postgres:postgres "$PGDIR"; fi
      chmod 600 "$PGDIR/pw"
      as_pg test -w "$PGDIR/data" || die "user postgres cannot write $PGDIR (is a parent folder of $ROOT private?)"
      as_pg "$bin/initdb" -D "$PGDIR/data" -A scram-sha-256 --pwfile="$PGDIR/pw" -U postgres -E UTF8 \
        --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 || die "initdb failed; see $DATA/initdb.log"
      rm -f "$PGDIR/pw"
    fi
    log "starting postgres on 127.0.0.1:$PG_PORT"
    as_pg "$bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 60 \
      -o "-p $PG_PORT -k '$PGDIR/sock' -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null 9>&- ||
      die "postgres did not start; see $PGDIR/log"
  fi
  local psql=("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
  if [[ -z $(PGPASSWORD=$PG_PASSWORD "${psql[@]}" -c "select 1 from pg_database where datname = 'nurture'") ]]; then
    PGPASSWORD=$PG_PASSWORD "${psql[@]}" -c 'create database nurture' || die "could not create database nurture"
  fi
}

stop_pg() {
  if pg_running; then
    log "stopping postgres"
    as_pg "$(pg_bin)/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null || log "pg_ctl stop failed"
  fi
}

# ---------------------------------------------------------------- ClickHouse
# One server per profile; the test profile adds a second one, coordinated by ZooKeeper (ClickHouse
# 18.16 has no Keeper of its own): a replica of the first for the replicated-cluster test, and the
# second shard of a two-shard cluster for the sharded-cluster test.
REPLICATED_CLUSTER=nurture_replicated
SHARDED_CLUSTER=nurture_sharded
ch_running() { pid_alive "$CHDIR/pid" "$CHDIR/config.xml"; }
ch_ready() { ch_answers "$CH_HTTP_PORT"; }
replica_running() { pid_alive "$REPLICADIR/pid" "$REPLICADIR/config.xml"; }
replica_ready() { ch_answers "$CH2_HTTP_PORT"; }
ch_answers() { curl -sf --max-time 2 "http://127.0.0.1:$1/?query=SELECT%201" >/dev/null 2>&1; }

start_ch() {
  if ch_running; then log "clickhouse already running on $CH_HTTP_PORT"; return 0; fi
  start_ch_server clickhouse "$CHDIR" CH_HTTP_PORT CH_TCP_PORT CH_INTERSERVER_PORT r1 ch_ready
  curl -sSf --max-time 10 "http://127.0.0.1:$CH_HTTP_PORT/" --data-binary 'CREATE DATABASE IF NOT EXISTS nurture' >/dev/null ||
    die "could not create ClickHouse database nurture"
}

start_replica() {
  if replica_running; then log "clickhouse replica already running on $CH2_HTTP_PORT"; return 0; fi
  start_ch_server "clickhouse replica" "$REPLICADIR" CH2_HTTP_PORT CH2_TCP_PORT CH2_INTERSERVER_PORT r2 replica_ready
}

start_ch_server() {  # name dir http-port-name tcp-port-name interserver-port-name replica-macro ready-fn
  local name=$1 dir=$2 http=${!3} tcp=${!4} inter=${!5} keeper="" macros="" replicas=""
  require_free "$3" "$4" "$5"
  mkdir -p "$dir/log" "$dir/data"
  if [[ $PROFILE == test ]]; then
    # One shard, two replicas (this profile's two servers); ZooKeeper for Replicated tables and ON CLUSTER.
    keeper="<zookeeper><node><host>127.0.0.1</host><port>$ZK_PORT</port></node></zookeeper>"
    macros="<macros><shard>01</shard><replica>$6</replica></macros><interserver_http_host>127.0.0.1</interserver_http_host>"
    replicas="<$REPLICATED_CLUSTER><shard><internal_replication>true</internal_replication>"
    replicas+="<replica><host>127.0.0.1</host><port>$CH_TCP_PORT</port></replica>"
    replicas+="<replica><host>127.0.0.1</host><port>$CH2_TCP_PORT</port></replica></shard></$REPLICATED_CLUSTER>"
    # The same two servers as two shards of one replica each, for the sharded-cluster test.
    replicas+="<$SHARDED_CLUSTER><shard><replica><host>127.0.0.1</host><port>$CH_TCP_PORT</port></replica></shard>"
    replicas+="<shard><replica><host>127.0.0.1</host><port>$CH2_TCP_PORT</port></replica></shard></$SHARDED_CLUSTER>"
  fi
  # Rewritten at every start so port overrides take effect. Besides the three ports we use, any
  # other listener a newer config may enable (https, secure tcp, mysql, postgresql, grpc) is
  # dropped so that two profiles never fight over it. Debian's config has every listen_host
  # commented out, which means "localhost on IPv4 and IPv6": pin 127.0.0.1 explicitly.
  # Its sample clusters (test_shard_localhost, ...) name localhost:9000: point them at our own TCP
  # port, so they are this server itself and Distributed tables over them work (the cluster schema test).
  sed -e "s#/var/log/clickhouse-server#$dir/log#g" -e "s#/var/lib/clickhouse/#$dir/data/#g" \
      -e "s#<http_port>[0-9]*#<http_port>$http#" -e "s#<tcp_port>[0-9]*#<tcp_port>$tcp#" \
      -e "s#<interserver_http_port>[0-9]*#<interserver_http_port>$inter#" \
      -e "s#<port>9000</port>#<port>$tcp</port>#" \
      -e '/^[[:space:]]*<\(https_port\|tcp_port_secure\|mysql_port\|postgresql_port\|grpc_port\|interserver_https_port\)>/d' \
      -e '/^[[:space:]]*<listen_host>/d' -e "/^[[:space:]]*<http_port>/a\\    <listen_host>127.0.0.1</listen_host>" \
      -e "s#<zookeeper incl=\"zookeeper-servers\" optional=\"true\" />#$keeper#" \
      -e "s#<macros incl=\"macros\" optional=\"true\" />#$macros#" -e "s#</remote_servers>#$replicas</remote_servers>#" \
      /etc/clickhouse-server/config.xml >"$dir/config.xml"
  cp /etc/clickhouse-server/users.xml "$dir/users.xml"
  log "starting $name on 127.0.0.1:$http (tcp $tcp)"
  # setsid: own session, so a Ctrl-C in the terminal does not reach it; fd 9 is the test lock.
  setsid nohup clickhouse-server --config-file="$dir/config.xml" >"$dir/stdout.log" 2>&1 9>&- </dev/null &
  echo $! >"$dir/pid"
  wait_started "$dir/pid" 60 "$name" "$dir/stdout.log" "$7" || die "$name not ready after 60 s"
}

stop_ch() { stop_pidfile "$CHDIR/pid" "$CHDIR/config.xml" clickhouse 60; }
stop_replica() { stop_pidfile "$REPLICADIR/pid" "$REPLICADIR/config.xml" "clickhouse replica" 60; }

# ---------------------------------------------------------------- ZooKeeper (test profile)
zk_running() { pid_alive "$ZKDIR/pid" "$ZKDIR/zoo.cfg"; }
# Serving, not merely up: "ruok" answers imok before a session handshake works, and a ClickHouse
# starting then exits on the failed handshake. "srvr" names the mode only once it serves.
zk_ready() { [[ $( (exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT" && printf srvr >&3 && timeout 2 cat <&3) 2>/dev/null) == *"Mode: "* ]]; }

start_zk() {
  if zk_running; then log "zookeeper already running on $ZK_PORT"; return 0; fi
  require_free ZK_PORT
  mkdir -p "$ZKDIR/data"
  # Standalone, loopback only, no admin web server (it would take port 8080).
  printf '%s\n' "tickTime=2000" "dataDir=$ZKDIR/data" "clientPort=$ZK_PORT" "clientPortAddress=127.0.0.1" \
    "admin.enableServer=false" "4lw.commands.whitelist=ruok,srvr" >"$ZKDIR/zoo.cfg"
  log "starting zookeeper on 127.0.0.1:$ZK_PORT"
  setsid nohup java -Xmx256m -cp "$ZKDIR:/usr/share/java/zookeeper.jar" \
    org.apache.zookeeper.server.ZooKeeperServerMain "$ZKDIR/zoo.cfg" >"$ZKDIR/stdout.log" 2>&1 9>&- </dev/null &
  echo $! >"$ZKDIR/pid"
  wait_started "$ZKDIR/pid" 60 zookeeper "$ZKDIR/stdout.log" zk_ready || die "zookeeper not ready after 60 s"
}

stop_zk() { stop_pidfile "$ZKDIR/pid" "$ZKDIR/zoo.cfg" zookeeper 20; }

# ---------------------------------------------------------------- SMTP sink
smtp_running() { pid_alive "$DATA/smtp.pid" "$MAILDIR"; }
smtp_ready() { (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null; }

start_smtp() {
  if smtp_running; then log "smtp sink already running on $SMTP_PORT"; return 0; fi
  mkdir -p "$MAILDIR"/{tmp,new,cur}   # Mailbox only creates these when the folder itself is new
  log "starting smtp sink on 127.0.0.1:$SMTP_PORT (Maildir $MAILDIR)"
  # /usr/bin/aiosmtpd, not the python3 on PATH (a pyenv build without Debian's packages);
  # -n keeps root from dropping to nobody, who could not write the Maildir.
  setsid nohup /usr/bin/aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR" \
    >"$DATA/smtp.log" 2>&1 9>&- </dev/null &
  echo $! >"$DATA/smtp.pid"
  wait_started "$DATA/smtp.pid" 30 "smtp sink" "$DATA/smtp.log" smtp_ready || die "smtp sink not listening after 30 s"
}

stop_smtp() { stop_pidfile "$DATA/smtp.pid" "$MAILDIR" "smtp sink" 10; }

# ---------------------------------------------------------------- server (dev only)
SERVER_DLL="$ROOT/src/Nurture.Server/bin/Release/net10.0/Nurture.Server.dll"
server_running() { pid_alive "$DATA/server.pid" Nurture.Server.dll; }
server_ready() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$HTTP_PORT/readyz") == 200 ]]; }

# The server embeds tracker-js/dist/nurture.js (served at /nurture.js): build it first.
build_tracker() {
  [[ -f $ROOT/tracker-js/package.json ]] || return 0
  log "building tracker-js (npm)"
  (cd "$ROOT/tracker-js" && npm install --no-audit --no-fund && npm run build) 9>&-
}

start_server() {
  if ! server_running; then
    build_tracker || die "tracker-js build failed"
    log "building src/Nurture.Server (Release)"
    dotnet build "$ROOT/src/Nurture.Server" -c Release --nologo -v minimal || die "build failed"
    [[ -f $SERVER_DLL ]] || die "build produced no $SERVER_DLL"
    mkdir -p "$DATA/spool"
    printf '\n===== %s starting Nurture.Server =====\n' "$(date -Is)" >>"$DATA/server.log"
    log "starting server on http://127.0.0.1:$HTTP_PORT (log: $DATA/server.log)"
    # Working directory = project folder, as with `dotnet run`, so appsettings.json/wwwroot resolve.
    # The spool folder goes on the command line: it names the profile, which is how require_free knows its own server.
    # Webhooks and Slack calls to internal addresses are refused, this machine's included. To try the
    # hand-off with a receiver on 127.0.0.1, run with Nurture__Outbound__AllowedNetworks__0=127.0.0.1/32
    # in the environment (env passes it on); see "Outbound URLs" in README.md.
    (cd "$ROOT/src/Nurture.Server" && exec env \
      ASPNETCORE_URLS="http://127.0.0.1:$HTTP_PORT" \
      ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=nurture" \
      Nurture__ClickHouse__Url="http://127.0.0.1:$CH_HTTP_PORT" Nurture__ClickHouse__Database=nurture \
      Nurture__ApiKeys__0="$DEV_API_KEY" \
      Nurture__Cluster__SiloPort="$SILO_PORT" Nurture__Cluster__GatewayPort="$GATEWAY_PORT" \
      Nurture__Smtp__Host=127.0.0.1 Nurture__Smtp__Port="$SMTP_PORT" \
      setsid nohup dotnet "$SERVER_DLL" --Nurture:Spool:Directory="$DATA/spool" >>"$DATA/server.log" 2>&1 </dev/null) &
    echo $! >"$DATA/server.pid"
  fi
  wait_started "$DATA/server.pid" 120 server "$DATA/server.log" server_ready && return 0
  stop_server
  die "server not ready after 120 s (GET /readyz)"
}

stop_server() { stop_pidfile "$DATA/server.pid" Nurture.Server.dll server 30; }

ensure_site() {
  [[ -s $DATA/site-key ]] && return 0
  local out code body
  out=$(curl -sS --max-time 30 -w '\n%{http_code}' -X POST "http://127.0.0.1:$HTTP_PORT/api/sites" \
    -H "Authorization: Bearer $DEV_API_KEY" -H 'Content-Type: application/json' \
    --data "{\"name\":\"Local demo\",\"allowedOrigins\":[\"http://127.0.0.1:$HTTP_PORT\"]}") || die "POST /api/sites failed"
  code=${out##*$'\n'}; body=${out%$'\n'*}
  [[ $code == 201 || $code == 200 ]] || die "POST /api/sites answered $code: $body"
  printf '%s' "$body" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["siteKey"])' \
    >"$DATA/site-key.tmp" || die "no siteKey in the answer of POST /api/sites: $body"
  mv "$DATA/site-key.tmp" "$DATA/site-key"
}

# A console user admin@localhost with the password in secrets.env (409: it exists already). Not
# fatal: a server started by an older checkout has no /api/users until it is restarted.
ADMIN_USER=""
ensure_admin_user() {
  local out code
  out=$(curl -sS --max-time 30 -w '\n%{http_code}' -X POST "http://127.0.0.1:$HTTP_PORT/api/users" \
    -H "Authorization: Bearer $DEV_API_KEY" -H 'Content-Type: application/json' \
    --data "{\"email\":\"admin@localhost\",\"displayName\":\"Dev admin\",\"role\":\"admin\",\"password\":\"$DEV_ADMIN_PASSWORD\"}") || out=$'\n000'
  code=${out##*$'\n'}
  if [[ $code == 201 || $code == 409 ]]; then
    ADMIN_USER="admin@localhost / $DEV_ADMIN_PASSWORD"
  else
    log "could not create the console user admin@localhost (POST /api/users answered $code); restart the server: $SCRIPT stop && $SCRIPT run"
    ADMIN_USER="(no user: admin@localhost was not created, see above)"
  fi
}

print_info() {
  local url="http://127.0.0.1:$HTTP_PORT" site; site=$(<"$DATA/site-key")
  cat <<EOF

Nurture is running (profile dev)
  Server      $url
  Demo site   $url/demo/  (embeds the tracking snippet; events and a lead appear within seconds)
  API key     $DEV_API_KEY  (a bootstrap key: acts as admin)
  Console     $url/console/  sign in as $ADMIN_USER
  Site key    $site
  PostgreSQL  Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=nurture
  ClickHouse  http://127.0.0.1:$CH_HTTP_PORT (database nurture; tcp $CH_TCP_PORT)
  SMTP sink   127.0.0.1:$SMTP_PORT, messages in $MAILDIR/new/
  Server log  $DATA/server.log

Try (curl's own user agent counts as a bot, so these pass a browser's; README.md walks through more):
  UA="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
  curl -A "\$UA" "$url/t.gif?siteKey=$site&visitorId=v1&type=page_view&url=https%3A%2F%2Fexample.com%2Fpricing%3Futm_source%3Dnewsletter"
  curl -A "\$UA" -H 'Content-Type: application/json' $url/collect \\
       -d '[{"siteKey":"$site","visitorId":"v1","type":"identify","email":"ann@example.com","traits":{"name":"Ann"}}]'
  curl -H "Authorization: Bearer $DEV_API_KEY" "$url/api/leads?email=ann%40example.com"

Stop with: $SCRIPT stop
EOF
}

# Totals of the .trx files dotnet test wrote: "N passed, N failed", after the name and first
# message lines of each failed test (CI shows only the tail of the log, so they must come last).
count_trx() {
  /usr/bin/python3 - "$1" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(path).getroot()
    for counters in root.iter(ns + "Counters"):
        passed += int(counters.get("passed", 0)); failed += int(counters.get("failed", 0)) + int(counters.get("error", 0))
    for result in root.iter(ns + "UnitTestResult"):
        if result.get("outcome") not in ("Failed", "Error"):
            continue
        message = result.find(f"{ns}Output/{ns}ErrorInfo/{ns}Message")
        lines = (message.text or "").strip().splitlines()[:6] if message is not None else []
        print(f"FAILED {result.get('testName')} ({result.get('duration')})")
        for line in lines:
            print(f"    {line[:300]}")
if passed or failed:
    print(f"{passed} passed, {failed} failed")
PY
}

# ---------------------------------------------------------------- commands
stop_all() { stop_server; stop_smtp; stop_replica; stop_ch; stop_zk; stop_pg; }

cmd_run() {
  set_profile dev
  install_missing dev
  # Check every port first so we fail before starting half the stack; our own running parts are fine.
  pg_running || require_free PG_PORT
  ch_running || require_free CH_HTTP_PORT CH_TCP_PORT CH_INTERSERVER_PORT
  smtp_running || require_free SMTP_PORT
  server_running || require_free HTTP_PORT SILO_PORT GATEWAY_PORT
  ensure_secrets
  start_pg; start_ch; start_smtp; start_server
  ensure_site
  ensure_admin_user
  print_info
}

cmd_status() {
  set_profile "${1:-dev}"
  local s
  s=stopped; if pg_running; then s=running; fi;     printf '%-11s %-8s 127.0.0.1:%s\n' postgres "$s" "$PG_PORT"
  s=stopped; if ch_running; then s=running; fi;     printf '%-11s %-8s http 127.0.0.1:%s, tcp %s\n' clickhouse "$s" "$CH_HTTP_PORT" "$CH_TCP_PORT"
  if [[ $PROFILE == test ]]; then
    s=stopped; if replica_running; then s=running; fi; printf '%-11s %-8s http 127.0.0.1:%s, tcp %s\n' ch-replica "$s" "$CH2_HTTP_PORT" "$CH2_TCP_PORT"
    s=stopped; if zk_running; then s=running; fi;    printf '%-11s %-8s 127.0.0.1:%s\n' zookeeper "$s" "$ZK_PORT"
  fi
  s=stopped; if smtp_running; then s=running; fi;   printf '%-11s %-8s 127.0.0.1:%s\n' smtp "$s" "$SMTP_PORT"
  s=stopped; if server_running; then s=running; if ! server_ready; then s="running (not ready)"; fi; fi
  printf '%-11s %-8s http://127.0.0.1:%s\n' server "$s" "$HTTP_PORT"
}

# The environment the test suites read: where each service of the test profile listens.
export_test_env() {
  export NURTURE_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=postgres"
  export NURTURE_TEST_CLICKHOUSE="http://127.0.0.1:$CH_HTTP_PORT"
  export NURTURE_TEST_SMTP_PORT="$SMTP_PORT" NURTURE_TEST_MAIL_DIR="$MAILDIR"
  export NURTURE_TEST_CH_START="$(printf '%q' "$SCRIPT") _ch_start test"
  export NURTURE_TEST_CH_STOP="$(printf '%q' "$SCRIPT") _ch_stop test"
  export NURTURE_TEST_PG_RESTART="$(printf '%q' "$SCRIPT") _pg_restart test"
  export NURTURE_TEST_HTTP_PORT="$HTTP_PORT" NURTURE_TEST_SILO_PORT="$SILO_PORT" NURTURE_TEST_GATEWAY_PORT="$GATEWAY_PORT"
  export NURTURE_TEST_CHROMIUM=/usr/bin/chromium NURTURE_TEST_HAPROXY=/usr/sbin/haproxy
  # A cluster of this ClickHouse's config whose one shard is the server itself (see start_ch).
  export NURTURE_TEST_CLICKHOUSE_CLUSTER=test_shard_localhost
  # Two ClickHouse servers replicating one shard through ZooKeeper (see start_ch_server).
  export NURTURE_TEST_CLICKHOUSE_REPLICATED_CLUSTER="$REPLICATED_CLUSTER"
  export NURTURE_TEST_CLICKHOUSE_REPLICA="http://127.0.0.1:$CH2_HTTP_PORT"
  # The same two servers as a cluster of two shards.
  export NURTURE_TEST_CLICKHOUSE_SHARDED_CLUSTER="$SHARDED_CLUSTER"
  # The CH_START/STOP commands re-read the port overrides from the environment: pass them on.
  export NURTURE_TEST_PG_PORT="$PG_PORT" NURTURE_TEST_CH_HTTP_PORT="$CH_HTTP_PORT" \
    NURTURE_TEST_CH_TCP_PORT="$CH_TCP_PORT" NURTURE_TEST_CH_INTERSERVER_PORT="$CH_INTERSERVER_PORT" \
    NURTURE_TEST_ZK_PORT="$ZK_PORT" NURTURE_TEST_CH2_TCP_PORT="$CH2_TCP_PORT"
}

# For running one test by hand: the test profile up (left running; `stop test` stops it) and its
# environment printed as export lines: eval "$(deploy/local.sh test-env)".
cmd_test_env() {
  set_profile test
  install_missing test
  ensure_secrets
  start_pg; start_zk; start_ch; start_replica; start_smtp
  export_test_env
  env | grep '^NURTURE_TEST_' | sort | while IFS='=' read -r name value; do printf 'export %s=%q\n' "$name" "$value"; done
}

cmd_test() {
  set_profile test
  mkdir -p "$ROOT/.data"
  # One test run at a time: the next one wipes .data/test. Daemons get fd 9 closed (9>&-) so a
  # leftover process can never hold the lock.
  exec 9>"$ROOT/.data/test.lock"
  flock -n 9 || die "another '$SCRIPT test' is running"
  stop_all   # leftovers of an interrupted run
  rm -rf "$DATA"
  install_missing test
  trap 'stop_all || true' EXIT
  trap 'exit 130' INT; trap 'exit 143' TERM
  require_free PG_PORT CH_HTTP_PORT CH_TCP_PORT CH_INTERSERVER_PORT SMTP_PORT \
    ZK_PORT CH2_HTTP_PORT CH2_TCP_PORT CH2_INTERSERVER_PORT
  ensure_secrets
  start_pg; start_zk; start_ch; start_replica; start_smtp

  export_test_env

  local rc=0 dotnet_result tracker_result dotnet_counts=""
  # Before dotnet test, so the server it builds embeds the tracker and the tracker tests need no rebuild.
  build_tracker || log "tracker-js build failed; its tests below say why"
  if [[ ${NURTURE_SKIP_DOTNET:-} == 1 ]]; then
    dotnet_result="skipped (NURTURE_SKIP_DOTNET=1)"
  else
    log "dotnet test"
    if dotnet test "$ROOT/Nurture.sln" -c Release --logger "console;verbosity=normal" \
         --logger trx --results-directory "$DATA/test-results" 9>&-; then
      dotnet_result=passed
    else
      rc=$?; dotnet_result="failed (exit $rc)"
    fi
    dotnet_counts=$(count_trx "$DATA/test-results")
  fi
  if [[ -f $ROOT/tracker-js/package.json ]]; then
    log "tracker-js: npm ci && npm test"
    local npm_install=ci; [[ -f $ROOT/tracker-js/package-lock.json ]] || npm_install=install
    if (cd "$ROOT/tracker-js" && npm "$npm_install" && npm test) 9>&-; then
      tracker_result=passed
    else
      local trc=$?; tracker_result="failed (exit $trc)"; ((rc)) || rc=$trc
    fi
  else
    tracker_result=skipped
  fi
  # The console in Chromium against a server of its own (screenshots in tests/console-browser/screenshots/).
  local console_result=skipped console_dir="$ROOT/tests/console-browser"
  if [[ -f $console_dir/package.json ]]; then
    log "console: npm ci && npm test (tests/console-browser)"
    if (cd "$console_dir" && npm ci --no-audit --no-fund && npm test) 9>&-; then
      console_result=passed
    else
      local crc=$?; console_result="failed (exit $crc)"; ((rc)) || rc=$crc
    fi
  fi
  stop_all
  printf '\ndotnet test: %s\ntracker: %s\nconsole: %s\n' "$dotnet_result" "$tracker_result" "$console_result"
  # The plain closing lines CI reads: failed tests, then totals over every test project.
  if [[ -n $dotnet_counts ]]; then
    printf '%s\n' "$dotnet_counts" | sed '$d'
    printf 'dotnet: %s\n' "$(printf '%s\n' "$dotnet_counts" | tail -n 1)"
  fi
  exit "$rc"
}

case ${1:-} in
  run) cmd_run ;;
  stop) set_profile "${2:-dev}"; stop_all ;;
  status) cmd_status "${2:-dev}" ;;
  test) cmd_test ;;
  test-env) cmd_test_env ;;
  _ch_start) set_profile "${2:?profile}"; start_ch ;;   # for fault tests: NURTURE_TEST_CH_START
  _ch_stop) set_profile "${2:?profile}"; stop_ch ;;     # and NURTURE_TEST_CH_STOP
  _pg_restart) set_profile "${2:?profile}"; ensure_secrets; stop_pg; sleep 2; start_pg ;;   # NURTURE_TEST_PG_RESTART
  _require_free) set_profile "${2:?profile}"; shift 2; require_free "$@" ;;   # for the deploy-files test
  *) printf 'usage: %s run | stop [test] | status [test] | test | test-env\n' "$0" >&2; exit 2 ;;
esac
