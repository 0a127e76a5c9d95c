#!/usr/bin/env bash
# The one command that runs every test on a fresh Debian machine:
# provision (Debian packages, dockerd) → npm ci → build → lint → unit + integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/provision.sh

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ "${CI:-}" = true ]; then
  npm ci --no-audit --no-fund
fi

npm run build
npm run typecheck
npm run lint
npm run format:check
results="$(mktemp)"
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json="$results"
status=$?
set -e
# One plain closing line for CI: "N passed, N failed, N skipped".
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$results" || true
rm -f "$results"
exit "$status"
