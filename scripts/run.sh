#!/usr/bin/env bash
# Builds and serves Kleroterion with demo data on SQLite:
#   ./scripts/run.sh            debug build (shares the test suite's build)
#   ./scripts/run.sh --release  optimised build
# The database lives in data/kleroterion.db; delete it to start afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-tools.sh
source scripts/env.sh
export KLEROTERION_DEMO="${KLEROTERION_DEMO:-1}"
export DATABASE_URL="${DATABASE_URL:-sqlite://data/kleroterion.db?mode=rwc}"
exec cargo leptos serve "$@"
