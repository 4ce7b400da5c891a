#!/usr/bin/env bash
# Builds and serves Kleroterion with demo data on SQLite:
#   ./scripts/run.sh            debug build (shares the test suite's build)
#   ./scripts/run.sh --release  optimised build
# The database lives in data/kleroterion.db; delete it to start afresh.
# Mail (sign-up links, notifications) is kept as files in data/mail/ unless
# KLEROTERION_SENDMAIL names a real sendmail.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-tools.sh
./scripts/build.sh "$@"
profile=debug
[ "${1:-}" = "--release" ] && profile=release
export KLEROTERION_DEMO="${KLEROTERION_DEMO:-1}"
export DATABASE_URL="${DATABASE_URL:-sqlite://data/kleroterion.db?mode=rwc}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export KLEROTERION_SENDMAIL="${KLEROTERION_SENDMAIL:-$PWD/scripts/keep-mail.sh $PWD/data/mail}"
echo "Kleroterion on http://$LEPTOS_SITE_ADDR (Ctrl-C to stop); mail kept in data/mail/"
exec "target/$profile/kleroterion"
