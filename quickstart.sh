#!/usr/bin/env bash
# iotstream quickstart: from a fresh clone (Java 17+ and Maven 3.8+ only) to telemetry in a time-series store.
#
#   ./quickstart.sh                      # everything local, runs until Ctrl-C
#   ./quickstart.sh --duration 60        # stop by itself after 60 s and print a summary
#   ./quickstart.sh --help               # options: --devices, --rate, --broker, --bootstrap-servers, --influx-url ...
#
# It builds the plugin archives (mvn package, tests skipped), then runs dev.iotstream.quickstart.Quickstart, which
# starts a Kafka broker and a distributed Connect worker as child JVMs (Kafka's own mains; the worker loads the plugins
# only from the built archives), HiveMQ CE and QuestDB in its own JVM, everything on 127.0.0.1, installs MQTT source
# -> transforms -> time-series sink through the Connect REST API, and simulates devices. Set QUICKSTART_SKIP_BUILD=1
# to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")"

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "error: '$tool' not found: the quickstart needs Java 17+ and Maven 3.8+" >&2; exit 1; }
done

if [ "${QUICKSTART_SKIP_BUILD:-0}" != 1 ] || [ ! -f quickstart/target/quickstart.classpath ]; then
  echo "Building the plugin archives (mvn package, tests not compiled or run; the first build downloads dependencies) ..."
  mvn -q -B package -Dmaven.test.skip=true
fi

exec java -Xmx2g \
  -Diotstream.repo.root="$PWD" \
  -Diotstream.quickstart.log="$PWD/quickstart/target/quickstart.log" \
  -cp "quickstart/target/classes:$(cat quickstart/target/quickstart.classpath)" \
  dev.iotstream.quickstart.Quickstart "$@"
