# warren producer CLI image: `warren submit|map|demo|help` against WARREN_BROKER_URI.
# (The benchmarks are not in this image: they are their own jar, bench/target/warren-bench.jar.)
#
# The jar is built on the host first:   mvn -q -B -DskipTests package
# then:                                 docker build -f producer.Dockerfile -t warren/producer .
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}

LABEL org.opencontainers.image.title="warren-producer" \
      org.opencontainers.image.description="warren command line: submits tasks and prints their results"

RUN groupadd --gid 10001 warren \
 && useradd --uid 10001 --gid warren --home-dir /work --no-create-home --shell /usr/sbin/nologin warren

WORKDIR /work
COPY cli/target/warren.jar /app/warren.jar

USER 10001:10001

# Exec form so Ctrl-C / SIGTERM reach the JVM; arguments are the CLI's (e.g. `map cube /work/inputs.jsonl`).
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", "/app/warren.jar"]
