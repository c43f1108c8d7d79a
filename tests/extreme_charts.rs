//! Charts of figures at the ends of the f64 range (issue 17.6): the largest finite values and
//! the smallest subnormal, mixed with ordinary ones, on log and linear axes — every point
//! where it belongs, every tick label a number (never NaN, inf or a runaway exponent).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use labdash::app::{Action, App};
use labdash::data::{self, Dataset};
use labdash::load::Origin;
use labdash::ui::{self, Theme};
use labdash::view::columns::find;
use labdash::view::{Query, ViewKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const FIXTURE: &str = include_str!("fixtures/extreme.toml");

fn fixture() -> Dataset {
    data::load("extreme.toml", FIXTURE).unwrap_or_else(|e| panic!("fixture: {e:?}"))
}

/// The models view with the column cursor on `col` and a chart opened by `action` on the
/// scale asked for.
fn app_with(col: &str, action: Action, log: bool) -> App {
    let mut app = App::new(fixture(), Origin::Bundled, Query::default());
    app.update(Action::ShowView(ViewKind::Models));
    let target = find(app.view, col).unwrap_or_else(|| panic!("no column {col}"));
    for _ in 0..40 {
        app.update(Action::ColumnLeft);
    }
    for _ in 0..target {
        app.update(Action::ColumnRight);
    }
    app.log_scale = !log;
    app.update(Action::ToggleLogScale);
    app.update(action);
    app
}

fn draw(app: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    ui::draw_frame(&mut term, app, &Theme::DARK).unwrap();
    ui::text::buffer_text(term.backend().buffer())
}

/// The y-axis tick labels of a scatter plot (the text before each `┤`).
fn y_labels(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| {
            l.split_once('┤')
                .map(|(a, _)| a.trim_start_matches([' ', '│']).trim().to_string())
        })
        .collect()
}

/// Whether a label reads as a number: digits, separators, a decimal point, an exponent.
fn numeric(label: &str) -> bool {
    let body = label.replace(',', "");
    let (m, e) = body.split_once('e').unwrap_or((&body, "0"));
    m.parse::<f64>().is_ok_and(f64::is_finite) && e.parse::<i32>().is_ok_and(|e| e.abs() < 1000)
}

fn assert_no_noise(screen: &str) {
    for bad in ["NaN", "inf", "overflow", "e2147483647", "e-2147483648"] {
        assert!(!screen.contains(bad), "`{bad}` on screen:\n{screen}");
    }
}

/// The screen rows (top to bottom) holding `marker` inside the plot.
fn rows_of(screen: &str, marker: char) -> Vec<usize> {
    let (top, bottom) = plot_rows(screen);
    screen
        .lines()
        .enumerate()
        .filter(|(i, l)| (top..=bottom).contains(i) && l.contains(marker))
        .map(|(i, _)| i)
        .collect()
}

/// The plot's first and last rows: the top tick's row and the x axis line above the years.
fn plot_rows(screen: &str) -> (usize, usize) {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines.iter().position(|l| l.contains('┤')).expect("a y tick");
    let axis = lines
        .iter()
        .position(|l| l.contains('└') && l.contains('┬'))
        .expect("an x axis");
    (top, axis - 1)
}

#[test]
fn the_fixture_is_valid_and_holds_both_ends_of_the_range() {
    let ds = fixture();
    let chips = find(ViewKind::Models, "chips").unwrap();
    let values: Vec<f64> = (0..ds.models.len() as u32)
        .filter_map(|i| (labdash::view::columns(ViewKind::Models)[chips].get)(&ds, i).number())
        .collect();
    assert!(values.contains(&f64::MAX) && values.contains(&1e308));
    assert!(values.contains(&5e-324) && values.contains(&2048.0));
}

#[test]
fn a_log_scatter_from_5e_324_to_1_8e308_places_every_point_and_labels_every_tick() {
    let mut app = app_with("chips", Action::ScatterPlot, true);
    let screen = draw(&mut app, 100, 30);
    assert_no_noise(&screen);
    let labels = y_labels(&screen);
    assert!(labels.len() >= 3, "{labels:?}\n{screen}");
    assert!(labels.iter().all(|l| numeric(l)), "{labels:?}");
    let (top, bottom) = plot_rows(&screen);
    // Huge (1e308, the cursor) and Largest (1.8e308, US ▲) near the top; Ordinary (2,048,
    // FR ●) in the middle; Tiny (5e-324, FR ●) near the bottom: not all on the bottom line.
    let cursor = rows_of(&screen, '◉');
    let us = rows_of(&screen, '▲');
    let fr = rows_of(&screen, '●');
    assert_eq!((cursor.len(), us.len(), fr.len()), (1, 1, 2), "{screen}");
    let height = (bottom - top) as f64;
    let at = |row: usize| (bottom - row) as f64 / height;
    assert!(at(cursor[0]) > 0.8 && at(us[0]) > 0.8, "{screen}");
    assert!((0.3..0.7).contains(&at(fr[0])), "2,048 sits mid-axis: {screen}");
    assert!(at(fr[1]) < 0.2, "5e-324 sits at the bottom: {screen}");
}

#[test]
fn a_linear_scatter_up_to_the_largest_f64_places_points_by_value() {
    let mut app = app_with("chips", Action::ScatterPlot, false);
    let screen = draw(&mut app, 100, 30);
    assert_no_noise(&screen);
    let labels = y_labels(&screen);
    assert!(labels.iter().all(|l| numeric(l)), "{labels:?}");
    assert!(
        labels.contains(&"1.8e308".to_string()),
        "the axis ends on the largest value: {labels:?}"
    );
    let (top, bottom) = plot_rows(&screen);
    let height = (bottom - top) as f64;
    let at = |row: usize| (bottom - row) as f64 / height;
    let us = rows_of(&screen, '▲');
    let cursor = rows_of(&screen, '◉');
    assert_eq!(us, vec![top], "1.8e308 on the top line: {screen}");
    // 1e308 is 56% of 1.8e308.
    assert!((0.45..0.65).contains(&at(cursor[0])), "{}: {screen}", at(cursor[0]));
    // 2,048 and 5e-324 are zero at this scale.
    assert!(rows_of(&screen, '●').iter().all(|&r| r == bottom), "{screen}");
}

#[test]
fn bars_of_extreme_figures_have_sane_lengths_and_labels() {
    for log in [true, false] {
        let mut app = app_with("chips", Action::BarChart, log);
        let screen = draw(&mut app, 100, 30);
        assert_no_noise(&screen);
        let bar = |name: &str| {
            let line = screen
                .lines()
                .find(|l| l.contains(name))
                .unwrap_or_else(|| panic!("{name}: {screen}"));
            line.chars().filter(|c| *c == '█').count()
        };
        let (largest, huge, ordinary) = (bar("Largest"), bar("Huge"), bar("Ordinary"));
        assert!(largest > 50 && huge <= largest, "{screen}");
        if log {
            // Every ×10 the same length: 2,048 about halfway along 330 decades from 1e-325.
            assert!(ordinary > largest / 3 && ordinary < largest * 2 / 3, "{screen}");
            assert!(screen.contains("log: bars start at 1e-325"), "{screen}");
        } else {
            assert_eq!(ordinary, 0);
            assert!(huge > largest / 2 && huge < largest * 2 / 3, "{screen}");
        }
    }
}

#[test]
fn details_spell_extreme_figures_exactly_and_briefly() {
    let mut app = App::new(fixture(), Origin::Bundled, Query::default());
    app.update(Action::ShowView(ViewKind::Models));
    let mut seen = String::new();
    for _ in 0..4 {
        app.update(Action::OpenDetails);
        seen.push_str(&draw(&mut app, 100, 40));
        app.update(Action::Back);
        app.update(Action::MoveDown);
    }
    assert_no_noise(&seen);
    assert!(seen.contains("1.8e308   (exactly 1.7976931348623157e308)"), "{seen}");
    assert!(seen.contains("4.94e-324   (exactly 5e-324)"), "{seen}");
    assert!(seen.contains("1e25B") && seen.contains("1e40"), "{seen}");
    // No runaway digits (5e-324 written out is 324 of them), no extreme value cut to zero.
    let longest = seen
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(longest <= 17, "a run of {longest} digits:\n{seen}");
    assert!(!seen.contains("Chips                  0"), "{seen}");
}

#[test]
fn render_scatter_log_extremes_80x24() {
    let mut app = app_with("chips", Action::ScatterPlot, true);
    insta::assert_snapshot!(draw(&mut app, 80, 24));
}

#[test]
fn render_bars_log_extremes_80x16() {
    let mut app = app_with("chips", Action::BarChart, true);
    insta::assert_snapshot!(draw(&mut app, 80, 16));
}

#[test]
fn group_sums_that_overflow_say_so_and_medians_do_not_overflow() {
    let mut app = app_with("country", Action::GroupBy, false);
    let screen = draw(&mut app, 160, 14);
    let us = screen
        .lines()
        .find(|l| l.contains(" US "))
        .unwrap_or_else(|| panic!("{screen}"));
    let cells: Vec<&str> = us.split_whitespace().collect();
    // Country, rows, then the chips sum (1e308 + 1.8e308) and later the chips median.
    assert_eq!(cells[3], "overflow", "{us}");
    assert!(us.contains("1.4e308"), "the median of 1e308 and 1.8e308: {us}");
    assert!(!screen.contains("inf") && !screen.contains("NaN"), "{screen}");
}
