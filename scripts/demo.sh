#!/usr/bin/env bash
# The main job, offline: start a local registry with sample images (standing in for Docker Hub and GHCR
# through a mirror configured in examples/shipshape.yaml) and run `shipshape check` on examples/.
# Extra arguments go to `shipshape check` (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."

SHIPSHAPE_SKIP_DOCKERD=1 bash scripts/provision.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
[ -f dist/cli/bin.js ] && [ -z "$(find src -newer dist/cli/bin.js -name '*.ts' -print -quit)" ] || npm run build >/dev/null

export DEMO_PORT="${DEMO_PORT:-5055}"
log="$(mktemp)"
node --import tsx scripts/demo-registry.ts >"$log" 2>&1 &
registry_pid=$!
trap 'kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  grep -q '^http://' "$log" && break
  kill -0 "$registry_pid" 2>/dev/null || { cat "$log" >&2; echo "demo: the registry did not start" >&2; exit 1; }
  sleep 0.5
done
grep -q '^http://' "$log" || { cat "$log" >&2; echo "demo: the registry did not start in time" >&2; exit 1; }
echo "demo: sample registry on $(head -1 "$log") (mirror for docker.io and ghcr.io)" >&2

set +e
node dist/cli/bin.js check examples --no-store "$@"
status=$?
set -e
# 0 = all resolved; 1 = --fail-on tripped. Anything else is a failure of the demo.
[ "$status" -le 1 ] || exit "$status"
