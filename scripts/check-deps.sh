#!/usr/bin/env bash
# Proves that what a service embeds stays thin: warren-producer's compile (and so runtime) class path holds
# warren-common, amqp-client and Jackson, and only their own dependencies (slf4j-api, jackson-core,
# jackson-annotations). Anything else — Qpid, the example tasks, picocli, Micronaut — fails the check.
# Optional dependencies (marked "(optional)" in the tree, with everything they bring) never reach a service's class
# path through warren-producer: Maven does not pass them on. Only the OpenTelemetry API and Micrometer may be
# optional (the producer's spans and metrics, used only when the application has them; docs/architecture.md).
# Usage: scripts/check-deps.sh [extra mvn args, e.g. -o]. Builds nothing; reads `mvn dependency:tree`.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed=(
  dev.warren:warren-common
  com.rabbitmq:amqp-client
  com.fasterxml.jackson.core:jackson-databind
  com.fasterxml.jackson.core:jackson-core
  com.fasterxml.jackson.core:jackson-annotations
  org.slf4j:slf4j-api
)
allowed_optional=(
  io.opentelemetry:opentelemetry-api
  io.opentelemetry:opentelemetry-context
  io.opentelemetry:opentelemetry-common
  io.micrometer:micrometer-core
  io.micrometer:micrometer-commons
  io.micrometer:micrometer-observation
  org.hdrhistogram:HdrHistogram
  org.latencyutils:LatencyUtils
)
required=(dev.warren:warren-common com.rabbitmq:amqp-client com.fasterxml.jackson.core:jackson-databind)

out=producer/target/compile-deps.txt
mkdir -p producer/target
rm -f "$out"
# -am: warren-common comes from this checkout's reactor, nothing needs to be installed in ~/.m2.
# outputFile is relative to each module's directory, so producer's tree lands in producer/target.
mvn -q -B -ntp "$@" dependency:tree -pl producer -am -Dscope=compile -DoutputFile=target/compile-deps.txt \
  -DappendOutput=false
[ -s "$out" ] || { echo "check-deps: no dependency tree written to $out" >&2; exit 1; }

# lines look like "+- group:artifact:jar:version:compile"; the first line is warren-producer itself.
# Maven marks an optional dependency and each of its own dependencies "(optional)".
found=$(tail -n +2 "$out" | grep -v '(optional)$' | sed -E 's/^[-+|\\ ]+//' | cut -d: -f1,2 | sort -u)
optional=$(tail -n +2 "$out" | grep '(optional)$' | sed -E 's/^[-+|\\ ]+//' | cut -d: -f1,2 | sort -u)
status=0
for dep in $optional; do
  ok=0
  for a in "${allowed_optional[@]}"; do [ "$dep" = "$a" ] && ok=1; done
  if [ $ok -eq 0 ]; then echo "check-deps: warren-producer must not depend on $dep, even optionally" >&2; status=1; fi
done
for dep in $found; do
  ok=0
  for a in "${allowed[@]}"; do [ "$dep" = "$a" ] && ok=1; done
  if [ $ok -eq 0 ]; then echo "check-deps: warren-producer must not depend on $dep" >&2; status=1; fi
done
for r in "${required[@]}"; do
  grep -qx "$r" <<<"$found" || { echo "check-deps: expected dependency $r is missing" >&2; status=1; }
done
if [ $status -eq 0 ]; then
  echo "check-deps: warren-producer's compile class path is $(tr '\n' ' ' <<<"$found")"
  echo "check-deps: optional (never passed on): $(tr '\n' ' ' <<<"$optional")"
else
  echo "check-deps: the tree was:" >&2; cat "$out" >&2
fi
exit $status
