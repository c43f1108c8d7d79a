//! The command line: parse arguments, pick the data file, dispatch to the dashboard or a
//! headless command, and map outcomes to the spec's exit codes (0 ok, 1 invalid data or
//! usage, 2 file not found or unreadable).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::data;
use crate::export::{self, Format};
use crate::load::{self, Failure, Origin, fail};
use crate::runner;
use crate::view::{Filter, Query, SortDir, SortSpec, ViewKind, columns};

/// A terminal dashboard comparing AI labs, models, compute and cost claims — and who says so.
#[derive(Parser, Debug)]
#[command(name = "labdash", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Data files, each laid over the ones before (default: $LABDASH_DATA, else the bundled
    /// dataset).
    files: Vec<PathBuf>,
    #[command(flatten)]
    query: QueryArgs,
    #[command(flatten)]
    as_of: AsOfArg,
    /// Colours for a dark or light terminal background (auto: from $COLORFGBG, else dark;
    /// default: the configuration's, else auto).
    #[arg(long, value_enum)]
    theme: Option<crate::ui::theme::ThemeChoice>,
    /// The configuration file (default: $XDG_CONFIG_HOME/labdash/config.toml, else
    /// ~/.config/labdash/config.toml, if it exists).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
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

/// `--as-of`, shared by the dashboard, `check` and `export`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct AsOfArg {
    /// Only what was known on this day (YYYY-MM-DD): claims made by then, records released by
    /// then; undated claims are kept.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
}

impl AsOfArg {
    /// The day, or a usage error.
    fn day(&self) -> Result<Option<data::PartialDate>, Failure> {
        self.as_of
            .as_deref()
            .map(|t| data::as_of::parse_day(t).map_err(|e| fail(1, format!("labdash: --as-of: {e}"))))
            .transpose()
    }

    /// Loads `origin` as of the day, if any.
    fn load(&self, origin: &Origin) -> Result<data::Dataset, Failure> {
        let day = self.day()?;
        let ds = load::load(origin)?;
        Ok(match day {
            Some(d) => data::as_of::as_of(&ds, d),
            None => ds,
        })
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a data file; print a summary, or every problem rustc-style.
    Check {
        /// Data files, each laid over the ones before (default: $LABDASH_DATA, else the
        /// bundled dataset).
        files: Vec<PathBuf>,
        #[command(flatten)]
        as_of: AsOfArg,
    },
    /// Print a view as the dashboard shows it (after --sort/--filter).
    Export {
        /// Data files, each laid over the ones before (default: $LABDASH_DATA, else the
        /// bundled dataset).
        files: Vec<PathBuf>,
        #[command(flatten)]
        query: QueryArgs,
        #[command(flatten)]
        as_of: AsOfArg,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Print a shell completion script (e.g. `labdash completions bash > ~/.local/share/bash-completion/completions/labdash`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `labdash man | man -l -`.
    Man,
    /// The configuration: where it is read from; with --print, every setting in effect.
    Config {
        /// Print the configuration in effect, defaults included, as a config.toml would set it.
        #[arg(long)]
        print: bool,
        /// The configuration file (default: $XDG_CONFIG_HOME/labdash/config.toml).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
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
    // Atomic: a full disk or a crash leaves the original (or nothing), never a cut-off copy;
    // without --force a dangling symlink counts as existing, so its target is never created.
    crate::fsio::write_atomic(path, data::BUNDLED.as_bytes(), force).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => fail(1, format!("labdash: {shown} exists; pass --force to overwrite it")),
        _ => fail(2, format!("labdash: cannot write {shown}: {e}")),
    })?;
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

/// Writes `text` to stderr, each line made printable (messages quote arguments, file names and
/// data; idempotent on the already sanitised diagnostics). A closed or failing stderr is
/// ignored: `eprintln!` would panic there (`check … 2>&1 | head -1`), and there is nowhere
/// left to report it; the exit code still says what happened.
fn print_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    for line in text.lines() {
        let line = data::sanitize::printable(line);
        if err
            .write_all(line.as_bytes())
            .and_then(|()| err.write_all(b"\n"))
            .is_err()
        {
            return;
        }
    }
    let _ = err.flush();
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
            print_stderr(&f.message);
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Some(Command::Check { files, as_of }) => {
            let ds = as_of.load(&Origin::pick(files))?;
            let day = ds
                .as_of
                .map(|d| format!(" (as of {d}; undated claims included)"))
                .unwrap_or_default();
            print_stdout(&format!("ok: {}{day}\n", ds.summary()))
        }
        Some(Command::Export {
            files,
            query: args,
            as_of,
            format,
        }) => {
            let q = query(&args)?;
            let ds = as_of.load(&Origin::pick(files))?;
            print_stdout(&export::export(&ds, &q, format))
        }
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "labdash",
                &mut out,
            );
            print_stdout(&String::from_utf8_lossy(&out))
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
                .render(&mut out)
                .map_err(|e| fail(1, format!("labdash: {e}")))?;
            print_stdout(&String::from_utf8_lossy(&out))
        }
        Some(Command::Init { path, force }) => print_stdout(&(init(&path, force)? + "\n")),
        Some(Command::Config { print, config }) => {
            let (c, from) = crate::config::read(config.as_deref()).map_err(|(m, code)| fail(code, m))?;
            if print {
                return print_stdout(&crate::config::print(&c, from.as_deref()));
            }
            let text = match (from, crate::config::default_path()) {
                (Some(p), _) => format!("configuration: {} (valid)", p.display()),
                (None, Some(p)) => format!("no configuration file (labdash looks for {})", p.display()),
                (None, None) => "no configuration file ($XDG_CONFIG_HOME and $HOME are unset)".into(),
            };
            print_stdout(&format!(
                "{}\n`labdash config --print` shows every setting in effect\n",
                data::sanitize::printable(&text)
            ))
        }
        Some(Command::Import { from }) => {
            let out = crate::import::run(from).map_err(|e| fail(e.code, e.message))?;
            print_stderr(&out.report);
            print_stdout(&out.stdout)
        }
        None => {
            let (config, _) = crate::config::read(cli.config.as_deref()).map_err(|(m, code)| fail(code, m))?;
            let mut args = cli.query.clone();
            if args.view.is_none() {
                args.view = config.view.map(|v| v.id().to_string());
            }
            let q = query(&args)?;
            let day = cli.as_of.day()?;
            let files = if cli.files.is_empty() && std::env::var_os("LABDASH_DATA").is_none_or(|v| v.is_empty()) {
                config.files.clone()
            } else {
                cli.files
            };
            let origin = Origin::pick(files);
            crate::keymap::install(config.keys.clone());
            let theme = cli
                .theme
                .or(config.theme)
                .unwrap_or(crate::ui::theme::ThemeChoice::Auto)
                .resolve(std::env::var("COLORFGBG").ok().as_deref());
            // A large file loads behind a gauge, its first rows shown as soon as they are
            // parsed; a small one is loaded first, so its problems print on the normal screen;
            // of several small files the first is, and the others are laid over it while its
            // rows are on screen.
            let start = if origin.is_large() {
                runner::Start::Loading(load::Background::start(origin.clone())?)
            } else if origin.layers() > 1 {
                let first = load::load_reporting(&origin, load::Scope::First, load::Sink::NONE)?;
                runner::Start::FirstOf(Box::new(first), load::Background::start(origin.clone())?)
            } else {
                runner::Start::Ready(Box::new(load::load(&origin)?))
            };
            let opening = runner::Opening {
                origin,
                query: q,
                as_of: day,
                columns: config.columns,
            };
            runner::run(start, opening, theme)
        }
    }
}
