#!/usr/bin/env bash
# Release build of the browser modules into www/pkg: size-tuned cargo profile, then
# wasm-bindgen, then wasm-opt, then the JS glue minified. Two modules: the one for
# embedders and the npm package (pkg/cognito_totp_enroll*), and the stand-alone
# page's, without the headless API and the host page's calls (pkg/main.js and
# pkg/page_bg.wasm).
#
# wasm-opt comes from the npm package `binaryen` (pinned in package.json), not from
# Debian: bookworm's binaryen 108 rewrites wasm-bindgen 0.2.130's externref table
# into a module that fails to instantiate ("WebAssembly.Table.set(): Argument 1 is
# invalid for table").
set -euo pipefail
cd "$(dirname "$0")/.."

# -Oz until nothing more shrinks, with what holds for a Rust module of its own memory
# (its first kB unused, zero-filled at start); then the control flow rebuilt from
# flat code (--flatten --rereloop) and -Oz twice more, which LLVM's output leaves
# 0.5 kB brotli smaller (a third -Oz, or --merge-similar-functions, made it
# larger again: README, "Against the JS peers"). Then, in a pass of its own (so that it
# runs once), the imports and exports renamed to a, b, ... (wasm-bindgen's names are
# 30 to 60 bytes each); scripts/minify-names.mjs gives the glue the same names.
optimize() { # <name>: www/pkg/<name>_bg.wasm and www/pkg/<name>.js
  local wasm="www/pkg/$1_bg.wasm"
  node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --zero-filled-memory \
    --strip-debug --strip-producers --flatten --rereloop -Oz -Oz "$wasm" -o "$wasm"
  node_modules/.bin/wasm-opt --minify-imports-and-exports-and-modules --strip-target-features \
    "$wasm" -o "$wasm" > "target/$1-names.json"
  node scripts/minify-names.mjs "target/$1-names.json" "$wasm" "www/pkg/$1.js"
}

# Panic locations name each dependency's source file under this machine's cargo
# home (/root/.cargo/registry/src/index.crates.io-<hash>/gloo-net-0.7.0/...): cut
# to the crate's own path, the modules are the same on every machine, and 53 bytes
# brotli smaller. `cargo fetch` first, so that the sources are there to be named.
cargo fetch --locked --quiet
shopt -s nullglob
for registry in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} --remap-path-prefix=$registry="
done
shopt -u nullglob
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS

# The module for embedders and the npm package: the widget and EnrollmentClient.
cargo build --release --locked --target wasm32-unknown-unknown --lib
rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg \
  target/wasm32-unknown-unknown/release/cognito_totp_enroll.wasm
optimize cognito_totp_enroll
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
# The stylesheet without its comments (the page and the package load this copy).
node_modules/.bin/esbuild www/widget.css --minify --outfile=www/pkg/widget.css --log-level=warning
# The custom element, a module of its own that imports the entry, with that
# stylesheet's text in it (a constructed stylesheet: no URL for a bundler to rewrite).
cp www/lib/element.js www/pkg/element.src.js
node_modules/.bin/esbuild www/pkg/element.src.js --bundle --minify --format=esm --loader:.css=text \
  --external:./cognito_totp_enroll.js --outfile=www/pkg/element.js --log-level=warning
rm www/pkg/element.src.js
cp www/lib/element.d.ts www/pkg/element.d.ts

# The stand-alone page's module: the same crate without EnrollmentClient and without
# what a host page calls (`mount` with JS options, the widget's handle), which the
# page never runs (features `client` and `embed`; cargo keeps both builds' artifacts
# apart); and the page's script (www/main.js) with its entry (www/page-entry.js) and
# this module's glue bundled in: one module to fetch and compile (index.html loads
# pkg/main.js and pkg/page_bg.wasm).
cargo build --release --locked --target wasm32-unknown-unknown --lib --no-default-features
wasm-bindgen --target web --out-dir www/pkg --out-name page \
  target/wasm32-unknown-unknown/release/cognito_totp_enroll.wasm
optimize page
cp www/page-entry.js www/main.js www/pkg/
node_modules/.bin/esbuild www/pkg/main.js --bundle --minify --format=esm \
  --outfile=www/pkg/main.js --allow-overwrite --log-level=warning
rm -rf www/pkg/snippets www/pkg/.gitignore www/pkg/package.json www/pkg/entry.js www/pkg/glue.js \
  www/pkg/page.js www/pkg/page.d.ts www/pkg/page_bg.wasm.d.ts www/pkg/page-entry.js
printf 'build: www/pkg/cognito_totp_enroll_bg.wasm %s bytes, www/pkg/page_bg.wasm %s bytes\n' \
  "$(wc -c < www/pkg/cognito_totp_enroll_bg.wasm)" "$(wc -c < www/pkg/page_bg.wasm)"
