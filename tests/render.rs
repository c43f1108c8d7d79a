//! Rendering on `TestBackend`: snapshots at several sizes, styles checked cell by cell, and
//! no panic at any size.

use labdash::app::{Action, App};
use labdash::data;
use labdash::load::Origin;
use labdash::ui::{self, Theme};
use labdash::view::{Query, ViewKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn app() -> App {
    let ds = data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
    App::new(ds, Origin::Bundled, Query::default())
}

/// Draws one frame like the runner does (and stores the geometry the same way).
fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    ui::draw_frame(&mut term, app, &Theme::DARK).unwrap_or_else(|e| panic!("{e}"));
    term.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    ui::text::buffer_text(buf)
}

#[test]
fn models_view_at_several_sizes() {
    for (w, h) in [(120, 40), (80, 24), (40, 12), (20, 6)] {
        let mut app = app();
        let buf = draw(&mut app, w, h);
        insta::assert_snapshot!(format!("models_{w}x{h}"), text(&buf));
    }
}

#[test]
fn every_view_renders_at_120x40() {
    for v in ViewKind::ALL {
        let mut app = app();
        app.update(Action::ShowView(v));
        let buf = draw(&mut app, 120, 40);
        insta::assert_snapshot!(format!("view_{}_120x40", v.id()), text(&buf));
    }
}

#[test]
fn too_small_says_so() {
    for (w, h) in [(19, 6), (20, 5), (10, 3), (1, 1)] {
        let mut app = app();
        let t = text(&draw(&mut app, w, h));
        assert!(t.contains("too") || w < 4, "{w}x{h}: {t}");
    }
}

#[test]
fn no_panic_at_any_size_in_any_overlay() {
    let mut sizes = vec![(1, 1), (2, 2), (5, 3), (20, 6), (21, 7), (300, 100), (80, 24)];
    sizes.extend((0..40).map(|i| (1 + i * 7 % 200, 1 + i * 3 % 60)));
    for (w, h) in sizes {
        for setup in [
            vec![],
            vec![Action::Help],
            vec![Action::OpenDetails],
            vec![Action::OpenFilter, Action::PromptInput('x')],
            vec![Action::ShowView(ViewKind::Claims), Action::OpenDetails],
            vec![
                Action::ShowView(ViewKind::Labs),
                Action::ColumnRight,
                Action::ColumnRight,
            ],
        ] {
            let mut app = app();
            for a in setup {
                app.update(a);
            }
            let _ = draw(&mut app, w, h);
        }
    }
}

/// The key hints on screen — the footer, the prompt's, each overlay's border, full and short —
/// read back from the rendered frame: every key they name must be bound, in the scope the
/// screen is in, to a binding giving that hint.
#[test]
fn every_hint_on_screen_names_keys_the_keymap_binds_there() {
    use labdash::keymap::{self, Scope};
    let setups: Vec<(Vec<Action>, Scope)> = vec![
        (vec![], Scope::Table),
        (vec![Action::OpenFilter], Scope::Prompt),
        (vec![Action::Help], Scope::Help),
        (vec![Action::OpenDetails], Scope::Details),
        (
            vec![
                Action::ColumnRight,
                Action::ColumnRight,
                Action::ColumnRight,
                Action::ColumnRight,
                Action::BarChart,
            ],
            Scope::Bars,
        ),
        (
            vec![
                Action::ColumnRight,
                Action::ColumnRight,
                Action::ColumnRight,
                Action::ColumnRight,
                Action::ScatterPlot,
            ],
            Scope::Scatter,
        ),
        (vec![Action::ColumnRight, Action::GroupBy], Scope::Group),
        (
            vec![Action::ToggleMark, Action::ToggleMark, Action::Compare],
            Scope::Compare,
        ),
    ];
    let mut checked = 0;
    for (w, h) in [(120, 40), (56, 20)] {
        for (setup, scope) in &setups {
            let mut app = app();
            for a in setup {
                app.update(*a);
            }
            assert_eq!(keymap::scope_for(app.overlay.as_ref()), *scope);
            let screen = text(&draw(&mut app, w, h));
            let lines: Vec<&str> = screen.lines().collect();
            let segments: Vec<String> = match scope {
                // `q quit  ? help  s sort …` on the last line.
                Scope::Table => {
                    let l = lines.last().copied().unwrap_or_default();
                    let mut segs: Vec<String> = l.split("  ").map(str::to_string).collect();
                    // The screen's edge cuts the last hint of a long footer.
                    if l.chars().count() + 2 >= usize::from(w) {
                        segs.pop();
                    }
                    segs
                }
                // `/▏  Enter keep · Esc cancel · e.g. …`
                Scope::Prompt => {
                    let l = lines.last().copied().unwrap_or_default();
                    let hints = l.split("▏  ").nth(1).unwrap_or_default();
                    hints
                        .split(" · ")
                        .take_while(|s| !s.starts_with("e.g."))
                        .map(str::to_string)
                        .collect()
                }
                // The overlay's bottom border: `└──── j/k scroll · Esc close ─┘`.
                _ => {
                    let border = lines
                        .iter()
                        .rev()
                        .find(|l| l.contains('└'))
                        .copied()
                        .unwrap_or_default();
                    let inside = border.trim_matches(|c: char| c == '└' || c == '┘' || c == '─' || c == ' ');
                    inside.split(" · ").map(str::to_string).collect()
                }
            };
            let segments: Vec<String> = segments.into_iter().filter(|s| !s.trim().is_empty()).collect();
            assert!(!segments.is_empty(), "{w}x{h} {}: no hints in\n{screen}", scope.name());
            for seg in segments {
                let (keys, hint) = seg.trim().split_once(' ').unwrap_or((seg.as_str(), ""));
                assert!(
                    keymap::hint_is_bound(*scope, keys, hint),
                    "{w}x{h} {}: hint `{seg}` names a key the keymap does not bind there",
                    scope.name()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn help_lists_every_binding_of_the_keymap() {
    let mut app = app();
    app.update(Action::Help);
    // Tall enough to show the whole help.
    let t = text(&draw(&mut app, 120, 200));
    for b in labdash::keymap::KEYMAP {
        assert!(t.contains(b.help), "help lacks: {}", b.help);
    }
    insta::assert_snapshot!("help_120x40", text(&draw(&mut app, 120, 40)));
}

#[test]
fn details_show_claims_with_claimant_and_source() {
    let mut app = app();
    // DeepSeek-V3 via the filter, then Enter.
    app.update(Action::OpenFilter);
    for c in "deepseek-v3".chars() {
        app.update(Action::PromptInput(c));
    }
    app.update(Action::PromptAccept);
    app.update(Action::OpenDetails);
    let t = text(&draw(&mut app, 160, 300));
    assert!(t.contains("DeepSeek-V3"), "{t}");
    assert!(t.contains("C050"), "{t}");
    assert!(t.contains("source S02") || t.contains("source S01"), "{t}");
    assert!(t.contains("arxiv.org/abs/2412.19437"), "{t}");
    insta::assert_snapshot!("details_deepseek_v3_160x300", t);
}

#[test]
fn cursor_row_is_reversed_and_sorted_header_has_an_arrow() {
    let mut app = app();
    app.update(Action::MoveDown);
    app.update(Action::SortByCursorColumn);
    let buf = draw(&mut app, 120, 40);
    let g = app.geometry;
    // The cursor row carries the ▶ glyph and REVERSED, so it reads without colour.
    let cursor_y = g.rows_y + (app.state().cursor - app.state().offset) as u16;
    assert_eq!(buf[(0, cursor_y)].symbol(), "▶");
    assert!(buf[(10, cursor_y)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(10, cursor_y + 1)].modifier.contains(Modifier::REVERSED));
    let header = text(&buf)
        .lines()
        .nth(g.header_y as usize)
        .unwrap_or_default()
        .to_string();
    assert!(header.contains('▲') || header.contains('▼'), "{header}");
}

#[test]
fn chinese_names_stay_aligned() {
    let mut app = app();
    app.update(Action::ShowView(ViewKind::Labs));
    let buf = draw(&mut app, 120, 40);
    let t = text(&buf);
    // The column after the native name starts at the same screen column on every row.
    let country_col = |line: &str| -> Option<usize> {
        use unicode_width::UnicodeWidthStr;
        let i = line.find(" CN ").or_else(|| line.find(" US "))?;
        Some(line[..i].width())
    };
    let cols: Vec<usize> = t.lines().skip(3).filter_map(country_col).collect();
    assert!(cols.len() > 5, "{t}");
    assert!(cols.windows(2).all(|w| w[0] == w[1]), "misaligned: {cols:?}\n{t}");
}

/// Every action the keymap or the mouse can produce, for random sessions.
fn all_actions() -> Vec<Action> {
    let mut v: Vec<Action> = labdash::keymap::KEYMAP
        .iter()
        .map(|b| b.action)
        .filter(|a| *a != Action::Quit)
        .collect();
    v.extend([
        Action::PromptInput('a'),
        Action::PromptInput('>'),
        Action::PromptInput('1'),
        Action::PromptInput(':'),
        Action::PromptInput(' '),
        Action::PromptInput('深'),
        Action::Click { x: 5, y: 4 },
        Action::Click { x: 40, y: 1 },
        Action::Click { x: 0, y: 0 },
        Action::Wheel(3),
        Action::Wheel(-3),
        Action::ScrollDown,
        Action::ScrollUp,
    ]);
    v
}

#[test]
fn random_sessions_never_panic_at_any_size() {
    // A deterministic pseudo-random walk over every action, with a frame at a random size
    // after every few (resize storms included): 2 sessions × 1,000 keys.
    let actions = all_actions();
    let mut seed: u64 = 0x5eed;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for _ in 0..2 {
        let mut app = app();
        for step in 0..1000 {
            let a = actions[next(actions.len() as u64) as usize];
            let _ = app.update(a);
            if step % 10 == 0 {
                let (w, h) = (1 + next(200) as u16, 1 + next(60) as u16);
                let _ = draw(&mut app, w, h);
            }
        }
    }
}

/// Issue 14 item 7: an unparsable term shows its error where the rows would be (never "no
/// rows match"), the last valid filter stays applied, and column ids are listed in full.
#[test]
fn an_invalid_filter_shows_its_error_in_place_of_the_rows() {
    let mut app = app();
    app.update(Action::ShowView(ViewKind::Chips));
    app.update(Action::OpenFilter);
    for c in "foo:bar".chars() {
        app.update(Action::PromptInput(c));
    }
    let t = text(&draw(&mut app, 120, 40));
    assert!(!t.contains("no rows match"), "{t}");
    assert!(t.contains("✗ `foo:bar`: no column `foo`"), "{t}");
    assert!(t.contains("the last valid filter"), "{t}");
    // "foo" was a valid free-text filter on the way: it stays applied.
    assert_eq!(app.state().filter.text, "foo");
    // Every column id of the view, in full, in the error.
    for c in labdash::view::columns::columns(ViewKind::Chips) {
        assert!(t.contains(c.id), "{} missing:\n{t}", c.id);
    }
    app.update(Action::Back);
    app.update(Action::Help);
    let mut help = String::new();
    for _ in 0..20 {
        help.push_str(&text(&draw(&mut app, 120, 40)));
        app.update(Action::PageDown);
    }
    for v in ViewKind::ALL {
        for c in labdash::view::columns::columns(v) {
            assert!(help.contains(c.id), "help lacks {}", c.id);
        }
    }
}

/// The table's header row.
fn header_row(t: &str) -> String {
    t.lines().nth(1).unwrap_or_default().to_string()
}

#[test]
fn the_figures_stay_in_view_at_every_size() {
    let wanted: &[(u16, u16, &[&str])] = &[
        (
            120,
            40,
            &["Model", "Lab", "Released", "Chips", "GPU-hours", "Compute", "Cost"],
        ),
        (80, 24, &["Model", "Chips", "Compute", "Cost"]),
        (60, 20, &["Model", "Chips", "Compute", "Cost"]),
    ];
    for &(w, h, want) in wanted {
        let mut app = app();
        let t = text(&draw(&mut app, w, h));
        let head = header_row(&t);
        for label in want {
            assert!(head.contains(label), "{w}x{h}: no {label} in\n{head}");
        }
        // Some columns do not fit: the header says how many, on the right.
        assert!(head.trim_end().ends_with('▶'), "{w}x{h}: no marker in\n{head}");
        // Long names are ellipsised, never run into the next column.
        assert!(t.lines().all(|l| width(l) <= usize::from(w)));
    }
    let mut app = app();
    insta::assert_snapshot!("models_60x20", text(&draw(&mut app, 60, 20)));
}

fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[test]
fn claims_sorted_by_date_keep_subject_metric_value_and_claimant_in_view() {
    use labdash::view::{SortDir, SortSpec, columns::find};
    for (w, h) in [(120, 40), (80, 24)] {
        let col = find(ViewKind::Claims, "date").unwrap_or_default();
        let q = Query {
            view: ViewKind::Claims,
            sort: Some(SortSpec {
                col,
                dir: SortDir::Desc,
            }),
            ..Query::default()
        };
        let ds = data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
        let mut app = App::new(ds, Origin::Bundled, q);
        let t = text(&draw(&mut app, w, h));
        let head = header_row(&t);
        for label in ["Subject", "Metric", "Value", "Claimant", "Said on"] {
            assert!(head.contains(label), "{w}x{h}: no {label} in\n{head}");
        }
        insta::assert_snapshot!(format!("claims_by_date_{w}x{h}"), t);
    }
}

#[test]
fn scrolling_sideways_keeps_the_name_and_counts_hidden_columns_on_the_left() {
    let mut app = app();
    for _ in 0..40 {
        app.update(Action::ColumnRight);
    }
    let t = text(&draw(&mut app, 80, 24));
    let head = header_row(&t);
    assert!(head.contains("Model") && head.contains("From"), "{head}");
    assert!(head.starts_with('◀'), "{head}");
    // A click on a header still sorts by the column under it.
    let x = head.find("From").map(|b| width(&head[..b])).unwrap_or_default() as u16;
    app.update(Action::Click { x: x + 1, y: 1 });
    let from = labdash::view::columns::find(ViewKind::Models, "from");
    assert_eq!(app.state().sort.map(|s| s.col), from);
}

#[test]
fn the_picker_lists_every_column_and_hides_one() {
    let mut app = app();
    app.update(Action::ColumnPicker);
    let t = text(&draw(&mut app, 80, 24));
    for c in labdash::view::columns(ViewKind::Models) {
        assert!(t.contains(c.id), "picker lacks {}:\n{t}", c.id);
    }
    insta::assert_snapshot!("column_picker_80x24", t);
    app.update(Action::MoveDown);
    app.update(Action::ToggleMark);
    app.update(Action::Back);
    assert!(app.layouts[1].hidden.contains(&"lab".to_string()));
    let head = header_row(&text(&draw(&mut app, 120, 40)));
    assert!(!head.contains(" Lab "), "{head}");
    // Moving and jumping: `:` then a name puts the cursor there.
    app.update(Action::JumpToColumn);
    for c in "cost".chars() {
        app.update(Action::PromptInput(c));
    }
    app.update(Action::PromptAccept);
    let cost = labdash::view::columns::find(ViewKind::Models, "cost_usd");
    assert_eq!(Some(app.state().col), cost);
    app.update(Action::MoveColumnLeft);
    let shown = app.shown_columns();
    let pos = shown.iter().position(|&c| Some(c) == cost);
    let gpu = labdash::view::columns::find(ViewKind::Models, "train_flop");
    assert_eq!(pos.map(|p| shown[p + 1]), gpu);
}

#[test]
fn overlays_hide_the_table_beneath_them() {
    // Mark a row so a `●` could show through, then open compare and the details.
    for setup in [
        vec![Action::ToggleMark, Action::Compare],
        vec![Action::OpenDetails],
        vec![Action::ColumnPicker],
    ] {
        let mut app = app();
        for a in setup.clone() {
            app.update(a);
        }
        let t = text(&draw(&mut app, 80, 24));
        for l in t.lines().skip(1).take(21) {
            let outside: String = l
                .chars()
                .take(2)
                .chain(
                    l.chars()
                        .skip_while(|c| *c != '│')
                        .skip(1)
                        .skip_while(|c| *c != '│')
                        .skip(1),
                )
                .collect();
            assert!(!outside.contains('▶') && !outside.contains('●'), "{setup:?}: {l}\n{t}");
        }
    }
}

// ---- issue 16's screens at 120×40, 80×24 and 60×20 -------------------------------------

/// The sizes issue 16 is checked at.
const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (60, 20)];

/// The bundled data in `view`, filtered by `filter` as `--filter` would.
fn app_with(view: ViewKind, filter: &str) -> App {
    let ds = data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
    let filter = labdash::view::Filter::parse(view, filter).unwrap_or_else(|e| panic!("{e:?}"));
    App::new(
        ds,
        Origin::Bundled,
        Query {
            view,
            filter,
            ..Query::default()
        },
    )
}

/// Puts the column cursor on column `id`, as `:` and its name would.
fn jump_to(app: &mut App, id: &str) {
    app.update(Action::JumpToColumn);
    for c in id.chars() {
        app.update(Action::PromptInput(c));
    }
    app.update(Action::PromptAccept);
    assert_eq!(
        Some(app.state().col),
        labdash::view::columns::find(app.view, id),
        "no column {id}"
    );
}

#[test]
fn all_six_tabs_show_whole_at_every_size() {
    for (w, h) in SIZES.into_iter().chain([(40, 12), (30, 10)]) {
        for v in ViewKind::ALL {
            let mut app = app();
            app.update(Action::ShowView(v));
            let t = text(&draw(&mut app, w, h));
            let tabs = t.lines().next().unwrap_or_default();
            // Every tab's number, in order, each a word of its own; the current one titled.
            let words: Vec<&str> = tabs.split([' ', '[', ']']).collect();
            let mut at = 0;
            for n in 1..=6 {
                let pos = words[at..].iter().position(|w| *w == n.to_string());
                at += pos.unwrap_or_else(|| panic!("{w}x{h} {v:?}: tab {n} missing: {tabs}")) + 1;
            }
            let n = ViewKind::ALL.iter().position(|x| *x == v).unwrap_or(0) + 1;
            assert!(tabs.contains(&format!("[{n} {}]", v.title())), "{w}x{h}: {tabs}");
            // Whole titles or none: never a title cut short ("6 Chi").
            for other in ViewKind::ALL {
                let title = other.title();
                for cut in 1..title.len() {
                    let stub = &title[..cut];
                    assert!(!words.contains(&stub), "{w}x{h}: {stub} in {tabs}");
                }
            }
        }
    }
}

/// Checks that every line of the details box is either the start of one of the record's
/// details lines or a continuation indented under it — never text wrapped to the left edge.
fn no_line_wraps_to_the_edge(app: &App, t: &str, size: &str) {
    let Some(labdash::app::Overlay::Details { record, .. }) = &app.overlay else {
        panic!("no details open")
    };
    let starts: Vec<String> = labdash::view::details::lines(&app.ds, *record)
        .iter()
        .filter(|l| !l.text.starts_with(' ') && !l.text.is_empty())
        .map(|l| l.text.chars().take(12).collect())
        .collect();
    for line in t.lines().filter(|l| l.contains('│')) {
        let inside = line.trim_start().trim_start_matches('│');
        if inside.starts_with(' ') || inside.trim_end().trim_end_matches('│').trim().is_empty() {
            continue;
        }
        assert!(
            starts.iter().any(|s| inside.starts_with(s.as_str())),
            "{size}: a line wrapped to the edge: {line}\n{t}"
        );
    }
}

#[test]
fn details_wrap_long_lines_under_their_values() {
    for (w, h) in SIZES {
        let mut app = app_with(ViewKind::Chips, "name:\"TPU v4\"");
        app.update(Action::OpenDetails);
        let t = text(&draw(&mut app, w, h));
        insta::assert_snapshot!(format!("details_tpu_v4_{w}x{h}"), t);
        let lines: Vec<&str> = t.lines().collect();
        let note = lines
            .iter()
            .position(|l| l.contains("│Note "))
            .unwrap_or_else(|| panic!("{w}x{h}: no note\n{t}"));
        // The note wraps, and its next line starts under its value, 23 columns in.
        let value_at = lines[note].find("No verified").unwrap_or_else(|| panic!("{t}"));
        let next = lines[note + 1];
        assert_eq!(
            next.find(|c: char| c != ' ' && c != '│'),
            Some(value_at),
            "{w}x{h}:\n{t}"
        );
        no_line_wraps_to_the_edge(&app, &t, &format!("{w}x{h}"));
    }
    // A claim's long source title and URL hang too (Grok 3's claims, scrolled to them).
    for (w, h) in SIZES {
        let mut app = app_with(ViewKind::Models, "name=\"Grok 3\"");
        app.update(Action::OpenDetails);
        for _ in 0..30 {
            app.update(Action::MoveDown);
        }
        let t = text(&draw(&mut app, w, h));
        assert!(t.contains("Source ") || t.contains("source "), "{w}x{h}:\n{t}");
        no_line_wraps_to_the_edge(&app, &t, &format!("{w}x{h}"));
    }
}

#[test]
fn bars_and_scatter_draw_grok_3s_range_as_a_whisker() {
    for (w, h) in SIZES {
        let mut app = app_with(ViewKind::Models, "chips>10000");
        jump_to(&mut app, "chips");
        app.update(Action::BarChart);
        let buf = draw(&mut app, w, h);
        let t = text(&buf);
        insta::assert_snapshot!(format!("bars_whisker_{w}x{h}"), t);
        // Grok 3: 200,000 chips claimed, 100,000 claimed too — the whisker spans them,
        // drawn over the bar (reversed, so the bar keeps its length).
        let y = t
            .lines()
            .position(|l| l.contains("Grok 3"))
            .unwrap_or_else(|| panic!("{w}x{h}: no Grok 3 bar\n{t}"));
        let row = t.lines().nth(y).unwrap_or_default();
        assert!(row.contains('├') && row.contains('┤'), "{w}x{h}: {row}");
        let reversed = (0..w).any(|x| {
            let c = &buf[(x, y as u16)];
            c.symbol() == "─" && c.modifier.contains(Modifier::REVERSED)
        });
        assert!(reversed, "{w}x{h}: the whisker is not drawn over the bar: {row}");
        assert!(
            t.contains("├──┤ lowest–highest"),
            "{w}x{h}: the note says what it means\n{t}"
        );

        app.update(Action::ScatterPlot);
        let t = text(&draw(&mut app, w, h));
        insta::assert_snapshot!(format!("scatter_whisker_{w}x{h}"), t);
        assert!(t.contains('┴') || t.contains('┬'), "{w}x{h}: no whisker\n{t}");
        assert!(
            t.contains("┬│┴ lowest–highest"),
            "{w}x{h}: the legend says what it means\n{t}"
        );
    }
}

#[test]
fn n_names_the_scatters_points_without_overlap_and_the_cursors_always() {
    for (w, h) in SIZES {
        let mut app = app_with(ViewKind::Models, "chips>1000");
        jump_to(&mut app, "chips");
        app.update(Action::ScatterPlot);
        let t = text(&draw(&mut app, w, h));
        let cursor = labdash::view::chart::row_label(&app.ds, app.view, app.state().rows[0]);
        // The cursor's name is on the plot itself, not only on the line under it.
        let plot: Vec<&str> = t.lines().take(usize::from(h) - 5).collect();
        assert!(
            plot.iter().any(|l| l.contains(&cursor)),
            "{w}x{h}: {cursor} unnamed\n{t}"
        );
        let before = plot.iter().filter(|l| l.contains("Grok 3")).count();

        app.update(Action::TogglePointLabels);
        let t = text(&draw(&mut app, w, h));
        insta::assert_snapshot!(format!("scatter_names_{w}x{h}"), t);
        let plot: String = t.lines().take(usize::from(h) - 5).collect::<Vec<_>>().join("\n");
        // Each model named once at most, whole names only where they fit; the rest counted.
        let names: Vec<String> = app
            .state()
            .rows
            .iter()
            .map(|&r| labdash::view::chart::row_label(&app.ds, app.view, r))
            .filter(|n| n.len() > 6)
            .collect();
        let named = names.iter().filter(|n| plot.contains(n.as_str())).count();
        assert!(named >= 3, "{w}x{h}: only {named} names\n{t}");
        assert!(plot.matches("Grok 3").count() >= before, "{w}x{h}\n{t}");
        for n in &names {
            assert!(plot.matches(n.as_str()).count() <= 1, "{w}x{h}: {n} twice\n{t}");
        }
        // What is not named is counted: named + hidden covers every plotted point.
        let count_before = |t: &str, what: &str| -> usize {
            t.split(what)
                .next()
                .and_then(|s| s.rsplit(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        let plotted = count_before(&t, " plotted");
        let hidden = count_before(&t, " name hidden").max(count_before(&t, " names hidden"));
        let all_named = app
            .state()
            .rows
            .iter()
            .map(|&r| labdash::view::chart::row_label(&app.ds, app.view, r))
            .filter(|n| plot.contains(n.as_str()))
            .count();
        // Most points are named even on a small screen: at most a third go unnamed.
        assert!(hidden * 3 <= plotted, "{w}x{h}: {hidden} of {plotted} unnamed\n{t}");
        assert!(
            plotted > 0 && all_named + hidden >= plotted,
            "{w}x{h}: {all_named} + {hidden} < {plotted}\n{t}"
        );
        // The axes are whole: a name never covers a tick label or an axis line.
        let axis = t.lines().find(|l| l.contains('└')).unwrap_or_default();
        assert!(axis.contains('┬'), "{w}x{h}: {axis}");
        // `n` again: only the cursor's name.
        app.update(Action::TogglePointLabels);
        let t = text(&draw(&mut app, w, h));
        let plot: String = t.lines().take(usize::from(h) - 5).collect::<Vec<_>>().join("\n");
        assert!(
            !t.contains("hidden (no room)") && !plot.contains("Grok 3"),
            "{w}x{h}\n{t}"
        );
    }
}

#[test]
fn columns_the_picker_hides_are_counted_on_screen() {
    for (w, h) in SIZES {
        let mut app = app();
        app.update(Action::ColumnPicker);
        app.update(Action::MoveDown);
        app.update(Action::ToggleMark);
        app.update(Action::Back);
        let t = text(&draw(&mut app, w, h));
        insta::assert_snapshot!(format!("picker_hid_lab_{w}x{h}"), t);
        let status = t.lines().nth(usize::from(h) - 2).unwrap_or_default();
        assert!(status.contains("1 column hidden (C shows)"), "{w}x{h}: {status}");
    }
}

#[test]
fn claims_show_metric_titles_not_ids() {
    for (w, h) in SIZES {
        let mut app = app_with(ViewKind::Claims, "metric:gpu_hours_per_t_tokens");
        let t = text(&draw(&mut app, w, h));
        insta::assert_snapshot!(format!("claims_metric_titles_{w}x{h}"), t);
        let table: Vec<&str> = t.lines().take(usize::from(h) - 2).collect();
        assert!(
            table.len() > 2 && !table.iter().any(|l| l.contains("gpu_hours_per_t_tokens")),
            "{t}"
        );
        if w >= 80 {
            assert!(
                table.iter().any(|l| l.contains("GPU-hours per trillion tokens")),
                "{w}x{h}:\n{t}"
            );
        }
    }
}

#[test]
fn clicking_a_tab_shows_its_view_at_any_width() {
    for (w, h) in [(120, 40), (60, 20), (40, 12)] {
        for (i, &v) in ViewKind::ALL.iter().enumerate() {
            let mut app = app();
            let buf = draw(&mut app, w, h);
            // The tab's number as drawn on the first line, wherever the layout put it.
            let top: String = (0..w).map(|x| buf[(x, 0)].symbol().to_string()).collect();
            let n = char::from_digit(i as u32 + 1, 10).unwrap_or('?');
            let x = top
                .chars()
                .position(|c| c == n)
                .unwrap_or_else(|| panic!("{w}x{h}: no tab {n} in {top:?}"));
            app.update(Action::Click { x: x as u16, y: 0 });
            assert_eq!(app.view, v, "{w}x{h}: click at {x} in {top:?}");
        }
    }
}
