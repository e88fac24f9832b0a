#!/usr/bin/env bash
# Shared Kotani budget benchmark (not part of `mvn verify`): for each count, that many hub processes (the real jar,
# profile postgres, their own ports and working folders) on one fresh PostgreSQL database, and one sandbox process
# with its DEFAULT rate limits; SharedBudgetBenchmark sends 600 REST payments spread over the hubs and reports the
# sandbox's 429s, the fullest windows of create calls and the rate achieved against the limit (60 per minute).
#
#   bench/shared-budget.sh            # 2, then 3 hub processes
#   bench/shared-budget.sh 3          # chosen counts
#   PAYMENTS=600 HUB_HEAP=384m PGURL=jdbc:postgresql://127.0.0.1:5432 PGUSER=postgres bench/shared-budget.sh
#   MVN=/path/to/mvn-wrapper JAR=/tmp/copy.jar bench/shared-budget.sh 3   # another Maven command; a copy of the jar
# Needs target/kotani-hub.jar (mvn -o -B -q -DskipTests package) and psql; PostgreSQL with trust or PGPASSWORD.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(2 3)
PAYMENTS="${PAYMENTS:-600}"
HUB_HEAP="${HUB_HEAP:-384m}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER
MVN_FLAGS="${MVN_FLAGS:--o}"
MVN="${MVN:-mvn}"
JAR="$(realpath -m "${JAR:-target/kotani-hub.jar}")"
[ -f "$JAR" ] || { echo "build the jar first: mvn -o -B -q -DskipTests package" >&2; exit 2; }

"$MVN" -B -q $MVN_FLAGS test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
rm -rf target/bench/shared-classes-$$ && mkdir -p target/bench/shared-classes-$$
cp -r target/test-classes target/bench/shared-classes-$$/test && cp -r target/classes target/bench/shared-classes-$$/main
CP="target/bench/shared-classes-$$/main:target/bench/shared-classes-$$/test:$(cat target/bench-classpath.txt)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 360); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }

status=0
for count in "${counts[@]}"; do
  work="$root/target/bench/shared-$count-$(date +%s)"
  mkdir -p "$work"
  db="kotanihub_bench_$(date +%s)_$count"
  psql -q -d postgres -c "create database $db" >/dev/null
  pids=()
  cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; }
  trap cleanup EXIT
  sport="$(free_port)"
  java -Xmx1g -jar "$JAR" --spring.profiles.active=sandbox --hub.sandbox.port="$sport" \
    --hub.sandbox.wallets.KES=1000000000000 --logging.level.root=WARN > "$work/sandbox.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$sport/health"
  hubs=""
  for i in $(seq 1 "$count"); do
    port="$(free_port)"
    dir="$work/hub$i"
    mkdir -p "$dir"
    cp -r "$root/config" "$root/routes" "$dir/"
    (cd "$dir" && HUB_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" HUB_DB_USER="$PGUSER" \
      exec java -Xmx"$HUB_HEAP" -jar "$JAR" --spring.profiles.active=postgres --server.port="$port" \
        --hub.sandbox.enabled=false --hub.kotani.base-url="http://127.0.0.1:$sport" \
        --hub.kotani.public-base-url="http://127.0.0.1:$port" > "$dir/hub.log" 2>&1) &
    pids+=($!)
    hubs="${hubs:+$hubs,}http://127.0.0.1:$port"
    # the first creates the schema (Flyway) before the others start
    [ "$i" -gt 1 ] || wait_for "http://127.0.0.1:$port/actuator/health/readiness"
  done
  for hub in ${hubs//,/ }; do wait_for "$hub/actuator/health/readiness"; done
  echo "== $count hub processes ($hubs), sandbox :$sport with its default rate limits, database $db, load $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$CP" io.kotanihub.bench.SharedBudgetBenchmark --hubs="$hubs" --sandbox="http://127.0.0.1:$sport" \
    --payments="$PAYMENTS" | tee "$work/bench.log" || status=1
  grep -h "Kotani throttle: budget" "$work"/hub*/hub.log | sort | uniq -c | tee -a "$work/bench.log"
  echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/bench.log"
  cleanup
  trap - EXIT
  psql -q -d postgres -c "drop database $db" >/dev/null || true
done
exit $status
