//! Hostile strings and hostile terminals (issue 9).
//!
//! Strings: `tests/fixtures/hostile.toml` is a valid dataset whose every free-text field carries
//! escape sequences (CSI, OSC 0 title, OSC 52 clipboard, DCS), C1 controls, BEL/BS/CR, bidi
//! overrides and zero-width characters. None of them may reach a terminal raw — not in any view
//! or overlay on `TestBackend`, not in `export --format table/md`, not in `check`'s diagnostics
//! (also for a hostile file *name*) — and the visible stand-ins (`␛`, `\u{202e}`) must show.
//! `csv`/`json` exports keep the strings byte for byte, correctly quoted.
//!
//! Terminals: every view and overlay renders at any size from 1×1 to 300×100 (property test),
//! monochrome and light themes stay readable, and SIGTERM/SIGHUP and `TERM=dumb` leave a
//! restored terminal (through tmux, skipped with a note where tmux is missing).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use labdash::app::{Action, App, Overlay};
use labdash::data::{self, Dataset};
use labdash::load::Origin;
use labdash::ui::{self, Theme};
use labdash::view::{self, Query, Value, ViewKind, columns};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};

mod common;

use common::{BIN, NO_CONFIG, Tmux, have_tmux, temp_dir};
const FIXTURE: &str = include_str!("fixtures/hostile.toml");

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile.toml")
}

fn dataset() -> Dataset {
    data::load("hostile.toml", FIXTURE).unwrap_or_else(|d| panic!("the hostile fixture must be valid: {d:?}"))
}

fn app() -> App {
    App::new(dataset(), Origin::Bundled, Query::default())
}

/// A character that must never reach a terminal raw: C0 and C1 controls (ESC, BEL, BS, CR,
/// CSI U+009B…), DEL, zero-width characters, LRM/RLM, bidi embeddings/overrides/isolates, BOM.
fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{80}'..='\u{9f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}')
}

/// The hostile characters of `text` other than `\n` (line ends of command output), with their
/// byte offsets and some context.
fn hostile_in_output(text: &str) -> Vec<String> {
    text.char_indices()
        .filter(|&(_, c)| c != '\n' && is_hostile(c))
        .map(|(i, c)| {
            let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
            let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            format!(
                "U+{:04X} at byte {i} in line {:?}",
                c as u32,
                &text[line_start..line_end]
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Rendering on TestBackend
// ---------------------------------------------------------------------------------------------

/// Draws one frame like the runner does (and stores the geometry the same way).
fn draw_with(app: &mut App, w: u16, h: u16, theme: &Theme) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    ui::draw_frame(&mut term, app, theme).unwrap_or_else(|e| panic!("{e}"));
    term.backend().buffer().clone()
}

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    draw_with(app, w, h, &Theme::DARK)
}

/// The screen as text, one line per row (wide characters counted once).
fn text(buf: &Buffer) -> String {
    ui::text::buffer_text(buf)
}

/// Fails, showing the screen, if any cell holds a hostile character.
fn assert_clean(buf: &Buffer, what: &str) {
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let sym = buf[(x, y)].symbol();
            if let Some(c) = sym.chars().find(|&c| is_hostile(c)) {
                panic!(
                    "{what}: raw U+{:04X} in cell ({x},{y}) (symbol {sym:?}); screen:\n{}",
                    c as u32,
                    text(buf)
                );
            }
        }
    }
}

/// What a user pastes into the filter prompt: every kind of hostile sequence.
const PASTE: &str =
    "evil\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]0;pwned\u{7}\u{1b}[31m\u{9b}2J\u{202e}x\u{200b}\u{8}\r\u{1b}P1\u{1b}\\";

/// One way to put the dashboard in a state worth drawing.
struct Setup {
    name: String,
    run: Box<dyn Fn(&mut App)>,
}

fn setup(name: impl Into<String>, run: impl Fn(&mut App) + 'static) -> Setup {
    Setup {
        name: name.into(),
        run: Box::new(run),
    }
}

fn acts(app: &mut App, actions: &[Action]) {
    for &a in actions {
        app.update(a);
    }
}

/// Every view and every overlay, on the hostile records.
fn setups() -> Vec<Setup> {
    let ds = dataset();
    let mut v = vec![
        setup("help", |a| acts(a, &[Action::Help])),
        setup("help scrolled", |a| {
            acts(a, &[Action::Help, Action::ScrollDown, Action::ScrollDown, Action::Last])
        }),
        setup("filter prompt with a hostile paste", |a| {
            a.update(Action::OpenFilter);
            for c in PASTE.chars() {
                a.update(Action::PromptInput(c));
            }
        }),
        setup("filter prompt: bad term", |a| {
            a.update(Action::OpenFilter);
            for c in "chips>\u{1b}[31m\u{202e}1k".chars() {
                a.update(Action::PromptInput(c));
            }
        }),
        setup("hostile filter accepted", |a| {
            a.update(Action::OpenFilter);
            for c in PASTE.chars() {
                a.update(Action::PromptInput(c));
            }
            a.update(Action::PromptAccept);
        }),
        setup("find prompt with a hostile paste", |a| {
            a.update(Action::OpenFind);
            for c in PASTE.chars() {
                a.update(Action::PromptInput(c));
            }
        }),
        setup("hostile record found and highlighted", |a| {
            a.update(Action::OpenFind);
            for c in "evil".chars() {
                a.update(Action::PromptInput(c));
            }
            a.update(Action::PromptAccept);
            a.update(Action::NextMatch);
        }),
        setup("save prompt with a hostile name", |a| {
            a.update(Action::OpenSave);
            a.update(Action::PromptClear);
            for c in "/tmp/evil\u{1b}]0;x\u{7}\u{202e}.xlsx".chars() {
                a.update(Action::PromptInput(c));
            }
            a.update(Action::PromptAccept);
        }),
        setup("save refused for a hostile name", |a| {
            a.save_refused(std::path::Path::new("/tmp/evil\u{1b}]0;x\u{7}\u{202e}.csv"));
        }),
        setup("filter matching a hostile record", |a| {
            a.update(Action::OpenFilter);
            for c in "evil".chars() {
                a.update(Action::PromptInput(c));
            }
            a.update(Action::PromptAccept);
        }),
        setup("hostile status and origin", |a| {
            a.origin = Origin::File(PathBuf::from("/tmp/evil\u{1b}]0;x\u{7}\u{202e}.toml"));
            a.say(format!("message {PASTE}"), true);
        }),
        setup("diagnostics overlay", |a| {
            let text = hostile_invalid_file();
            let name = "evil\u{1b}]0;x\u{7}\u{202e}.toml";
            let diags = data::load(name, &text).err().unwrap_or_default();
            assert!(!diags.is_empty(), "the hostile invalid file must be invalid");
            let n = diags.len();
            a.reload_failed(labdash::load::render(name, &text, &diags), n, false);
        }),
    ];
    for view in ViewKind::ALL {
        let rows = view.len(&ds);
        let ncols = columns(view).len();
        v.push(setup(format!("{} table", view.id()), move |a| {
            acts(a, &[Action::ShowView(view)])
        }));
        v.push(setup(format!("{} table, last column", view.id()), move |a| {
            a.update(Action::ShowView(view));
            for _ in 0..ncols {
                a.update(Action::ColumnRight);
            }
            a.update(Action::SortByCursorColumn);
        }));
        for row in 0..rows {
            v.push(setup(format!("{} details of row {row}", view.id()), move |a| {
                a.update(Action::ShowView(view));
                for _ in 0..row {
                    a.update(Action::MoveDown);
                }
                a.update(Action::OpenDetails);
            }));
        }
        for col in 0..ncols {
            for (what, action) in [
                ("bar chart", Action::BarChart),
                ("scatter plot", Action::ScatterPlot),
                ("group", Action::GroupBy),
            ] {
                v.push(setup(format!("{} {what} of column {col}", view.id()), move |a| {
                    a.update(Action::ShowView(view));
                    for _ in 0..col {
                        a.update(Action::ColumnRight);
                    }
                    a.update(action);
                }));
            }
        }
        v.push(setup(
            format!("{} log bar chart of the last column", view.id()),
            move |a| {
                a.update(Action::ShowView(view));
                for _ in 0..ncols {
                    a.update(Action::ColumnRight);
                }
                acts(a, &[Action::ToggleLogScale, Action::BarChart, Action::MoveDown]);
            },
        ));
        v.push(setup(format!("{} compare two marked rows", view.id()), move |a| {
            acts(
                a,
                &[
                    Action::ShowView(view),
                    Action::ToggleMark,
                    Action::MoveDown,
                    Action::ToggleMark,
                    Action::Compare,
                ],
            )
        }));
        v.push(setup(format!("{} compare, next claim", view.id()), move |a| {
            acts(
                a,
                &[
                    Action::ShowView(view),
                    Action::MoveDown,
                    Action::MoveUp,
                    Action::Compare,
                    Action::MoveDown,
                    Action::NextClaim,
                    Action::MoveDown,
                    Action::NextClaim,
                ],
            )
        }));
    }
    v
}

/// An invalid data file whose problems quote hostile text: an unknown key on a line with an
/// OSC 52 sequence, a bad figure and a bad date holding ESC, bidi overrides and raw C1 controls
/// (TOML allows raw C1 and bidi characters in strings; raw C0 controls are a syntax error).
fn hostile_invalid_file() -> String {
    [
        "[[lab]]",
        "id = \"x\"",
        "name = \"ok \u{202e} raw bidi \u{9b}31m raw C1 \u{200b}\"",
        "country = \"US\"",
        "evil_key = \"\\u001b]52;c;ZXZpbA==\\u0007 \u{9b}2J\" # raw C1 \u{9b} in a comment \u{202e}",
        "",
        "[[model]]",
        "id = \"m\"",
        "lab = \"x\"",
        "name = \"m\"",
        "chips = \"\\u001b[31m2048\\u202e \u{9b}0m\"",
        "released = \"\u{202e}2024\"",
        "cost_usd = { value = 1, \"evil\u{202e}\\u001b\" = 2 }",
        "",
    ]
    .join("\n")
}

#[test]
fn every_view_and_overlay_shows_hostile_strings_visibly() {
    let mut screens = String::new();
    let mut opened = std::collections::BTreeSet::new();
    let started = Instant::now();
    for s in setups() {
        let mut app = app();
        (s.run)(&mut app);
        if let Some(o) = &app.overlay {
            opened.insert(overlay_name(o));
        }
        for (w, h) in [(160, 45), (60, 16), (20, 6)] {
            let buf = draw(&mut app, w, h);
            assert_clean(&buf, &format!("{} at {w}x{h}", s.name));
            screens.push_str(&text(&buf));
        }
    }
    eprintln!("every setup at 3 sizes: {:?}", started.elapsed());
    // Every overlay kind was actually drawn.
    for o in ["filter", "help", "details", "chart", "group", "compare", "diagnostics"] {
        assert!(opened.contains(o), "no setup opened the {o} overlay: {opened:?}");
    }
    // The stand-ins show, and CJK and emoji stay as they are.
    for needle in [
        "Evil␛[31m Red␛[0m Lab",
        "␛]52;c;ZXZpbA==␇",
        "␛]0;pwned␇",
        "\\u{202e}",
        "\\u{9b}31m",
        "\\u{200b}",
        "\\u{feff}",
        "Back␈space",
        "Loc␍Overwritten",
        "深度求索",
        "🚀",
        "邪恶实验室",
    ] {
        assert!(screens.contains(needle), "`{needle}` is never shown");
    }
}

fn overlay_name(o: &Overlay) -> &'static str {
    match o {
        Overlay::Filter { .. } => "filter",
        Overlay::Help { .. } => "help",
        Overlay::Details { .. } => "details",
        Overlay::Chart(_) => "chart",
        Overlay::Group(_) => "group",
        Overlay::Compare(_) => "compare",
        Overlay::Diagnostics { .. } => "diagnostics",
        Overlay::AsOf { .. } => "as-of prompt",
        Overlay::Save(_) => "save prompt",
        Overlay::Find(_) => "find prompt",
        Overlay::Columns { .. } => "column picker",
        Overlay::ColumnJump { .. } => "column prompt",
    }
}

#[test]
fn details_of_a_hostile_lab_show_every_field_with_stand_ins() {
    let mut app = app();
    app.update(Action::ShowView(ViewKind::Labs));
    app.update(Action::OpenDetails);
    let buf = draw(&mut app, 200, 60);
    assert_clean(&buf, "lab details");
    let t = text(&buf);
    for needle in [
        "Evil␛[31m Red␛[0m Lab",
        "邪恶实验室\\u{202e}",
        "Cursor␛[5A␛[2K up",
        "Zero\\u{200b}Width",
        "Joiner\\u{200d}",
        "BOM\\u{feff}",
        "Back␈space",
        "OSC ␛]0;pwned␇",
        "\\u{202e}evil\\u{202c}",
        "\\u{2066}x\\u{2069}",
    ] {
        assert!(t.contains(needle), "lab details lack `{needle}`:\n{t}");
    }
}

// ---------------------------------------------------------------------------------------------
// The binary: export and check
// ---------------------------------------------------------------------------------------------

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("LABDASH_DATA")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap_or_else(|e| panic!("stdout is not UTF-8: {e}"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap_or_else(|e| panic!("stderr is not UTF-8: {e}"))
}

fn export(view: ViewKind, format: &str) -> String {
    let file = fixture_path();
    let o = run(&[
        "export",
        &file.to_string_lossy(),
        "--view",
        view.id(),
        "--format",
        format,
    ]);
    assert!(o.status.success(), "export {} {format}: {}", view.id(), stderr(&o));
    assert!(o.stderr.is_empty(), "export writes nothing on stderr: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn table_and_markdown_exports_carry_no_raw_control_bytes() {
    let mut all = String::new();
    for view in ViewKind::ALL {
        for format in ["table", "md"] {
            let out = export(view, format);
            let bad = hostile_in_output(&out);
            assert!(
                bad.is_empty(),
                "export --view {} --format {format}:\n{}",
                view.id(),
                bad.join("\n")
            );
            assert!(!out.contains('\r'), "line ends are \\n only");
            all.push_str(&out);
        }
    }
    for needle in [
        "Evil␛[31m Red␛[0m Lab",
        "Model␛]52;c;ZXZpbA==␇ X",
        "\\u{202e}",
        "\\u{9b}",
        "深度求索 🚀 Lab",
        // Markdown footnotes: the source's title, publisher and URL.
        "Report ␛\\]0;pwned␇ title change",
        "https://example.com/␛[2J␛[H?x=\\u{202e}gnp.exe",
    ] {
        assert!(all.contains(needle), "`{needle}` is not in any table/md export");
    }
}

/// A strict RFC 4180 reader: records end with `\n` (labdash writes no `\r\n`), a field holding
/// `,` `"` `\r` or `\n` must be quoted, quotes inside are doubled. Anything else is an error.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                    match chars.peek() {
                        Some(',') | Some('\n') | None => {}
                        Some(x) => return Err(format!("{x:?} after a closing quote")),
                    }
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
                continue;
            }
            '"' => return Err(format!("unquoted field with a quote: {field:?}")),
            '\r' => return Err(format!("unquoted field with a carriage return: {field:?}")),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
                continue;
            }
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
                continue;
            }
            c => field.push(c),
        }
        at_field_start = false;
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    if !field.is_empty() || !record.is_empty() {
        return Err("the last record has no line end".into());
    }
    Ok(records)
}

#[test]
fn the_csv_reader_is_strict() {
    assert_eq!(
        parse_csv("a,\"b,\"\"c\"\"\r\nd\"\n").unwrap(),
        vec![vec!["a".to_string(), "b,\"c\"\r\nd".to_string()]]
    );
    assert!(parse_csv("a\"b\n").is_err());
    assert!(parse_csv("a\rb\n").is_err());
    assert!(parse_csv("\"a\"b\n").is_err());
    assert!(parse_csv("\"a\n").is_err());
    assert!(parse_csv("a").is_err());
}

/// The text cells of a view's rows, straight from the dataset: (row, column id, raw string).
fn text_cells(ds: &Dataset, view: ViewKind) -> Vec<(usize, &'static str, String)> {
    let rows = view::project(
        ds,
        &Query {
            view,
            ..Query::default()
        },
    );
    let mut out = Vec::new();
    for (n, &r) in rows.iter().enumerate() {
        for c in columns(view) {
            if let Value::Text(s) = (c.get)(ds, r).value {
                out.push((n, c.id, s.into_owned()));
            }
        }
    }
    out
}

#[test]
fn csv_keeps_every_string_byte_for_byte() {
    let ds = dataset();
    let mut raw_escapes = 0;
    for view in ViewKind::ALL {
        let out = export(view, "csv");
        let records = parse_csv(&out).unwrap_or_else(|e| panic!("{}: bad CSV: {e}\n{out}", view.id()));
        // Every view column is in the header, in order (figure columns are followed by their
        // `<col>_kind`… columns, see data/SCHEMA.md).
        let header: Vec<&str> = records
            .first()
            .map(|h| h.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let ids: Vec<&str> = columns(view).iter().map(|c| c.id).collect();
        let at: Vec<usize> = ids
            .iter()
            .map(|id| header.iter().position(|h| h == id).unwrap_or_else(|| panic!("no {id}")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{header:?}");
        assert_eq!(records.len() - 1, view.len(&ds), "{}: one record per row", view.id());
        for (row, col, raw) in text_cells(&ds, view) {
            // Words in a figure column (a claim stated in text) go to `<col>_text`.
            let numeric = columns(view)
                .iter()
                .any(|c| c.id == col && c.ty == labdash::view::ColType::Number);
            let name = if numeric {
                format!("{col}_text")
            } else {
                col.to_string()
            };
            let i = header.iter().position(|&h| h == name).unwrap_or(0);
            let got = &records[row + 1][i];
            assert_eq!(got.as_bytes(), raw.as_bytes(), "{} row {row} column {col}", view.id());
            raw_escapes += usize::from(raw.contains('\u{1b}'));
        }
    }
    assert!(
        raw_escapes >= 6,
        "the fixture's escapes reach the CSV raw ({raw_escapes} fields)"
    );
}

#[test]
fn json_keeps_every_string_byte_for_byte() {
    let ds = dataset();
    let mut raw_escapes = 0;
    for view in ViewKind::ALL {
        let out = export(view, "json");
        let json: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{}: bad JSON: {e}\n{out}", view.id()));
        let items = json.as_array().unwrap_or_else(|| panic!("{}: not an array", view.id()));
        assert_eq!(items.len(), view.len(&ds), "{}", view.id());
        for (row, col, raw) in text_cells(&ds, view) {
            let got = items[row][col]
                .as_str()
                .unwrap_or_else(|| panic!("{} row {row} column {col}: not a string", view.id()));
            assert_eq!(got.as_bytes(), raw.as_bytes(), "{} row {row} column {col}", view.id());
            raw_escapes += usize::from(raw.contains('\u{1b}'));
        }
    }
    assert!(
        raw_escapes >= 6,
        "the fixture's escapes reach the JSON raw ({raw_escapes} fields)"
    );
}

#[test]
fn check_sanitises_diagnostics_about_hostile_text() {
    let dir = temp_dir("check");
    let path = dir.join("bad.toml");
    std::fs::write(&path, hostile_invalid_file()).unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["check", &path.to_string_lossy()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(o.stdout.is_empty());
    let bad = hostile_in_output(&err);
    assert!(
        bad.is_empty(),
        "raw bytes in the diagnostics:\n{}\n{err}",
        bad.join("\n")
    );
    for needle in [
        "bad.toml:5:1: error: unknown key `evil_key`",
        // The echoed source lines, made visible.
        "evil_key = \"\\u001b]52;c;ZXZpbA==\\u0007 \\u{9b}2J\"",
        "unknown key `evil\\u{202e}␛` in a figure",
        // The messages quote the decoded values with stand-ins.
        "␛[31m2048\\u{202e}",
        "`\\u{202e}2024` is not a date",
    ] {
        assert!(err.contains(needle), "diagnostics lack `{needle}`:\n{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_hostile_file_name_is_never_printed_raw() {
    let dir = temp_dir("name");
    let name = "evil\u{1b}]0;x\u{7}\u{202e}\u{9b}31m.toml";
    let shown = "evil␛]0;x␇\\u{202e}\\u{9b}31m.toml";
    let path = dir.join(name);
    let file = path.to_string_lossy().into_owned();
    let clean = |o: &Output, what: &str| {
        for (stream, text) in [("stdout", stdout(o)), ("stderr", stderr(o))] {
            let bad = hostile_in_output(&text);
            assert!(
                bad.is_empty(),
                "{what}: raw bytes on {stream}:\n{}\n{text}",
                bad.join("\n")
            );
        }
    };

    // Missing.
    let o = run(&["check", &file]);
    clean(&o, "check, missing");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(shown), "{}", stderr(&o));

    // Invalid.
    std::fs::write(&path, hostile_invalid_file()).unwrap_or_else(|e| panic!("{e}"));
    for args in [vec!["check", &file], vec!["export", &file], vec![&file]] {
        let o = run(&args);
        clean(&o, &format!("{args:?}, invalid"));
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(&format!("{shown}:5:1: error")), "{}", stderr(&o));
    }

    // Not UTF-8.
    std::fs::write(&path, b"\xff\xfe[\x00").unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["check", &file]);
    clean(&o, "check, UTF-16");
    assert_eq!(o.status.code(), Some(1));

    // A directory.
    let o = run(&["check", &dir.join(format!("{name}.d")).to_string_lossy()]);
    clean(&o, "check, missing directory");
    std::fs::create_dir_all(dir.join(format!("{name}.d"))).unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["check", &dir.join(format!("{name}.d")).to_string_lossy()]);
    clean(&o, "check, directory");
    assert_eq!(o.status.code(), Some(2));

    // Valid: `check` and `export` work.
    std::fs::write(&path, FIXTURE).unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["check", &file]);
    clean(&o, "check, valid");
    assert!(o.status.success(), "{}", stderr(&o));

    // `init` names the file it wrote, or refuses to overwrite.
    let fresh = dir.join(format!("new-{name}"));
    let o = run(&["init", &fresh.to_string_lossy()]);
    clean(&o, "init");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("new-{shown}")), "{}", stdout(&o));
    let o = run(&["init", &file]);
    clean(&o, "init over an existing file");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(shown), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_command_line_values_are_quoted_visibly() {
    let file = fixture_path();
    let file = file.to_string_lossy();
    for args in [
        vec!["export", &file, "--view", "\u{1b}]0;pwned\u{7}"],
        vec!["export", &file, "--sort", "\u{1b}[31mname"],
        vec!["export", &file, "--sort", "name:\u{1b}[31m"],
        vec!["export", &file, "--filter", "chips>\u{1b}]52;c;ZXZpbA==\u{7}"],
        vec!["export", &file, "--filter", "\u{202e}nope:1"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        let bad = hostile_in_output(&err);
        assert!(
            bad.is_empty(),
            "{args:?}: raw bytes on stderr:\n{}\n{err}",
            bad.join("\n")
        );
        assert!(err.contains('␛') || err.contains("\\u{202e}"), "{args:?}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile terminals: sizes, colours
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_size_and_any_overlay_renders(w in 1u16..=300, h in 1u16..=100, pick in any::<prop::sample::Index>()) {
        let setups = setups();
        let s = &setups[pick.index(setups.len())];
        let mut app = app();
        (s.run)(&mut app);
        let buf = draw(&mut app, w, h);
        assert_clean(&buf, &format!("{} at {w}x{h}", s.name));
        // Drawing again at once (a resize storm settles on the same size) changes nothing.
        let again = draw(&mut app, w, h);
        prop_assert_eq!(&buf, &again);
        if w < ui::MIN_WIDTH || h < ui::MIN_HEIGHT {
            assert_too_small(&buf, w, h);
        }
    }
}

/// Below the minimum size the screen says so: "too small" on one line where it fits, else
/// its words over the lines there are.
fn assert_too_small(buf: &Buffer, w: u16, h: u16) {
    let t = text(buf);
    let words: Vec<&str> = t.split_whitespace().collect();
    let flat = words.join(" ");
    if w >= 9 {
        assert!(t.lines().next().unwrap_or("").contains("too small"), "{w}x{h}:\n{t}");
    } else if w >= 5 && h >= 2 {
        assert!(flat.starts_with("too small"), "{w}x{h}:\n{t}");
    } else {
        assert!(!flat.is_empty() && "too small".starts_with(&flat[..1]), "{w}x{h}:\n{t}");
    }
}

#[test]
fn too_small_at_every_tiny_size() {
    for w in 1..=25 {
        for h in 1..=8 {
            if w >= ui::MIN_WIDTH && h >= ui::MIN_HEIGHT {
                continue;
            }
            let mut app = app();
            let buf = draw(&mut app, w, h);
            assert_too_small(&buf, w, h);
        }
    }
}

/// `theme` with every colour taken out: what a `NO_COLOR` or monochrome terminal shows.
fn monochrome(t: Theme) -> Theme {
    let s = |st: Style| Style {
        fg: None,
        bg: None,
        ..st
    };
    Theme {
        text: s(t.text),
        dim: s(t.dim),
        header: s(t.header),
        cursor_row: s(t.cursor_row),
        cursor_col: s(t.cursor_col),
        tab_active: s(t.tab_active),
        tab: s(t.tab),
        status: s(t.status),
        error: s(t.error),
        disputed: s(t.disputed),
        derived: s(t.derived),
        mark: s(t.mark),
        border: s(t.border),
        heading: s(t.heading),
        key: s(t.key),
    }
}

/// The screen cell where `needle` starts on row `y`, if it is there.
fn find_in_row(buf: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let mut line = String::new();
    let mut starts = Vec::new();
    for x in 0..buf.area.width {
        let sym = buf[(x, y)].symbol();
        for _ in sym.chars() {
            starts.push(x);
        }
        line.push_str(sym);
    }
    let byte = line.find(needle)?;
    let ch = line[..byte].chars().count();
    starts.get(ch).copied()
}

#[test]
fn without_colour_everything_still_reads() {
    let theme = monochrome(Theme::DARK);
    let mut app = app();
    // Models, cursor on the second row, sorted by the cost column.
    let cost = columns(ViewKind::Models)
        .iter()
        .position(|c| c.id == "cost_usd")
        .unwrap_or_else(|| panic!("no cost column"));
    app.update(Action::ShowView(ViewKind::Models));
    for _ in 0..cost {
        app.update(Action::ColumnRight);
    }
    app.update(Action::SortByCursorColumn);
    app.update(Action::MoveDown);
    let buf = draw_with(&mut app, 160, 30, &theme);
    let t = text(&buf);
    assert_clean(&buf, "monochrome models");

    // No cell has a colour: the theme carries none, and nothing else adds one.
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert!(
                c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset,
                "colour at ({x},{y}): {c:?}\n{t}"
            );
        }
    }

    // The current tab is bracketed.
    assert!(t.lines().next().unwrap_or("").contains("[2 Models]"), "{t}");

    // The cursor row: the ▶ glyph and REVERSED across the row; the other rows are not.
    let g = app.geometry;
    let cursor_y = g.rows_y + (app.state().cursor - app.state().offset) as u16;
    assert_eq!(buf[(0, cursor_y)].symbol(), "▶", "{t}");
    for x in 0..60 {
        assert!(
            buf[(x, cursor_y)].modifier.contains(Modifier::REVERSED),
            "cell ({x},{cursor_y})\n{t}"
        );
    }
    for y in g.rows_y..g.rows_y + app.state().rows.len() as u16 {
        if y != cursor_y {
            assert_ne!(buf[(0, y)].symbol(), "▶");
            assert!(!buf[(10, y)].modifier.contains(Modifier::REVERSED), "row {y}\n{t}");
        }
    }

    // The sorted header carries the direction; the column cursor is bold and underlined.
    let header = t.lines().nth(g.header_y as usize).unwrap_or("");
    assert!(header.contains("Cost ▲") || header.contains("Cost ▼"), "{header}");
    let hx = find_in_row(&buf, g.header_y, "Cost").unwrap_or_else(|| panic!("{header}"));
    let hm = buf[(hx, g.header_y)].modifier;
    assert!(
        hm.contains(Modifier::BOLD) && hm.contains(Modifier::UNDERLINED),
        "{hm:?}"
    );

    // The disputed figure carries ‡ (C1 and C2 disagree on the cost of evil-model).
    assert!(t.contains("$5.6M‡"), "{t}");

    // A derived column: ƒ in its header, its figures in italics.
    let per_hour = columns(ViewKind::Models)
        .iter()
        .position(|c| c.id == "usd_per_gpu_hour")
        .unwrap_or_else(|| panic!("no $/GPU-h column"));
    for _ in cost..per_hour {
        app.update(Action::ColumnRight);
    }
    let buf = draw_with(&mut app, 160, 30, &theme);
    let t = text(&buf);
    let header = t.lines().nth(g.header_y as usize).unwrap_or("");
    assert!(header.contains("$/GPU-h ƒ"), "{header}");
    let other_y = g.rows_y + u16::from(cursor_y == g.rows_y);
    let dx = find_in_row(&buf, other_y, "$2")
        .or_else(|| find_in_row(&buf, other_y, ">$2"))
        .unwrap_or_else(|| panic!("no derived figure on row {other_y}:\n{t}"));
    assert!(buf[(dx, other_y)].modifier.contains(Modifier::ITALIC), "{t}");

    // Marked rows carry a dot.
    app.update(Action::ToggleMark);
    let buf = draw_with(&mut app, 160, 30, &theme);
    assert_eq!(buf[(1, cursor_y)].symbol(), "●");

    // Labs: the derived "Models ƒ" column.
    app.update(Action::ShowView(ViewKind::Labs));
    let t = text(&draw_with(&mut app, 160, 30, &theme));
    assert!(t.contains("Models ƒ"), "{t}");
    assert!(t.lines().next().unwrap_or("").contains("[1 Labs]"), "{t}");
}

#[test]
fn the_light_theme_renders_every_overlay() {
    for s in setups().iter().step_by(7) {
        let mut app = app();
        (s.run)(&mut app);
        for (w, h) in [(120, 40), (30, 8)] {
            let buf = draw_with(&mut app, w, h, &Theme::LIGHT);
            assert_clean(&buf, &s.name);
        }
    }
    let mut app = app();
    app.update(Action::MoveDown);
    let buf = draw_with(&mut app, 120, 40, &Theme::LIGHT);
    let y = app.geometry.rows_y + 1;
    assert_eq!(buf[(0, y)].symbol(), "▶");
    assert!(buf[(10, y)].modifier.contains(Modifier::REVERSED));
}

// ---------------------------------------------------------------------------------------------
// Signals and TERM=dumb, in a real terminal (tmux)
// ---------------------------------------------------------------------------------------------

fn signal_restores_the_terminal(sig: &str) {
    let file = fixture_path();
    let t = Tmux::labdash(&sig.to_lowercase(), NO_CONFIG, None, &[], &[&file.to_string_lossy()]);
    t.wait_for("[2 Models]");
    assert_eq!(t.flag("#{alternate_on}"), "1");
    assert_eq!(t.flag("#{mouse_any_flag}"), "1", "mouse capture is on while running");
    let pid = t.labdash_pid();
    let o = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .output()
        .unwrap_or_else(|e| panic!("kill: {e}"));
    assert!(
        o.status.success(),
        "kill -{sig} {pid}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let code = t.wait_restored();
    assert!(code == "0" || code == "143" || code == "129", "{sig}: exit code {code}");
}

#[test]
fn sigterm_restores_the_terminal() {
    if have_tmux() {
        signal_restores_the_terminal("TERM");
    }
}

#[test]
fn sighup_restores_the_terminal() {
    if have_tmux() {
        signal_restores_the_terminal("HUP");
    }
}

#[test]
fn term_dumb_runs_and_quits_cleanly() {
    if !have_tmux() {
        return;
    }
    let file = fixture_path();
    let t = Tmux::labdash("dumb", NO_CONFIG, None, &[("TERM", "dumb")], &[&file.to_string_lossy()]);
    let s = t.wait("a frame or a message", |s| {
        s.contains("[2 Models]") || s.contains("EXITED:")
    });
    if s.contains("[2 Models]") {
        t.keys(&["q"]);
        assert_eq!(t.wait_restored(), "0");
    } else {
        let code = t.wait_restored();
        assert_ne!(code, "101", "a panic is not a clear message:\n{s}");
        assert!(s.contains("labdash:"), "a clear message:\n{s}");
    }
}

/// In a real terminal the hostile data changes neither the window title nor the clipboard,
/// whatever is opened. (A control run proves tmux would have noticed.)
#[test]
fn hostile_data_neither_retitles_nor_writes_the_clipboard_of_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    // tmux takes OSC 52 from programs into a paste buffer only with `set-clipboard on`.
    let dir = temp_dir("clipboard");
    let config = dir.join("tmux.conf");
    std::fs::write(&config, "set-option -g set-clipboard on\n").unwrap_or_else(|e| panic!("{e}"));
    let config = config.to_string_lossy();
    // Control: the same sequences printed raw do change the title and write a tmux buffer.
    let control = Tmux::start(
        "control",
        &config,
        None,
        "printf '\\033]0;pwned\\007\\033]52;c;ZXZpbA==\\007'; echo DONE; exec sleep 600",
    );
    control.wait_for("DONE");
    let raw_title = control.flag("#{pane_title}");
    let raw_buffers = String::from_utf8_lossy(&control.run(&["list-buffers"]).stdout).into_owned();
    drop(control);

    let file = fixture_path();
    let t = Tmux::labdash("real", &config, None, &[], &[&file.to_string_lossy()]);
    t.wait_for("[2 Models]");
    let title_before = t.flag("#{pane_title}");
    // Every view: details of each row and the group table; compare; help. Each overlay is
    // waited for, and its closing too (an `Esc` sent right before another key would read as
    // Alt+key).
    let open_close = |keys: &[&str], what: &str| {
        t.keys(keys);
        t.wait(what, |s| s.contains('┌'));
        t.keys(&["Escape"]);
        t.wait(&format!("{what} to close"), |s| !s.contains('┌'));
    };
    for (view, tab) in ["1 Labs", "2 Models", "3 Claims", "4 Compute", "5 Events", "6 Chips"]
        .iter()
        .enumerate()
    {
        t.keys(&[&(view + 1).to_string(), "g"]);
        t.wait_for(&format!("[{tab}]"));
        let rows = ViewKind::ALL[view].len(&dataset());
        for row in 0..rows {
            t.wait_for(&format!("row {}", row + 1));
            open_close(&["Enter"], "details");
            t.keys(&["j"]);
        }
        open_close(&["F"], "the group table");
    }
    t.keys(&["2", "g", "Space", "j", "Space"]);
    t.wait_for("● 2 marked");
    open_close(&["c"], "compare");
    open_close(&["?"], "help");
    t.keys(&["g", "Enter"]);
    t.wait("the details of the hostile model, with stand-ins", |s| {
        s.contains("model \"evil-model\"") && s.contains("Model␛]52;c;ZXZpbA==␇ X") && s.contains("\\u{202e}")
    });
    assert_ne!(t.flag("#{pane_title}"), "pwned", "the title changed");
    assert_eq!(t.flag("#{pane_title}"), title_before, "the title changed");
    let buffers = String::from_utf8_lossy(&t.run(&["list-buffers"]).stdout).into_owned();
    assert!(buffers.trim().is_empty(), "the clipboard was written: {buffers}");
    t.keys(&["Escape", "q"]);
    assert_eq!(t.wait_restored(), "0");
    // Checked last, so a tmux that ignores these sequences shows as a note, not a failure.
    if raw_title != "pwned" || raw_buffers.trim().is_empty() {
        eprintln!("note: this tmux ignores raw OSC 0/52 (title {raw_title:?}, buffers {raw_buffers:?})");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A resize storm on the bundled data: the same dashboard drawn at a long run of sizes, big
/// and tiny, with keys in between (as the runner does: each frame's geometry is stored).
/// Returns, per frame at a usable size, whether the row cursor was on screen.
fn resize_storm(steps: usize) -> Vec<(usize, u16, u16, bool, String)> {
    let ds = data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
    let mut app = App::new(ds, Origin::Bundled, Query::default());
    app.update(Action::ShowView(ViewKind::Claims));
    let mut seed: u32 = 0x9e37_79b9;
    let mut next = |n: u32| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed % n
    };
    let mut frames = Vec::new();
    for step in 0..steps {
        match next(6) {
            0 => drop(app.update(Action::Last)),
            1 => drop(app.update(Action::PageDown)),
            2 => drop(app.update(Action::First)),
            _ => {}
        }
        let (w, h) = (1 + next(300) as u16, 1 + next(100) as u16);
        let buf = draw(&mut app, w, h);
        if w >= ui::MIN_WIDTH && h >= ui::MIN_HEIGHT {
            let shown = (0..h).any(|y| buf[(0, y)].symbol() == "▶");
            frames.push((step, w, h, shown, text(&buf)));
        }
    }
    frames
}

#[test]
fn resize_storm_never_panics() {
    let frames = resize_storm(300);
    assert!(frames.len() > 200);
}

/// After a shrink the cursor row must stay on screen: the runner re-fits the scroll position
/// to the new page (`App::fit_to_page`) and draws again.
#[test]
fn resize_storm_keeps_the_cursor_on_screen() {
    for (step, w, h, shown, screen) in resize_storm(300) {
        assert!(shown, "step {step}, {w}x{h}: the cursor row is off screen:\n{screen}");
    }
}
