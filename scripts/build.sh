#!/usr/bin/env bash
# Release build of the browser module into www/pkg: size-tuned cargo profile, then
# wasm-bindgen, then wasm-opt -Oz, then the JS glue minified.
#
# wasm-opt comes from the npm package `binaryen` (pinned in package.json), not from
# Debian: bookworm's binaryen 108 rewrites wasm-bindgen 0.2.130's externref table
# into a module that fails to instantiate ("WebAssembly.Table.set(): Argument 1 is
# invalid for table").
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked --target wasm32-unknown-unknown --lib
rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg \
  target/wasm32-unknown-unknown/release/cognito_totp_enroll.wasm
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  www/pkg/cognito_totp_enroll_bg.wasm -o www/pkg/cognito_totp_enroll_bg.wasm
# The JS glue minified, with its inline snippet bundled in: one request less, and
# no doc comments (they stay in the .d.ts): 45 -> 19 kB raw.
node_modules/.bin/esbuild www/pkg/cognito_totp_enroll.js --bundle --minify --format=esm \
  --outfile=www/pkg/cognito_totp_enroll.js --allow-overwrite --log-level=warning
rm -rf www/pkg/snippets www/pkg/.gitignore www/pkg/package.json
printf 'build: www/pkg/cognito_totp_enroll_bg.wasm %s bytes\n' "$(wc -c < www/pkg/cognito_totp_enroll_bg.wasm)"
