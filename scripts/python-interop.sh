#!/usr/bin/env bash
# Proves the protocol across languages, against a real broker, with the Python package (python/):
#   1. a plain pika producer (python/warren_client.py) checks the Java worker pool against docs/protocol.md;
#   2. warren.Worker checked the same way, plus redelivery, WorkerCrashed, ReplyQueueMissing and drains;
#   3. the Java producer (the warren CLI) served by warren.Worker, and warren.Executor by it.
# These are the pytest cases marked `interop` (python/tests/test_java_pool_protocol.py, test_worker.py);
# scripts/python-test.sh runs them with the rest of the package's tests. Needs the jars
# (mvn -DskipTests package) and Debian's python3-pika, python3-pytest, python3-setuptools, python3-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
export RABBITMQ_URI=${RABBITMQ_URI:-${WARREN_BROKER_URI:-amqp://guest:guest@127.0.0.1:5672/%2F}}
exec bash scripts/python-test.sh -m interop "$@"
