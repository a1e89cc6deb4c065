#!/usr/bin/env bash
# The end-to-end test of the classroom page (brainsim serve) in headless
# Chromium: installs Debian's chromium and chromium-driver if they are
# missing, then runs live's TestBrowser, which is skipped unless
# BRAINSIM_BROWSER=1. Safe to run again: apt-get installs nothing twice.
# Screenshots go to $BRAINSIM_SCREENSHOTS if set (else a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "== installing chromium and chromium-driver"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-liberation >/dev/null
fi
chromium --version 2>/dev/null # its wrapper script may complain on stderr

echo "== browser test (headless Chromium)"
BRAINSIM_BROWSER=1 go test -race -count=1 -run '^TestBrowser$' -v ./live/
