#!/usr/bin/env bash
# Local OpenSearch test cluster (1 or 2+ nodes) for policy-search.
#
#   opensearch/cluster.sh start [N]     start N nodes (default 2), wait for green
#   opensearch/cluster.sh stop          stop every node (TERM, KILL after 10 s)
#   opensearch/cluster.sh stop-node K   stop node K only (e.g. replica fail-over tests)
#   opensearch/cluster.sh status        show nodes / health
#   opensearch/cluster.sh install       only fetch + unpack the distribution
#
# Everything lives under $ROOT/target/opensearch (git-ignored). See opensearch/README.md.
set -euo pipefail

SELF="opensearch/cluster.sh"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

OS_VERSION="${OS_VERSION:-2.19.6}"
OS_HTTP_PORT="${OS_HTTP_PORT:-9250}"            # node K listens on OS_HTTP_PORT+K-1
OS_TRANSPORT_PORT="${OS_TRANSPORT_PORT:-9350}"  # node K transport on OS_TRANSPORT_PORT+K-1
OS_HEAP="${OS_HEAP:-512m}"                      # -Xmx per node (-Xms is 256m, capped by this)
OS_CLUSTER_NAME="${OS_CLUSTER_NAME:-policy-search-test}"
OS_START_TIMEOUT="${OS_START_TIMEOUT:-120}"     # seconds to wait for green
OS_MAVEN_REPO="${OS_MAVEN_REPO:-https://repo1.maven.org/maven2}"
OS_DIR="${OS_DIR:-$ROOT/target/opensearch}"
M2="$OS_DIR/m2"
DIST="$OS_DIR/dist/opensearch-$OS_VERSION"

ZIP_GAV="org.opensearch.distribution.integ-test-zip:opensearch:$OS_VERSION:zip"
ANALYSIS_GAV="org.opensearch.plugin:analysis-common:$OS_VERSION"
ZIP_REL="org/opensearch/distribution/integ-test-zip/opensearch/$OS_VERSION/opensearch-$OS_VERSION.zip"
ANALYSIS_REL="org/opensearch/plugin/analysis-common/$OS_VERSION/analysis-common-$OS_VERSION.jar"

die() { echo "$SELF: $*" >&2; exit 1; }
log() { echo "$SELF: $*" >&2; }

http_port() { echo $((OS_HTTP_PORT + $1 - 1)); }
transport_port() { echo $((OS_TRANSPORT_PORT + $1 - 1)); }
node_dir() { echo "$OS_DIR/node$1"; }
pid_file() { echo "$OS_DIR/node$1.pid"; }
url() { echo "http://127.0.0.1:$(http_port "$1")"; }

# PID of node K if its PID file names a live process, else empty.
live_pid() {
  local f pid
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 0
  pid="$(tr -dc '0-9' <"$f")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  # Guard against PID reuse: the process must look like one of ours.
  if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q opensearch; then
    return 0
  fi
  echo "$pid"
}

# Node numbers that have a PID file (live or stale), ascending.
known_nodes() {
  local f k
  for f in "$OS_DIR"/node*.pid; do
    [[ -e "$f" ]] || continue
    k="${f##*/node}"; k="${k%.pid}"
    [[ "$k" =~ ^[0-9]+$ ]] && echo "$k"
  done | sort -n
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- java ----
find_java() {
  local java_bin home
  if [[ -n "${OPENSEARCH_JAVA_HOME:-}" ]]; then
    java_bin="$OPENSEARCH_JAVA_HOME/bin/java"
  elif [[ -n "${JAVA_HOME:-}" ]]; then
    java_bin="$JAVA_HOME/bin/java"
  else
    java_bin="$(command -v java || true)"
  fi
  if [[ -z "$java_bin" || ! -x "$java_bin" ]]; then
    die "java not found${java_bin:+ at $java_bin}: install a JDK 17 (or 11/21; OpenSearch $OS_VERSION needs 11..23, e.g. apt-get install openjdk-17-jdk-headless) or set OPENSEARCH_JAVA_HOME/JAVA_HOME"
  fi
  local ver major
  ver="$(timeout 30 "$java_bin" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')" || true
  major="${ver%%.*}"; [[ "$major" == "1" ]] && major="$(echo "$ver" | cut -d. -f2)"
  [[ "$major" =~ ^[0-9]+$ ]] || die "cannot determine the version of $java_bin (got '$ver')"
  if (( major < 11 || major > 23 )); then
    die "$java_bin is Java $major; OpenSearch $OS_VERSION needs Java 11..23 (it uses the Security Manager, removed in Java 24). Install a JDK 17 or set OPENSEARCH_JAVA_HOME"
  fi
  home="$(cd "$(dirname "$(readlink -f "$java_bin")")/.." && pwd)"
  export OPENSEARCH_JAVA_HOME="$home"
  JAVA_MAJOR="$major"
}

# ------------------------------------------------------------- install ----
fetch_artifact() { # GAV rel-path
  local gav="$1" rel="$2" dest="$M2/$2"
  [[ -s "$dest" ]] && return 0
  if command -v mvn >/dev/null 2>&1; then
    log "downloading $gav with Maven into $M2"
    if timeout 900 mvn -q -B -Dmaven.repo.local="$M2" dependency:get -Dtransitive=false -Dartifact="$gav" >&2 && [[ -s "$dest" ]]; then
      return 0
    fi
    log "mvn failed for $gav; trying curl"
  fi
  command -v curl >/dev/null 2>&1 || die "neither mvn nor curl could fetch $gav"
  mkdir -p "$(dirname "$dest")"
  log "downloading $OS_MAVEN_REPO/$rel"
  curl -fsSL --retry 3 --connect-timeout 20 --max-time 900 -o "$dest.part" "$OS_MAVEN_REPO/$rel" \
    || die "download failed: $OS_MAVEN_REPO/$rel"
  local want got
  want="$(curl -fsSL --connect-timeout 20 --max-time 60 "$OS_MAVEN_REPO/$rel.sha1" | awk '{print $1}')" || want=""
  got="$(sha1sum "$dest.part" | awk '{print $1}')"
  if [[ -n "$want" && "$want" != "$got" ]]; then rm -f "$dest.part"; die "sha1 mismatch for $rel"; fi
  mv "$dest.part" "$dest"
}

install_dist() {
  if [[ -x "$DIST/bin/opensearch" && -f "$DIST/modules/analysis-common/plugin-descriptor.properties" ]]; then
    return 0
  fi
  command -v unzip >/dev/null 2>&1 || die "unzip not found (apt-get install unzip)"
  fetch_artifact "$ZIP_GAV" "$ZIP_REL"
  fetch_artifact "$ANALYSIS_GAV" "$ANALYSIS_REL"
  local stage="$OS_DIR/dist/.stage.$$"
  rm -rf "$stage"; mkdir -p "$stage"
  unzip -q "$M2/$ZIP_REL" -d "$stage"
  local home="$stage/opensearch-$OS_VERSION"
  [[ -x "$home/bin/opensearch" ]] || die "unexpected zip layout in $M2/$ZIP_REL"
  # The integ-test zip ships only the transport-netty4 module. Add analysis-common
  # (ngram/edge_ngram tokenizers, pattern analyzers, ...) as a module. Its
  # published descriptor extends lang-painless only for an optional Painless
  # whitelist (loaded through Painless' SPI), so we install it standalone.
  mkdir -p "$home/modules/analysis-common"
  cp "$M2/$ANALYSIS_REL" "$home/modules/analysis-common/"
  cat >"$home/modules/analysis-common/plugin-descriptor.properties" <<EOF
description=Adds "built in" analyzers to OpenSearch (installed by $SELF).
version=$OS_VERSION
name=analysis-common
classname=org.opensearch.analysis.common.CommonAnalysisPlugin
java.version=11
opensearch.version=$OS_VERSION
custom.foldername=
extended.plugins=
has.native.controller=false
EOF
  rm -rf "$DIST"; mkdir -p "$(dirname "$DIST")"
  mv "$home" "$DIST"
  rm -rf "$stage"
  log "installed OpenSearch $OS_VERSION (integ-test zip + analysis-common) in $DIST"
}

# --------------------------------------------------------------- nodes ----
write_node_config() { # K N
  local k="$1" n="$2" dir conf i seeds=""
  dir="$(node_dir "$k")"; conf="$dir/config"
  mkdir -p "$conf/jvm.options.d" "$dir/data" "$dir/logs" "$dir/tmp"
  for ((i = 1; i <= n; i++)); do seeds+="${seeds:+, }\"127.0.0.1:$(transport_port "$i")\""; done
  [[ "$k" -gt "$n" ]] && seeds+=", \"127.0.0.1:$(transport_port "$k")\""
  # Node 1 is the only cluster-manager-eligible node, so stopping any other
  # node (stop-node 2) always leaves a working (yellow) cluster. With two
  # eligible nodes the voting configuration shrinks to one of them and losing
  # that one would stall the cluster.
  local roles='[cluster_manager, data, ingest]'
  [[ "$k" -ne 1 ]] && roles='[data, ingest]'
  cat >"$conf/opensearch.yml" <<EOF
# generated by $SELF
cluster.name: $OS_CLUSTER_NAME
node.name: node$k
node.roles: $roles
path.data: $dir/data
path.logs: $dir/logs
network.host: 127.0.0.1
http.port: $(http_port "$k")
transport.port: $(transport_port "$k")
discovery.seed_hosts: [$seeds]
cluster.initial_cluster_manager_nodes: [node1]
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: true
EOF
  cp "$DIST/config/log4j2.properties" "$conf/"
  # Distribution jvm.options minus its 1g heap, with per-node log/dump paths.
  grep -vE '^-Xm[sx]' "$DIST/config/jvm.options" \
    | sed -e "s#file=logs/gc.log#file=$dir/logs/gc.log#" \
          -e "s#HeapDumpPath=data#HeapDumpPath=$dir/data#" \
          -e "s#ErrorFile=logs/#ErrorFile=$dir/logs/#" >"$conf/jvm.options"
  local xms=256m
  [[ "$(size_mb "$OS_HEAP")" -lt 256 ]] && xms="$OS_HEAP"
  printf -- '-Xms%s\n-Xmx%s\n' "$xms" "$OS_HEAP" >"$conf/jvm.options.d/heap.options"
  if [[ "$(id -u)" == 0 ]]; then
    # OpenSearch refuses to run as root, and it detects root through JNA.
    # Test sandboxes often are root: keep JNA's native stub from loading so
    # the check (and mlockall/seccomp, irrelevant here) is skipped.
    printf -- '-Djna.nounpack=true\n-Djna.boot.library.path=%s/no-jna\n' "$dir" >"$conf/jvm.options.d/root.options"
  else
    rm -f "$conf/jvm.options.d/root.options"
  fi
}

size_mb() { # 512m / 1g -> MB
  local v="${1,,}"
  case "$v" in
    *g) echo $(( ${v%g} * 1024 )) ;;
    *m) echo "${v%m}" ;;
    *k) echo $(( ${v%k} / 1024 )) ;;
    *) echo $(( v / 1048576 )) ;;
  esac
}

start_node() { # K N
  local k="$1" n="$2" dir pid
  dir="$(node_dir "$k")"
  write_node_config "$k" "$n"
  : >"$dir/logs/console.log"
  (
    cd "$DIST"  # bin/opensearch runs bin/opensearch-keystore relative to the cwd
    export OPENSEARCH_PATH_CONF="$dir/config" OPENSEARCH_TMPDIR="$dir/tmp"
    unset JAVA_TOOL_OPTIONS JAVA_OPTS OPENSEARCH_JAVA_OPTS
    # setsid: own session, so a Ctrl-C on the caller doesn't kill the node.
    # The script exec()s java, so $! is the JVM's PID.
    exec setsid "$DIST/bin/opensearch" -p "$dir/opensearch.pid" </dev/null >>"$dir/logs/console.log" 2>&1
  ) &
  pid=$!
  echo "$pid" >"$(pid_file "$k")"
  log "node$k starting (pid $pid, http $(url "$k"), transport 127.0.0.1:$(transport_port "$k"), logs $dir/logs)"
}

# OpenSearch writes its own PID file (-p); prefer it once the node is up, in
# case setsid had to fork.
sync_pids() {
  local k p
  for k in $(known_nodes); do
    p="$(node_dir "$k")/opensearch.pid"
    if [[ -s "$p" ]] && kill -0 "$(tr -dc '0-9' <"$p")" 2>/dev/null; then tr -dc '0-9' <"$p" >"$(pid_file "$k")"; echo >>"$(pid_file "$k")"; fi
  done
}

health() { # N timeout_s -> rc 0 once green with N nodes
  curl -fsS --max-time "$(( $2 + 5 ))" \
    "$(url 1)/_cluster/health?wait_for_nodes=$1&wait_for_status=green&timeout=${2}s" 2>/dev/null \
    | grep -q '"timed_out":false'
}

dump_logs() {
  local k
  for k in "$@"; do
    log "---- last lines of node$k logs ($(node_dir "$k")/logs) ----"
    tail -n 25 "$(node_dir "$k")/logs/console.log" >&2 2>/dev/null || true
  done
}

cmd_start() {
  local n="${1:-2}" k p started=() running=() t0 deadline
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "usage: $SELF start [N]   (N = number of nodes, default 2)"
  t0=$(date +%s)
  find_java
  command -v curl >/dev/null 2>&1 || die "curl not found"
  command -v setsid >/dev/null 2>&1 || die "setsid not found (util-linux)"
  install_dist
  mkdir -p "$OS_DIR"
  for k in $(known_nodes); do
    if [[ -n "$(live_pid "$k")" ]]; then running+=("$k"); else rm -f "$(pid_file "$k")"; fi
  done
  for k in "${running[@]}"; do
    (( k > n )) && die "node$k is running but only $n node(s) requested; run '$SELF stop' first"
  done
  if [[ ${#running[@]} -eq 0 ]]; then
    # Fresh cluster: wipe every node's state so no node carries a stale cluster UUID.
    for d in "$OS_DIR"/node*/; do [[ -d "$d" ]] && rm -rf "$d"; done
  elif [[ -z "$(live_pid 1)" ]]; then
    die "node1 (the cluster manager) is not running but node(s) ${running[*]} are; run '$SELF stop' first"
  fi
  for ((k = 1; k <= n; k++)); do  # check every port before starting anything
    [[ -n "$(live_pid "$k")" ]] && continue
    for p in "$(http_port "$k")" "$(transport_port "$k")"; do
      port_busy "$p" && die "port $p (node$k) is already in use by another process; set OS_HTTP_PORT/OS_TRANSPORT_PORT or stop it"
    done
  done
  for ((k = 1; k <= n; k++)); do
    if [[ -n "$(live_pid "$k")" ]]; then
      log "node$k already running (pid $(live_pid "$k"))"
    else
      start_node "$k" "$n"; started+=("$k")
    fi
  done
  deadline=$(( t0 + OS_START_TIMEOUT ))
  while :; do
    for k in "${started[@]}"; do
      if [[ -z "$(live_pid "$k")" ]]; then
        dump_logs "$k"; cmd_stop >/dev/null 2>&1 || true
        die "node$k exited during startup (see $(node_dir "$k")/logs)"
      fi
    done
    local left=$(( deadline - $(date +%s) ))
    (( left <= 0 )) && break
    (( left > 5 )) && left=5
    if curl -fsS --max-time 2 "$(url 1)/" >/dev/null 2>&1 && health "$n" "$left"; then
      sync_pids
      log "cluster '$OS_CLUSTER_NAME' green with $n node(s) after $(( $(date +%s) - t0 )) s"
      for ((k = 1; k <= n; k++)); do url "$k"; done
      return 0
    fi
    sleep 1
  done
  dump_logs "${started[@]}"
  cmd_stop >/dev/null 2>&1 || true
  die "cluster not green with $n node(s) within ${OS_START_TIMEOUT}s; nodes stopped"
}

stop_one() { # K
  local k="$1" pid i
  pid="$(live_pid "$k")"
  if [[ -n "$pid" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "node$k (pid $pid) still alive after 10 s: KILL"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    log "node$k (pid $pid) stopped"
  fi
  rm -f "$(pid_file "$k")"
}

cmd_stop() {
  local k nodes
  nodes="$(known_nodes)"
  [[ -z "$nodes" ]] && { log "no node running"; return 0; }
  # Data nodes first, the cluster manager (node1) last.
  for k in $(echo "$nodes" | sort -rn); do stop_one "$k"; done
}

cmd_stop_node() {
  local k="${1:-}"
  [[ "$k" =~ ^[0-9]+$ ]] || die "usage: $SELF stop-node K"
  [[ -f "$(pid_file "$k")" ]] || die "node$k has no PID file ($(pid_file "$k"))"
  stop_one "$k"
}

cmd_status() {
  local k pid any=0
  for k in $(known_nodes); do
    any=1; pid="$(live_pid "$k")"
    if [[ -n "$pid" ]]; then echo "node$k: running pid $pid $(url "$k")"; else echo "node$k: dead (stale PID file)"; fi
  done
  [[ $any == 0 ]] && { echo "no node running"; return 1; }
  for k in $(known_nodes); do
    [[ -n "$(live_pid "$k")" ]] || continue
    curl -fsS --max-time 5 "$(url "$k")/_cluster/health?pretty" && curl -fsS --max-time 5 "$(url "$k")/_cat/nodes?v" && return 0
  done
  echo "no node answers HTTP"; return 1
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) cmd_stop ;;
  stop-node) shift; cmd_stop_node "$@" ;;
  status) cmd_status ;;
  install) find_java; install_dist; echo "$DIST" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
