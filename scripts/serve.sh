#!/usr/bin/env bash
# Serve Accord for `make run`: the web server and, beside it, the background task worker.
# Ctrl-C stops both cleanly.
set -euo pipefail
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
BIN=.venv/bin

$BIN/accord collectstatic --no-input -v0
$BIN/accord demo_logins

$BIN/accord db_worker --interval 2 >>var/worker.log 2>&1 &
WORKER=$!
$BIN/gunicorn accord.wsgi --bind "$HOST:$PORT" --workers 2 --threads 4 \
  --access-logfile - --error-logfile - --graceful-timeout 5 &
WEB=$!

stop() {
  trap - INT TERM
  echo
  echo "Stopping Accord..."
  kill -TERM "$WEB" "$WORKER" 2>/dev/null || true
  wait "$WEB" "$WORKER" 2>/dev/null || true
  echo "Stopped."
  exit 0
}
trap stop INT TERM
echo "Accord is running at http://$HOST:$PORT/ (press Ctrl-C to stop)."
wait -n "$WEB" "$WORKER" || true
stop
