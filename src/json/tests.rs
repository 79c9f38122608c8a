use super::*;
use serde_json::Value;

/// serde_json's reading of a document, in our shape: the independent check.
fn reference(text: &str) -> Option<Json> {
    fn convert(value: Value) -> Json {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(b),
            Value::Number(n) => Json::Number(n.to_string()),
            Value::String(s) => Json::String(s),
            Value::Array(items) => Json::Array(items.into_iter().map(convert).collect()),
            Value::Object(map) => Json::Object(map.into_iter().map(|(k, v)| (k, convert(v))).collect()),
        }
    }
    serde_json::from_str(text).ok().map(convert)
}

/// Ours with numbers normalized as serde_json writes them, and members sorted as its
/// default map sorts them, so the two trees compare.
fn ours(text: &str) -> Option<Json> {
    fn normalize(value: Json) -> Json {
        match value {
            Json::Number(n) => Json::Number(serde_json::from_str::<Value>(&n).map_or(n, |v| v.to_string())),
            Json::Array(items) => Json::Array(items.into_iter().map(normalize).collect()),
            Json::Object(members) => {
                let mut sorted = std::collections::BTreeMap::new();
                for (k, v) in members {
                    sorted.insert(k, normalize(v));
                }
                Json::Object(sorted.into_iter().collect())
            }
            other => other,
        }
    }
    Json::parse(text).map(normalize)
}

#[test]
fn reads_what_serde_json_reads() {
    for text in [
        r#"{"ChallengeName":"SMS_MFA","Session":"s","ChallengeParameters":{"A":"1"}}"#,
        r#" { "a" : [ 1 , -2.5e3 , 0.25 , true , false , null , "" ] , "b" : { } , "c" : [ ] } "#,
        r#""tab\there \"quoted\" back\\slash \/ \b\f\n\r""#,
        r#"["\u00e9\u3042", "\ud83d\ude00", "日本語", "\u0000"]"#,
        "0",
        "-0",
        "1E+2",
        "[[[[[]]]]]",
    ] {
        assert_eq!(ours(text), reference(text), "{text}");
        assert!(ours(text).is_some(), "{text}");
    }
}

#[test]
fn refuses_what_is_not_json() {
    for text in [
        "",
        " ",
        "{",
        "}",
        "[1,]",
        "{\"a\":1,}",
        "{a:1}",
        "{\"a\" 1}",
        "'x'",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "+1",
        "tru",
        "nul",
        "\"open",
        "\"bad \\x escape\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\ud800\\u0041\"",
        "\"raw \n newline\"",
        "[1 2]",
        "{} {}",
        "NaN",
        "[\"a\",]",
    ] {
        assert_eq!(Json::parse(text), None, "{text:?}");
        assert_eq!(reference(text), None, "serde_json agrees that {text:?} is not JSON");
    }
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(Json::parse(&deep), None);
    let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(Json::parse(&fine).is_some());
}

#[test]
fn a_repeated_key_reads_as_its_last_value_like_json_parse() {
    let mut doc = Json::parse(r#"{"a":"first","a":"last"}"#).unwrap();
    assert_eq!(doc.get("a").and_then(Json::as_str), Some("last"));
    assert_eq!(doc.take("a"), Json::String("last".into()));
    assert_eq!(doc.take("a"), Json::Null, "taken");
    assert_eq!(doc.take("missing"), Json::Null);
}

#[test]
fn written_objects_read_back_in_serde_json() {
    let awkward = "quote \" backslash \\ newline \n tab \t bell \u{7} nul \u{0} 日本 😀 </script>";
    let text = ObjectWriter::new()
        .string("Text", awkward)
        .optional("Absent", None)
        .optional("Present", Some("x"))
        .bool("Yes", true)
        .object("Inner", ObjectWriter::new().bool("No", false))
        .object("Empty", ObjectWriter::new())
        .finish();
    let read: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        read,
        serde_json::json!({"Text": awkward, "Present": "x", "Yes": true, "Inner": {"No": false}, "Empty": {}})
    );
    assert_eq!(ObjectWriter::new().finish(), "{}");
}

#[test]
fn random_documents_read_as_serde_json_reads_them_and_write_back_unchanged() {
    // xorshift64*: deterministic, bounded.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move |n: u64| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    };
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"k\"",
        "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"",
        "\"\\n\"",
        "1",
        "-0.5",
        "2e9",
        "true",
        "null",
        " ",
        "\"",
        "\\",
        "0",
        "x",
    ];
    let mut agreed = 0;
    for _ in 0..20_000 {
        let text: String = (0..next(12)).map(|_| PIECES[next(PIECES.len() as u64) as usize]).collect();
        // RFC 8259 allows numbers past f64's range (JSON.parse gives Infinity);
        // serde_json stops at them, so it has no answer to compare with here.
        if serde_json::from_str::<Value>(&text).is_err_and(|e| e.to_string().contains("out of range")) {
            continue;
        }
        assert_eq!(ours(&text), reference(&text), "{text}");
        agreed += usize::from(reference(&text).is_some());
        if let Some(value) = Json::parse(&text) {
            let mut written = String::new();
            value.write(&mut written);
            assert_eq!(Json::parse(&written), Some(value), "written back: {written}");
            assert_eq!(reference(&written), reference(&text), "serde_json reads the written text alike");
        }
    }
    assert!(agreed > 100, "the generator makes valid documents too ({agreed})");
}

#[test]
fn take_string_tells_absent_from_wrong_type() {
    let mut doc = Json::parse(r#"{"s":"x","n":1,"z":null}"#).unwrap();
    assert_eq!(doc.take_string("s"), Ok(Some("x".into())));
    assert_eq!(doc.take_string("s"), Ok(None), "taken");
    assert_eq!(doc.take_string("z"), Ok(None));
    assert_eq!(doc.take_string("missing"), Ok(None));
    assert_eq!(doc.take_string("n"), Err(WrongType));
}
