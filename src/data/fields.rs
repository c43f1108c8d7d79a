//! Typed reading of one TOML table (a record) with spans, collecting every problem.
//!
//! Each getter returns `None` and records a diagnostic when the value has the wrong type or
//! an invalid value, so validation goes on and reports everything in one run.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::date::PartialDate;
use super::diagnostic::{Diagnostic, did_you_mean};
use super::figure::Figure;

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

fn type_name(v: &DeValue<'_>) -> &'static str {
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
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let mut d = Diagnostic::new(
                    key.span(),
                    format!(
                        "unknown key `{name}` in a {}; expected one of: {}",
                        self.what,
                        allowed.join(", ")
                    ),
                );
                if let Some(s) = did_you_mean(name, allowed.iter().copied()) {
                    d = d.with_label(format!("did you mean `{s}`?"));
                }
                self.diags.push(d);
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
            format!("`{key}` must be {expected}, found {}", type_name(v.get_ref())),
        ));
    }

    /// A string; `required` reports when absent. Empty strings are rejected.
    pub fn string(&mut self, key: &str, required: bool) -> Option<String> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(key, "\"…\"");
            }
            return None;
        };
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.diags
                    .push(Diagnostic::new(v.span(), format!("`{key}` must not be empty")));
                None
            }
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong(key, v, "a string");
                None
            }
        }
    }

    /// A string that must be one of `choices`.
    pub fn choice(&mut self, key: &str, required: bool, choices: &[&str]) -> Option<(String, Range<usize>)> {
        let s = self.string(key, required)?;
        let Some(v) = self.get(key) else { return None };
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
    pub fn strings(&mut self, key: &str) -> Vec<(String, Range<usize>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::String(s) => vec![(s.to_string(), v.span())],
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push((s.to_string(), item.span())),
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
                self.diags.push(Diagnostic::new(v.span(), format!("`{key}`: {e}")));
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
            DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            _ => {
                self.wrong(key, v, "a number");
                return None;
            }
        };
        match n {
            Some(n) if n.is_finite() => Some(n),
            Some(n) if n.is_nan() => {
                self.diags.push(Diagnostic::new(
                    v.span(),
                    format!("`{key}` is NaN; expected a finite number"),
                ));
                None
            }
            _ => {
                let raw: Cow<'_, str> = match v.get_ref() {
                    DeValue::Float(f) => Cow::Borrowed(f.as_str()),
                    DeValue::Integer(i) => Cow::Borrowed(i.as_str()),
                    _ => Cow::Borrowed(""),
                };
                self.diags.push(Diagnostic::new(
                    v.span(),
                    format!("`{key}` = {raw} is out of range; expected a finite number"),
                ));
                None
            }
        }
    }

    fn check_sign(&mut self, key: &str, n: f64, span: Range<usize>, sign: Sign) -> Option<f64> {
        if sign == Sign::Positive && n <= 0.0 {
            let what = if n == 0.0 { "zero" } else { "negative" };
            self.diags.push(Diagnostic::new(
                span,
                format!("`{key}` is {what} ({n}); expected a number greater than 0"),
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
                self.check_sign(key, n, v.span(), sign).map(Figure::point)
            }
            DeValue::Table(t) => {
                let mut inner = Fields::new(t, v.span(), "figure");
                inner.deny_unknown(&["value", "min", "max", "approx"]);
                let fig = inner.figure_parts(key, sign, true);
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

    /// The figure spread over `value` / `min` / `max` / `approx` keys of this table.
    /// `required` reports a table that has none of them.
    pub fn figure_parts(&mut self, key: &str, sign: Sign, required: bool) -> Option<Figure> {
        let value = self.number("value").and_then(|n| {
            let span = self.get("value").map_or(self.span.clone(), |v| v.span());
            self.check_sign(key, n, span, sign)
        });
        let min = self.number("min").and_then(|n| {
            let span = self.get("min").map_or(self.span.clone(), |v| v.span());
            self.check_sign(key, n, span, sign)
        });
        let max = self.number("max").and_then(|n| {
            let span = self.get("max").map_or(self.span.clone(), |v| v.span());
            self.check_sign(key, n, span, sign)
        });
        let approx = self.boolean("approx").unwrap_or(false);
        let (has_value, has_min, has_max) = (
            self.get("value").is_some(),
            self.get("min").is_some(),
            self.get("max").is_some(),
        );
        if has_value && (has_min || has_max) {
            let span = self.get("value").map_or(self.span.clone(), |v| v.span());
            self.diags.push(Diagnostic::new(
                span,
                format!("`{key}`: give either `value` or `min`/`max`, not both"),
            ));
            return None;
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            let span = self.get("min").map_or(self.span.clone(), |v| v.span());
            self.diags.push(Diagnostic::new(
                span,
                format!("`{key}`: range is backwards: min {lo} is greater than max {hi}"),
            ));
            return None;
        }
        if let Some(v) = value {
            return Some(Figure {
                lo: Some(v),
                hi: Some(v),
                approx,
            });
        }
        if min.is_some() || max.is_some() {
            return Some(Figure {
                lo: min,
                hi: max,
                approx,
            });
        }
        if required && !(has_value || has_min || has_max) {
            self.diags.push(Diagnostic::new(
                self.span.clone(),
                format!("`{key}` has no number; expected `value`, or `min` and/or `max`"),
            ));
        }
        None
    }
}
