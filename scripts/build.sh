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
# The public entry (www/lib/index.js: the Widget's lifecycle, the start-up check)
# with wasm-bindgen's glue bundled in, minified, under the glue's name: one request,
# no doc comments (they stay in the .d.ts files).
mv www/pkg/cognito_totp_enroll.js www/pkg/glue.js
# wasm-bindgen declares [Symbol.dispose] on its classes, which fails a host's strict
# type check unless its tsconfig has the esnext.disposable lib; the method stays.
sed '/\[Symbol\.dispose\]/d' www/pkg/cognito_totp_enroll.d.ts > www/pkg/glue.d.ts
rm www/pkg/cognito_totp_enroll.d.ts
cp www/lib/index.js www/pkg/entry.js
node_modules/.bin/esbuild www/pkg/entry.js --bundle --minify --format=esm \
  --external:./cognito_totp_enroll_bg.wasm.js \
  --outfile=www/pkg/cognito_totp_enroll.js --log-level=warning
cp www/lib/index.d.ts www/pkg/cognito_totp_enroll.d.ts
# The custom element, a module of its own that imports the entry, and its stylesheet.
node_modules/.bin/esbuild www/lib/element.js --minify --format=esm \
  --outfile=www/pkg/element.js --log-level=warning
cp www/lib/element.d.ts www/pkg/element.d.ts
cp www/widget.css www/pkg/widget.css
rm -rf www/pkg/snippets www/pkg/.gitignore www/pkg/package.json www/pkg/entry.js www/pkg/glue.js
printf 'build: www/pkg/cognito_totp_enroll_bg.wasm %s bytes\n' "$(wc -c < www/pkg/cognito_totp_enroll_bg.wasm)"
