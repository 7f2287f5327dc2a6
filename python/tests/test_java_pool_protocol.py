"""A plain pika producer (python/warren_client.py) checks the Java pool against docs/protocol.md."""
import pytest

from protocol_cases import COMMON, Checks
from warren_client import WarrenClient

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def c(java_pool):
    client = WarrenClient(java_pool.uri, java_pool.queue)
    yield Checks(client)
    client.close()


def test_cube_3_is_27(c):
    c.ok("cube", 3, 27)


def test_pipelined_cubes_each_get_their_reply(c):
    ids = [c.client.submit("cube", n, input_type="java.lang.Integer") for n in range(2, 7)]
    assert [c.client.wait(i, c.timeout).result() for i in ids] == [8, 27, 64, 125, 216]


def test_a_chunk_gets_one_reply_of_all_outputs(c):
    c.ok("cube", [2, 3, 4, 5, 6], [8, 27, 64, 125, 216], chunk=5)


def test_fail_raises_illegal_state_exception_with_message_and_stack(c):
    r = c.error("java.lang.IllegalStateException", "fail", "boom from python")
    assert "boom from python" in r.error.message and r.error.stack


def test_another_declared_input_type_is_input_type_mismatch(c):
    c.refused("warren.InputTypeMismatch", "cube", 3, input_type="java.lang.String")


def test_a_string_for_an_integer_is_bad_input_no_coercion(c):
    c.refused("warren.BadInput", "cube", "3")


@pytest.mark.parametrize("name, check", COMMON, ids=[n for n, _ in COMMON])
def test_common_protocol_case(c, name, check):
    check(c, "cube", 3, 27)
