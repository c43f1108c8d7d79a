//! Loading data for every front end (dashboard, `check`, `export`, reloads): where the data
//! comes from, reading a file safely, validating it (in chunks for large files), and rendering
//! its problems. Sits below `app` and `cli`: it knows files and `data`, never the terminal.

mod background;
mod file;
mod large;

pub use background::{Background, Progress};
pub use file::{MAX_FILE_BYTES, read};

use std::borrow::Cow;
use std::path::PathBuf;

use crate::data::{self, Dataset, SourceMap};

/// Where the data came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary (the curated file, then the Epoch AI snapshot laid over it).
    Bundled,
    /// A file on disk.
    File(PathBuf),
    /// Several files, each laid over the ones before it (`data::overlay`).
    Files(Vec<PathBuf>),
}

impl Origin {
    /// How the status line and diagnostics name it.
    pub fn display(&self) -> String {
        match self {
            Origin::Bundled => "bundled".into(),
            Origin::File(p) => p.display().to_string(),
            Origin::Files(ps) => ps
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" + "),
        }
    }

    /// A short name for the status line: several files by their names alone.
    pub fn short(&self) -> String {
        match self {
            Origin::Files(ps) => ps
                .iter()
                .map(|p| {
                    p.file_name()
                        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
                })
                .collect::<Vec<_>>()
                .join(" + "),
            other => other.display(),
        }
    }

    /// Picks the data files: the arguments, else `$LABDASH_DATA`, else bundled.
    pub fn pick(mut files: Vec<PathBuf>) -> Origin {
        if files.is_empty()
            && let Some(v) = std::env::var_os("LABDASH_DATA").filter(|v| !v.is_empty())
        {
            files.push(PathBuf::from(v));
        }
        match files.len() {
            0 => Origin::Bundled,
            1 => Origin::File(files.remove(0)),
            _ => Origin::Files(files),
        }
    }

    /// The files on disk, in order (none for the bundled data).
    pub fn paths(&self) -> &[PathBuf] {
        match self {
            Origin::Bundled => &[],
            Origin::File(p) => std::slice::from_ref(p),
            Origin::Files(ps) => ps,
        }
    }

    /// Only the first file (the bundled curated file alone, for `Bundled`).
    pub fn first_only(&self) -> Origin {
        match self {
            Origin::Files(ps) => ps.first().map_or(Origin::Bundled, |p| Origin::File(p.clone())),
            other => other.clone(),
        }
    }

    /// Whether loading it takes long enough to show progress (a large regular first file).
    pub fn is_large(&self) -> bool {
        self.paths().first().is_some_and(|p| file::is_large(p))
    }

    /// How many files it lays over each other (the bundled data: the curated file and the
    /// files compiled in after it).
    pub fn layers(&self) -> usize {
        match self {
            Origin::Bundled => 1 + data::BUNDLED_LAYERS.len(),
            other => other.paths().len(),
        }
    }
}

/// Which of an origin's files to load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// All of them, each laid over the ones before.
    #[default]
    All,
    /// The first alone (for the bundled data: the curated file without the Epoch snapshot).
    First,
}

/// A failure with its exit code; the message goes to stderr.
#[derive(Debug)]
pub struct Failure {
    /// 1 (invalid data or usage) or 2 (missing or unreadable).
    pub code: u8,
    /// What to print.
    pub message: String,
}

/// A failure with exit `code` and `message`.
pub fn fail(code: u8, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

/// Where loading reports to: chunks done of chunks in all, and the first rows of a large
/// file while the rest loads.
#[derive(Clone, Copy)]
pub struct Sink<'a> {
    /// Chunks done, chunks in all.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// The first chunks' records, shown while the rest loads.
    pub preview: Option<&'a (dyn Fn(Dataset) + Sync)>,
}

impl Sink<'_> {
    /// Reports nothing.
    pub const NONE: Sink<'static> = Sink {
        progress: &|_, _| {},
        preview: None,
    };
}

/// Loads and validates the data of `origin`: every file, each laid over the ones before.
pub fn load(origin: &Origin) -> Result<Dataset, Failure> {
    load_reporting(origin, Scope::All, Sink::NONE)
}

/// Loads and validates the data of `origin` (its files in `scope`), reporting progress and
/// first rows of a large first file to `sink` (a small one is done before anything could be
/// shown).
pub fn load_reporting(origin: &Origin, scope: Scope, sink: Sink<'_>) -> Result<Dataset, Failure> {
    let first = origin.paths().first();
    let mut ds = match first {
        None => validated(data::BUNDLED_NAME, data::BUNDLED, Sink::NONE)?,
        Some(path) if file::is_large(path) => large::load_large(path, &path.display().to_string(), sink)?,
        Some(path) => {
            let text = read(path)?;
            // Text that large came from a pipe or device: it still loads in chunks.
            let sink = if text.len() < data::PARALLEL_MIN_BYTES {
                Sink::NONE
            } else {
                sink
            };
            validated(&path.display().to_string(), &text, sink)?
        }
    };
    let name = first.map_or_else(|| data::BUNDLED_NAME.to_string(), |p| p.display().to_string());
    data::overlay::first(&mut ds, &name);
    if scope == Scope::First {
        return Ok(ds);
    }
    // The first file's rows can be shown while the others are laid over them (a large one's
    // first rows were shown already).
    if let Some(show) = sink.preview
        && origin.layers() > 1
        && !origin.is_large()
    {
        show(ds.clone());
    }
    for (name, text) in later(origin) {
        let text = text?;
        data::lay_over(&mut ds, &name, &text).map_err(|diags| problems(&name, &text, &diags))?;
    }
    Ok(ds)
}

/// The files after the first, as (name, text), each read when its turn comes.
fn later(origin: &Origin) -> impl Iterator<Item = (String, Result<Cow<'static, str>, Failure>)> + '_ {
    let bundled = matches!(origin, Origin::Bundled).then_some(data::BUNDLED_LAYERS);
    let bundled = bundled
        .into_iter()
        .flatten()
        .map(|(name, text)| (name.to_string(), Ok(Cow::Borrowed(*text))));
    let files = origin
        .paths()
        .iter()
        .skip(1)
        .map(|p| (p.display().to_string(), read(p).map(Cow::Owned)));
    bundled.chain(files)
}

/// The one file a reload of `origin` in `scope` reads, if it reads one.
fn single(origin: &Origin, scope: Scope) -> Option<&PathBuf> {
    match (origin, scope) {
        (Origin::File(p), _) => Some(p),
        (Origin::Files(ps), Scope::First) => ps.first(),
        _ => None,
    }
}

/// A reload that parses again only the chunks of a large file an edit changed: the patch for
/// `ds`, the data on screen, loaded from `origin` in `scope` (one large file); `None` when the
/// files must be read again whole (`reload`), for a result or diagnostics exactly a full
/// load's.
pub fn reload_changed(origin: &Origin, scope: Scope, ds: &Dataset) -> Option<data::Patch> {
    if ds.layers.files.len() != 1 {
        return None;
    }
    large::changed(single(origin, scope)?, ds)
}

/// Reads and validates the data files again for a reload: the dataset, or the rendered
/// problems and how many there are.
pub fn reload(origin: &Origin, scope: Scope) -> Result<Dataset, Problems> {
    let single = single(origin, scope);
    // A large file is read in chunks from the file, never whole beside the data on screen.
    if let Some(path) = single
        && let Some(mut ds) = large::load_if_large(path)
    {
        data::overlay::first(&mut ds, &path.display().to_string());
        return Ok(ds);
    }
    load_reporting(origin, scope, Sink::NONE).map_err(|f| {
        // The closing summary ("labdash: 3 problems in …") is for the command line, and says
        // how many (beyond the ones shown); a file that cannot be read is one problem.
        let (text, closing) = f
            .message
            .trim_end()
            .rsplit_once("\n\nlabdash: ")
            .unwrap_or((f.message.as_str(), ""));
        // "at least": labdash stopped looking in a file full of problems.
        let at_least = closing.starts_with("at least ");
        let count = closing
            .trim_start_matches("at least ")
            .split_once(" problem")
            .and_then(|(n, _)| n.parse().ok())
            .unwrap_or(1);
        Problems {
            text: text.to_string(),
            count,
            at_least,
        }
    })
}

/// A file's problems as the dashboard shows them after a failed reload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems {
    /// Every problem, rendered rustc-style.
    pub text: String,
    /// How many.
    pub count: usize,
    /// Whether labdash stopped looking before the end (more may follow).
    pub at_least: bool,
}

/// Validates `text`: the dataset, or every problem rendered rustc-style (exit 1).
pub(crate) fn validated(name: &str, text: &str, sink: Sink<'_>) -> Result<Dataset, Failure> {
    data::load_with_progress(name, text, sink.progress, sink.preview, None)
        .map_err(|diags| problems(name, text, &diags))
}

/// Every problem in `text`, rendered rustc-style.
pub fn render(name: &str, text: &str, diags: &[data::Diagnostic]) -> String {
    // Lines are indexed only up to the last problem shown: a 50 MB file of short lines with
    // its problems at its start costs no index of all its lines.
    let last = diags
        .iter()
        .filter(|d| d.folded.is_empty())
        .map(|d| d.span.end)
        .max()
        .unwrap_or(0)
        .min(text.len());
    let end = memchr::memchr(b'\n', &text.as_bytes()[last..]).map_or(text.len(), |i| last + i + 1);
    data::diagnostic::render_all(&SourceMap::new(name, text.get(..end).unwrap_or(text)), diags)
}

/// Every problem in `text`, rendered rustc-style, as a failure (exit 1).
fn problems(name: &str, text: &str, diags: &[data::Diagnostic]) -> Failure {
    let n = data::diagnostic::total(diags);
    let body = render(name, text, diags);
    let plural = if n == 1 { "" } else { "s" };
    // Stopped early in a file full of problems: more may follow.
    let least = if data::diagnostic::stopped(diags) {
        "at least "
    } else {
        ""
    };
    fail(
        1,
        format!(
            "{body}\n\nlabdash: {least}{n} problem{plural} in {}",
            data::sanitize::printable(name)
        ),
    )
}
