//! The filter expression language: space-separated terms that must all hold.
//!
//! `deepseek` — any text column contains it (case-insensitive); `country:CN` — one column
//! contains it; `country=CN` — one text column is exactly it (case-insensitive);
//! `lab="Meta AI"` — double quotes keep spaces (`\"` inside); `chip=""` — the column has no
//! value; `chips>1000`, `cost_usd<=10M`, `train_flop>=1e24`, `released>2024-06` —
//! comparisons on numbers (suffixes k, M, B, T, e-notation) and dates; `-term` negates.

use crate::data::{Dataset, PartialDate};

use super::ViewKind;
use super::cell::{Cell, Value};
use super::columns::{ColType, Column, columns};
use super::format::value_text;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=`
    Eq,
}

impl Op {
    fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Op::Lt => ord == Less,
            Op::Le => ord != Greater,
            Op::Gt => ord == Greater,
            Op::Ge => ord != Less,
            Op::Eq => ord == Equal,
        }
    }
}

/// What one term tests.
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// Any text column contains this (lowercase).
    Anywhere(String),
    /// Column contains this (lowercase).
    Contains(usize, String),
    /// Column's text is exactly this (lowercase).
    Equals(usize, String),
    /// Column has no value (`col=""`).
    Missing(usize),
    /// Column's number compares to this.
    Number(usize, Op, f64),
    /// Column's date compares to this (at this date's precision).
    Date(usize, Op, PartialDate),
}

/// One term, maybe negated.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    /// `-term`
    pub negate: bool,
    /// The test.
    pub test: Test,
}

/// A parsed filter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// All must hold.
    pub terms: Vec<Term>,
    /// The text it was parsed from.
    pub text: String,
}

/// Why a filter did not parse; `term` is the offending term as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterError {
    /// The term.
    pub term: String,
    /// What was expected.
    pub message: String,
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.term, self.message)
    }
}

/// Parses `12`, `2.5k`, `10M`, `1e24`, `$5.6M`, `1,000`.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim().trim_start_matches('$').replace(',', "");
    let (body, mult) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1e3),
        'M' => (&s[..s.len() - 1], 1e6),
        'B' | 'G' => (&s[..s.len() - 1], 1e9),
        'T' => (&s[..s.len() - 1], 1e12),
        '%' => (&s[..s.len() - 1], 1.0),
        _ => (s.as_str(), 1.0),
    };
    let v: f64 = body.parse().ok()?;
    let v = v * mult;
    v.is_finite().then_some(v)
}

fn split_op(term: &str) -> Option<(&str, Op, &str)> {
    // Operators are looked for only before a quote: `title="a<b"` compares nothing.
    let head = &term[..term.find('"').unwrap_or(term.len())];
    for (pat, op) in [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("<", Op::Lt),
        (">", Op::Gt),
        ("=", Op::Eq),
    ] {
        if let Some(i) = head.find(pat) {
            return Some((&term[..i], op, &term[i + pat.len()..]));
        }
    }
    None
}

/// Splits a filter into terms at whitespace outside double quotes; an unclosed quote is an
/// error (it would silently swallow the rest of the line).
fn tokens(input: &str) -> Result<Vec<&str>, FilterError> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut escaped) = (None, false, false);
    for (i, c) in input.char_indices() {
        if quoted {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => quoted = false,
                _ => {}
            }
        } else if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(&input[s..i]);
            }
        } else {
            start.get_or_insert(i);
            quoted = c == '"';
        }
    }
    if let Some(s) = start {
        if quoted {
            return Err(FilterError {
                term: input[s..].to_string(),
                message: "unclosed quote: end the value with \"".into(),
            });
        }
        out.push(&input[s..]);
    }
    Ok(out)
}

/// A value as typed → the text it stands for: `"Meta AI"` → `Meta AI` (`\"` and `\\`
/// unescaped); anything not starting with a quote is taken as is.
fn unquote(v: &str) -> String {
    let Some(inner) = v.strip_prefix('"') else {
        return v.to_string();
    };
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next().unwrap_or('\\') } else { c });
    }
    out
}

/// A value written so the parser reads it back as one exact value: bare when it is plain
/// (`US`, `H800`), else quoted (`"Meta AI"`, `""` for no value).
pub fn quote(v: &str) -> String {
    let plain = !v.is_empty() && v.chars().all(|c| c.is_alphanumeric() || "._+/-".contains(c));
    if plain {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl Filter {
    /// Parses a filter for `view`; an unparsable term is an error, never silently dropped.
    pub fn parse(view: ViewKind, input: &str) -> Result<Filter, FilterError> {
        let cols = columns(view);
        let mut terms = Vec::new();
        for raw in tokens(input)? {
            let (negate, body) = match raw.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, raw),
            };
            let err = |message: String| FilterError {
                term: raw.to_string(),
                message,
            };
            let find_col = |name: &str| {
                cols.iter()
                    .position(|c| c.id.eq_ignore_ascii_case(name))
                    .ok_or_else(|| {
                        let ids: Vec<&str> = cols.iter().map(|c| c.id).collect();
                        let hint = crate::data::diagnostic::did_you_mean(name, ids.iter().copied())
                            .map(|s| format!("did you mean `{s}`? "))
                            .unwrap_or_default();
                        err(format!(
                            "no column `{name}` in this view; {hint}columns: {}",
                            ids.join(" ")
                        ))
                    })
            };
            let test = if let Some((name, op, value)) = split_op(body) {
                let c = find_col(name)?;
                let quoted = value.starts_with('"');
                let value = unquote(value);
                if value.is_empty() && quoted && op == Op::Eq {
                    // `chip=""`: rows without a value (what group-by calls "—").
                    Test::Missing(c)
                } else if value.is_empty() {
                    return Err(err("expected a value after the operator".into()));
                } else {
                    match cols[c].ty {
                        ColType::Date => {
                            let d = PartialDate::parse(&value).map_err(err)?;
                            Test::Date(c, op, d)
                        }
                        ColType::Number => {
                            let n = parse_number(&value)
                                .ok_or_else(|| err(format!("`{value}` is not a number (try 1000, 2.5k, 10M, 1e24)")))?;
                            Test::Number(c, op, n)
                        }
                        ColType::Text if op == Op::Eq => Test::Equals(c, value.to_lowercase()),
                        ColType::Text => {
                            return Err(err(format!(
                                "`{}` is text: use {name}=value (exact) or {name}:value (contains)",
                                cols[c].id
                            )));
                        }
                    }
                }
            } else if let Some(i) = body[..body.find('"').unwrap_or(body.len())].find(':') {
                let (name, value) = (&body[..i], unquote(&body[i + 1..]));
                let c = find_col(name)?;
                if value.is_empty() {
                    return Err(err("expected a value after `:`".into()));
                }
                Test::Contains(c, value.to_lowercase())
            } else {
                Test::Anywhere(unquote(body).to_lowercase())
            };
            terms.push(Term { negate, test });
        }
        Ok(Filter {
            terms,
            text: input.trim().to_string(),
        })
    }

    /// Whether the filter has no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether row `row` of `view` passes every term.
    pub fn matches(&self, ds: &Dataset, cols: &[Column], row: u32) -> bool {
        self.terms.iter().all(|t| t.test.holds(ds, cols, row) != t.negate)
    }
}

fn contains_ci(cell: &Cell<'_>, needle: &str) -> bool {
    match &cell.value {
        Value::Text(s) => contains_lower(s, needle),
        Value::Missing => false,
        Value::Date(d) => {
            let (buf, n) = d.to_ascii();
            std::str::from_utf8(&buf[..n]).is_ok_and(|t| contains_lower(t, needle))
        }
        _ => contains_lower(&value_text(cell), needle),
    }
}

/// Whether `hay` contains `needle` (already lowercase), ignoring case. ASCII text, the usual
/// case, is compared in place: typing a filter over 100k rows must not allocate per cell.
fn contains_lower(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle)
}

fn equals_ci(cell: &Cell<'_>, want: &str) -> bool {
    match &cell.value {
        Value::Text(s) if s.is_ascii() && want.is_ascii() => s.eq_ignore_ascii_case(want),
        Value::Text(s) => s.to_lowercase() == want,
        Value::Missing => false,
        _ => value_text(cell).to_lowercase() == want,
    }
}

impl Test {
    /// Whether the test holds for row `row` (the reference every fast path is checked against).
    pub(super) fn holds(&self, ds: &Dataset, cols: &[Column], row: u32) -> bool {
        match self {
            Test::Anywhere(needle) => cols
                .iter()
                .filter(|c| c.ty != ColType::Number)
                .any(|c| contains_ci(&(c.get)(ds, row), needle)),
            Test::Contains(c, needle) => contains_ci(&(cols[*c].get)(ds, row), needle),
            Test::Equals(c, want) => equals_ci(&(cols[*c].get)(ds, row), want),
            Test::Missing(c) => (cols[*c].get)(ds, row).is_missing(),
            Test::Number(c, op, n) => (cols[*c].get)(ds, row)
                .number()
                .is_some_and(|v| v.partial_cmp(n).is_some_and(|o| op.holds(o))),
            Test::Date(c, op, want) => match (cols[*c].get)(ds, row).value {
                Value::Date(d) => {
                    // Compare at the filter's precision: `released>2024-06` means July onwards.
                    let have = PartialDate {
                        year: d.year,
                        month: want.month.and(d.month),
                        day: want.day.and(d.day),
                    };
                    op.holds(have.cmp(want))
                }
                _ => false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_contains_with_and_without_ascii() {
        assert!(contains_lower("DeepSeek-V3", "seek-v"));
        assert!(!contains_lower("DeepSeek", "seeks"));
        assert!(contains_lower("深度求索 DeepSeek", "deep"));
        assert!(contains_lower("ÉCOLE", "école"));
        assert!(contains_lower("x", ""));
        assert!(!contains_lower("", "x"));
    }

    #[test]
    fn parses_numbers_with_suffixes() {
        assert_eq!(parse_number("10M"), Some(10e6));
        assert_eq!(parse_number("2.5k"), Some(2500.0));
        assert_eq!(parse_number("1e24"), Some(1e24));
        assert_eq!(parse_number("$5.6M"), Some(5.6e6));
        assert_eq!(parse_number("1,000"), Some(1000.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("1e400"), None);
    }

    #[test]
    fn parses_terms() {
        let f = Filter::parse(
            ViewKind::Models,
            "deepseek country:CN chips>1000 released>2024-06 -lab:meta",
        )
        .unwrap_or_default();
        assert_eq!(f.terms.len(), 5);
        assert_eq!(f.terms[0].test, Test::Anywhere("deepseek".into()));
        assert!(matches!(f.terms[2].test, Test::Number(_, Op::Gt, n) if n == 1000.0));
        assert!(f.terms[4].negate);
    }

    #[test]
    fn reports_bad_terms() {
        let e = Filter::parse(ViewKind::Models, "gpu_hour>10").err();
        assert!(e.is_some_and(|e| e.message.contains("did you mean `gpu_hours`")));
        assert!(Filter::parse(ViewKind::Models, "chips>lots").is_err());
        assert!(Filter::parse(ViewKind::Models, "released>2024-13").is_err());
        assert!(Filter::parse(ViewKind::Models, "lab>x").is_err());
        assert!(Filter::parse(ViewKind::Models, "chips>").is_err());
    }

    #[test]
    fn equals_is_exact_and_colon_contains() {
        let col = |id| super::super::columns::find(ViewKind::Models, id).unwrap_or(usize::MAX);
        let f = Filter::parse(ViewKind::Models, "country=US lab:meta").unwrap_or_default();
        assert_eq!(f.terms[0].test, Test::Equals(col("country"), "us".into()));
        assert_eq!(f.terms[1].test, Test::Contains(col("lab"), "meta".into()));
    }

    #[test]
    fn quotes_keep_spaces_and_escapes() {
        let col = |id| super::super::columns::find(ViewKind::Models, id).unwrap_or(usize::MAX);
        let f = Filter::parse(ViewKind::Models, r#"lab="Meta AI" -name="say \"hi\"" "open ai""#).unwrap_or_default();
        assert_eq!(f.terms.len(), 3);
        assert_eq!(f.terms[0].test, Test::Equals(col("lab"), "meta ai".into()));
        assert!(f.terms[1].negate);
        assert_eq!(f.terms[1].test, Test::Equals(col("name"), "say \"hi\"".into()));
        assert_eq!(f.terms[2].test, Test::Anywhere("open ai".into()));
        assert_eq!(f.text, r#"lab="Meta AI" -name="say \"hi\"" "open ai""#);
        // Operators inside quotes are text, not comparisons.
        let f = Filter::parse(ViewKind::Models, r#"name="a<b""#).unwrap_or_default();
        assert_eq!(f.terms[0].test, Test::Equals(col("name"), "a<b".into()));
        // `=""` selects rows without a value, on any column type.
        let f = Filter::parse(ViewKind::Models, r#"chip="" cost_usd="""#).unwrap_or_default();
        assert_eq!(f.terms[0].test, Test::Missing(col("chip")));
        assert_eq!(f.terms[1].test, Test::Missing(col("cost_usd")));
        let e = Filter::parse(ViewKind::Models, r#"lab="Meta AI"#).err();
        assert!(e.is_some_and(|e| e.message.contains("unclosed quote")));
        assert!(Filter::parse(ViewKind::Models, r#"chips>"""#).is_err());
    }

    #[test]
    fn quote_round_trips() {
        for v in [
            "US",
            "H800",
            "Meta AI",
            "",
            "a\"b\\c",
            "深度 求索",
            "x:y",
            "DeepSeek-V3",
        ] {
            let text = format!("name={}", quote(v));
            let f = Filter::parse(ViewKind::Models, &text).unwrap_or_default();
            let want = if v.is_empty() {
                Test::Missing(0)
            } else {
                Test::Equals(0, v.to_lowercase())
            };
            assert_eq!(
                f.terms,
                vec![Term {
                    negate: false,
                    test: want
                }],
                "{text}"
            );
        }
        assert_eq!(quote("US"), "US");
        assert_eq!(quote("Meta AI"), "\"Meta AI\"");
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn exact_and_missing_match_rows() {
        let ds = crate::data::load("mini", include_str!("../../tests/fixtures/mini.toml")).unwrap();
        let rows = |text: &str| {
            let q = super::super::Query {
                view: ViewKind::Models,
                sort: None,
                filter: Filter::parse(ViewKind::Models, text).unwrap(),
            };
            super::super::project(&ds, &q)
                .into_iter()
                .map(|r| ds.models[r as usize].id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(rows("country=us"), ["llama-3.1-405b", "gpt-4"]);
        assert_eq!(rows("lab=meta"), Vec::<&str>::new());
        assert_eq!(rows("lab:meta"), ["llama-3.1-405b"]);
        assert_eq!(rows(r#"lab="meta ai""#), ["llama-3.1-405b"]);
        assert_eq!(rows(r#"chip="""#), ["gpt-4"]);
        assert_eq!(rows(r#"-chip="""#), ["deepseek-v3", "llama-3.1-405b"]);
    }
}
