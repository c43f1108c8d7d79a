//! Writing TOML records by hand: strings from an export are untrusted, so every one is
//! escaped here, and every number is written so TOML reads back the same figure.

use std::fmt::Write as _;

use crate::data::PartialDate;

/// A TOML basic string: quotes, backslashes and every control character escaped.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A figure: an integer when it is one (and small enough to be exact), else the shortest
/// float that reads back as the same `f64` (`3.8e25`, `40.42`).
pub fn number(x: f64) -> String {
    let a = x.abs();
    if x.fract() == 0.0 && a < 1e15 {
        format!("{}", x as i64)
    } else if (1e-4..1e15).contains(&a) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// A date: a TOML date when the day is known, else a `"YYYY-MM"` / `"YYYY"` string.
pub fn date(d: PartialDate) -> String {
    if d.day.is_some() {
        d.to_string()
    } else {
        format!("\"{d}\"")
    }
}

/// A comment line's text: one line, control characters shown as `?`.
pub fn comment(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { '?' } else { c }).collect()
}

/// One record being written: `key = value` lines under a `[[kind]]` header.
pub struct Record<'a> {
    out: &'a mut String,
}

impl<'a> Record<'a> {
    /// Starts a `[[kind]]` record.
    pub fn new(out: &'a mut String, kind: &str) -> Self {
        let _ = writeln!(out, "\n[[{kind}]]");
        Record { out }
    }

    /// `key = value` with `value` already TOML.
    pub fn raw(&mut self, key: &str, value: &str) -> &mut Self {
        let _ = writeln!(self.out, "{key:<10} = {value}");
        self
    }

    /// `key = "text"`.
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.raw(key, &string(value))
    }

    /// `key = "text"` when there is one.
    pub fn opt(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.str(key, v);
        }
        self
    }

    /// `key = ["a", "b"]` when the list is not empty.
    pub fn list(&mut self, key: &str, values: &[&str]) -> &mut Self {
        if !values.is_empty() {
            let items: Vec<String> = values.iter().map(|v| string(v)).collect();
            self.raw(key, &format!("[{}]", items.join(", ")));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_everything_toml_forbids() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("x\ny\u{7f}\u{1b}"), r#""x\ny\u007F\u001B""#);
        let back: toml::Value =
            toml::from_str(&format!("k = {}", string("\u{0}\u{85}é\"\\"))).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.get("k").and_then(|v| v.as_str()), Some("\u{0}\u{85}é\"\\"));
    }

    #[test]
    fn numbers_read_back_as_the_same_figure() {
        for x in [
            3.8e25,
            16384.0,
            405.0,
            40.42,
            40586592.57781653,
            2.9599999999999996e25,
            1e-9,
            0.5,
        ] {
            let t = number(x);
            let back: toml::Value = toml::from_str(&format!("k = {t}")).unwrap_or_else(|e| panic!("{t}: {e}"));
            let v = back
                .get("k")
                .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)));
            assert_eq!(v, Some(x), "{t}");
        }
        assert_eq!(number(3.8e25), "3.8e25");
        assert_eq!(number(16384.0), "16384");
    }
}
