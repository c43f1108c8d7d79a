//! Reloading a large file after an edit by parsing again only the chunks whose bytes changed,
//! and patching their records into the dataset in place (no second copy of the data).
//!
//! Exact or nothing: the patch is made only when the edited chunks hold the very records they
//! held before (same kinds, same ids, in the same order), so every other chunk's resolved
//! references and every record's index stay right. Anything else — records added, removed or
//! renamed, a broken reference, a syntax error — gives `None`, and the caller loads the whole
//! file as usual, with exactly its result or diagnostics.

use std::ops::Range;
use std::sync::Arc;

use super::chunks::{Cut, Layout};
use super::claim_index::ClaimIndex;
use super::dataset::{Dataset, Kind, RecordRef};
use super::parallel::{Counts, counts};
use super::record::{PerKind, Record, dispatch};
use super::slots;
use super::validate::load_chunk;

/// Reads a byte range of the new file.
pub type ReadRange<'a> = &'a dyn Fn(&Range<usize>) -> Option<Vec<u8>>;

/// Records parsed again, ready to replace theirs in the dataset.
pub struct Patch {
    /// Each chunk parsed again: where its records start in the whole (by kind), its records.
    parts: Vec<(Counts, Dataset)>,
    /// Records from these indices (by kind) on come after the edit: they move by this many
    /// lines.
    shift: (Counts, i64),
    /// The new file's chunks.
    layout: Layout,
    /// A claim changed its subject or metric: the claim index is built again.
    reindex: bool,
    /// A model changed its lab: the models are grouped by lab again.
    regroup: bool,
}

/// What a patch replaced, to compare old and new cells (`Undo::swap`).
pub struct Undo {
    parts: Vec<(Counts, Dataset)>,
    index: Option<ClaimIndex>,
    groups: Option<Vec<Vec<u32>>>,
    touched: Vec<(Kind, Range<u32>)>,
}

/// The chunks of `ds`'s file (now cut as `new`) that changed, parsed again against `ds`'s
/// ids with `read`; `None` when the patch would not be exactly what a full load gives.
pub fn prepare(name: &str, ds: &Dataset, new: Vec<Cut>, read: ReadRange<'_>) -> Option<Patch> {
    let old = &ds.chunks.as_deref()?.pieces;
    // The layout must describe this very dataset (not one laid over or cut to a day).
    if ds.as_of.is_some() || sum(old.iter().map(|(_, c)| c)) != counts(ds) {
        return None;
    }
    let size = new.last().map_or(0, |c| c.chunk.range.end);
    if size < super::parallel::MIN_BYTES {
        return None;
    }
    let (n, m) = (old.len(), new.len());
    let p = old.iter().zip(&new).take_while(|((o, _), c)| o.same_bytes(c)).count();
    let s = old[p..]
        .iter()
        .rev()
        .zip(new[p..].iter().rev())
        .take_while(|((o, _), c)| o.same_bytes(c))
        .count();
    let starts = prefix_counts(old);
    let (old_mid, new_mid) = (p..n - s, p..m - s);
    // Parse the changed chunks against the ids as they were.
    let mut parts = Vec::new();
    let mut at = starts.get(p).copied().unwrap_or_default();
    for cut in &new[new_mid.clone()] {
        let part = parse(name, ds, cut, read)?;
        parts.push((at, part));
        at = add(&at, &counts(&parts.last()?.1));
    }
    // They must hold exactly the records the old chunks held, or the indices move.
    let old_end = starts.get(n - s).copied().unwrap_or_else(|| counts(ds));
    if at != old_end {
        return None;
    }
    for (from, part) in &parts {
        for kind in Kind::ALL {
            for i in 0..part.count(kind) {
                let r = |index| RecordRef { kind, index };
                if part.id_of(r(i as u32)) != ds.id_of(r(from[kind as usize] + i as u32)) {
                    return None;
                }
            }
        }
    }
    let mid: Vec<Counts> = parts.iter().map(|(_, d)| counts(d)).collect();
    // Claims changed in the edit change the figures of their subjects: those subjects'
    // chunks are parsed again too (for their headlines), and their slots filled anew.
    let claim = Kind::Claim as usize;
    let before = &ds.claims[as_usize(starts.get(p)?[claim])..as_usize(old_end[claim])];
    let after = parts.iter().flat_map(|(_, d)| &d.claims);
    let reindex = before
        .iter()
        .zip(after.clone())
        .any(|(a, b)| (a.subject, a.metric.id) != (b.subject, b.metric.id));
    let model = Kind::Model as usize;
    let regroup = ds.models[as_usize(starts.get(p)?[model])..as_usize(old_end[model])]
        .iter()
        .zip(parts.iter().flat_map(|(_, d)| &d.models))
        .any(|(a, b)| a.lab != b.lab);
    let mut others: Vec<usize> = before
        .iter()
        .chain(after)
        .filter_map(|c| chunk_of(&starts, c.subject))
        .filter(|j| !old_mid.contains(j))
        .collect();
    others.sort_unstable();
    others.dedup();
    for j in others {
        // Chunks after the edit are at their new places.
        let k = if j < p { j } else { j + m - n };
        let part = parse(name, ds, new.get(k)?, read)?;
        if counts(&part) != old.get(j)?.1 {
            return None;
        }
        parts.push((*starts.get(j)?, part));
    }
    let lines = |cuts: &mut dyn Iterator<Item = &Cut>| cuts.map(|c| c.lines as i64).sum::<i64>();
    let delta = lines(&mut new[new_mid.clone()].iter()) - lines(&mut old[old_mid.clone()].iter().map(|(c, _)| c));
    let mut pieces = Vec::with_capacity(m);
    pieces.extend(new[..p].iter().cloned().zip(old[..p].iter().map(|(_, c)| *c)));
    pieces.extend(new[new_mid].iter().cloned().zip(mid));
    pieces.extend(new[m - s..].iter().cloned().zip(old[n - s..].iter().map(|(_, c)| *c)));
    Some(Patch {
        parts,
        shift: (old_end, delta),
        layout: Layout { pieces },
        reindex,
        regroup,
    })
}

impl Patch {
    /// Puts the records parsed again in place of theirs, moves the lines after the edit, and
    /// fills the figures of every record parsed again from the claims.
    pub fn apply(mut self, ds: &mut Dataset) -> Undo {
        let (from, delta) = self.shift;
        if delta != 0 {
            for kind in Kind::ALL {
                dispatch(kind, Shift(ds, as_usize(from[kind as usize]), delta));
            }
        }
        for (at, part) in &mut self.parts {
            for kind in Kind::ALL {
                dispatch(kind, Swap(ds, part, as_usize(at[kind as usize])));
            }
        }
        let index = self
            .reindex
            .then(|| std::mem::replace(&mut ds.claim_index, ClaimIndex::build(&ds.claims)));
        let groups = self.regroup.then(|| {
            let groups = slots::models_by_lab(ds);
            std::mem::replace(&mut ds.models_by_lab, groups)
        });
        for (at, part) in &self.parts {
            for kind in Kind::ALL {
                let start = as_usize(at[kind as usize]);
                slots::refill(ds, kind, start..start + part.count(kind));
            }
        }
        ds.chunks = Some(Arc::new(self.layout));
        // Most records parsed again are as they were: only the others are worth comparing
        // cell by cell.
        let mut touched = Vec::new();
        for (at, part) in &self.parts {
            for kind in Kind::ALL {
                dispatch(kind, Differ(ds, part, at[kind as usize], &mut touched));
            }
        }
        Undo {
            parts: self.parts,
            index,
            groups,
            touched,
        }
    }

    /// Whether the edit changed nothing (the same bytes).
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty() && self.shift.1 == 0
    }
}

impl Undo {
    /// Switches `ds` between the records (and indexes) before and after the patch; lines are
    /// left as after it.
    pub fn swap(&mut self, ds: &mut Dataset) {
        for (at, part) in &mut self.parts {
            for kind in Kind::ALL {
                dispatch(kind, Swap(ds, part, as_usize(at[kind as usize])));
            }
        }
        if let Some(index) = &mut self.index {
            std::mem::swap(index, &mut ds.claim_index);
        }
        if let Some(groups) = &mut self.groups {
            std::mem::swap(groups, &mut ds.models_by_lab);
        }
    }

    /// The records the patch changed (the others parsed again are as they were), by kind:
    /// index ranges in the dataset.
    pub fn touched(&self) -> Vec<(Kind, Range<u32>)> {
        self.touched.clone()
    }
}

/// Reads and parses the chunk `cut` against `ds`'s ids; `None` when its bytes are not those
/// the cut was made of (the file moved on) or it has any problem.
fn parse(name: &str, ds: &Dataset, cut: &Cut, read: ReadRange<'_>) -> Option<Dataset> {
    let bytes = read(&cut.chunk.range)?;
    if !Cut::of(cut.chunk.clone(), &bytes).same_bytes(cut) {
        return None;
    }
    let text = String::from_utf8(bytes).ok()?;
    load_chunk(name, &text, cut.chunk.first_line, &ds.ids)
}

/// Where each chunk's records start, by kind (one more entry than chunks: the ends).
fn prefix_counts(pieces: &[(Cut, Counts)]) -> Vec<Counts> {
    let mut out = Vec::with_capacity(pieces.len() + 1);
    let mut at = Counts::default();
    out.push(at);
    for (_, c) in pieces {
        at = add(&at, c);
        out.push(at);
    }
    out
}

/// The chunk holding record `r`, from the chunks' starts.
fn chunk_of(starts: &[Counts], r: RecordRef) -> Option<usize> {
    let k = r.kind as usize;
    // The last chunk starting at or before `r` that holds records of its kind.
    let j = starts.partition_point(|s| s[k] <= r.index);
    (j > 0 && j < starts.len()).then_some(j - 1)
}

fn add(a: &Counts, b: &Counts) -> Counts {
    std::array::from_fn(|i| a[i].saturating_add(b[i]))
}

fn sum<'a>(all: impl Iterator<Item = &'a Counts>) -> Counts {
    all.fold(Counts::default(), |a, c| add(&a, c))
}

fn as_usize(n: u32) -> usize {
    n as usize
}

/// Swaps a kind's records in `part` with those of the dataset from `at` on.
struct Swap<'a>(&'a mut Dataset, &'a mut Dataset, usize);

impl PerKind for Swap<'_> {
    type Out = ();
    fn run<R: Record>(self) {
        let theirs = R::all_mut(self.1);
        if let Some(ours) = R::all_mut(self.0).get_mut(self.2..self.2 + theirs.len()) {
            ours.swap_with_slice(theirs);
        }
    }
}

/// Adds to the list the records of a kind in the dataset from `at` on that differ from those
/// in `part` (the same records before the patch), one range per run of them.
struct Differ<'a>(&'a Dataset, &'a Dataset, u32, &'a mut Vec<(Kind, Range<u32>)>);

impl PerKind for Differ<'_> {
    type Out = ();
    fn run<R: Record>(self) {
        let (now, was) = (R::all(self.0), R::all(self.1));
        let start = as_usize(self.2);
        for (i, old) in was.iter().enumerate() {
            if now.get(start + i) == Some(old) {
                continue;
            }
            let index = self.2 + i as u32;
            match self.3.last_mut() {
                Some((k, r)) if *k == R::KIND && r.end == index => r.end += 1,
                _ => self.3.push((R::KIND, index..index + 1)),
            }
        }
    }
}

/// Moves the lines of a kind's records from an index on.
struct Shift<'a>(&'a mut Dataset, usize, i64);

impl PerKind for Shift<'_> {
    type Out = ();
    fn run<R: Record>(self) {
        for r in R::all_mut(self.0).iter_mut().skip(self.1) {
            let line = r.line_mut();
            *line = u32::try_from(i64::from(*line) + self.2).unwrap_or(*line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Diagnostic;
    use crate::generate::{Sizes, dataset};

    const NAME: &str = "gen.toml";

    /// What a reload gives: the patched data when the patch path takes the edit, else a full
    /// load; and whether the patch path took it.
    fn reload(old: &Dataset, text: &str) -> (Result<Dataset, Vec<Diagnostic>>, bool) {
        let cuts = super::super::chunks::cuts(&mut text.as_bytes(), super::super::parallel::CHUNK_BYTES)
            .unwrap_or_else(|| panic!("cuts failed"));
        let read = |r: &Range<usize>| text.as_bytes().get(r.clone()).map(<[u8]>::to_vec);
        match prepare(NAME, old, cuts, &read) {
            Some(patch) => {
                let mut ds = old.clone();
                let mut undo = patch.apply(&mut ds);
                // Swapping back and forth gives the old records, then the new again.
                undo.swap(&mut ds);
                for (kind, range) in undo.touched() {
                    for i in range {
                        let r = RecordRef { kind, index: i };
                        assert_eq!(debug(&ds, r), debug(old, r), "undo of {r:?}");
                    }
                }
                undo.swap(&mut ds);
                (Ok(ds), true)
            }
            None => (crate::data::load(NAME, text), false),
        }
    }

    fn debug(ds: &Dataset, r: RecordRef) -> String {
        let mut s = format!("{:?}", ds.record(r).map(|x| (x.id(), x.name(), x.sources(), x.note())));
        match r.kind {
            Kind::Model => s += &format!("{:?}", ds.models.get(r.index as usize)),
            Kind::Claim => s += &format!("{:?}", ds.claims.get(r.index as usize)),
            _ => {}
        }
        s
    }

    fn vecs<T: std::fmt::Debug>(a: &[T], b: &[T], what: &str) {
        assert_eq!(a.len(), b.len(), "{what}: count");
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert_eq!(format!("{x:?}"), format!("{y:?}"), "{what}: record {i}");
        }
    }

    /// Everything a dataset holds, compared field by field (maps in a fixed order).
    fn same(a: &Dataset, b: &Dataset, what: &str) {
        vecs(&a.sources, &b.sources, &format!("{what}: sources"));
        vecs(&a.labs, &b.labs, &format!("{what}: labs"));
        vecs(&a.models, &b.models, &format!("{what}: models"));
        vecs(&a.compute, &b.compute, &format!("{what}: compute"));
        vecs(&a.chips, &b.chips, &format!("{what}: chips"));
        vecs(&a.events, &b.events, &format!("{what}: events"));
        vecs(&a.entities, &b.entities, &format!("{what}: entities"));
        vecs(&a.claims, &b.claims, &format!("{what}: claims"));
        let ids = |d: &Dataset| {
            let mut v: Vec<_> = d.ids.iter().map(|(k, r)| (k.to_string(), *r)).collect();
            v.sort();
            v
        };
        assert_eq!(ids(a), ids(b), "{what}: ids");
        assert_eq!(a.models_by_lab, b.models_by_lab, "{what}: models by lab");
        assert_eq!(format!("{:?}", a.layers), format!("{:?}", b.layers), "{what}: layers");
        assert_eq!(a.chunks, b.chunks, "{what}: chunks");
        for kind in Kind::ALL {
            for index in 0..a.count(kind) as u32 {
                let r = RecordRef { kind, index };
                assert_eq!(a.claims_about(r), b.claims_about(r), "{what}: claims about {r:?}");
                for m in ["chips", "cost_usd", "train_flop", "params_b"] {
                    assert_eq!(a.claims_for(r, m), b.claims_for(r, m), "{what}: {m} of {r:?}");
                }
            }
        }
    }

    /// A small deterministic generator (no dependency on the test's order).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

    /// The byte offsets of lines of `text` that start with `prefix`.
    fn lines_starting(text: &str, prefix: &str) -> Vec<usize> {
        let mut at = 0;
        let mut out = Vec::new();
        for line in text.split_inclusive('\n') {
            if line.starts_with(prefix) {
                out.push(at);
            }
            at += line.len();
        }
        out
    }

    /// Replaces the line at `at` with `with` (which ends with its own newline, or is empty).
    fn replace_line(text: &str, at: usize, with: &str) -> String {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        format!("{}{with}{}", &text[..at], &text[end..])
    }

    /// One random edit of a kind chosen by `pick`: the new text, and whether the patch path
    /// must take it (one that keeps every record and reference).
    fn edit(text: &str, rng: &mut Rng, pick: usize, cut_at: &[usize]) -> (String, Option<bool>) {
        let any = |rng: &mut Rng, prefix: &str| {
            let all = lines_starting(text, prefix);
            all[rng.below(all.len())]
        };
        match pick {
            // A figure of a model or a claim.
            0 => {
                let at = any(rng, "chips = ");
                (
                    replace_line(text, at, &format!("chips = {}\n", 1 + rng.below(99_999))),
                    Some(true),
                )
            }
            1 => {
                let at = any(rng, "value = ");
                (
                    replace_line(text, at, &format!("value = {}\n", 1 + rng.below(99_999))),
                    Some(true),
                )
            }
            // A line added or removed (a note, a blank line): every line after it moves.
            2 => {
                let at = any(rng, "[[");
                (format!("{}# a note\n\n{}", &text[..at], &text[at..]), Some(true))
            }
            3 => {
                let at = any(rng, "sources = ");
                (replace_line(text, at, ""), Some(true))
            }
            // A record added or removed.
            4 => {
                let at = any(rng, "[[model]]");
                let new = format!(
                    "[[model]]\nid = \"added{}\"\nlab = \"lab1\"\nname = \"Added\"\nchips = 5\n\n",
                    rng.below(1000)
                );
                (format!("{}{new}{}", &text[..at], &text[at..]), Some(false))
            }
            5 => {
                let at = any(rng, "[[claim]]");
                let end = text[at + 2..].find("\n[[").map_or(text.len(), |i| at + 2 + i + 1);
                (format!("{}{}", &text[..at], &text[end..]), Some(false))
            }
            // A record renamed (a model: its claims' references break; a claim: nothing does).
            6 => {
                let at = any(rng, "id = \"m");
                (replace_line(text, at, "id = \"renamed\"\n"), Some(false))
            }
            7 => {
                let at = any(rng, "id = \"c");
                (replace_line(text, at, "id = \"renamed-claim\"\n"), Some(false))
            }
            // A broken reference, a syntax error.
            8 => {
                let at = any(rng, "lab = ");
                (replace_line(text, at, "lab = \"lab99999\"\n"), Some(false))
            }
            9 => {
                let at = any(rng, "chips = ");
                (replace_line(text, at, "chips = = 3\n"), Some(false))
            }
            // A claim moved to another subject or metric; a model to another lab.
            10 => {
                let at = any(rng, "subject = ");
                (
                    replace_line(text, at, &format!("subject = \"m{}\"\n", rng.below(3000))),
                    Some(true),
                )
            }
            11 => {
                let at = any(rng, "lab = ");
                (
                    replace_line(text, at, &format!("lab = \"lab{}\"\n", rng.below(50))),
                    Some(true),
                )
            }
            // At a chunk boundary: the header that starts a chunk, or the line before it.
            _ => {
                let at = cut_at[rng.below(cut_at.len())];
                if rng.below(2) == 0 {
                    (format!("{}\n{}", &text[..at], &text[at..]), Some(true))
                } else {
                    let before = text[..at - 1].rfind('\n').map_or(0, |i| i + 1);
                    (replace_line(text, before, "\n# the line before a cut\n"), Some(true))
                }
            }
        }
    }

    #[test]
    fn a_reload_of_changed_chunks_equals_a_full_load_on_random_edits() {
        let mut text = dataset(Sizes::models(3_000), 7);
        assert!(text.len() > super::super::parallel::MIN_BYTES);
        let mut ds = crate::data::load(NAME, &text).unwrap_or_else(|d| panic!("{:?}", d.first()));
        assert!(ds.chunks.is_some(), "a large file keeps its chunks");
        let mut rng = Rng(18);
        let mut patched = 0;
        for step in 0..26 {
            let cut_at: Vec<usize> = ds.chunks.as_ref().map_or(Vec::new(), |l| {
                l.pieces.iter().skip(1).map(|(c, _)| c.chunk.range.start).collect()
            });
            let pick = step % 13;
            let (new, patchable) = edit(&text, &mut rng, pick, &cut_at);
            let (got, took) = reload(&ds, &new);
            let full = crate::data::load(NAME, &new);
            let what = format!("step {step}, edit {pick}");
            if let Some(p) = patchable
                && p
            {
                assert!(took, "{what}: the patch path refused an edit it can take");
            }
            if patchable == Some(false) {
                assert!(!took, "{what}: the patch path took an edit that moves records");
            }
            match (got, full) {
                (Ok(a), Ok(b)) => {
                    same(&a, &b, &what);
                    patched += usize::from(took);
                    // The next edit starts from this data, as in the dashboard.
                    ds = a;
                    text = new;
                }
                (Err(a), Err(b)) => {
                    assert_eq!(a, b, "{what}: diagnostics");
                    // A broken file leaves the data (and its text) as it was.
                }
                (a, b) => panic!(
                    "{what}: {:?} vs {:?}",
                    a.err().map(|d| d.len()),
                    b.err().map(|d| d.len())
                ),
            }
        }
        assert!(patched >= 12, "only {patched} edits were patched");
    }

    #[test]
    fn an_unchanged_file_is_an_empty_patch() {
        let text = dataset(Sizes::models(3_000), 3);
        let ds = crate::data::load(NAME, &text).unwrap_or_else(|d| panic!("{:?}", d.first()));
        let cuts = super::super::chunks::cuts(&mut text.as_bytes(), super::super::parallel::CHUNK_BYTES);
        let read = |r: &Range<usize>| text.as_bytes().get(r.clone()).map(<[u8]>::to_vec);
        let patch = cuts.and_then(|c| prepare(NAME, &ds, c, &read));
        assert!(patch.is_some_and(|p| p.is_empty()));
    }
}
