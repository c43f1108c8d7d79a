//! Typed reading of one TOML table (a record) with spans, collecting every problem.
//!
//! Each getter returns `None` and records a diagnostic when the value has the wrong type or
//! an invalid value, so validation goes on and reports everything in one run.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::dataset::Text;
use super::date::PartialDate;
use super::diagnostic::{Diagnostic, did_you_mean};
use super::figure::Figure;
use super::sanitize::printable;

/// What the positive/negative rule is for a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    /// Must be > 0 (counts, money, FLOP).
    Positive,
    /// Any finite number (percent changes).
    Any,
}

/// A record's table, its span, and the problems found reading it.
pub struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    /// Span of the whole record (used for "missing key" problems).
    pub span: Range<usize>,
    /// `[[model]]` etc., for messages.
    pub what: &'static str,
    /// Problems found so far.
    pub diags: Vec<Diagnostic>,
}

/// What a TOML value is, as messages say it ("an integer").
pub fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The value as written, for messages: `42`, `"2048"`, `true`; empty for arrays and tables.
pub fn shown(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => {
            let p = printable(s);
            if p.chars().count() > 40 {
                format!("\"{}…\"", p.chars().take(40).collect::<String>())
            } else {
                format!("\"{p}\"")
            }
        }
        DeValue::Integer(i) => i.to_string(),
        DeValue::Float(f) => f.to_string(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Array(_) | DeValue::Table(_) => String::new(),
    }
}

/// `1.476e20`, `1e20`: a float literal with four significant digits.
fn short_float(x: f64) -> String {
    let s = format!("{x:.3e}");
    match s.split_once('e') {
        Some((m, e)) => format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.')),
        None => s,
    }
}

/// "an integer (42)", "a table".
fn found(v: &DeValue<'_>) -> String {
    match shown(v) {
        s if s.is_empty() => type_name(v).to_string(),
        s => format!("{} ({s})", type_name(v)),
    }
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Starts reading `table`.
    pub fn new(table: &'a DeTable<'i>, span: Range<usize>, what: &'static str) -> Self {
        Self {
            table,
            span,
            what,
            diags: Vec::new(),
        }
    }

    /// Reports keys not in `allowed`, with the closest allowed name.
    pub fn deny_unknown(&mut self, allowed: &[&str]) {
        let mut unknown = 0;
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                unknown += 1;
                let mut d = Diagnostic::new(
                    key.span(),
                    format!(
                        "unknown key `{name}` in a {}; expected one of: {}",
                        self.what,
                        allowed.join(", ")
                    ),
                );
                // Keys come in file order: past the first few dozen of one record, a problem
                // is never among those shown, so no search for a suggestion is spent on it.
                if unknown <= super::diagnostic::MAX_SHOWN
                    && let Some(s) = did_you_mean(name, allowed.iter().copied())
                {
                    d = d.with_label(format!("did you mean `{s}`?"));
                }
                self.diags.push(d);
                super::diagnostic::fold_if_full(&mut self.diags);
            }
        }
    }

    /// The raw value of `key`, with its span.
    pub fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    fn missing(&mut self, key: &str, expected: &str) {
        self.diags.push(
            Diagnostic::new(
                self.span.start..self.span.start,
                format!("missing key `{key}` in a {}", self.what),
            )
            .with_label(format!("add `{key} = {expected}`")),
        );
    }

    fn wrong(&mut self, key: &str, v: &Spanned<DeValue<'_>>, expected: &str) {
        self.diags.push(Diagnostic::new(
            v.span(),
            format!("`{key}` must be {expected}, found {}", found(v.get_ref())),
        ));
    }

    /// A string; `required` reports when absent. Empty strings are rejected.
    pub fn string(&mut self, key: &str, required: bool) -> Option<Text> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(key, "\"…\"");
            }
            return None;
        };
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.diags.push(Diagnostic::new(
                    v.span(),
                    format!("`{key}` is empty ({}); expected some text", shown(v.get_ref())),
                ));
                None
            }
            DeValue::String(s) => Some(Text::from(s.as_ref())),
            _ => {
                self.wrong(key, v, "a string");
                None
            }
        }
    }

    /// A string that must be one of `choices`.
    pub fn choice(&mut self, key: &str, required: bool, choices: &[&str]) -> Option<(Text, Range<usize>)> {
        let s = self.string(key, required)?;
        let v = self.get(key)?;
        if choices.contains(&s.as_str()) {
            return Some((s, v.span()));
        }
        let mut d = Diagnostic::new(
            v.span(),
            format!("`{key}` is \"{s}\"; expected one of: {}", choices.join(", ")),
        );
        if let Some(c) = did_you_mean(&s, choices.iter().copied()) {
            d = d.with_label(format!("did you mean \"{c}\"?"));
        }
        self.diags.push(d);
        None
    }

    /// An array of strings (a single string is accepted as a one-element array).
    pub fn strings(&mut self, key: &str) -> Vec<(Text, Range<usize>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::String(s) => vec![(Text::from(s.as_ref()), v.span())],
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push((Text::from(s.as_ref()), item.span())),
                        _ => self.wrong(key, item, "an array of strings"),
                    }
                }
                out
            }
            _ => {
                self.wrong(key, v, "an array of strings");
                Vec::new()
            }
        }
    }

    /// A boolean.
    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong(key, v, "true or false");
                None
            }
        }
    }

    /// A date: a TOML date, or a string `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn date(&mut self, key: &str, required: bool) -> Option<PartialDate> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(key, "YYYY-MM-DD");
            }
            return None;
        };
        let parsed = match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => PartialDate::new(d.year, Some(d.month), Some(d.day)),
                _ => Err("dates take no time of day; write YYYY-MM-DD".to_string()),
            },
            DeValue::String(s) => PartialDate::parse(s),
            _ => {
                self.wrong(key, v, "a date (YYYY-MM-DD, or \"YYYY-MM\" / \"YYYY\")");
                return None;
            }
        };
        match parsed {
            Ok(d) => Some(d),
            Err(e) => {
                // `PartialDate::parse` quotes a malformed string itself.
                let msg = if e.starts_with('`') {
                    format!("`{key}`: {e}")
                } else {
                    format!("`{key}` is {}: {e}", shown(v.get_ref()))
                };
                self.diags.push(Diagnostic::new(v.span(), msg));
                None
            }
        }
    }

    /// A plain number (integer or float), finite.
    pub fn number(&mut self, key: &str) -> Option<f64> {
        let v = self.get(key)?;
        self.number_value(key, v)
    }

    fn number_value(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<f64> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => n as f64,
                Err(_) => {
                    // TOML integers are 64-bit; larger ones must be written as floats.
                    let approx = i128::from_str_radix(i.as_str(), i.radix())
                        .map(|n| short_float(n as f64))
                        .unwrap_or_else(|_| "1e30".into());
                    self.diags.push(Diagnostic::new(
                        v.span(),
                        format!(
                            "`{key}` = {i} is too large for a TOML integer (at most 9223372036854775807); write it as a float such as {approx}"
                        ),
                    ));
                    return None;
                }
            },
            DeValue::Float(f) => match f.as_str().parse::<f64>() {
                Ok(n) => n,
                Err(_) => {
                    self.diags.push(Diagnostic::new(
                        v.span(),
                        format!("`{key}` = {f} is not a number; expected a finite number"),
                    ));
                    return None;
                }
            },
            _ => {
                self.wrong(key, v, "a number");
                return None;
            }
        };
        if n.is_finite() {
            return Some(n);
        }
        let raw = shown(v.get_ref());
        let why = if n.is_nan() {
            "is not a number"
        } else if raw.contains("inf") {
            "is infinite"
        } else {
            "is too large for a 64-bit float"
        };
        self.diags.push(Diagnostic::new(
            v.span(),
            format!("`{key}` = {raw} {why}; expected a finite number"),
        ));
        None
    }

    fn check_sign(&mut self, key: &str, n: f64, v: &Spanned<DeValue<'_>>, sign: Sign) -> Option<f64> {
        if sign == Sign::Positive && n <= 0.0 {
            let what = if n == 0.0 { "zero" } else { "negative" };
            self.diags.push(Diagnostic::new(
                v.span(),
                format!(
                    "`{key}` is {what} ({}); expected a number greater than 0",
                    shown(v.get_ref())
                ),
            ));
            return None;
        }
        Some(n)
    }

    /// A figure written on a record: a number, or an inline table `{ value, min, max, approx }`.
    pub fn figure(&mut self, key: &str, sign: Sign) -> Option<Figure> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Integer(_) | DeValue::Float(_) => {
                let n = self.number_value(key, v)?;
                let sig = written_sig(v.get_ref());
                self.check_sign(key, n, v, sign).map(|n| Figure {
                    sig,
                    ..Figure::point(n)
                })
            }
            DeValue::Table(t) => {
                let mut inner = Fields::new(t, v.span(), "figure");
                inner.deny_unknown(&["value", "min", "max", "approx"]);
                // A misspelt `value` already says what is wrong; "has no number" would repeat it.
                let misspelt = !inner.diags.is_empty();
                let fig = inner.figure_parts(Some(key), sign, !misspelt);
                self.diags.append(&mut inner.diags);
                fig
            }
            _ => {
                self.wrong(
                    key,
                    v,
                    "a number or { value = …, approx = true } / { min = …, max = … }",
                );
                None
            }
        }
    }

    /// The figure spread over `value` / `min` / `max` / `approx` keys of this table: an inline
    /// table on a record's `owner` key (`chips = { min = … }`), or a claim's own keys (`None`).
    /// `required` reports a table that has none of them.
    pub fn figure_parts(&mut self, owner: Option<&str>, sign: Sign, required: bool) -> Option<Figure> {
        let name = |part: &str| owner.map_or(part.to_string(), |o| format!("{o}.{part}"));
        let part = |f: &mut Self, k: &str| {
            let v = f.get(k)?;
            let n = f.number_value(&name(k), v)?;
            f.check_sign(&name(k), n, v, sign)
        };
        let value = part(self, "value");
        let min = part(self, "min");
        let max = part(self, "max");
        let approx = self.boolean("approx").unwrap_or(false);
        let (has_value, has_min, has_max) = (
            self.get("value").is_some(),
            self.get("min").is_some(),
            self.get("max").is_some(),
        );
        let prefix = owner.map_or(String::new(), |o| format!("`{o}`: "));
        if has_value && (has_min || has_max) {
            let span = self.get("value").map_or(self.span.clone(), |v| v.span());
            self.diags.push(Diagnostic::new(
                span,
                format!("{prefix}give either `value` (a point) or `min`/`max` (a range or bound), not both"),
            ));
            return None;
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            let raw = |k: &str| self.get(k).map_or(String::new(), |v| shown(v.get_ref()));
            let span = self.get("min").map_or(self.span.clone(), |v| v.span());
            let msg = format!(
                "{prefix}range is backwards: `min` ({}) is greater than `max` ({}); expected min ≤ max",
                raw("min"),
                raw("max")
            );
            self.diags.push(Diagnostic::new(span, msg));
            return None;
        }
        if let Some(v) = value {
            return Some(Figure {
                lo: Some(v),
                hi: Some(v),
                approx,
                sig: self.get("value").map_or(0, |v| written_sig(v.get_ref())),
            });
        }
        if min.is_some() || max.is_some() {
            return Some(Figure {
                lo: min,
                hi: max,
                approx,
                sig: 0,
            });
        }
        if required && !(has_value || has_min || has_max) {
            self.diags.push(Diagnostic::new(
                self.span.clone(),
                format!("{prefix}no number; expected `value`, or `min` and/or `max`"),
            ));
        }
        None
    }
}

/// Significant digits of a number as written in the file (`30_800_000` → 3, `15.0` → 3,
/// `3.8e25` → 2): the precision its claimant stated, so `30.8M` is not "disputed" by 30.84M.
/// Trailing zeros of an integer are not significant; 0 means unknown (hex, octal…).
pub fn written_sig(v: &DeValue<'_>) -> u8 {
    match v {
        DeValue::Integer(i) if i.radix() == 10 => sig_digits(i.as_str()),
        DeValue::Float(f) => sig_digits(f.as_str()),
        _ => 0,
    }
}

/// Significant digits of a decimal literal (see `written_sig`).
pub fn sig_digits(raw: &str) -> u8 {
    let mantissa = raw.split(['e', 'E']).next().unwrap_or("");
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    let fractional = digits.contains('.');
    let plain: String = digits.chars().filter(char::is_ascii_digit).collect();
    let trimmed = plain.trim_start_matches('0');
    let trimmed = if fractional {
        trimmed
    } else {
        trimmed.trim_end_matches('0')
    };
    trimmed.len().clamp(1, 17) as u8
}
