#!/usr/bin/env bash
# P5 (issue 14): a generated 10,000-row KES mobile-money payroll dropped into a hub in `auto` dispatch mode, against
# a sandbox with its DEFAULT rate limits on (general tier 60/min, bursts of 20 per 5 s; reads 100 per 5 s) and its
# bulk step delay set to STEP_DELAY (default 20ms: Kotani sends a batch's payments one after another that far
# apart). Both are the real jar in processes of their own; the hub runs the embedded default (H2 file database) with
# its throttle at Kotani's published limits. Checks: every row in the result file, each reference created once at
# the sandbox (one withdrawal, named by one bulk create request), zero 429 answers; prints the end-to-end time
# beside the per-payment mode's projected time at the same limits (one create call per row at 60 per minute).
#
#   bench/bulk-payroll.sh                 # 10,000 rows
#   ROWS=2000 STEP_DELAY=20ms HUB_HEAP=512m bench/bulk-payroll.sh
#   JAR=/tmp/copy.jar bench/bulk-payroll.sh    # a copy of the jar, so that a rebuild meanwhile leaves the run alone
# Needs target/kotani-hub.jar (/work/notes/mvnq -o -B -q -DskipTests package, or mvn), curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
ROWS="${ROWS:-10000}"
STEP_DELAY="${STEP_DELAY:-20ms}"
HUB_HEAP="${HUB_HEAP:-768m}"
JAR="${JAR:-$root/target/kotani-hub.jar}"
[ -f "$JAR" ] || { echo "build the jar first: mvn -o -B -q -DskipTests package" >&2; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 360); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }

work="$root/target/bench/bulk-payroll-$(date +%s)"
mkdir -p "$work/hub" "$work/sandbox"
cp -r "$root/config" "$work/sandbox/"
cp -r "$root/config" "$root/routes" "$work/hub/"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

sport="$(free_port)"
hport="$(free_port)"
(cd "$work/sandbox" && exec java -Xmx1g -jar "$JAR" --spring.profiles.active=sandbox --hub.sandbox.port="$sport" \
  --hub.sandbox.step-delay="$STEP_DELAY" --hub.sandbox.wallets.KES=1000000000000 --logging.level.root=WARN \
  > "$work/sandbox.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$sport/health"
(cd "$work/hub" && exec java -Xmx"$HUB_HEAP" -jar "$JAR" --server.port="$hport" --hub.sandbox.enabled=false \
  --hub.kotani.base-url="http://127.0.0.1:$sport" --hub.kotani.public-base-url="http://127.0.0.1:$hport" \
  --hub.files.dispatch-mode=auto > "$work/hub.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$hport/actuator/health/readiness"

prefix="P5$(date +%s | tail -c 6)"
name="payroll-$prefix.csv"
python3 - "$work/$name" "$ROWS" "$prefix" <<'PY'
import sys
path, rows, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w", newline="") as out:
    out.write("reference,amount,currency,method,phone,network,name,narration\r\n")
    for i in range(1, rows + 1):
        # one row in fifty to the sandbox's insufficient-funds number (§21): it fails, the others succeed
        phone = "+254700000010" if i % 50 == 0 else "+25471%07d" % (i % 2000)
        amount = str(100 + i % 900) + (".50" if i % 4 == 0 else "")
        out.write(f'{prefix}-{i},{amount},KES,mobile_money,{phone},MPESA,"Employee, No {i % 2000}",Salary\r\n')
PY
echo "== P5: $ROWS-row KES mobile-money payroll, auto mode; sandbox :$sport default rate limits, step delay $STEP_DELAY; hub :$hport (H2); load $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$work/hub/data/inbox"
start=$(date +%s.%N)
mv "$work/$name" "$work/hub/data/inbox/$name"
result="$work/hub/data/outbox/payroll-$prefix.result.csv"
for _ in $(seq 1 7200); do [ -f "$result" ] && break; sleep 0.5; done
end=$(date +%s.%N)
[ -f "$result" ] || { echo "no result file after 60 min; logs in $work" >&2; exit 1; }
curl -sf "http://127.0.0.1:$sport/sandbox/transactions" > "$work/transactions.json"
curl -sf "http://127.0.0.1:$sport/sandbox/rate-limits" > "$work/rate-limits.json"
echo "start=$start end=$end" > "$work/times.txt"
echo "logs and figures in $work"
grep -h "dispatch mode" "$work/hub.log" | tail -1 || true
python3 - "$result" "$work/transactions.json" "$work/rate-limits.json" "$ROWS" "$prefix" "$start" "$end" <<'PY' | tee "$work/bench.txt"
import csv, json, sys
result, txns, limits, rows, prefix, start, end = sys.argv[1:8]
rows = int(rows)
with open(result, newline="") as f:
    reported = {}
    for r in csv.DictReader(f):
        reported.setdefault(r["reference"], []).append(r["status"])
statuses = {}
for v in reported.values():
    for s in v:
        statuses[s] = statuses.get(s, 0) + 1
twice = [k for k, v in reported.items() if len(v) != 1]
missing = [f"{prefix}-{i}" for i in range(1, rows + 1) if f"{prefix}-{i}" not in reported]
t = json.load(open(txns))["transactions"]
mine = [x for x in t if x["reference"].startswith(prefix + "-")]
bad = [x["reference"] for x in mine if x["createCalls"] != 1 or x.get("bulkCreateRequests", 0) != 1]
bulk = sum(1 for x in mine if "bulk" in x["type"])
limits = json.load(open(limits))
# {"allowed": n, "refused": n, "endpoints": [{"endpoint", "allowed", "refused", "peakBurst", "burstLimit", ...}]}
refused = limits["refused"]
endpoints = limits["endpoints"]
if refused != sum(e["refused"] for e in endpoints):
    sys.exit("the sandbox's rate-limit view does not add up: " + json.dumps(limits))
elapsed = float(end) - float(start)
projected = rows / 60.0
print(f"rows in result file: {len(reported)} of {rows} (missing {len(missing)}, reported more than once {len(twice)}); statuses {statuses}")
print(f"sandbox: {len(mine)} transactions for the file, {bulk} through bulk batches; references not created exactly once: {len(bad)}")
print(f"429 answers at the sandbox: {refused} ({limits['allowed']} calls allowed)")
for e in endpoints:
    print(f"  {e['endpoint']}: {e['allowed']} allowed, {e['refused']} refused; fullest windows "
          f"{e.get('peakBurst', '-')}/{e.get('burstLimit', '-')} per {e.get('burstWindowSeconds', '-')} s, "
          f"{e.get('peakSustained', '-')}/{e.get('sustainedLimit', '-')} per {e.get('sustainedWindowSeconds', '-')} s")
print(f"end-to-end (file in inbox -> result file): {elapsed/60:.1f} min ({elapsed:.0f} s)")
print(f"per-payment mode at the same limits (one create call per row, 60 per minute): >= {projected:.1f} min")
failures = []
if missing or twice or len(reported) != rows:
    failures.append(f"result file: {len(missing)} rows missing, {len(twice)} reported more than once, "
                    f"{len(reported)} references for {rows} rows (e.g. {(missing + twice)[:5]})")
if bad or len(mine) != rows:
    failures.append(f"sandbox: {len(mine)} transactions for {rows} rows, {len(bad)} not created exactly once "
                    f"(e.g. {bad[:5]})")
if bulk != rows:
    failures.append(f"auto mode sent {rows - bulk} rows outside Kotani bulk batches")
if refused != 0:
    failures.append(f"{refused} answers 429 at the sandbox (must be 0)")
for f in failures:
    print("FAILED: " + f, file=sys.stderr)
print("P5 " + ("FAILED" if failures else "PASSED"))
sys.exit(1 if failures else 0)
PY
