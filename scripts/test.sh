#!/usr/bin/env bash
# Runs every check of Kleroterion and ends with one line: "N passed, M failed".
#   formatting, module layering (no import cycles), clippy (server native and
#   browser wasm32, -D warnings),
#   unit/property tests, database and HTTP tests on SQLite (and PostgreSQL
#   when TEST_POSTGRES_URL is set), the lottery's wasm-vs-native check, and
#   Playwright journeys in Debian's Chromium at phone and desktop sizes with
#   axe-core on every page.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-tools.sh || { echo "0 passed, 1 failed (tool installation)"; exit 1; }
source scripts/env.sh

logs=$(mktemp -d)
passed=0
failed=0
failures=()

note() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# A step that is one check: it passes or fails as a whole.
check() {
  local name=$1; shift
  note "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}
# Adds the counts of every "test result:" line of a cargo test log.
count_cargo_tests() {
  local p f
  read -r p f < <(awk '/^test result:/ { for (i = 1; i <= NF; i++) {
      if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
    END { print p + 0, f + 0 }' "$1")
  passed=$((passed + p)); failed=$((failed + f))
}

check "rustfmt" cargo fmt --all --check
# No module of a crate may import, directly or through others, a module that
# imports it; in app, nothing reaches back up into the pages or the root.
check "module layering (no import cycles)" python3 scripts/check-module-cycles.py
check "module layering check's own test" python3 scripts/check-module-cycles.py --self-test
check "clippy (native: server, db, domain, lottery, migrations)" \
  cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
# The same target dir as cargo-leptos's browser build, so nothing compiles twice.
check "clippy (wasm32: frontend, draft editor)" \
  cargo clippy -p frontend -p editor --target wasm32-unknown-unknown --target-dir target/front -- -D warnings

note "unit, property, database and HTTP tests${TEST_POSTGRES_URL:+ (SQLite and PostgreSQL)}"
cargo test --workspace --exclude frontend --no-fail-fast 2>&1 | tee "$logs/cargo-test.log"
status=${PIPESTATUS[0]}
count_cargo_tests "$logs/cargo-test.log"
if [ "$status" -ne 0 ] && ! grep -qE '^test result: FAILED' "$logs/cargo-test.log"; then
  failed=$((failed + 1)); failures+=("cargo test (did not build)")
elif [ "$status" -ne 0 ]; then
  failures+=("cargo test")
fi

note "lottery command line (select, verify, both CSV layouts)"
cargo test -p lottery --features cli --test cli 2>&1 | tee "$logs/lottery-cli.log"
count_cargo_tests "$logs/lottery-cli.log"
grep -qE '^test result: ok' "$logs/lottery-cli.log" || { failures+=("lottery cli tests"); grep -qE '^test result' "$logs/lottery-cli.log" || failed=$((failed + 1)); }

check "lottery: wasm32 and native results bit-identical" \
  env CARGO_BUILD_JOBS=2 lottery/tests/wasm_determinism.sh

# Coverage-guided fuzzing, briefly, from the committed seeds (the long run is
# in docs/PERFORMANCE.md). It needs the nightly toolchain and cargo-fuzz.
if cargo +nightly fuzz --version >/dev/null 2>&1; then
  for target in markdown csv_import ledger_json query_strings draft_frames; do
    check "fuzz $target (${FUZZ_SECONDS:-15} s)" ./scripts/fuzz.sh "$target" "${FUZZ_SECONDS:-15}"
  done
else
  note "fuzzing skipped: no nightly toolchain or cargo-fuzz (scripts/install-tools.sh installs cargo-fuzz)"
fi

check "site build (cargo leptos build, then the verifier and the draft editor)" ./scripts/build.sh

note "end-to-end (Playwright, phone and desktop)"
e2e_dir=$(mktemp -d)
# A free port, so that a server left running elsewhere is never tested instead.
port=${E2E_PORT:-3100}
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
# Mail is kept as files in $e2e_dir/mail, where the journeys read it.
DATABASE_URL="sqlite://$e2e_dir/e2e.db?mode=rwc" KLEROTERION_DEMO=1 \
  KLEROTERION_SECRET_KEY_FILE="$e2e_dir/secret.key" \
  KLEROTERION_VAPID_KEY_FILE="$e2e_dir/vapid.key" \
  KLEROTERION_SENDMAIL="$PWD/scripts/keep-mail.sh $e2e_dir/mail" KLEROTERION_MAIL_INTERVAL=1 \
  LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
  ./target/debug/kleroterion >"$logs/e2e-server.log" 2>&1 &
server_pid=$!
mkdir -p docs/screenshots
(cd end2end && BASE_URL="http://127.0.0.1:$port" MAIL_DIR="$e2e_dir/mail" npx playwright test)
e2e_status=$?
results=end2end/test-results/results.json
if [ -f "$results" ]; then
  read -r p f < <(node -e 'const s=require(process.argv[1]).stats; console.log(s.expected + s.flaky, s.unexpected)' "$(pwd)/$results")
  passed=$((passed + p)); failed=$((failed + f))
fi
[ "$e2e_status" -eq 0 ] || { failures+=("end-to-end"); [ -f "$results" ] || failed=$((failed + 1)); }
# Graceful shutdown: SIGTERM stops the server cleanly.
kill -TERM "$server_pid" 2>/dev/null
if wait "$server_pid"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); failures+=("graceful shutdown"); cat "$logs/e2e-server.log"; fi
rm -rf "$e2e_dir"

echo
if [ ${#failures[@]} -gt 0 ]; then printf 'failed: %s\n' "${failures[@]}"; fi
# The failing tests by name, and why, so that a log's tail is enough to act on.
for log in "$logs/cargo-test.log" "$logs/lottery-cli.log"; do
  grep -E '^test .* FAILED$' "$log" | sed 's/^/  /'
  awk '/^---- .* stdout ----$/ { show = 12 } show > 0 { print "    " $0; show-- }' "$log"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failures[@]} -eq 0 ]
