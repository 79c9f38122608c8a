//! Substring search, cuts at an ASCII byte, char replacement and placeholder filling
//! without core's searchers.
//!
//! `str::replace`, `contains`, `find` and `split_once` with a `&str` pattern use the
//! Two-Way searcher, whose failure path formats a char with `Debug` and so brings
//! Unicode's printable tables into the module; with a char pattern they bring a
//! char searcher and memchr. The texts here are short and the needles few, so a
//! plain byte comparison does the job in a fraction of the code (README, "Against
//! the JS peers").

/// Whether `c` is a control character or one that reorders or hides text: the
/// bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
/// U+202A to U+202E, U+2066 to U+2069). Shown in a label, such a character makes the
/// text read otherwise than it is.
pub fn hides_or_reorders(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The byte offset of the first `needle` in `haystack`.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    haystack.as_bytes().windows(needle.len().max(1)).position(|window| window == needle.as_bytes())
}

/// The byte offset of the first of `bytes` (ASCII) in `text`. Not `bytes.contains`:
/// on `[u8]` it calls core's memchr, more code than this loop.
#[allow(clippy::manual_contains)]
pub fn position_of_any(text: &str, bytes: &[u8]) -> Option<usize> {
    text.bytes().position(|b| bytes.iter().any(|&x| x == b))
}

/// `text` up to the first of `bytes` (ASCII), or all of it. In place of
/// `split(c).next()`, whose char searcher is more code than the search.
pub fn before_any<'a>(text: &'a str, bytes: &[u8]) -> &'a str {
    position_of_any(text, bytes).and_then(|at| text.get(..at)).unwrap_or(text)
}

/// `text` cut at the first `byte` (ASCII), without it.
pub fn split_once(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = position_of_any(text, &[byte])?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `text` with every `from` turned into `to`.
pub fn replace_char(text: &str, from: char, to: char) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        out.push(if c == from { to } else { c });
    }
    out
}

/// Whether `haystack` contains `needle`.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// `template` with each `{key}`-style `placeholder` replaced by `value`.
pub fn fill(template: &str, placeholder: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = find(rest, placeholder) {
        // `at` starts an ASCII placeholder, so both sides are on char boundaries.
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(value);
        rest = rest.get(at + placeholder.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_char_turns_every_one() {
        assert_eq!(replace_char("custom:team_name", '_', ' '), "custom:team name");
        assert_eq!(replace_char("a:b:日本", ':', '-'), "a-b-日本");
        assert_eq!(replace_char("", ':', '-'), "");
    }

    #[test]
    fn cuts_at_the_first_of_the_bytes() {
        assert_eq!(position_of_any("ab/c?d", b"?/"), Some(2));
        assert_eq!(position_of_any("abc", b"?/"), None);
        assert_eq!(before_any("ja-JP", b"-_"), "ja");
        assert_eq!(before_any("zh_TW-x", b"-_"), "zh");
        assert_eq!(before_any("日本", b"-_"), "日本");
        assert_eq!(split_once("us-east-1_abc_d", b'_'), Some(("us-east-1", "abc_d")));
        assert_eq!(split_once("_", b'_'), Some(("", "")));
        assert_eq!(split_once("abc", b'_'), None);
    }

    #[test]
    fn find_gives_the_first_match_in_bytes() {
        assert_eq!(find("a//b//c", "//"), Some(1));
        assert_eq!(find("日本//", "//"), Some(6));
        assert_eq!(find("abc", "abcd"), None);
        assert_eq!(find("abc", "x"), None);
        assert!(contains("Invalid session for the user", "session"));
        assert!(!contains("sess", "session"));
    }

    #[test]
    fn fill_replaces_every_placeholder_and_nothing_else() {
        assert_eq!(fill("{n} / {n}", "{n}", "2"), "2 / 2");
        assert_eq!(fill("ステップ {n}（全{total}ステップ）", "{n}", "2"), "ステップ 2（全{total}ステップ）");
        assert_eq!(fill("no placeholder", "{n}", "2"), "no placeholder");
        assert_eq!(fill("{n}", "{n}", "{n}"), "{n}", "a value is not searched again");
        assert_eq!(fill("", "{n}", "x"), "");
    }
}
