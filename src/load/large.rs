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
    let text = read(path)?;
    data::load_whole(name, &text).map_err(|diags| problems(name, &text, &diags))
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
