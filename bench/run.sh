#!/usr/bin/env bash
# Benchmarks (never part of the test run): JMH on the core's hot paths, then the load driver against
# real servers on loopback (and pgbench for the database-bound limit). Writes
# latchkey-bench/results/<date>-<commit>.{json,md}. About 32 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -Pbench -DskipTests -pl latchkey-bench -am package
classpath="latchkey-bench/target/classes:$(cat latchkey-bench/target/classpath.txt)"
stamp="$(date -u +%Y-%m-%d)-$(git rev-parse --short HEAD)"
mkdir -p latchkey-bench/results

java -cp "$classpath" org.openjdk.jmh.Main dev.latchkey.bench.jmh \
    -f 1 -wi 2 -w 1s -i 3 -r 1s -t 1 -prof gc -rf json -rff "latchkey-bench/results/$stamp-jmh.json"

java -Xmx512m -cp "$classpath" dev.latchkey.bench.load.LoadDriver \
    --classpath "$classpath" --jmh "latchkey-bench/results/$stamp-jmh.json" \
    --out "latchkey-bench/results/$stamp"
