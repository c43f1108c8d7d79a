//! The filter expression language: space-separated terms that must all hold.
//!
//! `deepseek` — any text column contains it (case-insensitive); `country:CN` — one column
//! contains it; `chips>1000`, `cost_usd<=10M`, `train_flop>=1e24`, `released>2024-06` —
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
    for (pat, op) in [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("<", Op::Lt),
        (">", Op::Gt),
        ("=", Op::Eq),
    ] {
        if let Some(i) = term.find(pat) {
            return Some((&term[..i], op, &term[i + pat.len()..]));
        }
    }
    None
}

impl Filter {
    /// Parses a filter for `view`; an unparsable term is an error, never silently dropped.
    pub fn parse(view: ViewKind, input: &str) -> Result<Filter, FilterError> {
        let cols = columns(view);
        let mut terms = Vec::new();
        for raw in input.split_whitespace() {
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
                if value.is_empty() {
                    return Err(err("expected a value after the operator".into()));
                }
                match cols[c].ty {
                    ColType::Date => {
                        let d = PartialDate::parse(value).map_err(err)?;
                        Test::Date(c, op, d)
                    }
                    ColType::Number => {
                        let n = parse_number(value)
                            .ok_or_else(|| err(format!("`{value}` is not a number (try 1000, 2.5k, 10M, 1e24)")))?;
                        Test::Number(c, op, n)
                    }
                    ColType::Text if op == Op::Eq => Test::Contains(c, value.to_lowercase()),
                    ColType::Text => return Err(err(format!("`{}` is text: use {name}:value", cols[c].id))),
                }
            } else if let Some((name, value)) = body.split_once(':') {
                let c = find_col(name)?;
                if value.is_empty() {
                    return Err(err("expected a value after `:`".into()));
                }
                Test::Contains(c, value.to_lowercase())
            } else {
                Test::Anywhere(body.to_lowercase())
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
    let text = match &cell.value {
        Value::Text(s) => s.to_lowercase(),
        Value::Missing => return false,
        _ => value_text(cell).to_lowercase(),
    };
    text.contains(needle)
}

impl Test {
    fn holds(&self, ds: &Dataset, cols: &[Column], row: u32) -> bool {
        match self {
            Test::Anywhere(needle) => cols
                .iter()
                .filter(|c| c.ty != ColType::Number)
                .any(|c| contains_ci(&(c.get)(ds, row), needle)),
            Test::Contains(c, needle) => contains_ci(&(cols[*c].get)(ds, row), needle),
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
}
