#!/usr/bin/env bash
# File-drop benchmark (not part of `mvn verify`): for each size, a generated payout CSV goes through a hub started
# with its Kotani throttle off, against a sandbox in its own JVM with rate limits off; prints rows/second and peak
# memory, and the raw request rate of the sandbox's create endpoint measured by a load generator in the same run.
#
#   bench/run.sh                      # 10k, 100k and 1M rows
#   bench/run.sh 10000 100000         # chosen sizes
#   HUB_HEAP=256m bench/run.sh 1000000
#   WEBHOOKS=signed bench/run.sh 100000   # statuses from: off (polling only), signed (the sandbox signs its webhooks
#                                         # to the hub), or "off signed" (the default: both, one after the other)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
HUB_HEAP="${HUB_HEAP:-256m}"
SANDBOX_HEAP="${SANDBOX_HEAP:-4g}"
MVN_FLAGS="${MVN_FLAGS:--o}"
# extra JVM options for the hub, e.g. HUB_JAVA_OPTS=-XX:StartFlightRecording=filename=target/bench/hub.jfr to profile
HUB_JAVA_OPTS="${HUB_JAVA_OPTS:-}"
WEBHOOKS="${WEBHOOKS:-off signed}"

mvn -B -q $MVN_FLAGS test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
# A snapshot of the compiled classes, so that a build during a long run cannot change them under the JVMs.
rm -rf target/bench/classes && mkdir -p target/bench/classes
cp -r target/classes target/bench/classes/main && cp -r target/test-classes target/bench/classes/test
CP="target/bench/classes/main:target/bench/classes/test:$(cat target/bench-classpath.txt)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p target/bench

for size in "${sizes[@]}"; do
for webhooks in $WEBHOOKS; do
  work="target/bench/run-$size-$webhooks-$(date +%s)"
  mkdir -p "$work"
  # off: the sandbox sends no webhook (no secret), the hub learns every status by polling; signed: its default secret
  secret=()
  [ "$webhooks" = signed ] || secret=(--hub.sandbox.webhook-secret=)
  java -Xmx"$SANDBOX_HEAP" -cp "$CP" io.kotanihub.KotaniHubApplication --spring.profiles.active=sandbox \
    --hub.sandbox.port="$PORT" --hub.sandbox.rate-limits.enabled=false --hub.sandbox.settle-delay=200ms \
    --hub.sandbox.step-delay=50ms --hub.sandbox.wallets.KES=1000000000000 "${secret[@]}" --logging.level.root=WARN \
    > "$work/sandbox.log" 2>&1 &
  sandbox_pid=$!
  trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  java -Xmx"$HUB_HEAP" $HUB_JAVA_OPTS -cp "$CP" io.kotanihub.bench.FileDropBenchmark --rows="$size" \
    --sandbox="http://127.0.0.1:$PORT" --work="$work" --webhooks="$webhooks" | tee "$work/bench.log" | grep -v '^\s*$' || true
  kill "$sandbox_pid" 2>/dev/null || true
  wait "$sandbox_pid" 2>/dev/null || true
  trap - EXIT
done
done
