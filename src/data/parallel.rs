//! Loading a large file on several threads: pre-scan the ids, split at `[[kind]]` headers,
//! validate the chunks in parallel against the whole file's ids, then concatenate them in
//! file order. The result is checked to be exactly what the one-piece reading gives (every
//! record's id at the index the scan assigned); on any doubt or problem this returns `None`
//! and the caller reads the file in one piece, so diagnostics stay exact.

use std::borrow::Cow;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::chunks::{self, Chunk, Cut, Layout};
use super::dataset::{Dataset, Kind, RecordRef, Text};
use super::record::{Append, Reserve, dispatch};
use super::slots;
use super::validate::load_chunk;

/// Files smaller than this are read in one piece (threads would not pay for themselves).
pub const MIN_BYTES: usize = 2 << 20;
/// Chunk size: small enough to spread over cores and bound the parser's transient memory.
pub(super) const CHUNK_BYTES: usize = 1 << 19;

/// Progress of a chunked load, for a progress indicator: (chunks done, chunks in all).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// The first chunks of a file, handed over once they are all parsed (about 4 MB), so the
/// dashboard can show real rows while the rest loads.
pub type Preview<'a> = Option<&'a (dyn Fn(Dataset) + Sync)>;

/// Chunks in a preview.
const PREVIEW_CHUNKS: usize = 4;

/// The first chunks of a file, parsed from the file's beginning alone (before the rest is
/// read or scanned), to be shown at once and then reused by the full load.
pub struct First {
    parts: Vec<(Cut, Dataset)>,
}

impl First {
    /// The chunks' records as a dataset the dashboard can show on its own.
    pub fn preview(&self) -> Option<Dataset> {
        standalone(self.parts.iter().map(|(_, ds)| ds.clone()).collect()).filter(|ds| !ds.models.is_empty())
    }

    fn has_models(&self) -> bool {
        self.parts.iter().any(|(_, ds)| !ds.models.is_empty())
    }
}

/// Parses the first chunks of a file from its beginning `head`, up to the first chunk with
/// models, each validated against the ids of the head's whole chunks alone. `None` when `head`
/// holds no whole chunk, or they refer to records further on (they are then read with the
/// rest, as usual).
pub fn first_chunk(name: &str, head: &str) -> Option<First> {
    let mut parts = chunks::split(head, CHUNK_BYTES);
    // The last part may go on past `head`.
    parts.pop();
    let end = parts.last()?.range.end;
    let ids = chunks::prescan(&head[..end])?;
    let mut first = First { parts: Vec::new() };
    for c in parts {
        let text = &head[c.range.clone()];
        let records = load_chunk(name, text, c.first_line, &ids)?;
        let models = !records.models.is_empty();
        first.parts.push((Cut::of(c, text.as_bytes()), records));
        if models {
            break;
        }
    }
    Some(first)
}

/// Bytes of a file's beginning to read for `first_chunk` at first; `wants_more` tells
/// whether to read more.
pub const HEAD_BYTES: usize = 2 * CHUNK_BYTES + (64 << 10);

/// Whether a file's beginning `head` is worth extending before `first_chunk`: it has no
/// models yet, and is still small.
pub fn wants_more(head: &[u8]) -> bool {
    const MODEL: &[u8] = b"\n[[model]]";
    head.len() < 16 * CHUNK_BYTES && !head.windows(MODEL.len()).any(|w| w == MODEL)
}

/// The records of chunk results in file order, with their own id index and slots, as a
/// dataset the dashboard can show on its own: references to records further on resolve to
/// nothing until the whole file is in.
fn standalone(parts: Vec<Dataset>) -> Option<Dataset> {
    let mut ds = Dataset::default();
    for part in parts {
        append(&mut ds, part);
    }
    for kind in Kind::ALL {
        for index in 0..ds.count(kind) {
            let r = RecordRef {
                kind,
                index: u32::try_from(index).ok()?,
            };
            ds.ids.insert(Text::from(ds.id_of(r)), r);
        }
    }
    slots::fill(&mut ds);
    Some(ds)
}

/// As `load_with_progress`, also handing the first chunks to `show` as soon as they are in.
/// `first`, when given, is the file's first chunk already parsed (see `first_chunk`).
pub fn load_with_preview(
    name: &str,
    text: &str,
    progress: Progress<'_>,
    show: Preview<'_>,
    first: Option<First>,
) -> Option<Dataset> {
    if text.len() < MIN_BYTES {
        return None;
    }
    let ids = chunks::prescan(text)?;
    let parts = chunks::split(text, CHUNK_BYTES);
    let read = |c: &Chunk| text.get(c.range.clone()).map(Cow::Borrowed);
    assemble(name, ids, &parts, &read, progress, show, first)
}

/// What one pass over a large file finds: its ids and where to cut it.
pub struct Plan {
    ids: chunks::Scan,
    parts: Vec<Chunk>,
}

/// Reads `reader` (a large file) once, in blocks, for its ids and chunks; `None` when the
/// file is written in a way the scan does not follow, is not UTF-8, or cannot be read.
pub fn plan(reader: &mut dyn std::io::Read) -> Option<Plan> {
    let (ids, parts) = chunks::plan(reader, CHUNK_BYTES)?;
    Some(Plan { ids, parts })
}

/// As `load_with_preview` on the file `plan` was made of, reading each chunk from `file` when
/// a thread takes it: the file's whole text is never in memory at once. `None` on any problem
/// (the caller then reads the whole file and reports exactly).
pub fn load_planned(
    name: &str,
    file: &std::fs::File,
    plan: Plan,
    progress: Progress<'_>,
    show: Preview<'_>,
    first: Option<First>,
) -> Option<Dataset> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let file = Mutex::new(file);
    let read = |c: &Chunk| {
        let mut bytes = vec![0; c.range.len()];
        {
            let mut f = file.lock().ok()?;
            f.seek(SeekFrom::Start(c.range.start as u64)).ok()?;
            f.read_exact(&mut bytes).ok()?;
        }
        String::from_utf8(bytes).ok().map(Cow::Owned)
    };
    assemble(name, plan.ids, &plan.parts, &read, progress, show, first)
}

/// The problems of a large file, rendered rustc-style as a whole-file check renders them,
/// found chunk by chunk against the scan's ids (`plan`) on all cores: at most a few chunks'
/// parses in memory, never the whole text's. `None` when the chunks hold no problem (the
/// trouble is between them, or the scan and the parse disagree) or the file cannot be read.
pub fn problems_planned(name: &str, file: &std::fs::File, plan: &Plan) -> Option<PlannedProblems> {
    use super::diagnostic::{self, SourceMap};
    let read = |c: &Chunk| -> Option<String> {
        use std::io::{Read as _, Seek as _, SeekFrom};
        let mut bytes = vec![0; c.range.len()];
        let mut f = file;
        f.seek(SeekFrom::Start(c.range.start as u64)).ok()?;
        f.read_exact(&mut bytes).ok()?;
        String::from_utf8(bytes).ok()
    };
    let lock = Mutex::new(());
    let read = |c: &Chunk| {
        let _one_at_a_time = lock.lock().ok()?;
        read(c)
    };
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(plan.parts.len().max(1));
    // Each thread's problems with spans in the file's bytes, folded as they come.
    let found: Vec<Vec<diagnostic::Diagnostic>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(chunk) = plan.parts.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let Some(text) = read(chunk) else {
                            failed.store(true, Ordering::Relaxed);
                            break;
                        };
                        let at = chunk.range.start;
                        for mut d in super::validate::chunk_problems(name, &text, chunk.first_line, &plan.ids) {
                            d.span = d.span.start + at..d.span.end + at;
                            mine.push(d);
                        }
                        diagnostic::fold_if_full(&mut mine);
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_default()).collect()
    });
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let mut all: Vec<diagnostic::Diagnostic> = found.into_iter().flatten().collect();
    if all.is_empty() {
        return None;
    }
    diagnostic::fold(&mut all);
    let total = diagnostic::total(&all);
    let stopped = diagnostic::stopped(&all);
    // Each problem shown is rendered from its own chunk, read again, numbered by the file's lines.
    let mut parts = Vec::with_capacity(all.len());
    let mut held: Option<(usize, String)> = None;
    for d in &all {
        if !d.folded.is_empty() {
            parts.push(diagnostic::render_all(
                &SourceMap::new(name, ""),
                std::slice::from_ref(d),
            ));
            continue;
        }
        let k = plan
            .parts
            .partition_point(|c| c.range.start <= d.span.start)
            .saturating_sub(1);
        let chunk = plan.parts.get(k)?;
        if held.as_ref().is_none_or(|(i, _)| *i != k) {
            held = Some((k, read(chunk)?));
        }
        let (_, text) = held.as_ref()?;
        let mut local = d.clone();
        local.span = d.span.start - chunk.range.start..d.span.end.saturating_sub(chunk.range.start);
        if let Some(want) = &d.unresolved
            && let Some(s) = suggestion(&plan.ids, &want.0, &want.1)
        {
            local = local.with_label(format!("did you mean \"{s}\"?"));
        }
        parts.push(SourceMap::part(name, text, chunk.first_line).render(&local));
    }
    Some(PlannedProblems {
        text: parts.join("\n\n"),
        total,
        stopped,
    })
}

/// "Did you mean" for an unknown `id` among the file's ids of `kinds`, taken kind by kind in
/// file order as a whole-file check takes them (ties go to the first).
fn suggestion<'a>(ids: &'a chunks::Scan, id: &str, kinds: &[Kind]) -> Option<&'a str> {
    let mut candidates: Vec<(usize, u32, &str)> = ids
        .iter()
        .filter_map(|(t, r)| {
            kinds
                .iter()
                .position(|k| *k == r.kind)
                .map(|p| (p, r.index, t.as_str()))
        })
        .collect();
    candidates.sort_unstable();
    super::diagnostic::did_you_mean(id, candidates.into_iter().map(|c| c.2))
}

/// A large file's problems as `problems_planned` found them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedProblems {
    /// Every problem shown, rendered rustc-style, then the count of the others by kind.
    pub text: String,
    /// How many problems (a lower bound when `stopped`).
    pub total: usize,
    /// Whether labdash stopped looking before the end of a chunk full of problems.
    pub stopped: bool,
}

/// How a chunk's text is had: borrowed from the whole text, or read from the file.
type ReadChunk<'a, 't> = &'a (dyn Fn(&Chunk) -> Option<Cow<'t, str>> + Sync);

/// Validates `parts` on all cores against `ids` and concatenates them in file order; `None`
/// on any problem or any disagreement with the scan.
fn assemble(
    name: &str,
    ids: chunks::Scan,
    parts: &[Chunk],
    read: ReadChunk<'_, '_>,
    progress: Progress<'_>,
    show: Preview<'_>,
    first: Option<First>,
) -> Option<Dataset> {
    // Rows of the first chunks were shown already: no second preview.
    let show = show.filter(|_| first.as_ref().is_none_or(|f| !f.has_models()));
    let results: Vec<Mutex<Option<Dataset>>> = parts.iter().map(|_| Mutex::new(None)).collect();
    // Each chunk's cut and record counts, kept for reloads (`chunks_reload`).
    let pieces: Vec<Mutex<Option<(Cut, Counts)>>> = parts.iter().map(|_| Mutex::new(None)).collect();
    // The first chunks, when already parsed from the same bytes, are not parsed again.
    let mut start = 0;
    for (cut, records) in first.map_or(Vec::new(), |f| f.parts) {
        match (parts.get(start), results.get(start), pieces.get(start)) {
            (Some(p), Some(slot), Some(piece)) if *p == cut.chunk => {
                *piece.lock().ok()? = Some((cut, counts(&records)));
                *slot.lock().ok()? = Some(records);
                start += 1;
            }
            _ => break,
        }
    }
    // Chunks are appended to the whole as soon as all before them are in, so at most a few
    // parsed chunks wait at any time: the whole is the only full-size copy of the records.
    let assembly = Mutex::new(Assembly {
        next: 0,
        ds: sized(&ids),
    });
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(parts.len());
    let next = AtomicUsize::new(start);
    let done = AtomicUsize::new(start);
    let failed = AtomicBool::new(false);
    let previewed = AtomicBool::new(false);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = parts.get(i) else {
                        break;
                    };
                    if failed.load(Ordering::Relaxed) {
                        break;
                    }
                    let parsed = read(chunk).and_then(|text| {
                        let ds = load_chunk(name, &text, chunk.first_line, &ids)?;
                        Some((Cut::of(chunk.clone(), text.as_bytes()), ds))
                    });
                    let Some((cut, ds)) = parsed else {
                        failed.store(true, Ordering::Relaxed);
                        continue;
                    };
                    if let Ok(mut piece) = pieces[i].lock() {
                        *piece = Some((cut, counts(&ds)));
                    }
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(ds);
                    }
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, parts.len());
                    let Ok(mut whole) = assembly.lock() else {
                        failed.store(true, Ordering::Relaxed);
                        continue;
                    };
                    while let Some(part) = results
                        .get(whole.next)
                        .and_then(|r| r.lock().ok().and_then(|mut r| r.take()))
                    {
                        append(&mut whole.ds, part);
                        whole.next += 1;
                    }
                    // Once the first chunks are in and hold models (files start with
                    // sources), show them while the rest loads.
                    let k = whole.next;
                    if let Some(show) = show
                        && k >= PREVIEW_CHUNKS.min(parts.len())
                        && k < parts.len()
                        && !whole.ds.models.is_empty()
                        && !previewed.swap(true, Ordering::Relaxed)
                    {
                        let first = whole.ds.clone();
                        drop(whole);
                        if let Some(ds) = standalone(vec![first]) {
                            show(ds);
                        }
                    }
                }
            });
        }
    });
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let whole = assembly.into_inner().ok()?;
    if whole.next != parts.len() {
        return None;
    }
    let mut ds = whole.ds;
    // The scan's ids must be exactly the records the parser read, at the same indices.
    let total: usize = Kind::ALL.iter().map(|&k| ds.count(k)).sum();
    if total != ids.len() {
        return None;
    }
    // Checked on one core while the claim index is built on another.
    let (agree, index) = std::thread::scope(|s| {
        let index = s.spawn(|| super::claim_index::ClaimIndex::build(&ds.claims));
        (agrees(&ds, &ids), index.join())
    });
    if !agree {
        return None;
    }
    ds.ids = ids;
    slots::fill_with(&mut ds, index.ok()?);
    let pieces = pieces
        .into_iter()
        .map(|p| p.into_inner().ok().flatten())
        .collect::<Option<Vec<_>>>()?;
    ds.chunks = Some(std::sync::Arc::new(Layout { pieces }));
    Some(ds)
}

/// Records of each kind, by `Kind as usize`.
pub(super) type Counts = [u32; Kind::ALL.len()];

/// How many records of each kind `ds` holds.
pub(super) fn counts(ds: &Dataset) -> Counts {
    let mut out = Counts::default();
    for kind in Kind::ALL {
        out[kind as usize] = u32::try_from(ds.count(kind)).unwrap_or(u32::MAX);
    }
    out
}

/// Whether every record of `ds` has its id in `ids` at its own index.
fn agrees(ds: &Dataset, ids: &chunks::Scan) -> bool {
    Kind::ALL.into_iter().all(|kind| {
        (0..ds.count(kind)).all(|index| {
            let r = RecordRef {
                kind,
                index: u32::try_from(index).unwrap_or(u32::MAX),
            };
            ids.get(ds.id_of(r)) == Some(&r)
        })
    })
}

/// The records appended so far, and the chunk to append next.
struct Assembly {
    next: usize,
    ds: Dataset,
}

/// An empty dataset with room for every record the scan found: growing by doubling would
/// leave up to half of each vector unused.
fn sized(ids: &chunks::Scan) -> Dataset {
    let mut counts = [0usize; Kind::ALL.len()];
    for r in ids.values() {
        counts[r.kind as usize] += 1;
    }
    let mut ds = Dataset::default();
    for kind in Kind::ALL {
        dispatch(kind, Reserve(&mut ds, counts[kind as usize]));
    }
    ds
}

fn append(ds: &mut Dataset, mut part: Dataset) {
    for kind in Kind::ALL {
        dispatch(kind, Append(ds, &mut part));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Sizes, dataset};

    /// Loads `text` in parallel chunks; `None` when it is small or has any problem.
    fn load(name: &str, text: &str) -> Option<Dataset> {
        load_with_preview(name, text, &|_, _| {}, None, None)
    }

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
        assert_eq!(a.claim_index.subjects(), b.claim_index.subjects());
        for m in 0..a.models.len() as u32 {
            let r = RecordRef {
                kind: Kind::Model,
                index: m,
            };
            assert_eq!(a.claims_about(r), b.claims_about(r));
            assert_eq!(a.claims_for(r, "chips"), b.claims_for(r, "chips"));
        }
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
        let diags = crate::data::load("gen.toml", &text).err().unwrap_or_default();
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("lab999"));
    }

    #[test]
    fn a_preview_is_the_files_first_records_in_order() {
        let text = dataset(Sizes::models(6_000), 5);
        let ids = chunks::prescan(&text).unwrap_or_else(|| panic!("scan failed"));
        let parts = chunks::split(&text, CHUNK_BYTES);
        let results: Vec<Dataset> = parts
            .iter()
            .take(2)
            .filter_map(|c| load_chunk("gen.toml", &text[c.range.clone()], c.first_line, &ids))
            .collect();
        assert_eq!(results.len(), 2);
        let full = load("gen.toml", &text).unwrap_or_else(|| panic!("chunked load refused a valid file"));
        let first = standalone(results).unwrap_or_else(|| panic!("no preview"));
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
        let full = load_with_preview("gen.toml", &text, &|_, _| {}, Some(&keep), None)
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

    /// What a whole-file check prints for `text` (the body before the closing count).
    fn whole_report(name: &str, text: &str) -> Option<(String, usize, bool)> {
        use super::super::diagnostic::{self, SourceMap};
        let diags = super::super::validate::load_whole(name, text).err()?;
        let body = diagnostic::render_all(&SourceMap::new(name, text), &diags);
        Some((body, diagnostic::total(&diags), diagnostic::stopped(&diags)))
    }

    /// The chunk-by-chunk report of `text`, written to a file as a large file is read.
    fn planned_report(name: &str, text: &str) -> Option<(String, usize, bool)> {
        let dir = std::env::temp_dir().join(format!("labdash-planned-{}-{}", std::process::id(), text.len()));
        std::fs::create_dir_all(&dir).ok()?;
        let path = dir.join("f.toml");
        std::fs::write(&path, text).ok()?;
        let file = std::fs::File::open(&path).ok()?;
        let plan = plan(&mut &file)?;
        let found = problems_planned(name, &file, &plan);
        let _ = std::fs::remove_dir_all(&dir);
        found.map(|f| (f.text, f.total, f.stopped))
    }

    #[test]
    fn problems_found_chunk_by_chunk_read_as_the_whole_files() {
        let base = dataset(Sizes::models(3_000), 5);
        let lines: Vec<&str> = base.lines().collect();
        let at = |prefix: &str| -> Vec<usize> {
            lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.starts_with(prefix))
                .map(|(i, _)| i)
                .collect()
        };
        let (labs, chips, ids) = (at("lab = \"lab"), at("chips = "), at("id = \"m"));
        let mut state = 0x9e37_79b9_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for case in 0..12 {
            let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            // 1, a few, or past the number shown, of mixed kinds, anywhere (chunk edges too).
            let n = [1, 3, 70][case % 3];
            for k in 0..n {
                match (case + k) % 4 {
                    0 => edited[labs[next(labs.len())]] = format!("lab = \"lab{}x\"", next(50)),
                    1 => edited[chips[next(chips.len())]] = "chips = \"many\"".into(),
                    2 => edited[chips[next(chips.len())]] = "chipz = 3".into(),
                    _ => edited[labs[next(labs.len())]] = format!("lab = \"m{}\"", next(100)),
                }
            }
            let _ = &ids;
            let text = edited.join("\n") + "\n";
            assert!(text.len() > MIN_BYTES);
            let whole = whole_report("gen.toml", &text).unwrap_or_else(|| panic!("case {case}: no problem"));
            let parts = planned_report("gen.toml", &text).unwrap_or_else(|| panic!("case {case}: chunks found none"));
            assert_eq!(parts.1, whole.1, "case {case}: counts");
            assert_eq!(parts.2, whole.2, "case {case}");
            assert_eq!(parts.0, whole.0, "case {case}");
        }
    }

    #[test]
    fn a_duplicate_between_chunks_is_left_to_the_whole_file_check() {
        let text = dataset(Sizes::models(3_000), 5);
        let last = text.rfind("id = \"m").unwrap_or(0);
        let end = text[last..].find('\n').map_or(text.len(), |e| last + e);
        let text = format!("{}id = \"m1\"{}", &text[..last], &text[end..]);
        assert!(whole_report("gen.toml", &text).is_some());
        assert_eq!(planned_report("gen.toml", &text), None);
    }
}
