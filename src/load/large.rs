//! Large regular files, loaded in chunks straight from the file (never all their text in
//! memory), with their first rows shown while the rest loads. On any doubt the whole file is
//! read and validated in one piece, so diagnostics stay exact.

use std::path::Path;

use super::file::{MAX_FILE_BYTES, cannot, is_large, open, read};
use super::{Failure, Sink, problems};
use crate::data::{self, Dataset};

/// A large regular file loaded in chunks (as `load_large`, without first rows); `None` when
/// the file is small, unreadable, or has any problem — the caller then reads it whole, for its
/// exact diagnostics. Reloads use it: an edited 1M-model file is never held as text beside the
/// data on screen.
pub(super) fn load_if_large(path: &Path) -> Option<Dataset> {
    if !is_large(path) {
        return None;
    }
    let (file, _) = open(path).ok()?;
    let plan = plan_of(&file)?;
    data::load_planned(&path.display().to_string(), &file, plan, &|_, _| {}, None, None)
}

/// After an edit of the large file `ds` was loaded from: its changed chunks alone parsed
/// again (`data::reload_changed`); `None` when the file must be loaded whole again.
pub(super) fn changed(path: &Path, ds: &Dataset) -> Option<data::Patch> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    if ds.chunks.is_none() || !is_large(path) {
        return None;
    }
    let (file, _) = open(path).ok()?;
    let cuts = data::cut(&mut (&file).take(MAX_FILE_BYTES))?;
    let file = std::sync::Mutex::new(&file);
    let read = |range: &std::ops::Range<usize>| {
        let mut bytes = vec![0; range.len()];
        let mut f = file.lock().ok()?;
        f.seek(SeekFrom::Start(range.start as u64)).ok()?;
        f.read_exact(&mut bytes).ok()?;
        Some(bytes)
    };
    data::reload_changed(&path.display().to_string(), ds, cuts, &read)
}

/// One pass over `file` from its start: its ids and where to cut it (`data::plan`).
fn plan_of(file: &std::fs::File) -> Option<data::Plan> {
    use std::io::{Read as _, Seek as _};
    let mut from_start = file;
    from_start.rewind().ok()?;
    data::plan(&mut from_start.take(MAX_FILE_BYTES))
}

/// Loads a large regular file without ever holding its whole text. With a preview sink, its
/// beginning is parsed and shown (on another thread) while one pass over the file finds the
/// ids and where to cut it (the beginning is read twice: ~1 MB, for not waiting on the pass);
/// then the chunks are read and validated on all cores.
pub(super) fn load_large(path: &Path, name: &str, sink: Sink<'_>) -> Result<Dataset, Failure> {
    let (file, _) = open(path)?;
    let (plan, first) = match sink.preview {
        None => (plan_of(&file), None),
        Some(show) => {
            let head = head_of(path, &file)?;
            std::thread::scope(|s| {
                let parsing = s.spawn(|| {
                    // The head may end inside a character: parse its valid part.
                    let text = match std::str::from_utf8(&head) {
                        Ok(t) => t,
                        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
                    };
                    let first = data::first_chunk(name, text)?;
                    if let Some(ds) = first.preview() {
                        show(ds);
                    }
                    Some(first)
                });
                let plan = plan_of(&file);
                (plan, parsing.join().ok().flatten())
            })
        }
    };
    if let Some(plan) = plan
        && let Some(ds) = data::load_planned(name, &file, plan, sink.progress, sink.preview, first)
    {
        return Ok(ds);
    }
    // A file with problems: found chunk by chunk, so a 1 GB file with one broken reference
    // costs a few chunks' memory, not a parse of its whole text (~25× its size).
    if let Some(plan) = plan_of(&file)
        && let Some(found) = data::problems_planned(name, &file, &plan)
    {
        return Err(planned_failure(name, found));
    }
    // Checked in one piece (a duplicate id between chunks, or id lines the scan cannot read):
    // that needs ~25× the file. One the machine cannot hold is refused rather than killed.
    let size = file.metadata().map_or(0, |m| m.len());
    if !fits_whole(size, available_memory()) {
        return Err(super::fail(
            2,
            format!(
                "labdash: cannot check {} in one piece: it is {} MB, a check in one piece needs about {} MB, and {} MB are available; \
                 its chunks hold no problem, so look for an id used twice (or an id line written unusually)",
                data::sanitize::printable(name),
                size >> 20,
                size.saturating_mul(WHOLE_FACTOR) >> 20,
                available_memory().unwrap_or(0) >> 20
            ),
        ));
    }
    let text = read(path)?;
    data::load_whole(name, &text).map_err(|diags| problems(name, &text, &diags))
}

/// About how many times its size a file's parse in one piece holds (measured: 25–28×).
const WHOLE_FACTOR: u64 = 28;

/// Whether a file of `size` bytes can be parsed in one piece with `available` bytes of memory
/// (unknown: assume it can).
fn fits_whole(size: u64, available: Option<u64>) -> bool {
    available.is_none_or(|a| size.saturating_mul(WHOLE_FACTOR) <= a)
}

/// Memory the kernel says is available (Linux `MemAvailable`), in bytes.
fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb.saturating_mul(1024))
}

/// The problems found chunk by chunk, worded as a whole-file check words them (exit 1).
fn planned_failure(name: &str, found: data::PlannedProblems) -> Failure {
    let n = found.total;
    super::fail(
        1,
        format!(
            "{}\n\nlabdash: {}{n} problem{} in {}",
            found.text,
            if found.stopped { "at least " } else { "" },
            if n == 1 { "" } else { "s" },
            data::sanitize::printable(name)
        ),
    )
}

/// Enough of a file's beginning to hold its first models (files start with their sources).
fn head_of(path: &Path, file: &std::fs::File) -> Result<Vec<u8>, Failure> {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(data::HEAD_BYTES);
    loop {
        let n = file
            .take(data::HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|e| cannot(path, e))?;
        if n == 0 || !data::wants_more(&head) {
            return Ok(head);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_parse_is_tried_only_when_it_fits() {
        assert!(fits_whole(77 << 20, Some(22 << 30)));
        assert!(!fits_whole(781 << 20, Some(16 << 30)));
        assert!(fits_whole(781 << 20, None));
        assert!(!fits_whole(u64::MAX, Some(u64::MAX / 2)));
    }

    #[test]
    fn available_memory_is_read_where_the_kernel_says_it() {
        if std::path::Path::new("/proc/meminfo").exists() {
            assert!(available_memory().is_some_and(|a| a > 0));
        }
    }
}
