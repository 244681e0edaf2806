#!/usr/bin/env bash
# Runs the DataStax Node.js driver's own short integration suite, unmodified, against the embedded CQL store
# (electron/devstack/cql/README.md, "DataStax driver suite"). Usage:
#   scripts/cql-driver-suite.sh DRIVER_DIR OUT_DIR [test files...]
# DRIVER_DIR: a copy of github.com/datastax/nodejs-driver with its test dependencies (npm install --ignore-scripts
# mocha@10 chai@4 sinon@15 proxyquire@2 temp adm-zip long). Default files: test/integration/short/**/*-tests.js
# (numeric- and paging-tests are modules other files include). Each file gets a fresh in-memory store on
# 127.0.0.1:9042 with data center dc1, as ccm gives each file a fresh cluster; `ccm` on PATH does nothing except print
# the line the driver's helper waits for. CQL_STORE_OPTIONS (JSON) overrides the store's options, e.g.
# '{"auth":{"username":"cassandra","password":"cassandra"}}' for the files' "with auth" setups; MOCHA_GREP picks
# tests. Port 9042 must be free: as root, run it under `unshare -n` (a private loopback) to be sure.
# Writes OUT_DIR/<file>.json (mocha's JSON report) and prints pass/fail per file and every failure.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
driver=$(cd "${1:?usage: scripts/cql-driver-suite.sh DRIVER_DIR OUT_DIR [test files...]}" && pwd)
out=$(mkdir -p "${2:?usage: scripts/cql-driver-suite.sh DRIVER_DIR OUT_DIR [test files...]}" && cd "$2" && pwd)
shift 2
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cat >"$bin/ccm" <<'CCM'
#!/bin/sh
case "$*" in *showlog*) echo "INFO  [main] Starting listening for CQL clients on /127.0.0.1:9042 (unencrypted)..." ;; esac
exit 0
CCM
chmod +x "$bin/ccm"
ip link set lo up 2>/dev/null || true
options=$(node -e 'console.log(JSON.stringify({ port: 9042, dataCenter: "dc1", ...JSON.parse(process.argv[1] || "{}") }))' "${CQL_STORE_OPTIONS:-}")
cd "$driver"
files=("$@")
[ ${#files[@]} -eq 0 ] && mapfile -t files < <(find test/integration/short -name '*-tests.js' | grep -v -e numeric-tests -e paging-tests | sort)
for f in "${files[@]}"; do
  name=$(echo "${f#test/integration/short/}" | tr / _ | sed 's/[.]js$//')
  (cd "$repo" && exec node --import tsx electron/devstack/cql/testing/serverProcess.ts "$options") >"$out/$name.server.log" 2>&1 &
  store=$!
  for _ in $(seq 1 100); do ss -ltn | grep -q ':9042 ' && break; sleep 0.2; done
  PATH="$bin:$PATH" CCM_VERSION=5.0.2 CCM_DISTRIBUTION=cassandra timeout 300 node_modules/.bin/mocha "$f" \
    ${MOCHA_GREP:+-g "$MOCHA_GREP"} -R json -t 10000 --exit >"$out/$name.json" 2>"$out/$name.err"
  kill "$store" 2>/dev/null; wait "$store" 2>/dev/null
  for _ in $(seq 1 50); do ss -ltn | grep -q ':9042 ' || break; sleep 0.2; done
done
node -e '
  const fs = require("fs"); const dir = process.argv[1]; let P = 0, F = 0;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    let r; try { r = JSON.parse(fs.readFileSync(`${dir}/${f}`, "utf8")); } catch { console.log(`${f}\tno report`); continue; }
    P += r.stats.passes; F += r.stats.failures;
    console.log(`${f.slice(0, -5)}\t${r.stats.passes} passed\t${r.stats.failures} failed`);
    for (const x of r.failures) console.log(`  x ${x.fullTitle} | ${(x.err.message || "").split("\n")[0].slice(0, 200)}`);
  }
  console.log(`total\t${P} passed\t${F} failed`);
' "$out"
