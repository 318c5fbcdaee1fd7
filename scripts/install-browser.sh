#!/bin/sh
# Debian's chromium for the browser tests (tests/test_web.py drives it through Playwright with
# executable_path=/usr/bin/chromium, so Playwright's own browser download is never needed).
# Idempotent: does nothing when chromium is already on PATH. Needs root (apt-get).
set -eu
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
