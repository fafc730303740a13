#!/usr/bin/env bash
# Serve Accord for `make run`: the web server and, beside it, the background task worker.
# Ctrl-C stops both cleanly.
set -euo pipefail
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
BIN=.venv/bin
LOG_DIR=${ACCORD_VAR_DIR:-var}
mkdir -p "$LOG_DIR"

$BIN/accord collectstatic --no-input -v0
echo
$BIN/accord demo_logins
echo

# Each process runs in its own session, so Ctrl-C at the terminal reaches only this script; the
# trap below then asks each of them once (SIGTERM) to finish what it is doing and stop.
# The task worker runs under scripts/supervise.sh, which starts it again if it ever stops.
setsid bash scripts/supervise.sh $BIN/accord worker --interval 2 >>"$LOG_DIR/worker.log" 2>&1 &
WORKER=$!
# --preload: the app (and discovery's model and index) is loaded once, shared by both workers.
ACCORD_WARM_DISCOVERY=true setsid $BIN/gunicorn accord.wsgi --preload --bind "$HOST:$PORT" \
  --workers 2 --threads 4 \
  --access-logfile - --error-logfile - --timeout 30 --graceful-timeout 5 &
WEB=$!

stop() {
  local status=${1:-0}
  trap - INT TERM
  echo
  echo "Stopping Accord..."
  kill -TERM "$WEB" "$WORKER" 2>/dev/null || true
  wait "$WEB" "$WORKER" 2>/dev/null || true
  # A task worker left behind by a supervisor that was itself killed is still in its group.
  kill -TERM -- -"$WORKER" 2>/dev/null || true
  echo "Stopped."
  exit "$status"
}
trap 'stop 0' INT TERM
echo "Accord is running at http://$HOST:$PORT/ (press Ctrl-C to stop; worker log: $LOG_DIR/worker.log)."
echo "Links in e-mails and on signing certificates start with ${ACCORD_BASE_URL:-http://127.0.0.1:8000}."
if [ "${ACCORD_EMAIL:-console}" = file ]; then
  echo "The e-mails Accord sends are written under $LOG_DIR/mail/, one file each."
fi
# Either process ending on its own (e.g. the port is taken) is a failure: stop the other one too.
wait -n "$WEB" "$WORKER" || true
echo "Accord's web server or task worker stopped unexpectedly (see the messages above)." >&2
stop 1
