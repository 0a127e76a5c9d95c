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
npx vitest run --reporter=default
