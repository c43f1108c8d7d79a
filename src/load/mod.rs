//! Loading data for every front end (dashboard, `check`, `export`, reloads): where the data
//! comes from, reading a file safely, validating it (in chunks for large files), and rendering
//! its problems. Sits below `app` and `cli`: it knows files and `data`, never the terminal.

mod background;
mod file;
mod large;

pub use background::{Background, Progress};
pub use file::{MAX_FILE_BYTES, read};

use std::path::{Path, PathBuf};

use crate::data::{self, Dataset, SourceMap};

/// Where the data came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary.
    Bundled,
    /// A file on disk.
    File(PathBuf),
}

impl Origin {
    /// How the status line and diagnostics name it.
    pub fn display(&self) -> String {
        match self {
            Origin::Bundled => "bundled".into(),
            Origin::File(p) => p.display().to_string(),
        }
    }

    /// Picks the data file: the argument, else `$LABDASH_DATA`, else bundled.
    pub fn pick(file: Option<PathBuf>) -> Origin {
        file.or_else(|| {
            std::env::var_os("LABDASH_DATA")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .map_or(Origin::Bundled, Origin::File)
    }

    /// Whether loading it takes long enough to show progress (a large regular file).
    pub fn is_large(&self) -> bool {
        matches!(self, Origin::File(p) if file::is_large(p))
    }
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

/// Loads and validates the data of `origin`.
pub fn load(origin: &Origin) -> Result<Dataset, Failure> {
    load_reporting(origin, Sink::NONE)
}

/// Loads and validates the data of `origin`, reporting progress and first rows to `sink`
/// (large files only: a small one is done before anything could be shown).
pub fn load_reporting(origin: &Origin, sink: Sink<'_>) -> Result<Dataset, Failure> {
    if let Origin::File(path) = origin
        && file::is_large(path)
    {
        return large::load_large(path, &path.display().to_string(), sink);
    }
    let (name, text) = match origin {
        Origin::Bundled => (data::BUNDLED_NAME.to_string(), data::BUNDLED.to_string()),
        Origin::File(p) => (p.display().to_string(), read(p)?),
    };
    // Text that large came from a pipe or device: it still loads in chunks.
    let sink = if text.len() < data::PARALLEL_MIN_BYTES {
        Sink::NONE
    } else {
        sink
    };
    validated(&name, &text, sink)
}

/// Reads and validates the data file again for a reload: the dataset, or the rendered problems
/// and how many there are.
pub fn reload(path: &Path) -> Result<Dataset, Problems> {
    if let Some(ds) = large::load_if_large(path) {
        return Ok(ds);
    }
    let name = path.display().to_string();
    let text = read(path).map_err(|f| Problems {
        text: f.message,
        count: 1,
    })?;
    data::load(&name, &text).map_err(|diags| Problems {
        text: render(&name, &text, &diags),
        count: diags.len(),
    })
}

/// A file's problems as the dashboard shows them after a failed reload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems {
    /// Every problem, rendered rustc-style.
    pub text: String,
    /// How many.
    pub count: usize,
}

/// Validates `text`: the dataset, or every problem rendered rustc-style (exit 1).
fn validated(name: &str, text: &str, sink: Sink<'_>) -> Result<Dataset, Failure> {
    data::load_with_progress(name, text, sink.progress, sink.preview, None)
        .map_err(|diags| problems(name, text, &diags))
}

/// Every problem in `text`, rendered rustc-style.
pub fn render(name: &str, text: &str, diags: &[data::Diagnostic]) -> String {
    data::diagnostic::render_all(&SourceMap::new(name, text), diags)
}

/// Every problem in `text`, rendered rustc-style, as a failure (exit 1).
fn problems(name: &str, text: &str, diags: &[data::Diagnostic]) -> Failure {
    let n = diags.len();
    let body = render(name, text, diags);
    let plural = if n == 1 { "" } else { "s" };
    fail(
        1,
        format!(
            "{body}\n\nlabdash: {n} problem{plural} in {}",
            data::sanitize::printable(name)
        ),
    )
}
