//! Charts (`b`, `p`, `L`) and group-by (`F`): update tests that drive `App` without a
//! terminal, and render tests on ratatui's `TestBackend` (snapshots at 120×40 and 40×12,
//! tiny sizes must not panic).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use labdash::app::chart::ChartKind;
use labdash::app::{Action, App, Effect, Overlay};
use labdash::data::{self, Dataset};
use labdash::load::Origin;
use labdash::ui::{self, Theme};
use labdash::view::chart::{BarKey, ChartData};
use labdash::view::columns::find;
use labdash::view::{Query, ViewKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

const FIXTURE: &str = include_str!("fixtures/charts.toml");

fn fixture() -> Dataset {
    data::load("charts.toml", FIXTURE).unwrap_or_else(|e| panic!("fixture: {e:?}"))
}

fn bundled() -> Dataset {
    data::load(data::BUNDLED_NAME, data::BUNDLED).unwrap_or_else(|e| panic!("bundled: {e:?}"))
}

fn app_on(ds: Dataset) -> App {
    App::new(ds, Origin::Bundled, Query::default())
}

/// Puts the column cursor on `id` the way a user would: `h` to the start, then `l`.
fn go_to_column(app: &mut App, id: &str) {
    let target = find(app.view, id).unwrap_or_else(|| panic!("no column {id}"));
    for _ in 0..40 {
        app.update(Action::ColumnLeft);
    }
    for _ in 0..target {
        app.update(Action::ColumnRight);
    }
    assert_eq!(app.state().col, target);
}

/// The screen as text, one line per row; the cell after a wide (CJK) character is skipped,
/// as a terminal would show it.
fn text(buf: &Buffer) -> String {
    ui::text::buffer_text(buf)
}

/// Draws one frame like the runner does (and stores the frame's geometry in the app).
fn draw(app: &mut App, w: u16, h: u16) -> (String, Buffer) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    ui::draw_frame(&mut term, app, &Theme::DARK).unwrap();
    let buf = term.backend().buffer().clone();
    (text(&buf), buf)
}

fn chart(app: &App) -> &labdash::app::chart::ChartState {
    match &app.overlay {
        Some(Overlay::Chart(cs)) => cs,
        other => panic!("no chart open: {other:?}"),
    }
}

// ---- update tests ----------------------------------------------------------------------

#[test]
fn b_charts_every_model_with_a_cost_and_esc_keeps_the_cursor() {
    let mut app = app_on(fixture());
    go_to_column(&mut app, "cost_usd");
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    let before = (app.state().cursor, app.state().offset);
    assert_eq!(app.update(Action::BarChart), Effect::None);
    let ChartData::Bars(b) = &chart(&app).data else {
        panic!("not bars")
    };
    // DeepSeek-V3, GLM-4, Llama, GPT-4 have a cost; R1, Grok 3 and Mistral Large 2 do not.
    assert_eq!(b.items.len(), 4);
    assert_eq!(b.missing, 3);
    // Bars follow the table's order.
    let order: Vec<BarKey> = app
        .state()
        .rows
        .iter()
        .copied()
        .map(BarKey::Row)
        .filter(|k| b.items.iter().any(|i| &i.key == k))
        .collect();
    assert_eq!(b.items.iter().map(|i| i.key.clone()).collect::<Vec<_>>(), order);
    // DeepSeek-V3's cost is disputed: $5.576M claimed, $12M estimated.
    let v3 = b.items.iter().find(|i| i.key == BarKey::Row(0)).unwrap();
    assert_eq!(v3.range, Some((5_576_000.0, 12_000_000.0)));
    app.update(Action::MoveDown);
    app.update(Action::MoveUp);
    app.update(Action::Back);
    assert!(app.overlay.is_none());
    assert_eq!((app.state().cursor, app.state().offset), before);
}

#[test]
fn b_again_closes_and_l_toggles_the_scale_in_the_chart() {
    let mut app = app_on(fixture());
    go_to_column(&mut app, "train_flop");
    app.update(Action::BarChart);
    let scale = |app: &App| match &chart(app).data {
        ChartData::Bars(b) => b.scaler.scale,
        _ => panic!("not bars"),
    };
    // FLOP spanning decades opens on a log scale; `L` toggles from there.
    assert_eq!(scale(&app).name(), "log");
    app.update(Action::ToggleLogScale);
    assert!(!app.log_scale);
    assert_eq!(scale(&app).name(), "linear");
    app.update(Action::ToggleLogScale);
    assert!(app.log_scale);
    assert_eq!(scale(&app).name(), "log");
    app.update(Action::BarChart);
    assert!(app.overlay.is_none());
    // The scale is kept for the next chart.
    app.update(Action::ScatterPlot);
    match &chart(&app).data {
        ChartData::Scatter(s) => assert_eq!(s.scale.name(), "log"),
        other => panic!("{other:?}"),
    }
    app.update(Action::ScatterPlot);
    assert!(app.overlay.is_none());
}

#[test]
fn bar_chart_scrolls_with_j_and_k() {
    let mut app = app_on(bundled());
    app.update(Action::ShowView(ViewKind::Models));
    go_to_column(&mut app, "train_flop");
    let mut ui_app = app;
    draw(&mut ui_app, 80, 20);
    ui_app.update(Action::BarChart);
    let n = match &chart(&ui_app).data {
        ChartData::Bars(b) => b.items.len(),
        _ => panic!("not bars"),
    };
    assert!(n > 20, "the bundled compute figures should not fit in 20 rows");
    assert_eq!(chart(&ui_app).scroll, 0);
    ui_app.update(Action::MoveDown);
    ui_app.update(Action::MoveDown);
    assert_eq!(chart(&ui_app).scroll, 2);
    ui_app.update(Action::MoveUp);
    assert_eq!(chart(&ui_app).scroll, 1);
    ui_app.update(Action::Last);
    let last = chart(&ui_app).scroll;
    ui_app.update(Action::MoveDown);
    assert_eq!(chart(&ui_app).scroll, last, "never scrolls past the last bar");
    let (screen, _) = draw(&mut ui_app, 80, 20);
    assert!(screen.contains(&format!("of {n}")), "{screen}");
}

#[test]
fn text_and_date_columns_never_crash_the_charts() {
    let mut app = app_on(fixture());
    for view in ViewKind::ALL {
        app.update(Action::ShowView(view));
        let ncols = labdash::view::columns(view).len();
        for col in 0..ncols {
            go_to_column(&mut app, labdash::view::columns(view)[col].id);
            for kind in [Action::BarChart, Action::ScatterPlot] {
                app.update(kind);
                assert!(matches!(app.overlay, Some(Overlay::Chart(_))), "{view:?} {col}");
                for size in [(120, 40), (40, 12), (20, 6)] {
                    draw(&mut app, size.0, size.1);
                }
                app.update(Action::ToggleLogScale);
                draw(&mut app, 40, 12);
                app.update(Action::Back);
            }
        }
    }
}

#[test]
fn scatter_of_a_text_column_or_the_chips_view_says_why() {
    let mut app = app_on(fixture());
    go_to_column(&mut app, "lab");
    app.update(Action::ScatterPlot);
    match &chart(&app).data {
        ChartData::Empty(msg) => assert!(msg.contains("not numeric"), "{msg}"),
        other => panic!("{other:?}"),
    }
    app.update(Action::Back);
    app.update(Action::ShowView(ViewKind::Chips));
    app.update(Action::ScatterPlot);
    match &chart(&app).data {
        ChartData::Empty(msg) => assert!(msg.contains("this view has no dates"), "{msg}"),
        other => panic!("{other:?}"),
    }
    // A text column's bars count rows per value.
    app.update(Action::Back);
    app.update(Action::ShowView(ViewKind::Models));
    go_to_column(&mut app, "country");
    app.update(Action::BarChart);
    match &chart(&app).data {
        ChartData::Bars(b) => {
            let names: Vec<String> = b
                .items
                .iter()
                .map(|i| match &i.key {
                    BarKey::Label(l) => format!("{}={}", l.name, l.text),
                    BarKey::Value { .. } => "value".into(),
                    BarKey::Row(_) => "row".into(),
                    BarKey::Group { .. } => "group".into(),
                })
                .collect();
            // Largest first; the 3–3 tie is broken by name.
            assert_eq!(names, ["CN=3", "US=3", "FR=1"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn scatter_splits_countries_and_j_walks_the_points() {
    let mut app = app_on(fixture());
    go_to_column(&mut app, "train_flop");
    app.update(Action::ScatterPlot);
    let ChartData::Scatter(s) = &chart(&app).data else {
        panic!("not a scatter")
    };
    let names: Vec<&str> = s.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["US", "CN"]);
    assert_eq!(s.plotted(), 5);
    assert_eq!(s.no_value, 2);
    // j moves the table cursor to the next plotted row (R1 has no FLOP figure: skipped).
    assert_eq!(app.cursor_record().map(|r| r.index), Some(0));
    app.update(Action::MoveDown);
    assert_eq!(app.cursor_record().map(|r| r.index), Some(2));
    app.update(Action::MoveUp);
    assert_eq!(app.cursor_record().map(|r| r.index), Some(0));
}

#[test]
fn f_then_enter_filters_the_table_to_the_group() {
    let mut app = app_on(fixture());
    go_to_column(&mut app, "country");
    app.update(Action::GroupBy);
    let Some(Overlay::Group(g)) = &app.overlay else {
        panic!("no group table")
    };
    let labels: Vec<String> = g.table.labels(&app.ds).map(|l| l.into_owned()).collect();
    assert_eq!(labels, ["CN", "US", "FR"]);
    // Down to US, then Enter.
    app.update(Action::MoveDown);
    assert_eq!(app.update(Action::OpenDetails), Effect::None);
    assert!(app.overlay.is_none());
    assert_eq!(app.state().filter.text, "country=US");
    assert_eq!(app.state().rows.len(), 3);
    let (screen, _) = draw(&mut app, 120, 40);
    assert!(screen.contains("filter: country=US"), "{screen}");
}

#[test]
fn enter_on_a_group_with_spaces_or_no_value_filters_exactly() {
    let mut app = app_on(fixture());
    go_to_column(&mut app, "lab");
    app.update(Action::GroupBy);
    // Sort by the key column A→Z: DeepSeek, Meta AI, Mistral AI, OpenAI, xAI, 智谱 Zhipu AI.
    for _ in 0..5 {
        app.update(Action::ColumnLeft);
    }
    app.update(Action::SortByCursorColumn);
    app.update(Action::MoveDown);
    app.update(Action::OpenDetails);
    assert_eq!(app.state().filter.text, "lab=\"Meta AI\"");
    assert_eq!(app.state().rows.len(), 1);
    // Esc clears the filter; group the chip column: the three models without a chip group
    // under "—", the largest group.
    app.update(Action::Back);
    go_to_column(&mut app, "chip");
    app.update(Action::GroupBy);
    let Some(Overlay::Group(g)) = &app.overlay else {
        panic!("no group table")
    };
    assert_eq!(g.table.label(&app.ds, g.cursor), "—");
    app.update(Action::OpenDetails);
    assert_eq!(app.state().filter.text, "chip=\"\"");
    assert_eq!(app.state().rows.len(), 3);
}

#[test]
fn group_table_sorts_charts_and_returns() {
    let mut app = app_on(fixture());
    go_to_column(&mut app, "country");
    app.update(Action::GroupBy);
    let group = |app: &App| match &app.overlay {
        Some(Overlay::Group(g)) => g.clone(),
        other => panic!("no group: {other:?}"),
    };
    // Move to "Compute sum (FLOP) ƒ" and sort: largest first.
    let target = group(&app)
        .table
        .columns
        .iter()
        .position(|c| c.header == "Compute sum (FLOP) ƒ")
        .unwrap();
    for _ in 1..target {
        app.update(Action::ColumnRight);
    }
    app.update(Action::SortByCursorColumn);
    let g = group(&app);
    assert_eq!(g.table.label(&app.ds, 0), "US");
    assert_eq!(
        g.table.labels(&app.ds).last().as_deref(),
        Some("FR"),
        "no figure sorts last"
    );
    // b charts that column per group; Esc comes back to the group table.
    app.update(Action::BarChart);
    let cs = chart(&app);
    assert_eq!(cs.kind, ChartKind::Bar);
    match &cs.data {
        ChartData::Bars(b) => {
            assert_eq!(b.items.len(), 2);
            assert_eq!(b.missing, 1);
        }
        other => panic!("{other:?}"),
    }
    // Sorting from the chart re-sorts the group table; every bar still names its own group
    // and shows its own figure (bars refer to table rows, read when drawn).
    for _ in 0..2 {
        app.update(Action::SortByCursorColumn);
        let cs = chart(&app);
        let (Some(g), ChartData::Bars(b)) = (cs.from_group.as_deref(), &cs.data) else {
            panic!("no group chart")
        };
        for item in &b.items {
            let (label, text) = g.table.shown(&app.ds, &item.key).unwrap();
            let row = g.table.labels(&app.ds).position(|l| l == label).unwrap();
            assert_eq!(g.table.value(row, target), Some(item.value), "{label}");
            assert_eq!(g.table.text(&app.ds, row, target), text, "{label}");
        }
    }
    app.update(Action::ClearSort);
    app.update(Action::Back);
    app.update(Action::SortByCursorColumn);
    assert_eq!(group(&app), g);
    app.update(Action::Back);
    assert!(app.overlay.is_none());
}

// ---- the "done means", on the bundled data -----------------------------------

#[test]
fn done_compute_over_time_tells_us_and_china_apart_without_colour() {
    let mut app = app_on(bundled());
    app.update(Action::ShowView(ViewKind::Models));
    go_to_column(&mut app, "train_flop");
    app.update(Action::ScatterPlot);
    // FLOP spans decades: the plot opens on a log scale by itself (`L` would switch it off).
    assert!(app.log_scale);
    let ChartData::Scatter(s) = &chart(&app).data else {
        panic!("not a scatter")
    };
    let markers: Vec<(String, char)> = s
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), ui::chart::MARKERS[i]))
        .collect();
    let us = markers.iter().find(|m| m.0 == "US").map(|m| m.1).unwrap();
    let cn = markers.iter().find(|m| m.0 == "CN").map(|m| m.1).unwrap();
    assert_ne!(us, cn);
    let (screen, _) = draw(&mut app, 120, 40);
    assert!(screen.contains("log scale"), "{screen}");
    assert!(
        screen.contains(&format!("{us} US")) && screen.contains(&format!("{cn} CN")),
        "{screen}"
    );
    assert!(screen.contains("1e24") && screen.contains("1e26"), "{screen}");
    // Both markers are on the plot itself, not only in the legend.
    let plot_lines: Vec<&str> = screen.lines().skip(2).take(30).collect();
    assert!(plot_lines.iter().filter(|l| l.contains(us)).count() > 1, "{screen}");
    assert!(plot_lines.iter().filter(|l| l.contains(cn)).count() > 1, "{screen}");
}

#[test]
fn done_bars_on_cost_are_readable_for_every_model_with_a_cost() {
    let ds = bundled();
    let with_cost = ds.models.iter().filter(|m| m.cost_usd.fig.is_some()).count();
    let mut app = app_on(ds);
    go_to_column(&mut app, "cost_usd");
    app.update(Action::BarChart);
    let ChartData::Bars(b) = &chart(&app).data else {
        panic!("not bars")
    };
    assert_eq!(b.items.len(), with_cost);
    let (screen, _) = draw(&mut app, 120, 40);
    assert!(screen.contains("$5.6M"), "{screen}");
    assert!(screen.contains(&format!("{with_cost} bars")), "{screen}");
}

#[test]
fn done_f_on_country_shows_counts_and_sums() {
    let mut app = app_on(bundled());
    go_to_column(&mut app, "country");
    app.update(Action::GroupBy);
    let (screen, _) = draw(&mut app, 120, 40);
    assert!(screen.contains("Group by Country"), "{screen}");
    assert!(screen.contains("Rows"), "{screen}");
    assert!(screen.contains("sum ƒ"), "{screen}");
    let row = |code: &str| {
        screen
            .lines()
            .find(|l| l.contains(&format!(" {code} ")))
            .map(str::to_string)
    };
    assert!(row("US").is_some() && row("CN").is_some(), "{screen}");
}

// ---- render tests ----------------------------------------------------------------------

fn fixture_app_with(view: ViewKind, col: &str, action: Action, log: bool) -> App {
    let mut app = app_on(fixture());
    app.update(Action::ShowView(view));
    go_to_column(&mut app, col);
    // The scale asked for, as `L` would set it (not the one the figures would pick).
    app.log_scale = !log;
    app.update(Action::ToggleLogScale);
    app.update(action);
    app
}

#[test]
fn render_bar_chart_120x40() {
    let mut app = fixture_app_with(ViewKind::Models, "cost_usd", Action::BarChart, false);
    let (screen, _) = draw(&mut app, 120, 40);
    insta::assert_snapshot!(screen);
}

#[test]
fn render_bar_chart_log_40x12() {
    let mut app = fixture_app_with(ViewKind::Models, "train_flop", Action::BarChart, true);
    let (screen, _) = draw(&mut app, 40, 12);
    insta::assert_snapshot!(screen);
}

#[test]
fn render_scatter_log_120x40() {
    let mut app = fixture_app_with(ViewKind::Models, "train_flop", Action::ScatterPlot, true);
    let (screen, buf) = draw(&mut app, 120, 40);
    insta::assert_snapshot!(screen);
    // The cursor's point is marked with its own glyph and reversed, not by colour alone.
    let hl = buf
        .content
        .iter()
        .find(|c| c.symbol() == "◉")
        .expect("cursor point drawn");
    assert!(hl.modifier.contains(Modifier::REVERSED));
}

#[test]
fn render_scatter_40x12() {
    let mut app = fixture_app_with(ViewKind::Models, "train_flop", Action::ScatterPlot, false);
    let (screen, _) = draw(&mut app, 40, 12);
    insta::assert_snapshot!(screen);
}

#[test]
fn render_group_120x40() {
    let mut app = fixture_app_with(ViewKind::Models, "country", Action::GroupBy, false);
    let (screen, _) = draw(&mut app, 120, 40);
    insta::assert_snapshot!(screen);
}

#[test]
fn render_group_40x12() {
    let mut app = fixture_app_with(ViewKind::Models, "country", Action::GroupBy, false);
    let (screen, _) = draw(&mut app, 40, 12);
    insta::assert_snapshot!(screen);
}

#[test]
fn disputed_bars_show_their_range_without_colour() {
    let mut app = fixture_app_with(ViewKind::Models, "cost_usd", Action::BarChart, false);
    let (screen, _) = draw(&mut app, 120, 40);
    // The chart's row (the table shows around the overlay, which is as tall as its bars).
    let v3 = screen
        .lines()
        .find(|l| l.contains("DeepSeek-V3") && l.contains('┤'))
        .unwrap();
    assert!(v3.contains("$5.6M‡"), "{v3}");
    assert!(v3.contains('┤'), "{v3}");
    assert!(v3.contains("‡ $5.6M–$12M"), "{v3}");
}

#[test]
fn long_and_cjk_names_truncate_and_keep_alignment() {
    let mut app = fixture_app_with(ViewKind::Models, "cost_usd", Action::BarChart, false);
    let (_, buf) = draw(&mut app, 120, 40);
    // The bars start in the same screen column on every row, CJK or not.
    let starts: Vec<u16> = (0..buf.area.height)
        .filter_map(|y| (0..buf.area.width).find(|&x| buf[(x, y)].symbol() == "█").map(|_| y))
        .map(|y| (0..buf.area.width).find(|&x| buf[(x, y)].symbol() == "█").unwrap_or(0))
        .collect();
    assert!(starts.len() >= 3);
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{starts:?}");
    let (screen, _) = draw(&mut app, 120, 40);
    assert!(screen.contains('…'), "the long GLM-4 name is cut with …:\n{screen}");
}

#[test]
fn tiny_terminals_never_panic() {
    let mut apps = vec![
        fixture_app_with(ViewKind::Models, "cost_usd", Action::BarChart, false),
        fixture_app_with(ViewKind::Models, "train_flop", Action::ScatterPlot, true),
        fixture_app_with(ViewKind::Models, "country", Action::GroupBy, false),
    ];
    for app in &mut apps {
        for (w, h) in [(1, 1), (20, 6), (21, 7), (30, 8), (2, 40), (200, 3)] {
            draw(app, w, h);
        }
    }
    // The overlay renderers on their own, into areas smaller than the dashboard allows.
    for app in &apps {
        for (w, h) in [(1, 1), (2, 2), (3, 3), (5, 4), (9, 5)] {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            term.draw(|f| {
                let area = f.area();
                ui::chart::render(f, area, app, &Theme::DARK);
                ui::group::render(f, area, app, &Theme::DARK);
            })
            .unwrap();
        }
    }
}

// ---- scale ------------------------------------------------------------------------------

/// 100,000 models: opening a chart is linear work done once; a frame draws only what fits.
/// `cargo test --release --test charts -- --ignored --nocapture` prints the timings.
#[test]
#[ignore = "timing run on a generated 100k-row dataset"]
fn charts_over_100k_rows_stay_fast() {
    use std::fmt::Write as _;
    use std::time::Instant;
    let mut toml = String::from("[[source]]\nid = \"S1\"\ntitle = \"t\"\n\n");
    for (id, country) in [("us", "US"), ("cn", "CN")] {
        writeln!(
            toml,
            "[[lab]]\nid = \"{id}\"\nname = \"Lab {id}\"\ncountry = \"{country}\"\n"
        )
        .unwrap();
    }
    for i in 0..100_000u32 {
        writeln!(
            toml,
            "[[model]]\nid = \"m{i}\"\nlab = \"{}\"\nname = \"Model {i}\"\nreleased = 20{:02}-{:02}-01\ntrain_flop = {}e{}\ncost_usd = {}\n",
            if i % 3 == 0 { "cn" } else { "us" },
            15 + i % 11,
            1 + i % 12,
            1 + i % 9,
            20 + i % 7,
            1000 + i * 37
        )
        .unwrap();
    }
    let t = Instant::now();
    let ds = data::load("big.toml", &toml).unwrap_or_else(|e| panic!("{e:?}"));
    println!("load 100k models: {:?}", t.elapsed());
    let mut app = app_on(ds);
    draw(&mut app, 120, 40);
    for (col, action) in [
        ("cost_usd", Action::BarChart),
        ("train_flop", Action::ScatterPlot),
        ("country", Action::GroupBy),
    ] {
        go_to_column(&mut app, col);
        let t = Instant::now();
        app.update(action);
        let open = t.elapsed();
        let t = Instant::now();
        for _ in 0..10 {
            draw(&mut app, 120, 40);
        }
        println!("{action:?} on {col}: open {open:?}, one frame {:?}", t.elapsed() / 10);
        let t = Instant::now();
        app.update(Action::ToggleLogScale);
        println!("  L (rebuild): {:?}", t.elapsed());
        app.update(Action::Back);
    }
    // The scatter plot with every visible point named (`n`): names are tried at most once
    // per graph cell, however many rows there are.
    go_to_column(&mut app, "train_flop");
    app.update(Action::ScatterPlot);
    app.update(Action::TogglePointLabels);
    let t = Instant::now();
    for _ in 0..10 {
        draw(&mut app, 120, 40);
    }
    println!("ScatterPlot with names: one frame {:?}", t.elapsed() / 10);
}

#[test]
fn a_reload_under_an_open_chart_never_panics_and_refresh_rebuilds_it() {
    let mini = || data::load("mini.toml", include_str!("fixtures/mini.toml")).unwrap();
    for action in [Action::BarChart, Action::ScatterPlot, Action::GroupBy] {
        let mut app = fixture_app_with(ViewKind::Models, "train_flop", action, false);
        // Fewer models than the chart was built on: stale rows must be skipped, not indexed.
        app.replace_data(mini());
        draw(&mut app, 120, 40);
        draw(&mut app, 40, 12);
        labdash::app::chart::refresh(&mut app);
        labdash::app::group::refresh(&mut app);
        if let Some(Overlay::Chart(cs)) = &app.overlay {
            match &cs.data {
                ChartData::Bars(b) => assert!(b.items.iter().all(|i| matches!(i.key, BarKey::Row(r) if r < 3))),
                ChartData::Scatter(s) => assert!(s.index.keys().all(|&r| r < 3)),
                ChartData::Empty(_) => {}
            }
        }
        if let Some(Overlay::Group(g)) = &app.overlay {
            assert_eq!(g.table.total, 3);
        }
        draw(&mut app, 120, 40);
    }
}

#[test]
fn the_scale_follows_the_figures_until_l_picks_one() {
    let mut app = app_on(bundled());
    app.update(Action::ShowView(ViewKind::Models));
    // Training compute spans many decades: log.
    go_to_column(&mut app, "train_flop");
    app.update(Action::BarChart);
    assert!(app.log_scale, "FLOP should open on a log scale");
    app.update(Action::Back);
    // Release-year-like spans within two decades: linear (params of the filtered big models).
    app.update(Action::OpenFilter);
    for c in "params_b>=100".chars() {
        app.update(Action::PromptInput(c));
    }
    app.update(Action::PromptAccept);
    go_to_column(&mut app, "params_b");
    app.update(Action::BarChart);
    assert!(!app.log_scale, "100B–671B should open on a linear scale");
    // `L` picks a scale, and it stays picked for the next chart.
    app.update(Action::ToggleLogScale);
    app.update(Action::Back);
    go_to_column(&mut app, "train_flop");
    app.update(Action::BarChart);
    assert!(app.log_scale);
    app.update(Action::ToggleLogScale);
    app.update(Action::Back);
    app.update(Action::BarChart);
    assert!(!app.log_scale, "the user's linear choice is kept");
    assert!(labdash::app::chart::spans_decades([1.0, 101.0]));
    assert!(!labdash::app::chart::spans_decades([1.0, 100.0, -5.0, 0.0]));
}

#[test]
fn a_claims_value_mixing_metrics_is_not_charted_or_grouped_until_filtered_to_one() {
    let mut app = app_on(bundled());
    app.update(Action::ShowView(ViewKind::Claims));
    go_to_column(&mut app, "value");
    for key in [Action::BarChart, Action::ScatterPlot] {
        app.update(key);
        match &chart(&app).data {
            ChartData::Empty(why) => assert!(
                why.contains("metrics in these rows") && why.contains("/metric="),
                "{why}"
            ),
            other => panic!("chips and dollars on one axis: {other:?}"),
        }
        app.update(Action::Back);
    }
    // Group-by would bin chips and dollars together: refused, with what to do instead.
    app.update(Action::GroupBy);
    assert!(app.overlay.is_none(), "{:?}", app.overlay.is_some());
    let said = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(
        said.contains("mixes metrics") && said.contains("group by metric"),
        "{said}"
    );
    // Grouped by metric, the value is counted, never aggregated across metrics.
    go_to_column(&mut app, "metric");
    app.update(Action::GroupBy);
    let Some(Overlay::Group(g)) = &app.overlay else {
        panic!("no group table")
    };
    assert!(
        g.table.columns.iter().all(|c| !c.header.starts_with("Value")),
        "{:?}",
        g.table.columns.iter().map(|c| &c.header).collect::<Vec<_>>()
    );
    assert!(g.table.method().contains("Value is not aggregated"));
    app.update(Action::Back);
    // Filtered to one metric, the values chart and aggregate.
    let filter = labdash::view::Filter::parse(ViewKind::Claims, "metric=chips").unwrap_or_else(|e| panic!("{e:?}"));
    let query = Query {
        view: ViewKind::Claims,
        filter,
        ..Query::default()
    };
    let mut app = App::new(bundled(), Origin::Bundled, query);
    go_to_column(&mut app, "value");
    app.update(Action::BarChart);
    assert!(matches!(&chart(&app).data, ChartData::Bars(b) if b.items.len() >= 3));
    app.update(Action::Back);
    app.update(Action::GroupBy);
    assert!(
        matches!(&app.overlay, Some(Overlay::Group(g)) if g.table.columns.iter().any(|c| c.header.starts_with("Value")))
    );
}
