#!/usr/bin/env bash
# Every check and test, in the order that fails fastest. `npm test` runs setup first.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

step() { printf '\n== %s (at %ss)\n' "$*" "$SECONDS"; }

step "format and lints (warnings are errors)"
cargo fmt --all --check
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
# The stand-alone page's module (scripts/build.sh): the crate without EnrollmentClient.
cargo clippy --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings
cargo clippy -p cognito-totp-admin --all-targets -- -D warnings

step "SRP vectors: the committed fixture is what amazon-cognito-identity-js computes"
node scripts/srp-vectors.mjs --check

step "native tests: core units, SRP vectors and the whole flow against moto"
cargo test

step "admin tool: the whole migration against moto, and report under a request quota"
cargo test -p cognito-totp-admin

step "browser tests (wasm-bindgen-test in headless Chromium, against moto)"
node scripts/with-emulator.mjs cargo test --target wasm32-unknown-unknown --test browser

step "release build of the page"
bash scripts/build.sh

step "TypeScript declarations: a host's code type-checks against them"
node_modules/.bin/tsc -p tests/types

step "end-to-end tests (the served page in Chromium, against moto behind an SRP-checking front)"
node --test tests/e2e/
printf '\n== all steps passed in %ss\n' "$SECONDS"
