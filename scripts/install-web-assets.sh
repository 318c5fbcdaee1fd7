#!/bin/sh
# The graph library of the web UI, from the npm registry at an exact version, copied into the
# package's static folder (src/reftel/web/static/vendor/, ignored by git) where the web app
# serves it. Idempotent: does nothing when that exact version is in place already.
set -eu
CYTOSCAPE_VERSION=3.35.0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENDOR="$ROOT/src/reftel/web/static/vendor"
STAMP="$VENDOR/cytoscape-$CYTOSCAPE_VERSION.stamp"
if [ -f "$STAMP" ] && [ -f "$VENDOR/cytoscape.min.js" ]; then
    exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "error: npm is required (apt-get install -y npm)" >&2; exit 1; }
WORK="$ROOT/build/npm"
mkdir -p "$WORK" "$VENDOR"
npm install --prefix "$WORK" --no-save --no-audit --no-fund --ignore-scripts \
    "cytoscape@$CYTOSCAPE_VERSION"
cp "$WORK/node_modules/cytoscape/dist/cytoscape.min.js" "$VENDOR/cytoscape.min.js"
cp "$WORK/node_modules/cytoscape/LICENSE" "$VENDOR/cytoscape.LICENSE"
rm -f "$VENDOR"/cytoscape-*.stamp
touch "$STAMP"
