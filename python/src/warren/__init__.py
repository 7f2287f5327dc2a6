"""warren for Python: a ``concurrent.futures.Executor`` over a warren worker pool, and a worker.

    import warren
    with warren.Executor() as executor:           # instead of ProcessPoolExecutor()
        for f in concurrent.futures.as_completed([executor.submit("cube", n) for n in range(10)]):
            print(f.result())

The wire protocol is docs/protocol.md (version 1); the only dependency is pika.
"""
import logging

from .errors import BrokerUnavailableError, PublishError, RemoteError, WarrenError
from .executor import Executor
from .worker import Worker

logging.getLogger("warren").addHandler(logging.NullHandler())  # a library logs only where the application says

__version__ = "0.1.0"
PROTOCOL_VERSION = 1

__all__ = ["Executor", "Worker", "RemoteError", "PublishError", "BrokerUnavailableError", "WarrenError",
           "PROTOCOL_VERSION", "__version__"]
