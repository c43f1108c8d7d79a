//! Loading a large file on several threads: pre-scan the ids, split at `[[kind]]` headers,
//! validate the chunks in parallel against the whole file's ids, then concatenate them in
//! file order. The result is checked to be exactly what the one-piece reading gives (every
//! record's id at the index the scan assigned); on any doubt or problem this returns `None`
//! and the caller reads the file in one piece, so diagnostics stay exact.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::chunks::{self, Chunk};
use super::dataset::{Dataset, Kind, RecordRef};
use super::slots;
use super::validate::load_chunk;

/// Files smaller than this are read in one piece (threads would not pay for themselves).
pub const MIN_BYTES: usize = 2 << 20;
/// Chunk size: small enough to spread over cores and bound the parser's transient memory.
const CHUNK_BYTES: usize = 1 << 20;

/// Progress of a chunked load, for a progress indicator: (chunks done, chunks in all).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Loads `text` in parallel chunks; `None` when it is small, written in a way the chunking
/// does not follow, or has any problem.
pub fn load(name: &str, text: &str) -> Option<Dataset> {
    load_with_progress(name, text, &|_, _| {})
}

/// As `load`, calling `progress` as chunks complete.
pub fn load_with_progress(name: &str, text: &str, progress: Progress<'_>) -> Option<Dataset> {
    load_with_preview(name, text, progress, None)
}

/// The first chunks of a file, handed over once they are all parsed (about 4 MB), so the
/// dashboard can show real rows while the rest loads.
pub type Preview<'a> = Option<&'a (dyn Fn(Dataset) + Sync)>;

/// Chunks in a preview.
const PREVIEW_CHUNKS: usize = 4;

/// The records of chunks `0..k` (all parsed), with their own id index and slots, as a
/// dataset the dashboard can show on its own: references to records further on resolve to
/// nothing until the whole file is in.
fn preview(results: &[Mutex<Option<Dataset>>], k: usize) -> Option<Dataset> {
    let mut ds = Dataset::default();
    for r in results.iter().take(k) {
        let part = r.lock().ok()?.clone()?;
        append(&mut ds, part);
    }
    for kind in Kind::ALL {
        for index in 0..ds.count(kind) {
            let r = RecordRef {
                kind,
                index: u32::try_from(index).ok()?,
            };
            ds.ids.insert(ds.id_of(r).to_string(), r);
        }
    }
    slots::fill(&mut ds);
    Some(ds)
}

/// As `load_with_progress`, also handing the first chunks to `show` as soon as they are in.
pub fn load_with_preview(name: &str, text: &str, progress: Progress<'_>, show: Preview<'_>) -> Option<Dataset> {
    if text.len() < MIN_BYTES {
        return None;
    }
    let (ids, _order) = chunks::prescan(text)?;
    let parts = chunks::split(text, CHUNK_BYTES);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(parts.len());
    let results: Vec<Mutex<Option<Dataset>>> = parts.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let previewed = AtomicBool::new(false);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(Chunk { range, first_line }) = parts.get(i) else {
                        break;
                    };
                    if failed.load(Ordering::Relaxed) {
                        break;
                    }
                    match load_chunk(name, &text[range.clone()], *first_line, &ids) {
                        Some(ds) => {
                            if let Ok(mut slot) = results[i].lock() {
                                *slot = Some(ds);
                            }
                            progress(done.fetch_add(1, Ordering::Relaxed) + 1, parts.len());
                            // The longest run of parsed chunks from the start; once it is long
                            // enough and holds models (files start with sources), show it.
                            let k = results
                                .iter()
                                .take_while(|r| r.lock().is_ok_and(|r| r.is_some()))
                                .count();
                            if let Some(show) = show
                                && k >= PREVIEW_CHUNKS.min(parts.len())
                                && k < parts.len()
                                && !previewed.load(Ordering::Relaxed)
                                && let Some(ds) = preview(&results, k).filter(|ds| !ds.models.is_empty())
                                && !previewed.swap(true, Ordering::Relaxed)
                            {
                                show(ds);
                            }
                        }
                        None => failed.store(true, Ordering::Relaxed),
                    }
                }
            });
        }
    });
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let mut ds = Dataset::default();
    for r in results {
        let part = r.into_inner().ok().flatten()?;
        append(&mut ds, part);
    }
    // The scan's ids must be exactly the records the parser read, at the same indices.
    let total: usize = Kind::ALL.iter().map(|&k| ds.count(k)).sum();
    if total != ids.len() {
        return None;
    }
    for kind in Kind::ALL {
        for index in 0..ds.count(kind) {
            let r = RecordRef {
                kind,
                index: u32::try_from(index).ok()?,
            };
            if ids.get(ds.id_of(r)) != Some(&r) {
                return None;
            }
        }
    }
    ds.ids = ids;
    slots::fill(&mut ds);
    Some(ds)
}

fn append(ds: &mut Dataset, mut part: Dataset) {
    ds.sources.append(&mut part.sources);
    ds.labs.append(&mut part.labs);
    ds.models.append(&mut part.models);
    ds.compute.append(&mut part.compute);
    ds.chips.append(&mut part.chips);
    ds.events.append(&mut part.events);
    ds.entities.append(&mut part.entities);
    ds.claims.append(&mut part.claims);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Sizes, dataset};

    fn same(a: &Dataset, b: &Dataset) {
        assert_eq!(a.summary(), b.summary());
        for kind in Kind::ALL {
            for index in 0..a.count(kind) as u32 {
                let r = RecordRef { kind, index };
                assert_eq!(a.id_of(r), b.id_of(r));
                assert_eq!(a.line_of(r), b.line_of(r), "{kind:?} {index}");
            }
        }
        for (x, y) in a.models.iter().zip(&b.models) {
            assert_eq!(
                (x.lab, x.chip, x.chips, x.cost_usd),
                (y.lab, y.chip, y.chips, y.cost_usd)
            );
        }
        for (x, y) in a.claims.iter().zip(&b.claims) {
            assert_eq!((x.subject, &x.sources, x.figure), (y.subject, &y.sources, y.figure));
        }
        assert_eq!(a.claims_by_metric.len(), b.claims_by_metric.len());
    }

    #[test]
    fn chunked_load_equals_the_one_piece_load() {
        let text = dataset(Sizes::models(3_000), 3);
        assert!(text.len() > MIN_BYTES);
        let fast = load("gen.toml", &text).unwrap_or_else(|| panic!("chunked load refused a valid file"));
        let whole = super::super::validate::load_whole("gen.toml", &text).unwrap_or_else(|d| panic!("{:?}", d.first()));
        same(&fast, &whole);
    }

    #[test]
    fn any_problem_falls_back_to_the_exact_one_piece_diagnostics() {
        let mut text = dataset(Sizes::models(3_000), 3);
        // A dangling reference deep in the file, and a split inside a multi-line string.
        text = text.replacen("lab = \"lab7\"", "lab = \"lab999\"", 1);
        text.push_str("[[source]]\nid = \"tail\"\ntitle = \"\"\"\n[[model]]\nid = \"x\"\n\"\"\"\n");
        assert!(load("gen.toml", &text).is_none());
        let diags = super::super::validate::load("gen.toml", &text)
            .err()
            .unwrap_or_default();
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("lab999"));
    }

    #[test]
    fn a_preview_is_the_files_first_records_in_order() {
        let text = dataset(Sizes::models(6_000), 5);
        let (ids, _) = chunks::prescan(&text).unwrap_or_else(|| panic!("scan failed"));
        let parts = chunks::split(&text, CHUNK_BYTES);
        let results: Vec<Mutex<Option<Dataset>>> = parts
            .iter()
            .map(|c| Mutex::new(load_chunk("gen.toml", &text[c.range.clone()], c.first_line, &ids)))
            .collect();
        let full = load("gen.toml", &text).unwrap_or_else(|| panic!("chunked load refused a valid file"));
        let first = preview(&results, 2).unwrap_or_else(|| panic!("no preview"));
        assert!(!first.models.is_empty());
        assert!(
            first.claims.len() < full.claims.len(),
            "the preview holds only the first chunks"
        );
        for (a, b) in first.models.iter().zip(&full.models) {
            assert_eq!((&a.id, a.line, a.lab), (&b.id, b.line, b.lab));
        }
        assert_eq!(
            first.ids.len(),
            Kind::ALL.iter().map(|&k| first.count(k)).sum::<usize>()
        );
    }

    #[test]
    fn a_load_shows_at_most_one_preview_and_then_everything() {
        // Whether a preview comes depends on which thread finishes when (none when the last
        // chunk is already in); when it does, it is one, and a prefix of the full result.
        let text = dataset(Sizes::models(6_000), 5);
        let seen: Mutex<Vec<Dataset>> = Mutex::new(Vec::new());
        let keep = |ds: Dataset| seen.lock().unwrap_or_else(|e| e.into_inner()).push(ds);
        let full = load_with_preview("gen.toml", &text, &|_, _| {}, Some(&keep))
            .unwrap_or_else(|| panic!("chunked load refused a valid file"));
        let seen = seen.into_inner().unwrap_or_else(|e| e.into_inner());
        assert!(seen.len() <= 1, "{} previews", seen.len());
        for first in &seen {
            assert!(first.models.len() <= full.models.len() && !first.models.is_empty());
            for (a, b) in first.models.iter().zip(&full.models) {
                assert_eq!(&a.id, &b.id);
            }
        }
    }

    #[test]
    fn small_files_are_read_in_one_piece() {
        assert!(load("x.toml", &dataset(Sizes::models(10), 1)).is_none());
    }
}
