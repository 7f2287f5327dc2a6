#!/usr/bin/env bash
# The Python package's tests (python/tests, pytest) against the Java pool on RabbitMQ, installed as a user
# installs it here: Debian's python3, a venv with --system-site-packages (pika and pytest from apt),
# `pip install --no-build-isolation ./python` (no PyPI on these machines).
#
#   scripts/python-test.sh [PYTEST ARGS...]     # e.g. -k executor, or tests/test_worker.py
#
# Needs: the jars (mvn -q -B -ntp -DskipTests package); apt packages python3-pika python3-pytest
# python3-setuptools python3-venv; the broker in RABBITMQ_URI (default the local guest account). The broker
# restart test starts its own private node (scripts/rabbit-node.sh, pyrestart on 127.0.0.1:5711).
set -euo pipefail
cd "$(dirname "$0")/.."
export RABBITMQ_URI=${RABBITMQ_URI:-amqp://guest:guest@127.0.0.1:5672/%2F}
for jar in worker/target/warren-worker.jar; do
  [ -f "$jar" ] || { echo "python-test: $jar is missing: run mvn -q -B -ntp -DskipTests package" >&2; exit 2; }
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 -m venv --system-site-packages "$WORK/venv"
# --no-index: pika is already there (apt); never reach for a package index
"$WORK/venv/bin/pip" install -q --no-build-isolation --no-index ./python
cd python
export TMPDIR=$WORK
"$WORK/venv/bin/python" -c 'import warren, sys; print("python-test: warren", warren.__version__, "from", warren.__file__, "on Python", sys.version.split()[0])'
rc=0
"$WORK/venv/bin/python" -m pytest -p no:cacheprovider -q -rfE "$@" || rc=$?
if [ $rc -ne 0 ]; then
  for log in "$WORK"/warren-pytest-*.log; do
    [ -f "$log" ] && { echo "--- last lines of $(basename "$log")"; tail -40 "$log"; }
  done
fi
exit $rc
