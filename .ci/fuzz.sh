#!/usr/bin/env bash
# The fuzz targets (fuzz/fuzz.rs: decode, split, extract, the query, the
# recall reader), each for a bounded time: FUZZ_SECONDS per target (default
# 60) or FUZZ_CASES cases (default 100000), whichever ends first. A failure
# is shrunk and its seed kept in fuzz/regressions/<target>.txt: commit that
# file with the fix, every later run replays it first.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
export FUZZ_CASES="${FUZZ_CASES:-100000}"

echo "== fuzz targets, ${FUZZ_SECONDS} s or ${FUZZ_CASES} cases each"
# one target at a time, so that each gets its seconds
cargo test --release --locked --test fuzz -- --test-threads 1
