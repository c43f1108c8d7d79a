//! Free-text search at typing speed. A free-text term (`atlas`) looks in every text and date
//! cell of a row; reading each cell through its getter and comparing it in place costs about
//! 100 ns, 30 ms a keystroke on 100k rows. A `TextIndex` holds each row's searchable cells,
//! lowercased once, in one buffer, so a term becomes one substring search per row over
//! contiguous memory. `Filter` stays the reference: `Matcher` answers exactly what
//! `Filter::matches` answers (pinned by the tests below).

use std::ops::Range;

use memchr::memmem::Finder;

use crate::data::Dataset;

use super::ViewKind;
use super::cell::{Cell, Value};
use super::columns::{ColType, Column, columns};
use super::filter::{Filter, Test};
use super::format::value_text;
use super::split::chunks;

/// Ends every cell in the buffer. A needle containing it is answered the plain way, so a
/// match never spans two cells or two rows.
const SEP: u8 = 0;

/// Views smaller than this are filtered cell by cell: fast enough, and no memory spent.
pub const MIN_ROWS: usize = 4096;

/// Each row's free-text-searchable cells (the columns a free-text term looks in), lowercased
/// as the plain path lowercases them, each followed by `SEP`, rows one after another; in
/// parts, built on two cores.
pub struct TextIndex {
    view: ViewKind,
    parts: Vec<Part>,
}

/// Consecutive rows of an index.
struct Part {
    /// The index of its first row.
    first: usize,
    text: Vec<u8>,
    /// Where each row ends in `text` (the next starts there).
    ends: Vec<u32>,
}

impl std::fmt::Debug for TextIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TextIndex({:?}, {} rows, {} bytes)",
            self.view,
            self.rows(),
            self.bytes()
        )
    }
}

/// Whether a free-text term looks in this column (numbers are not searched as text).
fn searched(c: &Column) -> bool {
    c.ty != ColType::Number
}

/// Appends a cell's text lowercased exactly as `contains_lower` compares it: ASCII folded in
/// place, anything else through `str::to_lowercase` of the whole cell (which depends on the
/// cell only, so lowering cell by cell keeps the plain path's answer).
fn push_cell(out: &mut Vec<u8>, cell: &Cell<'_>) {
    let push = |out: &mut Vec<u8>, s: &str| {
        if s.is_ascii() {
            let at = out.len();
            out.extend_from_slice(s.as_bytes());
            out[at..].make_ascii_lowercase();
        } else {
            out.extend_from_slice(s.to_lowercase().as_bytes());
        }
    };
    match &cell.value {
        Value::Missing => {}
        Value::Text(s) => push(out, s),
        Value::Date(d) => {
            let (buf, n) = d.to_ascii();
            if let Ok(s) = std::str::from_utf8(&buf[..n]) {
                push(out, s);
            }
        }
        _ => push(out, &value_text(cell)),
    }
    out.push(SEP);
}

/// An index holds at most this much, or `BYTES_PER_RECORD` for each record of the data if
/// more: memory in proportion to the data (a view's lowercased text is a fraction of the
/// file's; 3 claims a model make 25 MB at 100k models). A larger view is filtered cell by
/// cell, in file order, on every core.
pub const MAX_BYTES: usize = 12_000_000;

/// See `MAX_BYTES`.
const BYTES_PER_RECORD: usize = 96;

/// The most an index of `ds` may hold.
fn budget(ds: &Dataset) -> usize {
    let records: usize = crate::data::Kind::ALL.iter().map(|&k| ds.count(k)).sum();
    MAX_BYTES.max(BYTES_PER_RECORD.saturating_mul(records))
}

/// Rows sampled to estimate an index's size before building it.
const SAMPLE_ROWS: usize = 2048;

/// Rows worth a second thread when terms are tested cell by cell (a thread costs ~50 µs).
const PARALLEL_ROWS: usize = 16 * 1024;

/// The bytes a row takes, from rows spread over the view (later rows tend to have longer
/// names: the first ones would underestimate), plus a margin; `None` if the view is too large
/// for `u32` rows.
fn per_row(ds: &Dataset, cols: &[&Column], n: usize) -> Option<usize> {
    let step = (n / SAMPLE_ROWS).max(1);
    let mut scratch = Vec::new();
    let (mut bytes, mut rows) = (0, 0);
    for row in (0..n).step_by(step) {
        let row = u32::try_from(row).ok()?;
        for c in cols {
            push_cell(&mut scratch, &(c.get)(ds, row));
        }
        bytes += scratch.len();
        rows += 1;
        scratch.clear();
    }
    let avg = bytes / rows.max(1) + 1;
    Some(avg + avg / 16)
}

/// Rows `rows` of a view, `per_row` bytes each expected; `None` past `limit` bytes.
/// Asked now and then while an index is built in idle time: true when the user pressed a
/// key, and the build is abandoned (to be done again later) so the key is answered at once.
pub type Interrupt<'a> = &'a (dyn Fn() -> bool + Sync);

/// An index build given up because a key came.
#[derive(Debug)]
pub struct Interrupted;

/// Rows indexed between two questions to `Interrupt` (well under a millisecond).
const ROWS_PER_CHECK: usize = 4096;

fn build_part(
    ds: &Dataset,
    cols: &[&Column],
    rows: Range<usize>,
    per_row: usize,
    limit: usize,
    interrupt: Interrupt<'_>,
) -> Option<Part> {
    let first = rows.start;
    // Sized once: growing a buffer of megabytes copies it and faults its pages in again.
    let mut text = Vec::with_capacity((rows.len() * per_row).min(limit));
    let mut ends = Vec::with_capacity(rows.len());
    for row in rows {
        if (row - first).is_multiple_of(ROWS_PER_CHECK) && interrupt() {
            return None;
        }
        let row = u32::try_from(row).ok()?;
        for c in cols {
            push_cell(&mut text, &(c.get)(ds, row));
        }
        if text.len() > limit {
            return None;
        }
        ends.push(u32::try_from(text.len()).ok()?);
    }
    Some(Part { first, text, ends })
}

impl Part {
    /// Marks in `bits` the rows containing `needle`: one search over the whole text, skipping
    /// to the next row after each hit.
    fn mark(&self, needle: &Finder<'_>, bits: &mut [u64]) {
        let (mut pos, mut r) = (0, 0);
        while let Some(hit) = self.text.get(pos..).and_then(|t| needle.find(t)) {
            let at = pos + hit;
            while self.ends.get(r).is_some_and(|&end| end as usize <= at) {
                r += 1;
            }
            let Some(&end) = self.ends.get(r) else { break };
            set(bits, self.first + r);
            pos = end as usize;
        }
    }
}

fn set(bits: &mut [u64], r: usize) {
    bits[r / 64] |= 1 << (r % 64);
}

fn get(bits: &[u64], r: usize) -> bool {
    bits.get(r / 64).is_some_and(|w| w & (1 << (r % 64)) != 0)
}

impl TextIndex {
    /// Indexes every row of `view` (on two cores); `None` when it would hold more than
    /// `budget`.
    pub fn build(ds: &Dataset, view: ViewKind) -> Option<TextIndex> {
        Self::build_within(ds, view, budget(ds), &|| false).ok().flatten()
    }

    /// As `build`, abandoned (`Err`) as soon as `interrupt` says so.
    pub fn build_unless(
        ds: &Dataset,
        view: ViewKind,
        interrupt: Interrupt<'_>,
    ) -> Result<Option<TextIndex>, Interrupted> {
        Self::build_within(ds, view, budget(ds), interrupt)
    }

    /// `build` within `limit` bytes (estimated from a sample first, then enforced); `Err` when
    /// interrupted.
    fn build_within(
        ds: &Dataset,
        view: ViewKind,
        limit: usize,
        interrupt: Interrupt<'_>,
    ) -> Result<Option<TextIndex>, Interrupted> {
        let cols: Vec<&Column> = columns(view).iter().filter(|c| searched(c)).collect();
        let n = view.len(ds);
        let Some(per_row) = per_row(ds, &cols, n) else {
            return Ok(None);
        };
        if (per_row + 4) * n > limit {
            return Ok(None);
        }
        let parts = chunks(n, n >= MIN_ROWS, |r| {
            build_part(ds, &cols, r, per_row, limit, interrupt)
        });
        let Some(parts) = parts.into_iter().collect::<Option<_>>() else {
            // Too large, or interrupted.
            return if interrupt() { Err(Interrupted) } else { Ok(None) };
        };
        let index = TextIndex { view, parts };
        Ok((index.bytes() <= limit).then_some(index))
    }

    /// Rows indexed.
    pub fn rows(&self) -> usize {
        self.parts.iter().map(|p| p.ends.len()).sum()
    }

    /// Memory held, in bytes.
    pub fn bytes(&self) -> usize {
        self.parts
            .iter()
            .map(|p| p.text.capacity() + p.ends.capacity() * 4)
            .sum()
    }

    /// The rows containing `needle`, as a bitmap (under a millisecond at 100k rows).
    fn rows_containing(&self, needle: &Finder<'_>) -> Vec<u64> {
        let mut bits = vec![0u64; self.rows().div_ceil(64)];
        for p in &self.parts {
            p.mark(needle, &mut bits);
        }
        bits
    }
}

/// How one term is tested.
enum Prepared {
    /// A free-text term, answered for every row from the index.
    Rows(Vec<u64>),
    /// Any other term, tested through the columns.
    Plain,
}

/// A filter ready to test rows of one view, free-text terms answered from a `TextIndex` when
/// one is given (and valid for the view).
pub struct Matcher<'a> {
    ds: &'a Dataset,
    cols: &'static [Column],
    filter: &'a Filter,
    prepared: Vec<Prepared>,
}

/// Whether the index answers this needle exactly as `contains_lower` does: a needle with
/// ASCII capitals is compared case-blind on ASCII cells but not on others (parsed needles
/// are lowercase; this guards hand-built ones), and the empty needle matches present cells
/// only.
fn indexable(needle: &str) -> bool {
    !needle.is_empty() && !needle.as_bytes().contains(&SEP) && !needle.bytes().any(|b| b.is_ascii_uppercase())
}

impl<'a> Matcher<'a> {
    /// Prepares `filter` for rows of `view`; `index` is used only if it indexes `view` and has
    /// as many rows as the view (the caller keys it to the dataset).
    pub fn new(ds: &'a Dataset, view: ViewKind, filter: &'a Filter, index: Option<&TextIndex>) -> Self {
        let index = index.filter(|i| i.view == view && i.rows() == view.len(ds));
        let prepared = filter
            .terms
            .iter()
            .map(|t| match (&t.test, index) {
                (Test::Anywhere(needle), Some(index)) if indexable(needle) => {
                    Prepared::Rows(index.rows_containing(&Finder::new(needle.as_bytes())))
                }
                _ => Prepared::Plain,
            })
            .collect();
        Matcher {
            ds,
            cols: columns(view),
            filter,
            prepared,
        }
    }

    /// Whether row `row` passes every term.
    pub fn matches(&self, row: u32) -> bool {
        self.filter.terms.iter().zip(&self.prepared).all(|(t, p)| {
            let holds = match p {
                Prepared::Rows(bits) => get(bits, row as usize),
                Prepared::Plain => t.test.holds(self.ds, self.cols, row),
            };
            holds != t.negate
        })
    }

    /// Whether every term is answered from the index (a bit test per row).
    fn indexed(&self) -> bool {
        self.prepared.iter().all(|p| matches!(p, Prepared::Rows(_)))
    }
}

/// The rows of `rows` that `m` keeps, in their order. Rows on screen are in sort order, and
/// reading records in that order misses the CPU cache at every row (8× slower at 100k), so
/// the cell-by-cell tests run in file order, on two cores when there are many.
pub fn retain(m: &Matcher<'_>, rows: &[u32]) -> Vec<u32> {
    let keep = |part: &[u32]| part.iter().copied().filter(|&r| m.matches(r)).collect::<Vec<u32>>();
    if m.indexed() || rows.len() < MIN_ROWS {
        return keep(rows);
    }
    let parallel = rows.len() >= PARALLEL_ROWS;
    if rows.is_sorted() {
        return chunks(rows.len(), parallel, |part| keep(&rows[part])).concat();
    }
    let n = rows.iter().max().map_or(0, |&r| r as usize + 1);
    let mut wanted = vec![0u64; n.div_ceil(64)];
    for &r in rows {
        set(&mut wanted, r as usize);
    }
    let kept = chunks(wanted.len(), parallel, |words| {
        let mut out = Vec::with_capacity(words.len());
        for w in words {
            let (mut todo, mut keep) = (wanted[w], 0u64);
            while todo != 0 {
                let bit = todo.trailing_zeros();
                if m.matches((w * 64) as u32 + bit) {
                    keep |= 1 << bit;
                }
                todo &= todo - 1;
            }
            out.push(keep);
        }
        out
    })
    .concat();
    rows.iter().copied().filter(|&r| get(&kept, r as usize)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Sizes, dataset};

    fn load(name: &str, text: &str) -> Dataset {
        crate::data::load(name, text).unwrap_or_else(|d| panic!("{name}: {:?}", d.first()))
    }

    /// Needles cut from the cells themselves (every length at a few places, and capitalised),
    /// so they hit cells of every column, plus fixed ones for the edges.
    fn needles(ds: &Dataset, view: ViewKind) -> Vec<String> {
        let mut out: Vec<String> = [
            "a",
            "at",
            "atlas",
            "ATLAS",
            "2024",
            "2024-0",
            "-0",
            "lab 2",
            "\"lab 2\"",
            "\"h800 sxm\"",
            "深度",
            "求索",
            "é",
            "ß",
            "σας",
            "i̇st",
            "—",
            "zzz",
            "-atlas",
            "atlas 2024",
            "-a -e",
            "\"\"",
            "country:us atlas",
            "chips>100 atlas",
            "name:a -deep",
            "a\0b",
            "open",
            "n\0a",
            "\"sxm5 \"",
            "k",
            "\u{212a}",
        ]
        .map(String::from)
        .into();
        let n = view.len(ds);
        for row in (0..n).step_by((n / 8).max(1)) {
            for c in columns(view).iter().filter(|c| searched(c)) {
                let cell = (c.get)(ds, row as u32);
                let text = match &cell.value {
                    Value::Text(s) => s.to_string(),
                    Value::Date(d) => d.to_string(),
                    _ => continue,
                };
                let chars: Vec<char> = text.chars().collect();
                for (from, len) in [(0, 1), (1, 2), (2, 5), (0, chars.len())] {
                    let cut: String = chars.iter().skip(from).take(len).collect();
                    if !cut.trim().is_empty() {
                        out.push(super::super::filter::quote(&cut));
                        out.push(super::super::filter::quote(&cut.to_uppercase()));
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// For every view and needle, row by row: the index answers what `Filter::matches` does.
    fn same_as_plain(ds: &Dataset) {
        for view in ViewKind::ALL {
            let index = TextIndex::build(ds, view).unwrap_or_else(|| panic!("{view:?} not indexed"));
            assert_eq!(index.rows(), view.len(ds));
            let cols = columns(view);
            let mut used = 0;
            for needle in needles(ds, view) {
                let Ok(f) = Filter::parse(view, &needle) else { continue };
                let m = Matcher::new(ds, view, &f, Some(&index));
                used += m.prepared.iter().filter(|p| matches!(p, Prepared::Rows(_))).count();
                for row in 0..view.len(ds) as u32 {
                    assert_eq!(
                        m.matches(row),
                        f.matches(ds, cols, row),
                        "{view:?} {needle:?} row {row}"
                    );
                }
            }
            assert!(
                used > 0 || view.len(ds) == 0,
                "{view:?}: no needle went through the index"
            );
        }
    }

    #[test]
    fn index_matches_the_plain_path_on_generated_data() {
        same_as_plain(&load("gen", &dataset(Sizes::models(300), 7)));
    }

    #[test]
    fn index_matches_the_plain_path_on_bundled_and_hostile_data() {
        same_as_plain(&load("bundled", crate::data::BUNDLED));
        same_as_plain(&load("hostile", include_str!("../../tests/fixtures/hostile.toml")));
    }

    #[test]
    fn index_matches_the_plain_path_on_unicode_case_rules() {
        // Whole-cell lowercasing depends on the cell (final sigma, İ's combining dot, the
        // Kelvin sign), and a NUL inside a cell must not split it.
        let mini = include_str!("../../tests/fixtures/mini.toml")
            .replace("name = \"Meta AI\"", "name = \"ΣΑΣ İstanbul \u{212a}elvin\"")
            .replace("hq = \"Hangzhou\"", "hq = \"Straße ÉCOLE\"")
            .replace("name = \"OpenAI\"", "name = \"Open\\u0000AI\"");
        let ds = load("mini", &mini);
        assert!(ds.labs.iter().any(|l| l.name.contains('\0')));
        assert!(ds.labs.iter().any(|l| l.name.starts_with("ΣΑΣ")));
        same_as_plain(&ds);
    }

    #[test]
    fn retain_keeps_the_order_given_and_answers_as_the_plain_path() {
        let ds = load("gen", &dataset(Sizes::models(3 * MIN_ROWS), 11));
        let view = ViewKind::Models;
        let index = TextIndex::build(&ds, view);
        assert!(index.is_some());
        // A scrambled order, as a sort leaves it, and the cell-by-cell path (`lab:` terms).
        let n = view.len(&ds) as u32;
        let rows: Vec<u32> = (0..n).map(|i| (i * 7919) % n).collect();
        for text in ["atl", "lab:lab", "-lab:2 atlas", "chips>100", "released>2023 -h20"] {
            let Ok(f) = Filter::parse(view, text) else { continue };
            let want: Vec<u32> = rows
                .iter()
                .copied()
                .filter(|&r| f.matches(&ds, columns(view), r))
                .collect();
            for index in [None, index.as_ref()] {
                assert_eq!(retain(&Matcher::new(&ds, view, &f, index), &rows), want, "{text}");
            }
        }
    }

    #[test]
    fn separator_is_never_searched_and_capitals_go_the_plain_way() {
        assert!(indexable("atlas"));
        assert!(indexable("école"));
        assert!(!indexable(""));
        assert!(!indexable("a\0b"));
        assert!(!indexable("Atlas"));
    }

    #[test]
    fn an_index_over_its_budget_is_not_built() {
        let ds = load("gen", &dataset(Sizes::models(2000), 3));
        let size = |v| TextIndex::build(&ds, v).map_or(0, |i| i.bytes());
        let (models, claims) = (size(ViewKind::Models), size(ViewKind::Claims));
        assert!(models > 0 && claims > models);
        let limit = (models + claims) / 2;
        let never = &|| false;
        assert!(matches!(
            TextIndex::build_within(&ds, ViewKind::Claims, limit, never),
            Ok(None)
        ));
        assert!(matches!(
            TextIndex::build_within(&ds, ViewKind::Models, limit, never),
            Ok(Some(_))
        ));
        // Past the estimate, the limit still holds while building.
        let cols: Vec<&Column> = columns(ViewKind::Claims).iter().filter(|c| searched(c)).collect();
        assert!(build_part(&ds, &cols, 0..6000, 1, limit, never).is_none());
    }

    #[test]
    fn an_interrupted_build_is_abandoned_and_done_again_later() {
        let ds = load("gen", &dataset(Sizes::models(3 * MIN_ROWS), 5));
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let key_at_second_check = || asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= 1;
        assert!(TextIndex::build_unless(&ds, ViewKind::Models, &key_at_second_check).is_err());
        let mut cache = super::super::cache::ViewCache::default();
        assert!(
            !cache.warm(&ds, ViewKind::Models, 0, &|| true),
            "a key waiting: nothing built"
        );
        assert!(cache.warm(&ds, ViewKind::Models, 0, &|| false), "idle: built");
        assert!(!cache.warm(&ds, ViewKind::Models, 0, &|| false), "built once");
        let whole = TextIndex::build(&ds, ViewKind::Models).map(|i| i.rows());
        assert_eq!(whole, Some(ds.models.len()));
    }
}
