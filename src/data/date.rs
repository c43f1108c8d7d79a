//! Calendar dates that may be known only to the month or the year ("2024-12", "2015").

use std::fmt;

/// A date with optional month and day, ordered chronologically; a missing month or day sorts
/// before any known one of the same year/month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year, e.g. 2024.
    pub year: u16,
    /// Month 1–12, if known.
    pub month: Option<u8>,
    /// Day 1–31, if known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Builds a date, checking month and day ranges (including leap years).
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Result<Self, String> {
        if !(1..=9999).contains(&year) {
            return Err(format!("year {year} is out of range; expected 0001 to 9999"));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("month {m} does not exist; expected 01 to 12"));
            }
            if let Some(d) = day {
                let last = days_in_month(year, m);
                if d == 0 || d > last {
                    return Err(format!("day {d} does not exist in {year}-{m:02} (it has {last} days)"));
                }
            }
        } else if day.is_some() {
            return Err("a day needs a month".into());
        }
        Ok(Self { year, month, day })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}` is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY");
        let mut parts = text.split('-');
        let year = parts.next().filter(|p| p.len() == 4).ok_or_else(bad)?;
        let year: u16 = year.parse().map_err(|_| bad())?;
        let mut num = |len: usize| -> Result<Option<u8>, String> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| bad())
                }
                Some(_) => Err(bad()),
            }
        };
        let month = num(2)?;
        let day = num(2)?;
        if parts.next().is_some() {
            return Err(bad());
        }
        Self::new(year, month, day)
    }

    /// The date as `YYYY[-MM[-DD]]` in a stack buffer (for matching without allocating).
    pub fn to_ascii(self) -> ([u8; 10], usize) {
        let mut b = [0u8; 10];
        let y = self.year;
        for (i, div) in [1000, 100, 10, 1].iter().enumerate() {
            b[i] = b'0' + ((y / div) % 10) as u8;
        }
        let mut n = 4;
        for part in [self.month, self.day].into_iter().map_while(|p| p) {
            b[n] = b'-';
            b[n + 1] = b'0' + part / 10;
            b[n + 2] = b'0' + part % 10;
            n += 3;
        }
        (b, n)
    }

    /// Days since 0000-03-01 (proleptic Gregorian) of the first day this date covers; used as
    /// the x axis of time charts.
    pub fn day_number(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month.unwrap_or(1)),
            i64::from(self.day.unwrap_or(1)),
        );
        let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1
    }

    /// The date as a fractional year (2024.5), for chart axes.
    pub fn as_year_fraction(self) -> f64 {
        let m = f64::from(self.month.unwrap_or(1)) - 1.0;
        let d = f64::from(self.day.unwrap_or(1)) - 1.0;
        f64::from(self.year) + (m + d / 31.0) / 12.0
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_month_and_year_dates() {
        assert_eq!(
            PartialDate::parse("2024-12-26").map(|d| d.to_string()),
            Ok("2024-12-26".into())
        );
        assert_eq!(
            PartialDate::parse("2024-12").map(|d| d.to_string()),
            Ok("2024-12".into())
        );
        assert_eq!(PartialDate::parse("2015").map(|d| d.to_string()), Ok("2015".into()));
    }

    #[test]
    fn ascii_form_equals_display() {
        for t in ["2024-12-26", "2024-12", "0999", "2015"] {
            let d = PartialDate::parse(t).unwrap_or_else(|e| panic!("{e}"));
            let (b, n) = d.to_ascii();
            assert_eq!(std::str::from_utf8(&b[..n]).ok(), Some(d.to_string().as_str()));
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(PartialDate::parse("2025-02-30").is_err());
        assert!(PartialDate::parse("2025-13").is_err());
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(PartialDate::parse("2023-02-29").is_err());
        assert!(PartialDate::parse("24-01").is_err());
        assert!(PartialDate::parse("2024-1").is_err());
        assert!(PartialDate::parse("2024-01-01-01").is_err());
    }

    #[test]
    fn orders_partial_dates_chronologically() {
        let a = PartialDate::parse("2024").unwrap_or_else(|e| panic!("{e}"));
        let b = PartialDate::parse("2024-06").unwrap_or_else(|e| panic!("{e}"));
        let c = PartialDate::parse("2024-06-02").unwrap_or_else(|e| panic!("{e}"));
        assert!(a < b && b < c);
        assert!(b.day_number() < c.day_number());
    }
}
