#!/usr/bin/env bash
# Installs what building and testing Kleroterion needs, skipping whatever is
# already there, so that a second run takes seconds. Only crates.io, npm and
# Debian packages are used: nothing downloads binaries at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }

# Rust toolchain and the wasm target (rust-toolchain.toml pins both; rustup
# installs them on first use).
rustup show active-toolchain >/dev/null
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

# cargo-leptos: 0.3.10 is the newest that builds --locked on Rust 1.95.
if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  say "installing cargo-leptos 0.3.10 (about 30 minutes on 2 cores, once per machine)"
  cargo install cargo-leptos --locked --version 0.3.10
fi

# wasm-bindgen-cli must match the wasm-bindgen of Cargo.lock exactly.
wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  say "installing wasm-bindgen-cli $wbg"
  # Without --locked: its lock file names a webpki-roots this registry lacks.
  cargo install wasm-bindgen-cli --version "$wbg" --force
fi

# cargo-fuzz for the fuzz targets (they build with the nightly toolchain,
# which rustup keeps beside the pinned one; without it the short fuzz run of
# the test command is skipped with a notice).
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# Chromium for the end-to-end tests, from Debian.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing Debian's chromium"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q chromium chromium-driver
fi

# Playwright, axe-core and binaryen's wasm-opt (npm's binaryen: Debian's is
# too old and breaks hydration), pinned by end2end/package-lock.json.
stamp=end2end/node_modules/.installed-from-package-lock.json
if ! cmp -s end2end/package-lock.json "$stamp"; then
  say "installing end2end npm packages"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
  cp end2end/package-lock.json "$stamp"
fi
say "tools ready"
