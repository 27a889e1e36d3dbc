#!/usr/bin/env bash
# Install what the browser tests (tests/report/test_browser.py) need on a fresh Debian machine:
# Debian's Chromium at /usr/bin/chromium. Playwright for Python comes with the dev extra
# (pip install -e ".[dev]"); it drives this Chromium, so `playwright install` (a download) is never run.
# Idempotent and quiet: does nothing when Chromium is already there; never fails the calling script
# (without Chromium the browser tests skip and say why).
set -uo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install Chromium yourself (the browser tests will skip)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-browser: not root and no sudo; cannot install Chromium (the browser tests will skip)" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
# another apt run may hold the lock for a while: wait for it rather than fail
if $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq >"$log" 2>&1 \
  && $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium >>"$log" 2>&1; then
  echo "install-browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
else
  echo "install-browser: could not install Chromium (the browser tests will skip); apt said:" >&2
  tail -n 5 "$log" >&2
fi
rm -f "$log"
exit 0
