#!/usr/bin/env bash
# Install Debian's PostgreSQL server binaries (initdb, pg_ctl) if they are missing. Idempotent and quiet.
# The tests start their own throw-away cluster on a temporary directory; nothing is started here.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || command -v initdb > /dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql > /dev/null
