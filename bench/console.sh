#!/usr/bin/env bash
# Console benchmark (not part of `mvn verify`): fills a ledger with 1,000,000 payments (INSERT ... SELECT from a
# generated series) on H2 and on PostgreSQL and times every console data call over HTTP.
#
#   bench/console.sh                  # h2 and postgres, 1,000,000 payments
#   bench/console.sh h2 200000        # one database, a chosen size
set -euo pipefail
cd "$(dirname "$0")/.."
dbs=("${1:-h2}")
[ $# -gt 0 ] || dbs=(h2 postgres)
ROWS="${2:-1000000}"
COMPANIONS="${3:-$ROWS}"
HUB_HEAP="${HUB_HEAP:-1g}"
MVN_FLAGS="${MVN_FLAGS:--o}"
mvn -B -q $MVN_FLAGS test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
rm -rf target/bench/console-classes && mkdir -p target/bench/console-classes
cp -r target/classes target/bench/console-classes/main && cp -r target/test-classes target/bench/console-classes/test
CP="target/bench/console-classes/main:target/bench/console-classes/test:$(cat target/bench-classpath.txt)"
for db in "${dbs[@]}"; do
  work="target/bench/console-$db"
  mkdir -p "$work"
  java -Xmx"$HUB_HEAP" -cp "$CP" io.kotanihub.bench.ConsoleBenchmark --db="$db" --rows="$ROWS" --companions="$COMPANIONS" --work="$work" \
    | tee "target/bench/console-$db.log"
done
