//! Reloading the data file under a running dashboard, without a terminal: the user keeps their
//! place, changed cells are highlighted until the next key, and a failed reload keeps the data
//! and shows every problem.

use std::path::{Path, PathBuf};

use labdash::app::{Action, App, Overlay};
use labdash::data::{self, Dataset, RecordRef};
use labdash::load::Origin;
use labdash::runner;
use labdash::ui::{self, Theme};
use labdash::view::{self, Query, SortDir, ViewKind, columns};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const MINI: &str = include_str!("fixtures/mini.toml");

/// A model appended to the bundled data: one record added, and its lab's model count changes.
const NEW_MODEL: &str = "\n[[model]]\nid = \"deepseek-test\"\nlab = \"deepseek\"\nname = \"DeepSeek-Test\"\nreleased = 2025-02-01\nparams_b = 1\n";

/// The file name tests that never touch the disk open their dashboard on: a reload of the
/// same file keeps the name (it is the records' `from`).
const NAME: &str = "data.toml";

/// `text` loaded as the file `NAME`.
fn load(text: &str) -> Dataset {
    data::load(NAME, text).unwrap_or_else(|d| panic!("{d:?}"))
}

/// The dashboard on `path` holding `text`, loaded under the name the program gives it.
fn app_on(text: &str, path: &Path) -> App {
    let ds = data::load(&path.display().to_string(), text).unwrap_or_else(|d| panic!("{d:?}"));
    App::new(ds, Origin::File(path.to_path_buf()), Query::default())
}

/// A fresh directory for one test's data file.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("labdash-reload-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

fn col(view: ViewKind, id: &str) -> usize {
    view::columns::find(view, id).unwrap_or_else(|| panic!("no column {id}"))
}

fn cursor_id(app: &App) -> String {
    app.cursor_record()
        .map(|r| app.ds.id_of(r).to_string())
        .unwrap_or_default()
}

fn index_of(app: &App, id: &str) -> u32 {
    app.ds.ids.get(id).unwrap_or_else(|| panic!("no record {id}")).index
}

fn put_cursor_on(app: &mut App, id: &str) {
    let index = index_of(app, id);
    let pos = app
        .state()
        .rows
        .iter()
        .position(|&r| r == index)
        .unwrap_or_else(|| panic!("{id} not shown"));
    let delta = pos as isize - app.state().cursor as isize;
    let action = if delta < 0 { Action::MoveUp } else { Action::MoveDown };
    for _ in 0..delta.unsigned_abs() {
        app.update(action);
    }
}

fn type_filter(app: &mut App, text: &str) {
    app.update(Action::OpenFilter);
    app.update(Action::PromptClear);
    for c in text.chars() {
        app.update(Action::PromptInput(c));
    }
    app.update(Action::PromptAccept);
}

fn status(app: &App) -> (String, bool) {
    app.status
        .as_ref()
        // As the status line shows it: the keys it names from the keymap.
        .map(|s| {
            let key = |a| labdash::keymap::key_for(a, labdash::keymap::Scope::Table).unwrap_or_default();
            (s.render(key), s.error)
        })
        .unwrap_or_default()
}

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    ui::draw_frame(&mut term, app, &Theme::DARK).unwrap_or_else(|e| panic!("{e}"));
    term.backend().buffer().clone()
}

/// The screen row showing `text`, and the x where it starts.
fn find(buf: &Buffer, text: &str) -> Option<(u16, u16)> {
    (0..buf.area.height).find_map(|y| {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        line.find(text).map(|byte| (line[..byte].chars().count() as u16, y))
    })
}

#[test]
fn a_reload_keeps_view_sort_filter_marks_cursor_and_scroll() {
    let mut app = app_on(data::BUNDLED, Path::new(NAME));
    app.geometry.page = 5;
    type_filter(&mut app, "released>2020");
    app.state_mut().col = col(ViewKind::Models, "params_b");
    app.update(Action::SortDescending);
    app.update(Action::First);
    for _ in 0..6 {
        app.update(Action::MoveDown);
    }
    app.update(Action::ToggleMark); // marks row 6, moves to row 7
    let before_rows = app.state().rows.len();
    let (cursor, offset, sort) = (cursor_id(&app), app.state().offset, app.state().sort);
    let marks = app.marks.clone();
    assert!(offset > 0, "the test needs a scrolled table");
    assert_ne!(cursor, "deepseek-r1", "the changed record is not the cursor's");

    let text = data::BUNDLED.replacen("cost_usd        = 294_000", "cost_usd        = 300_000", 1) + NEW_MODEL;
    app.reloaded(load(&text));

    assert_eq!(app.view, ViewKind::Models);
    assert_eq!(app.state().sort, sort);
    assert_eq!(app.state().filter.text, "released>2020");
    assert_eq!(app.marks, marks);
    assert_eq!(cursor_id(&app), cursor);
    assert_eq!(app.state().offset, offset, "scroll kept");
    assert_eq!(app.state().rows.len(), before_rows + 1, "the new model is shown");
    assert_eq!(
        status(&app),
        ("reloaded: 2 records changed, 1 added".to_string(), false)
    );
}

#[test]
fn the_cursor_follows_its_record_when_the_reload_moves_it() {
    let mut app = app_on(data::BUNDLED, Path::new(NAME));
    let chips = col(ViewKind::Models, "chips");
    app.state_mut().col = chips;
    app.update(Action::SortDescending);
    put_cursor_on(&mut app, "deepseek-v3");
    let pos = app.state().cursor;
    assert!(pos > 0);
    let text = data::BUNDLED.replacen("chips           = 2048", "chips           = 999999", 1);
    app.reloaded(load(&text));
    assert_eq!(cursor_id(&app), "deepseek-v3");
    assert_eq!(app.state().cursor, 0, "the most chips sort first now");
    let row = index_of(&app, "deepseek-v3");
    assert!(app.changed.contains(&(ViewKind::Models, row, chips)));
}

#[test]
fn changed_cells_are_highlighted_until_the_next_key_press() {
    let mut app = app_on(MINI, Path::new(NAME));
    let chips = col(ViewKind::Models, "chips");
    app.reloaded(load(&MINI.replacen("chips = 2048", "chips = 4096", 1)));
    let row = index_of(&app, "deepseek-v3");
    assert!(
        app.changed.contains(&(ViewKind::Models, row, chips)),
        "{:?}",
        app.changed
    );
    // Unchanged cells are not highlighted: not the name, not another model.
    assert!(!app.changed.contains(&(ViewKind::Models, row, 0)));
    assert!(app.changed.iter().all(|&(v, r, _)| v == ViewKind::Models && r == row));
    assert_eq!(status(&app).0, "reloaded: 1 record changed");

    // On screen: a glyph (readable without colour) and a style, on that cell only.
    let buf = draw(&mut app, 120, 20);
    let (x, y) = find(&buf, "Δ4,096").unwrap_or_else(|| panic!("no highlighted cell:\n{buf:?}"));
    assert_eq!(buf[(x, y)].bg, Color::Yellow);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    assert!(find(&buf, "reloaded: 1 record changed").is_some());
    assert_eq!(
        find(&buf, "Δ").map(|(_, y2)| y2),
        Some(y),
        "only the changed row has a Δ"
    );

    // Tiny terminals draw highlighted cells without panicking.
    for (w, h) in [(20, 6), (1, 1), (24, 7), (3, 40)] {
        draw(&mut app, w, h);
    }

    app.update(Action::ColumnRight);
    assert!(app.changed.is_empty());
    let buf = draw(&mut app, 120, 20);
    assert!(find(&buf, "Δ").is_none());
    assert!(find(&buf, "4,096").is_some());
}

#[test]
fn a_failed_reload_keeps_the_data_and_lists_every_problem_until_fixed() {
    let dir = temp_dir("failed");
    let path = dir.join("my.toml");
    write(&path, MINI);
    let mut app = app_on(MINI, &path);
    put_cursor_on(&mut app, "llama-3.1-405b");
    // Two semantic problems (a TOML syntax error stops at the first), both listed.
    let broken =
        MINI.replacen("chips = 2048", "chips = \"lots\"", 1)
            .replacen("lab = \"openai\"", "lab = \"openaii\"", 1);
    write(&path, &broken);
    runner::reload(&mut app);

    // The data on screen stays.
    let chips = col(ViewKind::Models, "chips");
    let v3 = RecordRef {
        kind: data::Kind::Model,
        index: index_of(&app, "deepseek-v3"),
    };
    assert_eq!(
        (columns(ViewKind::Models)[chips].get)(&app.ds, v3.index).number(),
        Some(2048.0)
    );
    assert_eq!(cursor_id(&app), "llama-3.1-405b");
    let (msg, error) = status(&app);
    assert!(error && msg.starts_with("reload failed: 2 problems"), "{msg}");

    // Every problem as FILE:LINE:COL, with its line and a caret.
    let Some(Overlay::Diagnostics { text, .. }) = &app.overlay else {
        panic!("no diagnostics panel: {:?}", app.overlay)
    };
    let line_of = |needle: &str| broken.lines().position(|l| l.contains(needle)).map_or(0, |i| i + 1);
    let name = path.display().to_string();
    for (needle, col) in [("chips = \"lots\"", 9), ("lab = \"openaii\"", 7)] {
        let head = format!("{name}:{}:{col}: error:", line_of(needle));
        assert!(text.contains(&head), "missing `{head}` in\n{text}");
        assert!(text.contains(needle), "source line missing: {needle}\n{text}");
    }
    assert!(text.contains('^'));
    let buf = draw(&mut app, 120, 30);
    assert!(find(&buf, &format!("{name}:{}:9: error:", line_of("chips = \"lots\""))).is_some());

    // Fixed: the panel closes by itself and the new data shows.
    write(&path, &MINI.replacen("chips = 2048", "chips = 2049", 1));
    runner::reload(&mut app);
    assert_eq!(app.overlay, None);
    assert_eq!(status(&app), ("reloaded: 1 record changed".to_string(), false));
    assert_eq!(
        (columns(ViewKind::Models)[chips].get)(&app.ds, v3.index).number(),
        Some(2049.0)
    );
    assert_eq!(cursor_id(&app), "llama-3.1-405b");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_reload_of_a_million_unknown_keys_keeps_the_data_and_a_bounded_list() {
    let dir = temp_dir("million-keys");
    let path = dir.join("my.toml");
    write(&path, MINI);
    let mut app = app_on(MINI, &path);
    let models = app.ds.models.len();
    // 12 MB: judged from its first thousands of keys, not parsed whole (630 MB, issue 17).
    let mut hostile = String::from("[[lab]]\nid = \"x\"\nname = \"X\"\n");
    for i in 0..1_000_000 {
        hostile.push_str(&format!("k{i} = 1\n"));
    }
    write(&path, &hostile);
    runner::reload(&mut app);
    assert_eq!(app.ds.models.len(), models);
    let (msg, error) = status(&app);
    assert!(error && msg.contains("the last good data stays"), "{msg}");
    // It stopped looking, so the count is a floor.
    assert!(msg.contains("reload failed: at least "), "{msg}");
    let Some(Overlay::Diagnostics { text, .. }) = &app.overlay else {
        panic!("no diagnostics panel: {:?}", app.overlay)
    };
    assert_eq!(text.lines().filter(|l| l.contains(": error: unknown key")).count(), 50);
    assert!(
        text.contains("labdash stopped looking at line"),
        "{}",
        &text[text.len().saturating_sub(500)..]
    );
    assert!(text.len() < 50 * 400, "{} bytes", text.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_file_keeps_the_last_good_data() {
    let dir = temp_dir("missing");
    let path = dir.join("gone.toml");
    let mut app = app_on(MINI, &path);
    let models = app.ds.models.len();
    runner::reload(&mut app);
    assert_eq!(app.ds.models.len(), models);
    let (msg, error) = status(&app);
    assert!(error && msg.contains("the last good data stays"), "{msg}");
    let Some(Overlay::Diagnostics { text, .. }) = &app.overlay else {
        panic!("no diagnostics panel")
    };
    assert!(text.contains("no such file"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_reload_does_not_take_the_filter_prompt_away() {
    let mut app = app_on(MINI, Path::new(NAME));
    app.update(Action::OpenFilter);
    app.update(Action::PromptInput('d'));
    app.reload_failed("mini.toml:1:1: error: x".into(), 1, false);
    assert!(matches!(app.overlay, Some(Overlay::Filter { ref input, .. }) if input == "d"));
    assert!(status(&app).0.contains("r shows them"));
}

#[test]
fn details_follow_their_record_when_records_are_inserted_before_it() {
    let mut app = app_on(MINI, Path::new(NAME));
    put_cursor_on(&mut app, "gpt-4");
    app.update(Action::OpenDetails);
    let model = "[[model]]\nid = \"a-first\"\nlab = \"meta\"\nname = \"A First\"\n\n";
    let at = MINI.find("[[model]]").unwrap_or(0);
    let text = format!("{}{model}{}", &MINI[..at], &MINI[at..]);
    app.reloaded(load(&text));
    let Some(Overlay::Details { record, .. }) = app.overlay else {
        panic!("details closed: {:?}", app.overlay)
    };
    assert_eq!(app.ds.id_of(record), "gpt-4");
    assert_eq!(cursor_id(&app), "gpt-4");
    assert_eq!(status(&app).0, "reloaded: 1 record changed, 1 added");
}

#[test]
fn a_removed_record_leaves_the_cursor_on_the_same_row() {
    let mut app = app_on(MINI, Path::new(NAME));
    app.state_mut().sort = Some(view::SortSpec {
        col: 0,
        dir: SortDir::Asc,
    });
    app.reproject(ViewKind::Models);
    put_cursor_on(&mut app, "llama-3.1-405b");
    let pos = app.state().cursor;
    let start = MINI.find("[[model]]\nid = \"llama-3.1-405b\"").unwrap_or(0);
    let end = MINI[start + 1..]
        .find("[[model]]")
        .map_or(MINI.len(), |e| start + 1 + e);
    let text = format!("{}{}", &MINI[..start], &MINI[end..]);
    app.reloaded(load(&text));
    assert_eq!(app.state().cursor, pos.min(app.state().rows.len() - 1));
    assert!(status(&app).0.contains("1 removed"), "{:?}", status(&app));
}

/// Every cell of every view, as text (what the user can see of the data).
fn all_cells(ds: &Dataset) -> Vec<String> {
    let mut out = Vec::new();
    for view in ViewKind::ALL {
        for index in 0..ds.count(view.kind()) as u32 {
            for col in columns(view) {
                out.push(view::format::cell_text(&(col.get)(ds, index)));
            }
        }
    }
    out
}

/// `text` with the figure line `key = …` of the record with id `id` set to `value`.
fn set_figure(text: &str, id: &str, key: &str, value: &str) -> String {
    let at = text
        .find(&format!("id = \"{id}\"\n"))
        .unwrap_or_else(|| panic!("no {id}"));
    let line = at
        + text[at..]
            .find(&format!("\n{key} = "))
            .unwrap_or_else(|| panic!("no {key}"))
        + 1;
    let end = line + text[line..].find('\n').unwrap_or(0);
    format!("{}{key} = {value}{}", &text[..line], &text[end..])
}

/// Saves as an editor does: a new file renamed over the old.
fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_extension("swp");
    write(&tmp, text);
    std::fs::rename(&tmp, path).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn an_edit_of_a_large_file_is_patched_in_place_and_shows_what_a_full_load_shows() {
    let dir = temp_dir("large");
    let path = dir.join("big.toml");
    let text = labdash::generate::dataset(labdash::generate::Sizes::models(3_000), 4);
    write(&path, &text);
    let origin = Origin::File(path.clone());
    let ds = labdash::load::load(&origin).unwrap_or_else(|f| panic!("{}", f.message));
    let mut app = App::new(ds, origin.clone(), Query::default());
    put_cursor_on(&mut app, "m2500");

    // One figure changed: only its chunk is parsed again, and the result is a full load's.
    let edited = set_figure(&text, "m1500", "chips", "4242");
    save_by_rename(&path, &edited);
    assert!(
        labdash::load::reload_changed(&app.origin, app.scope, &app.ds).is_some(),
        "an edited figure is patched in place"
    );
    runner::reload(&mut app);
    let full = labdash::load::load(&origin).unwrap_or_else(|f| panic!("{}", f.message));
    assert!(
        all_cells(&app.ds) == all_cells(&full),
        "patched data differs from a full load"
    );
    assert_eq!(status(&app), ("reloaded: 1 record changed".to_string(), false));
    let m1500 = index_of(&app, "m1500");
    assert!(
        app.changed
            .contains(&(ViewKind::Models, m1500, col(ViewKind::Models, "chips")))
    );
    assert_eq!(cursor_id(&app), "m2500");

    // A broken edit: the last good data stays, the problems are exactly a full load's.
    let broken = set_figure(&edited, "m2000", "chips", "= 3");
    save_by_rename(&path, &broken);
    assert!(labdash::load::reload_changed(&app.origin, app.scope, &app.ds).is_none());
    runner::reload(&mut app);
    assert!(all_cells(&app.ds) == all_cells(&full), "the last good data stays");
    let want = labdash::load::reload(&origin, labdash::load::Scope::All)
        .err()
        .map(|p| p.text);
    match &app.overlay {
        Some(Overlay::Diagnostics { text, .. }) => assert_eq!(Some(text), want.as_ref()),
        other => panic!("no diagnostics panel: {other:?}"),
    }

    // Fixed, with a record renamed as well: read whole again, as a full load.
    let renamed = edited.replacen("id = \"c10a\"\n", "id = \"c10z\"\n", 1);
    save_by_rename(&path, &renamed);
    assert!(labdash::load::reload_changed(&app.origin, app.scope, &app.ds).is_none());
    runner::reload(&mut app);
    let full = labdash::load::load(&origin).unwrap_or_else(|f| panic!("{}", f.message));
    assert!(all_cells(&app.ds) == all_cells(&full));
    assert_eq!(app.overlay, None);
    let _ = std::fs::remove_dir_all(&dir);
}
