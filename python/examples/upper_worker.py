#!/usr/bin/env python3
"""A warren worker in Python serving ``py.upper`` (a string -> the string upper-cased, declared as the Java
input type ``java.lang.String``) on the queue given as argument, until SIGTERM or SIGINT (then it drains).

    python3 python/examples/upper_worker.py warren.py --uri amqp://guest:guest@localhost:5672/%2F
    java -jar cli/target/warren.jar submit py.upper '"hello"'        # with WARREN_QUEUE=warren.py: "HELLO"
"""
import argparse
import logging
import sys

import warren


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("queue", help="the task queue, e.g. warren.tasks")
    ap.add_argument("--uri", help="broker URI (default: $WARREN_BROKER_URI, $RABBITMQ_URI, local guest)")
    ap.add_argument("--name", help="this worker's name in replies (default py-worker-<pid>)")
    ap.add_argument("--prefetch", type=int, default=1)
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("pika").setLevel(logging.WARNING)
    worker = warren.Worker(a.uri, a.queue, name=a.name, prefetch=a.prefetch)

    @worker.task("py.upper", input_type="java.lang.String")
    def upper(text: str) -> str:
        return text.upper()

    worker.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
