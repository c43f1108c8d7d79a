//! `labdash import`: turns someone else's data (an Epoch AI CSV export) into a labdash data
//! file, reporting every value it had to leave out.

mod build;
mod claims;
mod countries;
pub mod csv;
mod curated;
mod epoch;
mod rows;
mod slug;
mod snapshot;
mod write;

use std::path::{Path, PathBuf};

use crate::data::PartialDate;

pub use curated::Curated;

/// Where the data comes from.
#[derive(clap::Subcommand, Debug)]
pub enum From {
    /// An Epoch AI "Notable AI Models" CSV export (https://epoch.ai/data/notable-ai-models).
    Epoch(EpochArgs),
}

/// `labdash import epoch CSV [-o OUT.toml] [--force] [--date YYYY-MM-DD] [--with-notes]`.
#[derive(clap::Args, Debug)]
pub struct EpochArgs {
    /// The CSV export.
    pub csv: PathBuf,
    /// Write the data file here (atomically) instead of to stdout.
    #[arg(short, long, value_name = "OUT.toml")]
    pub output: Option<PathBuf>,
    /// Overwrite OUT.toml if it exists.
    #[arg(long)]
    pub force: bool,
    /// The export's snapshot date, for rows without `Last modified` (default: the date in the
    /// file name, else the file's modification date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Keep Epoch's notes columns as claim notes (never abstracts or authors).
    #[arg(long)]
    pub with_notes: bool,
}

/// What an import produced: the data file for stdout (empty with `-o`) and the report for
/// stderr.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The TOML, when it goes to stdout.
    pub stdout: String,
    /// Every dropped value, then the summary; one message a line.
    pub report: String,
}

/// A failed import: exit code (1 not an export or usage, 2 unreadable or unwritable) and
/// message.
#[derive(Debug)]
pub struct Error {
    /// 1 or 2.
    pub code: u8,
    /// What to print.
    pub message: String,
}

fn error(code: u8, message: impl Into<String>) -> Error {
    Error {
        code,
        message: message.into(),
    }
}

/// How the conversion went, in numbers.
#[derive(Debug, Default)]
pub struct Converted {
    /// The data file.
    pub toml: String,
    /// One message per line: `FILE:LINE: …`.
    pub messages: Vec<String>,
    /// The closing summary.
    pub summary: String,
}

/// The largest export read (the real ones are ~2 MB).
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Runs an import.
pub fn run(from: From) -> Result<Outcome, Error> {
    let From::Epoch(args) = from;
    let shown = args.csv.display().to_string();
    let (text, warning) = read(&args.csv)?;
    let (snapshot, how) = match &args.date {
        Some(d) => (
            PartialDate::parse(d.trim())
                .map_err(|_| error(1, format!("labdash: --date \"{d}\" is not a date; expected YYYY-MM-DD")))?,
            "from --date",
        ),
        None => snapshot::of_file(&args.csv),
    };
    let file_name = args
        .csv
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let opts = Options {
        shown: &shown,
        file_name: &file_name,
        snapshot,
        snapshot_how: how,
        with_notes: args.with_notes,
    };
    let mut c = convert(&text, &opts, &Curated::bundled()).map_err(|m| error(1, m))?;
    if let Some(w) = warning {
        c.messages.insert(0, w);
    }
    let mut report = c.messages.join("\n");
    if !report.is_empty() {
        report.push('\n');
    }
    report.push_str(&c.summary);
    let stdout = match &args.output {
        None => c.toml,
        Some(out) => {
            let name = out.display().to_string();
            crate::fsio::write_atomic(out, c.toml.as_bytes(), args.force).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    error(1, format!("labdash: {name} exists; pass --force to overwrite it"))
                } else {
                    error(2, format!("labdash: cannot write {name}: {e}"))
                }
            })?;
            report.push_str(&format!("\nwrote {name}; check it with: labdash check {name}"));
            String::new()
        }
    };
    Ok(Outcome { stdout, report })
}

/// Reads the export: its text, and a warning when bytes had to be replaced.
fn read(path: &Path) -> Result<(String, Option<String>), Error> {
    use std::io::Read as _;
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(error(2, format!("labdash: {shown}: is a directory, not a CSV export")));
    }
    let file = std::fs::File::open(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        error(2, format!("labdash: cannot read {shown}: {why}"))
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(2, format!("labdash: cannot read {shown}: {e}")))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(error(
            2,
            format!(
                "labdash: cannot read {shown}: larger than {} MiB; not an export",
                MAX_BYTES >> 20
            ),
        ));
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(error(1, format!("labdash: {shown} is UTF-16; save it as UTF-8")));
    }
    match String::from_utf8(bytes) {
        Ok(t) => Ok((t, None)),
        Err(e) => {
            // Spreadsheets in Western locales save CSV as Windows-1252; every byte means
            // something there, so nothing is lost, and the warning says what was assumed.
            let at = e.utf8_error().valid_up_to();
            let text: String = e.as_bytes().iter().map(|&b| windows_1252(b)).collect();
            let warning = format!("{shown}: not valid UTF-8 (first bad byte at offset {at}); read as Windows-1252");
            Ok((text, Some(warning)))
        }
    }
}

/// A Windows-1252 byte as a character (its five unassigned bytes as U+FFFD).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž', '\u{fffd}',
        '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{fffd}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// What a conversion needs besides the text.
pub struct Options<'a> {
    /// The file as messages name it.
    pub shown: &'a str,
    /// The file's name, for the data file's header and source note.
    pub file_name: &'a str,
    /// The snapshot date.
    pub snapshot: PartialDate,
    /// Where the snapshot date came from ("from the file name").
    pub snapshot_how: &'a str,
    /// Keep notes columns.
    pub with_notes: bool,
}

/// Converts an export's text. `Err` (a message) when it is not an Epoch export.
pub fn convert(text: &str, opts: &Options<'_>, curated: &Curated) -> Result<Converted, String> {
    // Commas, unless only a spreadsheet's `;` or a tab makes a header with a model column.
    let first_line = text.lines().next().unwrap_or("");
    let sep = [',', ';', '\t']
        .into_iter()
        .find(|&sep| {
            let (head, _) = csv::records_with(first_line, sep);
            head.first()
                .is_some_and(|r| epoch::Header::new(&r.fields).has(epoch::Col::Name))
        })
        .unwrap_or(',');
    let (records, oddities) = csv::records_with(text, sep);
    let mut it = records.iter();
    let header = it.next().map(|r| epoch::Header::new(&r.fields)).unwrap_or_default();
    if !header.has(epoch::Col::Name) {
        let first = records
            .first()
            .map(|r| r.fields.iter().take(6).cloned().collect::<Vec<_>>().join(","))
            .unwrap_or_default();
        let first: String = first.chars().take(80).collect();
        return Err(format!(
            "labdash: {} is not an Epoch AI export: its header has no \"Model\" or \"System\" column \
             (first line: \"{first}\")",
            opts.shown
        ));
    }
    let width = records.first().map_or(0, |r| r.fields.len());
    let mut messages: Vec<(usize, String)> = oddities
        .iter()
        .map(|o| (o.line, format!("{}:{}: {}", opts.shown, o.line, o.what)))
        .collect();
    for s in &header.skipped {
        messages.push((1, format!("{}:1: {s}", opts.shown)));
    }
    let mut reader = rows::Reader::new(&header);
    let mut rows = Vec::new();
    let mut skipped = 0usize;
    for r in it {
        if r.fields.len() != width {
            messages.push((
                r.line,
                format!(
                    "{}:{}: {} fields where the header has {}; values may sit in the wrong columns",
                    opts.shown,
                    r.line,
                    r.fields.len(),
                    width
                ),
            ));
        }
        match reader.row(r.line, &r.fields, opts.with_notes) {
            Some(row) => rows.push(row),
            None => {
                skipped += 1;
                messages.push((
                    r.line,
                    format!(
                        "{}:{}: column \"{}\" is empty: no model name, row skipped",
                        opts.shown,
                        r.line,
                        header.name(epoch::Col::Name)
                    ),
                ));
            }
        }
    }
    for d in &reader.dropped {
        messages.push((
            d.line,
            format!(
                "{}:{}: column \"{}\": \"{}\" is not {}",
                opts.shown, d.line, d.column, d.value, d.expected
            ),
        ));
    }
    let cx = build::Context {
        file_name: opts.file_name,
        snapshot: opts.snapshot,
        with_notes: opts.with_notes,
        curated,
    };
    let built = build::build(&rows, &cx);
    for (line, wanted, given, by) in &built.renamed {
        messages.push((
            *line,
            format!(
                "{}:{line}: id \"{wanted}\" is taken by {by}; this model is \"{given}\"",
                opts.shown
            ),
        ));
    }
    // File order, and within a line the order found.
    messages.sort_by_key(|(line, _)| *line);
    let summary = summary(opts, &rows, skipped, &reader.dropped, &built);
    Ok(Converted {
        toml: built.toml,
        messages: messages.into_iter().map(|(_, m)| m).collect(),
        summary,
    })
}

fn summary(
    opts: &Options<'_>,
    rows: &[rows::Row],
    skipped: usize,
    dropped: &[rows::Dropped],
    b: &build::Built,
) -> String {
    let mut why: Vec<(&str, usize)> = Vec::new();
    for d in dropped {
        match why.iter_mut().find(|(e, _)| *e == d.expected) {
            Some((_, n)) => *n += 1,
            None => why.push((d.expected, 1)),
        }
    }
    let mut s = format!(
        "imported {} of {} (snapshot {}, {}): {}, {}, {}, {} by Epoch AI",
        count(rows.len(), "row"),
        opts.shown,
        opts.snapshot,
        opts.snapshot_how,
        count(rows.len(), "model"),
        count(b.labs, "lab"),
        count(b.chips, "chip"),
        count(b.claims, "claim"),
    );
    if dropped.is_empty() {
        s.push_str("\ndropped no fields");
    } else {
        let reasons: Vec<String> = why.iter().map(|(e, n)| format!("{n} not {e}")).collect();
        s.push_str(&format!(
            "\ndropped {}: {}",
            count(dropped.len(), "field"),
            reasons.join(", ")
        ));
    }
    if !b.renamed.is_empty() {
        s.push_str(&format!("\nrenamed {}", count(b.renamed.len(), "duplicate id")));
    }
    if skipped > 0 {
        s.push_str(&format!("\nskipped {} without a model name", count(skipped, "row")));
    }
    s
}

/// `1 row`, `2 rows`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
