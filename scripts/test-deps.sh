#!/usr/bin/env bash
# What the tests need from the system: Debian's Chromium for the browser tests (driven through
# Playwright; never `playwright install`), poppler-utils (pdftotext, pdfinfo) to read the
# PDFs Accord makes, and systemd's `systemd-analyze` to verify the units in deploy/systemd.
# With CI=true they are installed with apt-get; otherwise the script says how.
set -euo pipefail
CHROMIUM=${ACCORD_CHROMIUM:-/usr/bin/chromium}
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "${CI:-}" = "true" ] || [ "${ACCORD_INSTALL_TEST_DEPS:-}" = "1" ]; then
  echo "Installing ${missing[*]} with apt-get for the tests..."
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need ${missing[*]}, which this machine lacks." >&2
echo "Install with: sudo apt-get install -y ${missing[*]}   (or run with CI=true to do it for you)" >&2
exit 1
