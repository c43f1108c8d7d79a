//! An export's snapshot date: the date in its file name (`notable_ai_models-2025-02-24.csv`,
//! `…_24_02_2025.csv`, `…-2024-10.csv`), else the file's modification date.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::data::PartialDate;

/// The date in `name`: `YYYY-MM-DD`, `DD-MM-YYYY` or `YYYY-MM`, with `-` or `_` between.
pub fn from_name(name: &str) -> Option<PartialDate> {
    // Runs of digits, each with whether it directly follows the previous run after one
    // separator.
    let mut runs: Vec<(&str, bool)> = Vec::new();
    let mut prev_end: Option<usize> = None;
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let joined = prev_end.is_some_and(|e| start == e + 1 && matches!(bytes[e], b'-' | b'_'));
            runs.push((&name[start..i], joined));
            prev_end = Some(i);
        } else {
            i += 1;
        }
    }
    let num = |s: &str| s.parse::<u16>().ok();
    for w in 0..runs.len() {
        let len = |k: usize| runs.get(w + k).filter(|r| k == 0 || r.1).map(|r| r.0.len());
        let part = |k: usize| runs.get(w + k).and_then(|r| num(r.0));
        let ymd = match (len(0), len(1), len(2)) {
            (Some(4), Some(2), Some(2)) => Some((part(0), part(1), part(2))),
            (Some(2), Some(2), Some(4)) => Some((part(2), part(1), part(0))),
            _ => None,
        };
        if let Some((Some(y), Some(m), Some(d))) = ymd
            && let Ok(date) = PartialDate::new(y, u8::try_from(m).ok(), u8::try_from(d).ok())
        {
            return Some(date);
        }
        if let (Some(4), Some(2)) = (len(0), len(1))
            && let (Some(y), Some(m)) = (part(0), part(1))
            && let Ok(date) = PartialDate::new(y, u8::try_from(m).ok(), None)
        {
            return Some(date);
        }
    }
    None
}

/// The civil date (UTC) of a time.
pub fn civil(t: SystemTime) -> Option<PartialDate> {
    let days = i64::try_from(t.duration_since(UNIX_EPOCH).ok()?.as_secs() / 86_400).ok()?;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    PartialDate::new(u16::try_from(y).ok()?, u8::try_from(m).ok(), u8::try_from(d).ok()).ok()
}

/// The snapshot date of the export at `path`, and where it came from.
pub fn of_file(path: &Path) -> (PartialDate, &'static str) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(d) = from_name(&name) {
        return (d, "from the file name");
    }
    let mtime = std::fs::metadata(path).and_then(|m| m.modified()).ok().and_then(civil);
    match mtime {
        Some(d) => (d, "the file's modification date"),
        None => (
            civil(SystemTime::now()).unwrap_or(PartialDate {
                year: 1970,
                month: Some(1),
                day: Some(1),
            }),
            "today (the file has no modification date)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> Option<String> {
        from_name(n).map(|d| d.to_string())
    }

    #[test]
    fn dates_in_file_names() {
        assert_eq!(name("notable_ai_models-2025-02-24.csv"), Some("2025-02-24".into()));
        assert_eq!(name("notable_ai_models_24_02_2025.csv"), Some("2025-02-24".into()));
        assert_eq!(name("notable_ai_models-2024-10.csv"), Some("2024-10".into()));
        assert_eq!(name("models-v2.csv"), None);
        assert_eq!(name("all_models.csv"), None);
        assert_eq!(name("x-2025-13-01.csv"), None);
    }

    #[test]
    fn civil_dates_from_unix_time() {
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1_740_355_200); // 2025-02-24
        assert_eq!(civil(t).map(|d| d.to_string()), Some("2025-02-24".into()));
        assert_eq!(civil(UNIX_EPOCH).map(|d| d.to_string()), Some("1970-01-01".into()));
    }
}
