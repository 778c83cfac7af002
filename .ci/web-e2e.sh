#!/usr/bin/env bash
# Browser end-to-end test of the search page.
#
#   bash .ci/web-e2e.sh
#
# Installs Debian's chromium and the test's node package if missing, builds the
# release binary, indexes index_data/samples into a temp folder, serves it on a
# free loopback port, runs tests/e2e/search_page.mjs against it and stops the
# server. Exits non-zero when anything fails; nothing is skipped. Screenshots:
# target/web-e2e.png (plus -home and -speaker).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# playwright-core wants node >= 20; the machine image brings it, Debian's is the fallback
command -v node >/dev/null && command -v npm >/dev/null || need_apt+=(nodejs npm)
# CJK glyphs, so the screenshots show Chinese rather than boxes
installed fonts-noto-cjk || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "web-e2e: installing ${need_apt[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  echo "web-e2e: installing playwright-core (npm ci)" >&2
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

# with the test targets, so the features match `cargo test --release` and CI
# reuses that build instead of compiling the dependencies again
cargo build --release --locked --bin policy-search --tests
bin="$root/target/release/policy-search"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" --index "$work/index" ingest index_data/samples 2>"$work/ingest.log" || {
  cat "$work/ingest.log" >&2
  echo "web-e2e: indexing the samples failed" >&2
  exit 1
}

"$bin" --index "$work/index" serve --addr 127.0.0.1:0 2>"$work/serve.log" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -n1 || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  cat "$work/serve.log" >&2
  echo "web-e2e: the server did not start" >&2
  exit 1
fi
echo "web-e2e: server at $url" >&2

status=0
node tests/e2e/search_page.mjs "$url" || status=$?
if [ "$status" -ne 0 ]; then
  echo "web-e2e: server log:" >&2
  cat "$work/serve.log" >&2
fi
exit "$status"
