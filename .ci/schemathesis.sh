#!/usr/bin/env bash
# schemathesis (PyPI) against a real `policy-search serve`: every operation of
# /api/openapi.json is called with generated valid and invalid parameters, and
# each answer is checked against the description (no 5xx, documented status
# codes, content types and response schemas).
#
# Installs schemathesis into a venv under target/, builds the binary, indexes
# the bundled samples into a temp folder, serves it on 127.0.0.1 (a free
# port), runs a bounded test, stops the server by its PID. Exits non-zero on
# any failure.
#
# Environment: SCHEMATHESIS_MAX_EXAMPLES (default 60 per operation),
# SCHEMATHESIS_MAX_TIME (seconds for the whole run, default 180),
# SCHEMATHESIS_VERSION (default 4.32.5), CARGO_PROFILE (default dev).
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-60}"
MAX_TIME="${SCHEMATHESIS_MAX_TIME:-180}"
VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
PROFILE="${CARGO_PROFILE:-dev}"
VENV="$PWD/target/schemathesis-venv"

if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "schemathesis==$VERSION"
fi

cargo build --locked --profile "$PROFILE" --bin policy-search
case "$PROFILE" in
  dev) BIN=target/debug/policy-search ;;
  *) BIN="target/$PROFILE/policy-search" ;;
esac

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" --index "$WORK/index" ingest index_data/samples >/dev/null 2>"$WORK/ingest.log"

"$BIN" --index "$WORK/index" serve --addr 127.0.0.1:0 2>"$WORK/serve.log" &
SERVER_PID=$!
ADDR=""
for _ in $(seq 1 100); do
  ADDR="$(sed -n 's|^listening on http://||p' "$WORK/serve.log" | head -n 1)"
  [ -n "$ADDR" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.1
done
if [ -z "$ADDR" ]; then
  echo "serve did not print its address" >&2
  cat "$WORK/serve.log" >&2
  exit 1
fi
echo "schemathesis against http://$ADDR (max $MAX_EXAMPLES examples per operation)"

status=0
# run from the temp folder: schemathesis writes its cache and reports there
(cd "$WORK" && "$VENV/bin/schemathesis" run "http://$ADDR/api/openapi.json" \
  --checks all \
  --exclude-checks positive_data_acceptance,ignored_auth,object_level_authorization,use_after_free,ensure_resource_availability \
  --phases examples,coverage,fuzzing \
  --generation-database none \
  --max-time "$MAX_TIME" \
  --max-examples "$MAX_EXAMPLES" \
  --request-timeout 30 \
  --no-color \
  --seed 22) || status=$?

kill -TERM "$SERVER_PID"
if ! wait "$SERVER_PID"; then
  echo "serve did not exit cleanly on SIGTERM" >&2
  status=1
fi
SERVER_PID=""
if grep -q "panicked" "$WORK/serve.log"; then
  echo "serve panicked:" >&2
  cat "$WORK/serve.log" >&2
  status=1
fi
exit "$status"
