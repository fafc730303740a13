#!/usr/bin/env bash
# Run a command, and start it again whenever it stops, until this script is asked to stop.
#   bash scripts/supervise.sh .venv/bin/accord worker --interval 2
# SIGTERM or SIGINT is passed on to the command, which finishes what it is doing; then this
# script ends. Restarts wait 1 s, then twice as long each time up to 30 s, and 1 s again after
# a run that lasted over a minute. `make run` supervises the task worker with it; production
# uses systemd (deploy/systemd/).
set -uo pipefail
first=${SUPERVISE_FIRST_DELAY:-1}
most=${SUPERVISE_MAX_DELAY:-30}
child=""
sleeper=""

stop() {
  trap - TERM INT
  [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null
    wait "$child"
  fi
  exit 0
}
trap stop TERM INT

pause=$first
while true; do
  started=$SECONDS
  "$@" &
  child=$!
  wait "$child"
  status=$?
  child=""
  if ((SECONDS - started > 60)); then
    pause=$first
  fi
  echo "$(date '+%F %T') supervise: $1 stopped (exit status $status); starting it again in ${pause} s." >&2
  sleep "$pause" &
  sleeper=$!
  wait "$sleeper"
  sleeper=""
  pause=$((pause * 2 > most ? most : pause * 2))
done
