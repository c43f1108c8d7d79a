//! Sort ranks of one column, built in idle time so that the first sort of any column — a
//! column of 100k distinct names whose texts share long prefixes included — is a radix sort of
//! small integers rather than text comparisons. A record's rank is its place among the
//! column's distinct values in the order `sort::sort_rows` gives (equal values, one rank;
//! missing values after all), so sorting rows by rank is exactly `sort_rows`.

use std::cmp::Ordering;

use crate::data::Dataset;

use super::cell::Value;
use super::columns::{ColType, Column};
use super::search::{Interrupt, Interrupted};
use super::sort::{Key, SortDir, cmp_present, cmp_texts, key_printable};

/// Ranks stored in the narrowest integer that holds them: a column of a few repeated values
/// (lab, country, unit) costs a byte a record.
#[derive(Clone, Debug)]
enum Store {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

/// Every record's rank in one column.
#[derive(Clone, Debug)]
pub struct Ranks {
    store: Store,
    /// Distinct present values; a missing value has rank `classes`.
    classes: u32,
    /// Every present value is text: one rank per text ignoring case, as group-by groups it.
    texts: bool,
    /// Every text is shown as it is (`sanitize::is_printable`), so that the ranks order the
    /// texts as shown: a group table may take its label order from them unchecked.
    printable: bool,
    /// When every present value is a date: each rank's year (ranks are days, groups years).
    years: Option<Vec<u16>>,
}

/// Comparisons between two questions to `Interrupt` (a fraction of a millisecond).
const COMPARISONS_PER_CHECK: u32 = 1 << 14;
/// Records keyed between two questions to `Interrupt`.
const ROWS_PER_CHECK: usize = 1 << 14;

impl Ranks {
    /// The ranks of column `c` for the `n` records of its view; `Err` as soon as `interrupt`
    /// says a key came.
    pub fn build(ds: &Dataset, c: &Column, n: usize, interrupt: Interrupt<'_>) -> Result<Ranks, Interrupted> {
        let mut keyed: Vec<(Key, u32)> = Vec::with_capacity(n);
        let mut printable = true;
        for r in 0..n as u32 {
            if (r as usize).is_multiple_of(ROWS_PER_CHECK) && interrupt() {
                return Err(Interrupted);
            }
            let (k, shown_as_is) = key_printable(ds, c, r);
            printable &= shown_as_is;
            keyed.push((k, r));
        }
        let full = |x: u32, y: u32| cmp_texts(ds, c, x, y);
        // `sort_rows`'s ascending order (missing last); only equality matters for ranks.
        let cmp = |(a, ra): &(Key, u32), (b, rb): &(Key, u32)| match (a, b) {
            (Key::Missing, Key::Missing) => Ordering::Equal,
            (Key::Missing, _) => Ordering::Greater,
            (_, Key::Missing) => Ordering::Less,
            _ => cmp_present((a, *ra), (b, *rb), &full),
        };
        let (mut asked, mut stop) = (0u32, false);
        keyed.sort_unstable_by(|a, b| {
            // Once interrupted every pair ties, so the sort ends in a few linear passes.
            if stop {
                return Ordering::Equal;
            }
            asked += 1;
            if asked.is_multiple_of(COMPARISONS_PER_CHECK) && interrupt() {
                stop = true;
                return Ordering::Equal;
            }
            cmp(a, b)
        });
        if stop {
            return Err(Interrupted);
        }
        let mut rank = vec![0u32; n];
        let mut class = 0u32;
        let mut present = 0u32;
        for (i, k) in keyed.iter().enumerate() {
            if matches!(k.0, Key::Missing) {
                break;
            }
            if i > 0 && cmp(&keyed[i - 1], k) != Ordering::Equal {
                class += 1;
            }
            rank[k.1 as usize] = class;
            present = class + 1;
        }
        for k in keyed.iter().filter(|k| matches!(k.0, Key::Missing)) {
            rank[k.1 as usize] = present;
        }
        // A class's year from its first record: one cell read per distinct day.
        let years = if c.ty == ColType::Date {
            let mut years = Some(Vec::with_capacity(present as usize));
            for k in keyed.iter().take_while(|k| !matches!(k.0, Key::Missing)) {
                let Some(ys) = years.as_mut() else { break };
                if rank[k.1 as usize] as usize == ys.len() {
                    match (c.get)(ds, k.1).value {
                        Value::Date(d) => ys.push(d.year),
                        _ => years = None,
                    }
                }
            }
            years
        } else {
            None
        };
        let store = if present < u32::from(u8::MAX) {
            Store::U8(rank.iter().map(|&r| r as u8).collect())
        } else if present < u32::from(u16::MAX) {
            Store::U16(rank.iter().map(|&r| r as u16).collect())
        } else {
            Store::U32(rank)
        };
        let texts = keyed.iter().all(|k| matches!(k.0, Key::Text(..) | Key::Missing));
        Ok(Ranks {
            store,
            classes: present,
            texts,
            printable,
            years,
        })
    }

    /// Each rank's year, when every present value is a date (equal days are equal years).
    pub fn years(&self) -> Option<&[u16]> {
        self.years.as_deref()
    }

    /// Distinct present values (the rank of a missing value).
    pub fn classes(&self) -> u32 {
        self.classes
    }

    /// Whether every present value is text, so that equal ranks are equal texts ignoring case.
    pub fn texts(&self) -> bool {
        self.texts
    }

    /// Whether every text is shown as it is, so that rank order is the order of the texts
    /// shown (see `printable`).
    pub fn printable(&self) -> bool {
        self.printable
    }

    /// Record `r`'s rank (`classes` for a missing value or an unknown record).
    pub fn get(&self, r: u32) -> u32 {
        let r = r as usize;
        let got = match &self.store {
            Store::U8(v) => v.get(r).map(|&x| u32::from(x)),
            Store::U16(v) => v.get(r).map(|&x| u32::from(x)),
            Store::U32(v) => v.get(r).copied(),
        };
        got.unwrap_or(self.classes)
    }

    /// Memory held, in bytes.
    pub fn bytes(&self) -> usize {
        let years = self.years.as_ref().map_or(0, |y| y.capacity() * 2);
        years
            + match &self.store {
                Store::U8(v) => v.capacity(),
                Store::U16(v) => v.capacity() * 2,
                Store::U32(v) => v.capacity() * 4,
            }
    }

    /// Sorts `rows` (records of the view) as `sort_rows` sorts them by this column in `dir`:
    /// stably, missing values last. A radix sort on the ranks: O(n), one or two passes.
    pub fn sort(&self, dir: SortDir, rows: &mut [u32]) {
        let last = self.classes;
        let keyed: Vec<(u32, u32)> = rows
            .iter()
            .map(|&r| {
                let k = self.get(r);
                let k = match dir {
                    _ if k >= last => last,
                    SortDir::Asc => k,
                    SortDir::Desc => last - 1 - k,
                };
                (k, r)
            })
            .collect();
        for (slot, (_, r)) in rows.iter_mut().zip(radix(keyed, last)) {
            *slot = r;
        }
    }
}

/// Sorts pairs by their first number (at most `max`), stably: least significant 16 bits
/// first, then the next 16 only when some key has them.
fn radix(mut src: Vec<(u32, u32)>, max: u32) -> Vec<(u32, u32)> {
    let mut dst = vec![(0u32, 0u32); src.len()];
    let mut shift = 0;
    while shift < 32 && (shift == 0 || max >> shift != 0) {
        let buckets = ((max >> shift).min(0xffff) + 1) as usize;
        let mut start = vec![0usize; buckets + 1];
        for p in &src {
            start[((p.0 >> shift) & 0xffff) as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        for p in &src {
            let d = ((p.0 >> shift) & 0xffff) as usize;
            dst[start[d]] = *p;
            start[d] += 1;
        }
        std::mem::swap(&mut src, &mut dst);
        shift += 16;
    }
    src
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::sort::{SortSpec, sort_rows};
    use crate::view::{ViewKind, columns};

    fn load(name: &str, text: &str) -> Dataset {
        crate::data::load(name, text).unwrap_or_else(|d| panic!("{d:?}"))
    }

    /// `printable` says whether every text of the column is shown as it is: a group table
    /// then takes its label order from the ranks without reading the labels.
    #[test]
    fn ranks_say_whether_every_text_is_shown_as_it_is() {
        let printable = |ds: &Dataset, id: &str| {
            let c = columns::find(ViewKind::Models, id).and_then(|i| columns::columns(ViewKind::Models).get(i));
            let c = c.unwrap_or_else(|| panic!("{id}"));
            let ranks =
                Ranks::build(ds, c, ViewKind::Models.len(ds), &|| false).unwrap_or_else(|_| panic!("interrupted"));
            ranks.printable()
        };
        let bundled = load(crate::data::BUNDLED_NAME, crate::data::BUNDLED);
        assert!(printable(&bundled, "name"));
        assert!(printable(&bundled, "lab"));
        // Escape sequences and C1 controls in model names.
        let hostile = load("hostile", include_str!("../../tests/fixtures/hostile.toml"));
        assert!(!printable(&hostile, "name"));
    }

    /// Sorting by ranks is `sort_rows` — every column of every view, both directions, on all
    /// rows, on a filtered subset and on rows in a scrambled previous order (ties keep it).
    #[test]
    fn sorting_by_ranks_is_sorting_by_the_column() {
        let text = crate::generate::dataset(crate::generate::Sizes::models(700), 17);
        for ds in [
            load("gen", &text),
            load(crate::data::BUNDLED_NAME, crate::data::BUNDLED),
        ] {
            for view in ViewKind::ALL {
                let n = view.len(&ds);
                let all: Vec<u32> = (0..n as u32).collect();
                let part: Vec<u32> = all.iter().copied().filter(|r| r % 3 != 1).collect();
                let scrambled: Vec<u32> = (0..n as u32).map(|r| (r * 7919) % n.max(1) as u32).collect();
                let cols = columns(view);
                for (col, c) in cols.iter().enumerate() {
                    let ranks = Ranks::build(&ds, c, n, &|| false).unwrap_or_else(|_| panic!("interrupted"));
                    for dir in [SortDir::Asc, SortDir::Desc] {
                        for rows in [&all, &part, &scrambled] {
                            let mut want = rows.clone();
                            sort_rows(&ds, cols, SortSpec { col, dir }, &mut want);
                            let mut got = rows.clone();
                            ranks.sort(dir, &mut got);
                            assert_eq!(got, want, "{view:?} {} {dir:?}", c.id);
                        }
                    }
                }
            }
        }
    }

    /// Bar charts counting a text column's values by its ranks are the charts from the texts.
    #[test]
    fn counting_by_ranks_is_counting_the_texts() {
        use crate::view::chart::{BarKey, ChartData, Scale, bars, bars_ranked};
        let text = crate::generate::dataset(crate::generate::Sizes::models(700), 29);
        for ds in [
            load("gen", &text),
            load(crate::data::BUNDLED_NAME, crate::data::BUNDLED),
        ] {
            for view in ViewKind::ALL {
                let n = view.len(&ds);
                let part: Vec<u32> = (0..n as u32).rev().filter(|r| r % 5 != 2).collect();
                for (col, c) in columns(view).iter().enumerate() {
                    let ranks = Ranks::build(&ds, c, n, &|| false).ok();
                    // Bars by ranks name their values when drawn: compare what they show.
                    let shown = |d: ChartData| match d {
                        ChartData::Bars(mut b) => {
                            for i in &mut b.items {
                                if let Some((name, text)) = i.key.shown(&ds, view, col) {
                                    i.key = BarKey::label(name, text);
                                }
                            }
                            ChartData::Bars(b)
                        }
                        other => other,
                    };
                    for scale in [Scale::Linear, Scale::Log] {
                        let want = bars(&ds, view, col, &part, scale);
                        assert_eq!(
                            shown(bars_ranked(&ds, view, col, &part, scale, ranks.as_ref())),
                            want,
                            "{view:?} {}",
                            c.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn date_columns_know_each_ranks_year() {
        let ds = load(crate::data::BUNDLED_NAME, crate::data::BUNDLED);
        let cols = columns(ViewKind::Models);
        let n = ViewKind::Models.len(&ds);
        let rank = |id: &str| {
            let c = cols.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("{id}"));
            Ranks::build(&ds, c, n, &|| false).unwrap_or_else(|_| panic!("interrupted"))
        };
        let released = rank("released");
        let years = released.years().unwrap_or_else(|| panic!("no years"));
        assert_eq!(years.len(), released.classes() as usize);
        assert!(years.windows(2).all(|w| w[0] <= w[1]), "{years:?}");
        assert!(rank("name").years().is_none() && rank("name").texts());
    }

    #[test]
    fn radix_is_a_stable_sort_on_the_key() {
        let mut x = 0x9e37_79b9_u32;
        for max in [0u32, 1, 200, 70_000, u32::MAX - 1] {
            let pairs: Vec<(u32, u32)> = (0..5000)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    (if max == 0 { 0 } else { x % max }, i)
                })
                .collect();
            let mut want = pairs.clone();
            want.sort_by_key(|p| p.0);
            assert_eq!(radix(pairs, max), want, "max {max}");
        }
    }

    #[test]
    fn a_key_stops_the_build() {
        let ds = load(
            "gen",
            &crate::generate::dataset(crate::generate::Sizes::models(3000), 3),
        );
        let c = &columns(ViewKind::Models)[0];
        let asked = std::sync::atomic::AtomicUsize::new(0);
        // The first question (before any key) says no; the next, during the sort, says yes.
        let key_during_sort = || asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= 1;
        let n = ViewKind::Models.len(&ds);
        assert!(Ranks::build(&ds, c, n, &key_during_sort).is_err());
        assert!(asked.load(std::sync::atomic::Ordering::Relaxed) >= 2);
        assert!(Ranks::build(&ds, c, n, &|| false).is_ok());
        assert!(Ranks::build(&ds, c, ViewKind::Models.len(&ds), &|| true).is_err());
    }
}
