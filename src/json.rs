//! The little JSON this crate speaks: Cognito bodies and the page's config.
//!
//! A parser into a [`Json`] tree (RFC 8259, nesting depth-limited) and a writer for
//! flat request objects. Not serde_json: its generic, per-type code and float
//! formatting were over a third of the browser module (README, "Size"), and the
//! bodies here are a handful of string fields. `tests/` check both directions
//! against serde_json.

/// A parsed JSON value. Objects keep their members in order; numbers keep their text.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Json {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members, in order.
    Object(Vec<(String, Json)>),
}

/// A member held a value of another type than the one asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrongType;

/// How deep arrays and objects may nest: far more than any Cognito answer, and few
/// enough frames that hostile input cannot exhaust the wasm stack.
const MAX_DEPTH: usize = 64;

impl Json {
    /// Parses a whole document; `None` when it is not JSON.
    pub fn parse(text: &str) -> Option<Json> {
        let mut parser = Parser { text, bytes: text.as_bytes(), at: 0 };
        let value = parser.value(0)?;
        parser.skip_space();
        (parser.at == parser.bytes.len()).then_some(value)
    }

    /// A member of an object (the last one, when a key repeats, as `JSON.parse` does).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Takes a member out of an object, leaving `null`, so strings move rather than copy.
    pub fn take(&mut self, key: &str) -> Json {
        match self {
            Json::Object(members) => members
                .iter_mut()
                .rev()
                .find(|(k, _)| k == key)
                .map_or(Json::Null, |(_, v)| std::mem::replace(v, Json::Null)),
            _ => Json::Null,
        }
    }

    /// Takes a string member out of an object: `Ok(None)` when it is absent or `null`,
    /// [`WrongType`] when it holds anything but a string.
    pub fn take_string(&mut self, key: &str) -> Result<Option<String>, WrongType> {
        match self.take(key) {
            Json::Null => Ok(None),
            Json::String(s) => Ok(Some(s)),
            _ => Err(WrongType),
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// Appends the value as JSON text; `parse` reads back the same value.
    pub fn write(&self, out: &mut String) {
        let list = |out: &mut String, open, close, count, item: &mut dyn FnMut(&mut String, usize)| {
            out.push(open);
            for i in 0..count {
                if i > 0 {
                    out.push(',');
                }
                item(out, i);
            }
            out.push(close);
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(out, s),
            Json::Array(items) => list(out, '[', ']', items.len(), &mut |out, i| items[i].write(out)),
            Json::Object(members) => list(out, '{', '}', members.len(), &mut |out, i| {
                write_string(out, &members[i].0);
                out.push(':');
                members[i].1.write(out);
            }),
        }
    }
}

struct Parser<'a> {
    /// The document; runs between ASCII bytes are cut from it with `get`, so no
    /// UTF-8 is validated twice.
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn literal(&mut self, word: &str, value: Json) -> Option<Json> {
        self.bytes[self.at..].starts_with(word.as_bytes()).then(|| {
            self.at += word.len();
            value
        })
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        self.skip_space();
        match self.peek()? {
            b'n' => self.literal("null", Json::Null),
            b't' => self.literal("true", Json::Bool(true)),
            b'f' => self.literal("false", Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' if depth < MAX_DEPTH => self.items(b']', |p| p.value(depth + 1)).map(Json::Array),
            b'{' if depth < MAX_DEPTH => self.items(b'}', |p| p.member(depth + 1)).map(Json::Object),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// After an array's or object's opening byte: its items up to `close`, none or
    /// several separated by commas.
    fn items<T>(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.at += 1;
        let mut items = Vec::new();
        if self.eat(close).is_some() {
            return Some(items);
        }
        loop {
            items.push(item(self)?);
            if self.eat(close).is_some() {
                return Some(items);
            }
            self.eat(b',')?;
        }
    }

    /// An object member: `"key": value`.
    fn member(&mut self, depth: usize) -> Option<(String, Json)> {
        self.skip_space();
        if self.peek() != Some(b'"') {
            return None;
        }
        let key = self.string()?;
        self.eat(b':')?;
        Some((key, self.value(depth)?))
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<Json> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.at += 1;
            }
            p.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        if self.peek() == Some(b'0') {
            self.at += 1;
        } else if !digits(self) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            digits(self).then_some(())?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            digits(self).then_some(())?;
        }
        let text = self.text.get(start..self.at)?;
        Some(Json::Number(text.to_owned()))
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character whole:
            // the input is a &str, so a run between ASCII bytes is valid UTF-8.
            let run = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            out.push_str(self.text.get(run..self.at)?);
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = self.peek()?;
                    self.at += 1;
                    out.push(match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    });
                }
                _ => return None, // a raw control character
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair written as two escapes.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first);
        }
        if !self.bytes[self.at..].starts_with(b"\\u") {
            return None;
        }
        self.at += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        self.at += 4;
        let mut n = 0;
        for &digit in digits {
            n = n * 16 + char::from(digit).to_digit(16)?;
        }
        Some(n)
    }
}

/// Writes one JSON object, member by member: `{"A":"x","B":{"C":true}}`.
#[derive(Default)]
pub struct ObjectWriter {
    out: String,
}

impl ObjectWriter {
    /// A new, empty object.
    pub fn new() -> Self {
        Self::default()
    }

    fn key(&mut self, key: &str) {
        self.out.push(if self.out.is_empty() { '{' } else { ',' });
        write_string(&mut self.out, key);
        self.out.push(':');
    }

    /// A string member.
    pub fn string(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        write_string(&mut self.out, value);
        self
    }

    /// A string member, left out when `None`.
    pub fn optional(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.string(key, value),
            None => self,
        }
    }

    /// A boolean member.
    pub fn bool(mut self, key: &str, value: bool) -> Self {
        self.key(key);
        self.out.push_str(if value { "true" } else { "false" });
        self
    }

    /// An object member.
    pub fn object(mut self, key: &str, value: ObjectWriter) -> Self {
        self.key(key);
        self.out.push_str(&value.finish());
        self
    }

    /// The object's text.
    pub fn finish(mut self) -> String {
        if self.out.is_empty() {
            self.out.push('{');
        }
        self.out.push('}');
        self.out
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped; all
/// other characters as they are (JSON is UTF-8).
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let byte = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[byte >> 4]));
                out.push(char::from(HEX[byte & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests;
