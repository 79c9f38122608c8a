#!/usr/bin/env bash
# Installs what building, serving and testing need, and only what is missing.
# Safe to rerun; `npm start` and `npm test` run it first.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# Rust target for the browser module.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen CLI at exactly the version Cargo.lock pins for the crate.
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found '${have:-none}')"
  # --locked first; when a crate it pins is missing from the registry mirror here,
  # fall back to the newest compatible dependencies: the CLI version stays exact.
  cargo install wasm-bindgen-cli --version "$want" --locked \
    || cargo install wasm-bindgen-cli --version "$want"
fi

# cargo-mutants, for scripts/mutants.sh (mutation testing of the core; not in npm test).
MUTANTS_VERSION=27.1.0
if [ "$(cargo mutants --version 2>/dev/null | awk '{print $2}')" != "$MUTANTS_VERSION" ]; then
  say "installing cargo-mutants $MUTANTS_VERSION"
  cargo install cargo-mutants --version "$MUTANTS_VERSION" --locked
fi

# Debian packages: the browser and its driver for tests, and Japanese fonts so
# screenshots of the Japanese page show text. (wasm-opt comes from npm:
# see scripts/build.sh.)
missing=()
for pkg in chromium chromium-driver fonts-noto-cjk; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

# The local Cognito emulator.
MOTO_VERSION=5.2.1
if ! python3 -c "import sys, moto; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null \
   || ! python3 -c "import flask, flask_cors" 2>/dev/null; then
  say "installing moto[server]==$MOTO_VERSION"
  python3 -m pip install --quiet "moto[server]==$MOTO_VERSION"
fi
command -v pyenv >/dev/null 2>&1 && pyenv rehash
command -v moto_server >/dev/null || { say "moto_server is not on PATH"; exit 1; }

# npm packages, as the lockfile says.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi
