#!/usr/bin/env bash
# A private RabbitMQ node beside the machine's own (rabbit@localhost on 5672), for tests that stop,
# restart or cluster a broker without touching the shared one. Uses the installed rabbitmq-server.
#
#   scripts/rabbit-node.sh start NAME PORT     # node NAME@localhost, AMQP on 127.0.0.1:PORT, dist on PORT+20000
#   scripts/rabbit-node.sh stop NAME           # stop the node (its data stays: a restart keeps durable queues)
#   scripts/rabbit-node.sh start-app NAME | stop-app NAME   # rabbitmqctl start_app/stop_app (the node keeps running)
#   scripts/rabbit-node.sh join NAME SEED      # reset NAME and cluster it with SEED (stop_app, reset,
#                                              #   join_cluster SEED@localhost, start_app); never the shared node
#   scripts/rabbit-node.sh ctl NAME ARGS...    # rabbitmqctl against the node
#   scripts/rabbit-node.sh queues NAME ARGS... # rabbitmq-queues against the node (e.g. quorum_status Q)
#   scripts/rabbit-node.sh wipe NAME           # stop and delete its data
#
# State lives in ${WARREN_NODE_DIR:-/tmp/warren-nodes}/NAME (owned by the rabbitmq user, which the
# server runs as). Every node shares the machine's Erlang cookie, so nodes can be clustered.
set -euo pipefail
BASE=${WARREN_NODE_DIR:-/tmp/warren-nodes}
cmd=${1:?usage: rabbit-node.sh start|stop|start-app|stop-app|join|ctl|queues|wipe NAME [PORT|ARGS]}
name=${2:?node name}
dir=$BASE/$name
envf=$dir/env.conf
ctl() { RABBITMQ_CONF_ENV_FILE=$envf rabbitmqctl -n "$name@localhost" "$@"; }

case $cmd in
  start)
    port=${3:?AMQP port}
    mkdir -p "$dir"
    cat >"$envf" <<EOF
NODENAME=$name@localhost
NODE_PORT=$port
DIST_PORT=$((port + 20000))
MNESIA_BASE=$dir/mnesia
LOG_BASE=$dir/log
PID_FILE=$dir/pid
ENABLED_PLUGINS_FILE=$dir/plugins
CONFIG_FILE=$dir/rabbitmq.conf
ERL_EPMD_ADDRESS=127.0.0.1
EOF
    printf 'listeners.tcp.local = 127.0.0.1:%s\nloopback_users = none\n' "$port" >"$dir/rabbitmq.conf"
    echo "[]." >"$dir/plugins"
    chown -R rabbitmq:rabbitmq "$dir" 2>/dev/null || true
    if ! ctl status >/dev/null 2>&1; then
      RABBITMQ_CONF_ENV_FILE=$envf rabbitmq-server -detached
    fi
    for _ in $(seq 1 90); do ctl await_startup --timeout 5 >/dev/null 2>&1 && break; sleep 1; done
    ctl await_startup --timeout 30 >/dev/null
    echo "rabbit-node: $name@localhost up on 127.0.0.1:$port"
    ;;
  stop) ctl stop >/dev/null 2>&1 || true ;;
  start-app) ctl start_app ;;
  stop-app) ctl stop_app ;;
  join)
    seed=${3:?seed node name}
    if [ "$seed" = rabbit ] || [ "$name" = rabbit ]; then
      echo "rabbit-node: refusing to cluster with the machine's shared node rabbit@localhost" >&2; exit 2
    fi
    ctl stop_app >/dev/null
    ctl reset >/dev/null
    ctl join_cluster "$seed@localhost" >/dev/null
    ctl start_app >/dev/null
    ctl await_startup --timeout 60 >/dev/null
    echo "rabbit-node: $name@localhost joined $seed@localhost"
    ;;
  ctl) shift 2; ctl "$@" ;;
  queues) shift 2; RABBITMQ_CONF_ENV_FILE=$envf rabbitmq-queues -n "$name@localhost" "$@" ;;
  wipe) if [ -d "$dir" ]; then ctl stop >/dev/null 2>&1 || true; rm -rf "$dir"; fi ;;
  *) echo "rabbit-node: unknown command $cmd" >&2; exit 2 ;;
esac
