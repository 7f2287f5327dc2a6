# warren worker image: the supervisor (Micronaut) and its child JVMs in one container.
#
# The jar is built on the host first:   mvn -q -B -DskipTests package
# then:                                 docker build -t warren/worker .
# JRE_IMAGE picks the Java 17+ runtime base (CI substitutes a locally built one).
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}

LABEL org.opencontainers.image.title="warren-worker" \
      org.opencontainers.image.description="warren supervisor and child JVMs consuming the warren.tasks queue"

# A fixed numeric uid so Kubernetes can check runAsNonRoot without looking the name up.
RUN groupadd --gid 10001 warren \
 && useradd --uid 10001 --gid warren --home-dir /app --no-create-home --shell /usr/sbin/nologin warren

WORKDIR /app
COPY worker/target/warren-worker.jar /app/warren-worker.jar

# AppCDS archive for the children: load a child's classes once, without a broker, and
# dump them. The class path must be the same jar path the supervisor passes to its
# children (/app/warren-worker.jar), or the JVM silently ignores the archive.
RUN java -XX:ArchiveClassesAtExit=/app/child.jsa \
        -cp /app/warren-worker.jar dev.warren.worker.child.ChildMain --cds-training \
 && chmod 0444 /app/child.jsa /app/warren-worker.jar

ENV WARREN_CDS_ARCHIVE=/app/child.jsa \
    WARREN_HTTP_PORT=8080

USER 10001:10001
EXPOSE 8080

# Exec form: the JVM is PID 1 and receives SIGTERM directly, which starts the drain
# (children finish their tasks, the supervisor exits 0 within WARREN_DRAIN_TIMEOUT).
# These options size the supervisor only; children take WARREN_CHILD_JVM_OPTIONS.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms32m", "-Xmx192m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/warren-worker.jar"]
