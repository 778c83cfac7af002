#!/usr/bin/env bash
# The OpenSearch backend on a real two-node cluster: starts 2 nodes on
# 127.0.0.1 from the Maven Central artifacts (opensearch/cluster.sh; heap
# 512 MB a node), runs the cluster tests of tests/opensearch.rs against them
# (a year of 新闻联播 exported with 2 shards and 1 replica, compared with the
# embedded index; one node stopped during queries) and stops the nodes by
# their PIDs on every exit, failure included. Without Java it fails at once
# with a message saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${OPENSEARCH_JAVA_HOME:-}${JAVA_HOME:-}" ]] && ! command -v java >/dev/null 2>&1; then
  echo ".ci/opensearch.sh: java not found: the OpenSearch tests need a JDK 17 (apt-get install openjdk-17-jdk-headless) or OPENSEARCH_JAVA_HOME" >&2
  exit 1
fi

stop_cluster() { opensearch/cluster.sh stop || true; }
trap stop_cluster EXIT

# a loaded machine (a cargo build beside) needs longer than the default 120 s
OS_START_TIMEOUT="${OS_START_TIMEOUT:-300}" timeout 900 opensearch/cluster.sh start 2

export POLICY_SEARCH_OPENSEARCH="http://127.0.0.1:${OS_HTTP_PORT:-9250}"
timeout 1800 cargo test --release --locked --test opensearch -- --include-ignored
