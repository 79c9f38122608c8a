//! The error codes JS sees are defined once, in `src/error.rs` (`LOCAL_CODES` for the
//! module's own, `COGNITO_CODES` for Cognito's that a person can meet). The
//! TypeScript union `CognitoTotpErrorCode` in `src/wasm/js_types.rs` is written by
//! hand for its readers; this test holds it to that definition, both ways.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cognito_totp_enroll::{COGNITO_CODES, LOCAL_CODES};
use std::collections::BTreeSet;

/// The string literals of the `CognitoTotpErrorCode` union.
fn typescript_union() -> BTreeSet<String> {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/wasm/js_types.rs")).unwrap();
    let start = source.find("export type CognitoTotpErrorCode =").expect("the union is declared");
    let union = &source[start..start + source[start..].find(';').unwrap()];
    union.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

#[test]
fn the_typescript_union_lists_every_error_code_and_no_other() {
    let defined: BTreeSet<String> =
        LOCAL_CODES.iter().chain(COGNITO_CODES).map(|c| (*c).to_owned()).collect();
    let declared = typescript_union();
    let missing: Vec<_> = defined.difference(&declared).collect();
    let extra: Vec<_> = declared.difference(&defined).collect();
    assert!(missing.is_empty(), "codes missing from CognitoTotpErrorCode: {missing:?}");
    assert!(extra.is_empty(), "codes in CognitoTotpErrorCode that nothing defines: {extra:?}");
}
