#!/usr/bin/env bash
# Mutation testing of the core: cargo-mutants plants small bugs (a `>` for a `>=`, a
# `true` for a condition, a function body replaced by a default) in the files below,
# one at a time, and runs the native tests against each. A mutant the tests do not
# catch is a bug they would let through, unless it is shown equivalent
# (scripts/mutants-equivalent.txt says why, one by one). Slow (about an hour on two
# cores), so not part of `npm test`:
#
#   bash scripts/mutants.sh            # the whole core; the table goes to docs/mutants.md
#   bash scripts/mutants.sh -f src/flow/setup.rs   # extra cargo-mutants arguments
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# The tests run per mutant: the unit tests, the fuzz walker (the safety rule), the
# SRP vectors and the error-code list. The moto and browser suites add minutes per
# mutant and catch nothing the native ones miss in these files.
out=target/mutants
mkdir -p "$out"
cargo mutants --no-shuffle -j "${MUTANTS_JOBS:-2}" --timeout "${MUTANTS_TIMEOUT:-90}" --output "$out" \
  -f 'src/flow/**' -f 'src/srp/**' -f 'src/cognito/**' -f 'src/config/**' -f src/otpauth.rs \
  -f src/qr.rs -f src/qr/canvas.rs -f src/text.rs \
  "$@" -- --lib --test fuzz_responses --test srp_vectors --test error_codes || true
# The table, whatever the result; the exit status is the table script's: 1 when a
# missed mutant is not shown equivalent in scripts/mutants-equivalent.txt.
status=0
node scripts/mutants-table.mjs "$out/mutants.out/outcomes.json" scripts/mutants-equivalent.txt > docs/mutants.md || status=$?
cat docs/mutants.md
exit "$status"
