#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (never `playwright install`).
set -euo pipefail
CHROMIUM=${ACCORD_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "${CI:-}" = "true" ] || [ "${ACCORD_INSTALL_CHROMIUM:-}" = "1" ]; then
  echo "Installing Chromium with apt-get for the browser tests..."
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium is missing at $CHROMIUM: the browser tests need it." >&2
echo "Install it with: sudo apt-get install -y chromium   (or run with CI=true to do it for you)" >&2
exit 1
