#!/usr/bin/env bash
# Runs kafkajs' own test suite, unmodified, against the embedded broker (electron/devstack/kafka/README.md, "kafkajs
# suite"). Usage:
#   scripts/kafkajs-suite.sh KAFKAJS_DIR [BROKERS] [jest args...]
# KAFKAJS_DIR: a checkout of github.com/tulios/kafkajs with its dependencies installed (yarn install --frozen-lockfile).
# BROKERS: 3 (default; the suite's three brokers) or 1. The jest args choose what runs, e.g. src/admin; one directory
# at a time is kind to a small machine. Prints jest's summary and a pass/fail count per spec directory; jest's JSON
# report is left in KAFKAJS_DIR/suite-report.json.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
suite=$(cd "${1:?usage: scripts/kafkajs-suite.sh KAFKAJS_DIR [BROKERS] [jest args...]}" && pwd)
shift
brokers=${1:-3}
[ $# -gt 0 ] && shift
log=$(mktemp)
(cd "$repo" && exec node --import tsx scripts/kafkajs-suite-stack.ts "$brokers") >"$log" 2>&1 &
stack=$!
trap 'kill "$stack" 2>/dev/null || true; wait "$stack" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  grep -q '^Ready' "$log" && break
  kill -0 "$stack" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
grep '^Ready' "$log" || { cat "$log"; exit 1; }
cd "$suite"
status=0
KAFKA_VERSION=2.4 KAFKAJS_DEBUG_PROTOCOL_BUFFERS=1 NODE_ENV=test \
  node_modules/.bin/jest --ci --runInBand --forceExit --json --outputFile=suite-report.json "$@" || status=$?
node -e '
  const r = require(process.argv[1]);
  const dirs = new Map();
  for (const file of r.testResults) {
    const dir = require("path").relative(process.argv[2], file.name).split("/").slice(0, -1).join("/");
    const d = dirs.get(dir) ?? { passed: 0, failed: 0 };
    for (const t of file.assertionResults) if (t.status === "passed") d.passed++; else if (t.status === "failed") d.failed++;
    dirs.set(dir, d);
  }
  for (const [dir, d] of [...dirs].sort()) console.log(`${dir}\t${d.passed} passed\t${d.failed} failed`);
  console.log(`total\t${r.numPassedTests} passed\t${r.numFailedTests} failed\t${r.numPendingTests} skipped`);
' "$suite/suite-report.json" "$suite"
exit $status
