//! An Epoch AI export's columns, found by header name (with the renames Epoch has made), and
//! each row's values checked against what their column holds.

use super::countries::{self, Country};
use crate::data::PartialDate;

/// The columns the importer reads. Anything else in an export is ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    /// `Model` (2025) or `System` (2024 and before).
    Name,
    /// `Organization`: one or several, comma-separated.
    Org,
    /// `Country (from Organization)` / `Country (of organization)`.
    Country,
    /// `Publication date`.
    Date,
    /// `Reference`: the title of the publication.
    Reference,
    /// `Link`: one or several addresses.
    Link,
    /// `Parameters`.
    Params,
    /// `Training compute (FLOP)`.
    Flop,
    /// `Training compute lower bound` (some exports).
    FlopLow,
    /// `Training compute upper bound` (some exports).
    FlopHigh,
    /// `Training dataset size (datapoints)`.
    Datapoints,
    /// `Training time (hours)`.
    Hours,
    /// `Training hardware`: free text, several comma-separated.
    Hardware,
    /// `Hardware quantity`.
    Quantity,
    /// `Hardware utilization`: a fraction.
    Utilization,
    /// `Training compute cost (2023 USD)`.
    Cost,
    /// `Confidence`.
    Confidence,
    /// `Model accessibility`.
    Access,
    /// `Last modified` (some exports).
    Modified,
    /// `Parameters notes` (copied only with `--with-notes`).
    ParamsNotes,
    /// `Training compute notes`.
    FlopNotes,
    /// `Dataset size notes`.
    DatapointsNotes,
    /// `Training time notes`.
    HoursNotes,
    /// `Compute cost notes`.
    CostNotes,
}

/// Which column holds what, by position, with each column's header as written.
#[derive(Debug, Default)]
pub struct Header {
    cols: Vec<(Col, usize, String)>,
    /// Columns recognised but not usable, with why (a cost in another year's dollars).
    pub skipped: Vec<String>,
}

/// Lower-cased, single-spaced, for matching headers across renames.
fn norm(h: &str) -> String {
    h.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn column_of(h: &str) -> Option<Col> {
    let starts = |p: &str| h.starts_with(p);
    Some(match h {
        "model" | "system" | "model name" | "system name" => Col::Name,
        "organization" | "organisation" | "organizations" | "organisations" => Col::Org,
        "publication date" | "publication date (utc)" => Col::Date,
        "reference" => Col::Reference,
        "link" | "links" => Col::Link,
        "parameters" => Col::Params,
        "training compute (flop)" => Col::Flop,
        "training time (hours)" => Col::Hours,
        "training hardware" => Col::Hardware,
        "hardware quantity" => Col::Quantity,
        "confidence" => Col::Confidence,
        "model accessibility" => Col::Access,
        "last modified" | "last modified time" | "last modified date" => Col::Modified,
        "parameters notes" => Col::ParamsNotes,
        "training compute notes" => Col::FlopNotes,
        "dataset size notes" => Col::DatapointsNotes,
        "training time notes" => Col::HoursNotes,
        "compute cost notes" => Col::CostNotes,
        _ if starts("country") => Col::Country,
        _ if starts("training compute lower bound") => Col::FlopLow,
        _ if starts("training compute upper bound") => Col::FlopHigh,
        _ if starts("training dataset size") => Col::Datapoints,
        _ if starts("hardware utilization") || starts("hardware utilisation") => Col::Utilization,
        _ if starts("training compute cost") => Col::Cost,
        _ => return None,
    })
}

impl Header {
    /// Maps a header row; the first column of each kind wins.
    pub fn new(fields: &[String]) -> Self {
        let mut h = Header::default();
        for (i, raw) in fields.iter().enumerate() {
            let n = norm(raw);
            let Some(col) = column_of(&n) else { continue };
            // labdash's money in constant dollars is 2023 dollars only; another year's (or
            // an unstated year's) figures would be mislabelled.
            if col == Col::Cost && !n.contains("2023") {
                h.skipped.push(format!(
                    "column \"{}\": only costs in 2023 US dollars can be imported; column ignored",
                    raw.trim()
                ));
                continue;
            }
            if h.index(col).is_none() {
                h.cols.push((col, i, raw.trim().to_string()));
            }
        }
        h
    }

    /// The position of `col`, if the export has it.
    pub fn index(&self, col: Col) -> Option<usize> {
        self.cols.iter().find(|(c, _, _)| *c == col).map(|(_, i, _)| *i)
    }

    /// The header text of `col` as the export writes it.
    pub fn name(&self, col: Col) -> &str {
        self.cols
            .iter()
            .find(|(c, _, _)| *c == col)
            .map_or("", |(_, _, n)| n.as_str())
    }

    /// The trimmed value of `col` in `fields`, `None` when the column is absent or empty.
    pub fn get<'a>(&self, fields: &'a [String], col: Col) -> Option<&'a str> {
        let v = fields.get(self.index(col)?)?.trim();
        (!v.is_empty()).then_some(v)
    }

    /// Whether the export has `col`.
    pub fn has(&self, col: Col) -> bool {
        self.index(col).is_some()
    }
}

/// What a value failed to be, for `column "…": "…" is not a …`.
pub type Expected = &'static str;

/// Parses a figure as Epoch writes them (`1.2852e+24`, `16384.0`, `1,000`), scaled by
/// 10^`shift` exactly (decimal exponent arithmetic, so 405000000000 × 10⁻⁹ is 405, not
/// 404.99…). Only finite numbers greater than zero are figures.
pub fn number(text: &str, shift: i32) -> Result<f64, Expected> {
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    let plain = if is_grouped(t) {
        t.replace(',', "")
    } else {
        t.to_string()
    };
    let (mantissa, exp) = match plain.find(['e', 'E']) {
        Some(i) => (&plain[..i], plain[i + 1..].parse::<i32>().map_err(|_| "a number")?),
        None => (plain.as_str(), 0),
    };
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let dots = mantissa.bytes().filter(|b| *b == b'.').count();
    if digits == 0 || dots > 1 || digits + dots != mantissa.len() {
        return Err("a number");
    }
    let exp = exp.checked_add(shift).ok_or("a number")?;
    let v: f64 = format!("{mantissa}e{exp}").parse().map_err(|_| "a number")?;
    if !v.is_finite() {
        return Err("a finite number");
    }
    if v <= 0.0 {
        return Err("a number greater than zero");
    }
    Ok(v)
}

/// `1,000` or `12,345,678.5`: digits grouped by thousands.
fn is_grouped(t: &str) -> bool {
    let int = t.split('.').next().unwrap_or("");
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    int.contains(',')
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, optionally followed by a time
/// (`2025-02-20T10:01:02.000Z`, `2025-02-20 10:01`), or `M/D/YYYY` as spreadsheets write it.
pub fn date(text: &str) -> Result<PartialDate, Expected> {
    let t = text.trim();
    let day_part = t.split(['T', ' ']).next().unwrap_or(t);
    if let Ok(d) = PartialDate::parse(day_part) {
        return Ok(d);
    }
    if let Ok(d) = PartialDate::parse(&day_part.replace('/', "-")) {
        return Ok(d);
    }
    // Spreadsheets write M/D/YYYY or D/M/YYYY: taken only when the order is unambiguous (one
    // part over 12, or both equal), never guessed.
    let mut parts = day_part.split('/');
    if let (Some(a), Some(b), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        && y.len() == 4
        && (1..=2).contains(&a.len())
        && (1..=2).contains(&b.len())
        && let (Ok(y), Ok(a), Ok(b)) = (y.parse::<u16>(), a.parse::<u8>(), b.parse::<u8>())
    {
        let (m, d) = match (a, b) {
            _ if a == b => (a, b),
            _ if a > 12 => (b, a),
            _ if b > 12 => (a, b),
            _ => return Err("a date (YYYY-MM-DD; D/M/YYYY and M/D/YYYY are ambiguous)"),
        };
        if let Ok(date) = PartialDate::new(y, Some(m), Some(d)) {
            return Ok(date);
        }
    }
    Err("a date (YYYY-MM-DD)")
}

/// A utilisation in percent: Epoch's fraction (`0.4042`), or a percentage a hand-edited copy
/// wrote as such (`40.42%`).
pub fn percent(text: &str) -> Result<f64, Expected> {
    match text.trim().strip_suffix('%') {
        Some(p) => number(p, 0),
        None => number(text, 2),
    }
}

/// Epoch's confidence label → labdash's (`unknown` for `Unknown`).
pub fn confidence(text: &str) -> Result<&'static str, Expected> {
    match text.trim().to_lowercase().as_str() {
        "confident" => Ok("confident"),
        "likely" => Ok("likely"),
        "speculative" => Ok("speculative"),
        "unknown" => Ok("unknown"),
        _ => Err("a confidence (Confident, Likely, Speculative or Unknown)"),
    }
}

/// Epoch's model accessibility → labdash's `open_weights`.
pub fn access(text: &str) -> Result<&'static str, Expected> {
    let t = text.trim().to_lowercase();
    // Exports before 2025 say "Open access (…)" for what later ones call "Open weights (…)".
    if t.starts_with("open weights (unrestricted)") || t.starts_with("open access (unrestricted)") {
        Ok("open")
    } else if t.starts_with("open weights") || t.starts_with("open access") {
        Ok("restricted")
    } else if t.starts_with("api access") || t.starts_with("hosted access") || t == "unreleased" {
        Ok("closed")
    } else {
        Err("a model accessibility (Open weights …, Open access …, API access, Hosted access or Unreleased)")
    }
}

/// The countries in a `Country (…)` value, or the first name that is not a country.
pub fn country_list(text: &str) -> Result<Vec<Country>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| countries::lookup(n).ok_or_else(|| n.to_string()))
        .collect()
}

/// Whether `text` reads as a name (of an organisation or a piece of hardware) rather than a
/// number, a date or an address that slipped into the wrong column.
pub fn is_name(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && date(text).is_err() && !text.contains("://") && number(text, 0).is_err()
}

/// The addresses in a `Link` value (several are separated by spaces, commas or semicolons;
/// words around them, such as "(was withdrawn)", are not addresses).
pub fn links(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_by_name_across_renames() {
        let row = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let old = Header::new(&row(&["System", "Country (from Organization)", "Extra"]));
        let new = Header::new(&row(&["Extra", " Model ", "Country (of organization)"]));
        assert_eq!(old.index(Col::Name), Some(0));
        assert_eq!(new.index(Col::Name), Some(1));
        assert_eq!(new.index(Col::Country), Some(2));
        assert_eq!(new.name(Col::Country), "Country (of organization)");
        let bounds = Header::new(&row(&[
            "Training compute lower bound (FLOP)",
            "Training compute upper bound",
            "Training compute cost (2020 USD)",
        ]));
        assert!(bounds.has(Col::FlopLow) && bounds.has(Col::FlopHigh));
        assert!(!bounds.has(Col::Cost));
        assert_eq!(bounds.skipped.len(), 1);
    }

    #[test]
    fn numbers_as_epoch_writes_them_scaled_exactly() {
        assert_eq!(number("1.2852e+24", 0), Ok(1.2852e24));
        assert_eq!(number("16384.0", 0), Ok(16384.0));
        assert_eq!(number("405000000000.0", -9), Ok(405.0));
        assert_eq!(number("0.4042", 2), Ok(40.42));
        assert_eq!(number("1,000", 0), Ok(1000.0));
        assert_eq!(percent("0.4042"), Ok(40.42));
        assert_eq!(percent("40.42%"), Ok(40.42));
        for bad in [
            "",
            "NVIDIA H100",
            "1e400",
            "inf",
            "NaN",
            "0",
            "-5",
            "1.2.3",
            "1,00",
            "e5",
            "1e",
        ] {
            assert!(number(bad, 0).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_with_times_and_spreadsheet_order() {
        let d = |t| date(t).map(|d| d.to_string());
        assert_eq!(d("2024-07-23"), Ok("2024-07-23".into()));
        assert_eq!(d("2025-02-20T10:01:02.000Z"), Ok("2025-02-20".into()));
        assert_eq!(d("2/20/2025 10:01am"), Ok("2025-02-20".into()));
        assert_eq!(d("20/2/2025"), Ok("2025-02-20".into()));
        assert_eq!(d("2024/07/23"), Ok("2024-07-23".into()));
        assert!(date("3/4/2025").is_err(), "March 4 or April 3: not guessed");
        assert_eq!(d("2024-10"), Ok("2024-10".into()));
        assert!(date("NVIDIA H100 SXM5 80GB").is_err());
        assert!(date("2025-02-30").is_err());
    }

    #[test]
    fn names_are_not_numbers_dates_or_links() {
        assert!(is_name("NVIDIA H100 SXM5 80GB"));
        assert!(is_name("01.AI"));
        assert!(!is_name("2024-07-23"));
        assert!(!is_name("16384.0"));
        assert!(!is_name("https://x.ai"));
    }

    #[test]
    fn links_split_and_drop_words() {
        assert_eq!(
            links("https://a.org/x (was withdrawn), https://b.org\nhttps://c.org;"),
            ["https://a.org/x", "https://b.org", "https://c.org"]
        );
        assert!(links("see the paper").is_empty());
    }
}
