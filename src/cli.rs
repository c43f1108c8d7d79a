//! The command line: parse arguments, pick the data file, dispatch to the dashboard or a
//! headless command, and map outcomes to the spec's exit codes (0 ok, 1 invalid data or
//! usage, 2 file not found or unreadable).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::data::{self, Dataset, SourceMap};
use crate::export::{self, Format};
use crate::view::{Filter, Query, SortDir, SortSpec, ViewKind, columns};

/// A terminal dashboard comparing AI labs, models, compute and cost claims — and who says so.
#[derive(Parser, Debug)]
#[command(name = "labdash", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Data file (default: $LABDASH_DATA, else the bundled dataset).
    file: Option<PathBuf>,
    #[command(flatten)]
    query: QueryArgs,
    /// Colours for a dark or light terminal background (auto: from $COLORFGBG, else dark).
    #[arg(long, value_enum, default_value = "auto")]
    theme: crate::ui::theme::ThemeChoice,
}

/// `--view`, `--sort`, `--filter`, shared by the dashboard and `export`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct QueryArgs {
    /// View: labs, models, claims, compute, events, chips (or 1–6).
    #[arg(long, value_name = "V")]
    view: Option<String>,
    /// Sort by a column id, optionally `:asc` or `:desc` (e.g. chips:desc).
    #[arg(long, value_name = "COL[:asc|:desc]")]
    sort: Option<String>,
    /// Filter expression (e.g. "country:CN chips>1000").
    #[arg(long, value_name = "EXPR")]
    filter: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a data file; print a summary, or every problem rustc-style.
    Check {
        /// Data file (default: $LABDASH_DATA, else the bundled dataset).
        file: Option<PathBuf>,
    },
    /// Print a view as the dashboard shows it (after --sort/--filter).
    Export {
        /// Data file (default: $LABDASH_DATA, else the bundled dataset).
        file: Option<PathBuf>,
        #[command(flatten)]
        query: QueryArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Convert someone else's data into a labdash data file.
    Import {
        #[command(subcommand)]
        from: crate::import::From,
    },
    /// Write the bundled dataset to PATH, to edit it.
    Init {
        /// Where to write it.
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

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
}

/// A failure with its exit code; the message goes to stderr.
#[derive(Debug)]
pub struct Failure {
    /// 1 or 2.
    pub code: u8,
    /// What to print.
    pub message: String,
}

fn fail(code: u8, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

/// Picks the data file: the argument, else `$LABDASH_DATA`, else bundled.
pub fn origin(file: Option<PathBuf>) -> Origin {
    file.or_else(|| {
        std::env::var_os("LABDASH_DATA")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .map_or(Origin::Bundled, Origin::File)
}

/// The largest data file labdash reads (2 GiB: generated million-model scenario files are
/// ~800 MB); anything bigger is not a data file (and
/// `/dev/zero` must not exhaust memory).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Reads a data file's text: exit 2 when missing, unreadable or too large, 1 when not UTF-8.
pub fn read(path: &Path) -> Result<String, Failure> {
    use std::io::Read as _;
    let (file, _) = open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(path, e))?;
    decode(path, bytes)
}

/// A file name as messages show it.
fn shown(path: &Path) -> String {
    data::sanitize::printable(&path.display().to_string()).into_owned()
}

fn cannot(path: &Path, e: std::io::Error) -> Failure {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    fail(2, format!("labdash: cannot read {}: {why}", shown(path)))
}

fn too_large(path: &Path) -> Failure {
    fail(
        2,
        format!(
            "labdash: cannot read {}: larger than {} MiB; not a labdash data file",
            shown(path),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Opens a data file, with its size when it is a regular file: exit 2 when missing, a
/// directory, unreadable or too large.
fn open(path: &Path) -> Result<(std::fs::File, Option<u64>), Failure> {
    if path.is_dir() {
        return Err(fail(
            2,
            format!("labdash: {}: is a directory, not a data file", shown(path)),
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot(path, e))?;
    // A regular file's size is known: refuse an oversized one without reading it. Devices and
    // pipes (`/dev/zero`, `<(…)`) report no size and are cut off while reading.
    let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
    if size.is_some_and(|n| n > MAX_FILE_BYTES) {
        return Err(too_large(path));
    }
    Ok((file, size))
}

/// The text of a file's bytes: exit 2 when too large, 1 when not UTF-8.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Failure> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    String::from_utf8(bytes).map_err(|e| {
        let shown = shown(path);
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let bad = bytes.get(valid).copied().unwrap_or(0);
        let why = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            "the file is UTF-16; save it as UTF-8".to_string()
        } else {
            format!("the file is not valid UTF-8 (byte 0x{bad:02x} at offset {valid}); save it as UTF-8")
        };
        // Show the line with the bad byte as U+FFFD: the text before it is unchanged, so the
        // offset still points at it.
        let lossy = String::from_utf8_lossy(bytes);
        let map = SourceMap::new(&shown, &lossy);
        let d = data::Diagnostic::new(valid..valid + '\u{fffd}'.len_utf8(), why);
        fail(1, format!("{}\n\nlabdash: 1 problem in {shown}", map.render(&d)))
    })
}

/// Whether `path` is a regular file large enough to load in chunks (and not over the limit).
fn is_large(path: &Path) -> bool {
    std::fs::metadata(path)
        .is_ok_and(|m| m.is_file() && m.len() >= data::PARALLEL_MIN_BYTES as u64 && m.len() <= MAX_FILE_BYTES)
}

/// A large regular file loaded in chunks straight from the file (as `load_large`, without
/// first rows); `None` when the file is small, unreadable, or has any problem — the caller
/// then reads it whole, for its exact diagnostics. Reloads use it: an edited 1M-model file is
/// never held as text beside the data on screen.
pub fn load_if_large(path: &Path) -> Option<Dataset> {
    if !is_large(path) {
        return None;
    }
    let (file, _) = open(path).ok()?;
    let plan = plan_of(&file)?;
    data::load_planned(&path.display().to_string(), &file, plan, &|_, _| {}, None, None)
}

/// One pass over `file` from its start: its ids and where to cut it (`data::plan`).
fn plan_of(file: &std::fs::File) -> Option<data::Plan> {
    use std::io::{Read as _, Seek as _};
    let mut from_start = file;
    from_start.rewind().ok()?;
    data::plan(&mut from_start.take(MAX_FILE_BYTES))
}

/// Loads a large regular file without ever holding its whole text. With `preview`, its
/// beginning is parsed and shown (on another thread) while one pass over the file finds the
/// ids and where to cut it (the beginning is read twice: ~1 MB, for not waiting on the pass);
/// then the chunks are read and validated on all cores. On any problem the whole file is read
/// and validated in one piece, so diagnostics stay exact.
fn load_large(
    path: &Path,
    name: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
    preview: Option<&(dyn Fn(Dataset) + Sync)>,
) -> Result<Dataset, Failure> {
    let (file, _) = open(path)?;
    let (plan, first) = match preview {
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
        && let Some(ds) = data::load_planned(name, &file, plan, progress, preview, first)
    {
        return Ok(ds);
    }
    let text = read(path)?;
    data::load_whole(name, &text).map_err(|diags| problems(name, &text, &diags))
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

/// Loads and validates the data of `origin`: the dataset and the text it came from.
pub fn load(origin: &Origin) -> Result<Dataset, Failure> {
    if let Origin::File(path) = origin
        && is_large(path)
    {
        return load_large(path, &path.display().to_string(), &|_, _| {}, None);
    }
    let (name, text) = origin_text(origin)?;
    validated(&name, text, &|_, _| {}, None)
}

/// The name diagnostics use for `origin`, and its text.
fn origin_text(origin: &Origin) -> Result<(String, String), Failure> {
    Ok(match origin {
        Origin::Bundled => (data::BUNDLED_NAME.to_string(), data::BUNDLED.to_string()),
        Origin::File(p) => (p.display().to_string(), read(p)?),
    })
}

/// Validates `text`: the dataset, or every problem rendered rustc-style (exit 1).
fn validated(
    name: &str,
    text: String,
    progress: &(dyn Fn(usize, usize) + Sync),
    preview: Option<&(dyn Fn(Dataset) + Sync)>,
) -> Result<Dataset, Failure> {
    data::load_with_progress(name, &text, progress, preview, None).map_err(|diags| problems(name, &text, &diags))
}

/// Every problem in `text`, rendered rustc-style, as a failure (exit 1).
fn problems(name: &str, text: &str, diags: &[data::Diagnostic]) -> Failure {
    let map = SourceMap::new(name, text);
    let n = diags.len();
    let body = data::diagnostic::render_all(&map, diags);
    let plural = if n == 1 { "" } else { "s" };
    fail(
        1,
        format!(
            "{body}\n\nlabdash: {n} problem{plural} in {}",
            data::sanitize::printable(name)
        ),
    )
}

/// Turns `--view/--sort/--filter` into a query, reporting bad values as usage errors.
pub fn query(args: &QueryArgs) -> Result<Query, Failure> {
    let view = match &args.view {
        None => ViewKind::default(),
        Some(v) => ViewKind::parse(v).ok_or_else(|| {
            let ids: Vec<&str> = ViewKind::ALL.iter().map(|v| v.id()).collect();
            fail(
                1,
                format!("labdash: unknown view `{v}`; expected one of: {}", ids.join(", ")),
            )
        })?,
    };
    let cols = columns(view);
    let sort = match &args.sort {
        None => None,
        Some(s) => {
            let (name, dir) = match s.rsplit_once(':') {
                Some((n, "asc")) => (n, Some(SortDir::Asc)),
                Some((n, "desc")) => (n, Some(SortDir::Desc)),
                Some((_, d)) => return Err(fail(1, format!("labdash: sort direction `{d}`: expected asc or desc"))),
                None => (s.as_str(), None),
            };
            let col = cols.iter().position(|c| c.id == name).ok_or_else(|| {
                let ids: Vec<&str> = cols.iter().map(|c| c.id).collect();
                fail(
                    1,
                    format!(
                        "labdash: no column `{name}` in the {} view; columns: {}",
                        view.id(),
                        ids.join(", ")
                    ),
                )
            })?;
            Some(SortSpec {
                col,
                dir: dir.unwrap_or(SortDir::natural(cols[col].ty)),
            })
        }
    };
    let filter = match &args.filter {
        None => Filter::default(),
        Some(f) => Filter::parse(view, f).map_err(|e| fail(1, format!("labdash: --filter {e}")))?,
    };
    Ok(Query { view, sort, filter })
}

fn init(path: &Path, force: bool) -> Result<String, Failure> {
    // A file name can hold escape sequences too: never print it raw.
    let shown = data::sanitize::printable(&path.display().to_string()).into_owned();
    if path.exists() && !force {
        return Err(fail(
            1,
            format!("labdash: {shown} exists; pass --force to overwrite it"),
        ));
    }
    std::fs::write(path, data::BUNDLED).map_err(|e| fail(2, format!("labdash: cannot write {shown}: {e}")))?;
    Ok(format!(
        "wrote the bundled dataset to {shown}\nedit it, then: labdash check {shown}   or   labdash {shown}"
    ))
}

fn print_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`labdash export | head`) is not an error worth a message.
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(fail(1, format!("labdash: {e}"))),
        _ => Ok(()),
    }
}

/// Runs labdash with the process's arguments; returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 1,
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            // Messages quote arguments, file names and data: made printable line by line
            // (idempotent on the already sanitised diagnostics).
            for line in f.message.lines() {
                eprintln!("{}", data::sanitize::printable(line));
            }
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Some(Command::Check { file }) => {
            let ds = load(&origin(file))?;
            print_stdout(&format!("ok: {}\n", ds.summary()))
        }
        Some(Command::Export {
            file,
            query: args,
            format,
        }) => {
            let q = query(&args)?;
            let ds = load(&origin(file))?;
            print_stdout(&export::export(&ds, &q, format))
        }
        Some(Command::Init { path, force }) => print_stdout(&(init(&path, force)? + "\n")),
        Some(Command::Import { from }) => {
            let out = crate::import::run(from).map_err(|e| fail(e.code, e.message))?;
            for line in out.report.lines() {
                eprintln!("{}", data::sanitize::printable(line));
            }
            print_stdout(&out.stdout)
        }
        None => {
            let q = query(&cli.query)?;
            let origin = origin(cli.file);
            let theme = cli.theme.resolve(std::env::var("COLORFGBG").ok().as_deref());
            // A large regular file is read behind the progress screen, its first rows shown
            // as soon as they are parsed.
            if let Origin::File(path) = &origin
                && is_large(path)
            {
                let name = path.display().to_string();
                return dashboard_loading(&name, origin.clone(), q, theme, |l| {
                    load_large(path, &name, l.progress, Some(l.preview))
                });
            }
            let (name, text) = origin_text(&origin)?;
            if text.len() < data::PARALLEL_MIN_BYTES {
                let ds = validated(&name, text, &|_, _| {}, None)?;
                return crate::runner::run(ds, origin, q, theme).map_err(failed);
            }
            dashboard_loading(&name, origin.clone(), q, theme, |l| {
                validated(&name, text, l.progress, Some(l.preview))
            })
        }
    }
}

fn failed(e: color_eyre::Report) -> Failure {
    fail(1, format!("labdash: {e:?}"))
}

/// The dashboard on a large file: a progress screen while `load` works, then its first rows,
/// then all of them; problems are printed on the normal screen, after it closes.
fn dashboard_loading(
    name: &str,
    origin: Origin,
    q: Query,
    theme: crate::ui::Theme,
    load: impl FnOnce(crate::runner::Loading<'_>) -> Result<Dataset, Failure> + Send,
) -> Result<(), Failure> {
    let shown = data::sanitize::printable(name).into_owned();
    let (loaded, early) = crate::runner::with_progress(&shown, &theme, &origin, &q, load).map_err(failed)?;
    let ds = loaded?;
    match early {
        // Keep what the user did with the first rows (cursor, sort, filter, marks).
        Some(mut app) => {
            app.replace_data(ds);
            app.loading = false;
            app.status = None;
            crate::runner::run_app(app, theme).map_err(failed)
        }
        None => crate::runner::run(ds, origin, q, theme).map_err(failed),
    }
}
