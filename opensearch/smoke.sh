#!/usr/bin/env bash
# Smoke test of the local OpenSearch cluster (needs only bash + curl):
#   start 2 nodes -> index (2 shards, 1 replica; whitespace, ngram(1,2), keyword,
#   date fields) -> 3 Chinese docs via _bulk -> match_phrase on a cross-word
#   substring, terms aggregation, collapse -> green with 2 nodes ->
#   stop-node 2 -> same answers on a yellow 1-node cluster -> stop.
# Exits non-zero on the first failure; always stops the nodes it started.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLUSTER="$SCRIPT_DIR/cluster.sh"
OS_HTTP_PORT="${OS_HTTP_PORT:-9250}"
URL="http://127.0.0.1:$OS_HTTP_PORT"
INDEX="smoke_policy"
T0=$(date +%s)

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
ok() { echo "smoke: ok: $*"; }
cleanup() { "$CLUSTER" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

# req METHOD PATH [BODY] -> prints the response body; fails on HTTP >= 400.
req() {
  local method="$1" path="$2" body="${3:-}" ctype="application/json"
  [[ "$path" == *_bulk* ]] && ctype="application/x-ndjson"
  local args=(-sS --max-time 60 -X "$method" -H "Content-Type: $ctype" -w '\n%{http_code}')
  [[ -n "$body" ]] && args+=(--data-binary "$body")
  local out code
  out="$(curl "${args[@]}" "$URL$path")" || fail "curl $method $path"
  code="${out##*$'\n'}"; out="${out%$'\n'*}"
  [[ "$code" -lt 400 ]] || fail "$method $path -> HTTP $code: $out"
  printf '%s' "$out"
}

expect() { # description haystack needle
  [[ "$2" == *"$3"* ]] || fail "$1: expected to find '$3' in: $2"
  ok "$1"
}

"$CLUSTER" start 2 >/dev/null || fail "cluster.sh start 2"
ok "2-node cluster started ($(( $(date +%s) - T0 )) s)"

req DELETE "/$INDEX?ignore_unavailable=true" >/dev/null
req PUT "/$INDEX" '{
  "settings": {
    "number_of_shards": 2,
    "number_of_replicas": 1,
    "analysis": {
      "tokenizer": { "cjk_ngram_1_2": { "type": "ngram", "min_gram": 1, "max_gram": 2 } },
      "analyzer":  { "cjk_ngram": { "type": "custom", "tokenizer": "cjk_ngram_1_2", "filter": ["lowercase"] } }
    }
  },
  "mappings": {
    "properties": {
      "title":    { "type": "text", "analyzer": "whitespace" },
      "body":     { "type": "text", "analyzer": "cjk_ngram" },
      "doc_id":   { "type": "keyword" },
      "category": { "type": "keyword" },
      "pub_date": { "type": "date", "format": "yyyy-MM-dd" }
    }
  }
}' >/dev/null
ok "index created (2 shards, 1 replica, ngram analyzer from analysis-common)"

# Docs 1 and 2 are two chunks of the same policy p1 (collapse target).
bulk='{"index":{"_id":"1"}}
{"doc_id":"p1","category":"经济","title":"新质生产力 发展 报告","body":"加快发展新质生产力，推动高质量发展","pub_date":"2024-03-05"}
{"index":{"_id":"2"}}
{"doc_id":"p1","category":"经济","title":"新质生产力 解读","body":"新质生产力是创新起主导作用的先进生产力质态","pub_date":"2024-03-06"}
{"index":{"_id":"3"}}
{"doc_id":"p2","category":"环境","title":"生态 环境 保护","body":"持续深入打好蓝天碧水净土保卫战","pub_date":"2023-12-01"}
'
out="$(req POST "/$INDEX/_bulk?refresh=true" "$bulk")"
expect "bulk indexed 3 docs" "$out" '"errors":false'

health="$(req GET "/_cluster/health/$INDEX?wait_for_status=green&wait_for_nodes=2&timeout=60s")"
expect "index green on 2 nodes" "$health" '"status":"green"'
expect "2 nodes" "$health" '"number_of_nodes":2'
expect "4 active shards (2 primaries + 2 replicas)" "$health" '"active_shards":4'

PHRASE='{"query":{"match_phrase":{"body":"质生产"}},"sort":[{"pub_date":"asc"}]}'
NOPHRASE='{"query":{"match_phrase":{"body":"质发展"}}}'
WS='{"query":{"match":{"title":"发展"}}}'
AGG='{"size":0,"aggs":{"cats":{"terms":{"field":"category"}}}}'
COLLAPSE='{"query":{"match_phrase":{"body":"生产力"}},"collapse":{"field":"doc_id"},"sort":[{"pub_date":"desc"}]}'
HITS='filter_path=hits.total.value,hits.hits._id'

run_queries() { # label -> prints a canonical summary of all answers
  local p n w a c
  p="$(req POST "/$INDEX/_search?$HITS" "$PHRASE")"
  n="$(req POST "/$INDEX/_search?$HITS" "$NOPHRASE")"
  w="$(req POST "/$INDEX/_search?$HITS" "$WS")"
  a="$(req POST "/$INDEX/_search?filter_path=aggregations.cats.buckets" "$AGG")"
  c="$(req POST "/$INDEX/_search?filter_path=hits.hits._id,hits.hits.fields" "$COLLAPSE")"
  expect "$1 match_phrase 质生产 (cross-word substring of 新质生产力) hits docs 1,2" "$p" '{"hits":{"total":{"value":2},"hits":[{"_id":"1"},{"_id":"2"}]}}'
  expect "$1 match_phrase 质发展 (not contiguous) hits nothing" "$n" '"total":{"value":0}'
  expect "$1 whitespace-analysed title: 发展 hits doc 1 only" "$w" '{"hits":{"total":{"value":1},"hits":[{"_id":"1"}]}}'
  expect "$1 terms aggregation on category" "$a" '"buckets":[{"key":"经济","doc_count":2},{"key":"环境","doc_count":1}]'
  expect "$1 collapse on doc_id keeps one hit (newest chunk, doc 2) of policy p1" "$c" '{"hits":{"hits":[{"_id":"2","fields":{"doc_id":["p1"]}}]}}'
  printf '%s\n' "$p" "$n" "$w" "$a" "$c" >"$SUMMARY.$1"
}
SUMMARY="$(mktemp)"
trap 'cleanup; rm -f "$SUMMARY" "$SUMMARY".*' EXIT

run_queries green

"$CLUSTER" stop-node 2 >/dev/null || fail "cluster.sh stop-node 2"
health="$(req GET "/_cluster/health/$INDEX?wait_for_nodes=1&wait_for_status=yellow&wait_for_no_initializing_shards=true&timeout=60s")"
expect "after stop-node 2: index yellow" "$health" '"status":"yellow"'
expect "after stop-node 2: 1 node" "$health" '"number_of_nodes":1'
expect "after stop-node 2: both primaries active" "$health" '"active_primary_shards":2'

run_queries yellow
cmp -s "$SUMMARY.green" "$SUMMARY.yellow" || fail "answers differ between green and yellow cluster"
ok "same answers on the yellow 1-node cluster as on the green 2-node cluster"

"$CLUSTER" stop >/dev/null
ok "cluster stopped; smoke test passed in $(( $(date +%s) - T0 )) s"
