//! Times what a user does on a data file, each step including the frame it causes:
//! `cargo run --release --example probe -- FILE`. (The criterion suite, `cargo bench`, measures
//! the same on generated data with statistics; this reports one file, e.g. a 1M-model one.)
use std::time::{Duration, Instant};

use labdash::app::{Action, App};
use labdash::load::Origin;
use labdash::ui::{self, Theme};
use labdash::view::{Query, ViewKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cold = args.iter().any(|a| a == "--cold");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")).cloned() else {
        eprintln!("usage: probe [--cold] FILE");
        return;
    };
    // Loaded as `labdash check` and the dashboard load it.
    let origin = Origin::File(path.clone().into());
    let t = Instant::now();
    let ds = match labdash::load::load(&origin) {
        Ok(ds) => ds,
        Err(f) => {
            eprintln!("{}", f.message);
            return;
        }
    };
    println!("{path}: load {:?}", t.elapsed());
    let mut app = App::new(ds, origin, Query::default());
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|e| match e {});
    let mut step = |name: &str, actions: &[Action], app: &mut App| {
        let t = Instant::now();
        for &a in actions {
            app.update(a);
        }
        let mut drawn = ui::Drawn::default();
        let _ = term.draw(|f| drawn = ui::draw(f, app, &Theme::DARK));
        app.geometry = drawn.geometry;
        app.header_hits = drawn.header_hits;
        let d: Duration = t.elapsed();
        println!("{name:<34} {:>9.2} ms", d.as_secs_f64() * 1e3);
    };
    let idle = |name: &str, app: &mut App| {
        if cold {
            return;
        }
        let t = Instant::now();
        app.warm_up(&|| false);
        println!("{name:<34} {:>9.2} ms", t.elapsed().as_secs_f64() * 1e3);
    };
    step("first frame", &[], &mut app);
    idle("models: idle warm-up (not a key)", &mut app);
    step("move down", &[Action::MoveDown], &mut app);
    step("page down", &[Action::PageDown], &mut app);
    step("sort by name (text)", &[Action::SortByCursorColumn], &mut app);
    step("reverse that sort", &[Action::SortByCursorColumn], &mut app);
    let col = |id: &str| labdash::view::columns::find(ViewKind::Models, id).unwrap_or(0);
    for id in ["lab", "country", "chip", "released", "est_flop"] {
        app.state_mut().col = col(id);
        step(&format!("sort by {id}"), &[Action::SortByCursorColumn], &mut app);
    }
    let chips = labdash::view::columns::find(ViewKind::Models, "chips").unwrap_or(0);
    app.state_mut().col = chips;
    step("sort by chips (number)", &[Action::SortByCursorColumn], &mut app);
    step("open the filter prompt", &[Action::OpenFilter], &mut app);
    for (i, c) in "atlas".chars().enumerate() {
        step(
            &format!("type filter char {} ('{c}')", i + 1),
            &[Action::PromptInput(c)],
            &mut app,
        );
    }
    println!(
        "{:<34} {:>9.2} MB",
        "  (projection caches held)",
        app.cache_bytes() as f64 / 1e6
    );
    step("backspace in the filter", &[Action::PromptBackspace], &mut app);
    step("Esc: cancel the filter", &[Action::Back], &mut app);
    step("filter chips>1000 (typed at once)", &[Action::OpenFilter], &mut app);
    for c in "chips>1000".chars() {
        app.update(Action::PromptInput(c));
    }
    step("… Enter", &[Action::PromptAccept], &mut app);
    step("Esc: clear filter", &[Action::Back], &mut app);
    step("switch view (Claims)", &[Action::ShowView(ViewKind::Claims)], &mut app);
    step(
        "switch view back (Models)",
        &[Action::ShowView(ViewKind::Models)],
        &mut app,
    );
    step("open bar chart (b)", &[Action::BarChart], &mut app);
    step("bars: scroll (j)", &[Action::MoveDown], &mut app);
    step("log scale (L)", &[Action::ToggleLogScale], &mut app);
    step("back to linear (L)", &[Action::ToggleLogScale], &mut app);
    step("close chart", &[Action::Back], &mut app);
    step("open scatter (p)", &[Action::ScatterPlot], &mut app);
    step("scatter: next point (j)", &[Action::MoveDown], &mut app);
    step("scatter log scale (L)", &[Action::ToggleLogScale], &mut app);
    step("scatter linear (L)", &[Action::ToggleLogScale], &mut app);
    step("close scatter", &[Action::Back], &mut app);
    app.state_mut().col = col("est_flop");
    step("bar chart, derived col (b)", &[Action::BarChart], &mut app);
    step("close chart", &[Action::Back], &mut app);
    app.state_mut().col = col("country");
    step("bar chart, text col (b)", &[Action::BarChart], &mut app);
    step("close chart", &[Action::Back], &mut app);
    app.state_mut().col = col("name");
    step("bar chart, name col (b, 100k bars)", &[Action::BarChart], &mut app);
    step("close chart", &[Action::Back], &mut app);
    app.state_mut().col = col("country");
    step("group by country (F)", &[Action::GroupBy], &mut app);
    step("group: next row (j)", &[Action::MoveDown], &mut app);
    step("group: bar chart (b)", &[Action::BarChart], &mut app);
    step("close group", &[Action::Back, Action::Back], &mut app);
    app.state_mut().col = col("lab");
    step("group by lab (F)", &[Action::GroupBy], &mut app);
    step("close group", &[Action::Back], &mut app);
    app.state_mut().col = col("released");
    step("group by released (F)", &[Action::GroupBy], &mut app);
    step("close group", &[Action::Back], &mut app);
    app.state_mut().col = col("name");
    step("group by name (F, 100k groups)", &[Action::GroupBy], &mut app);
    step("group: bar chart of counts (b)", &[Action::BarChart], &mut app);
    step("close chart", &[Action::Back], &mut app);
    step(
        "group: sort by name (s on key)",
        &[Action::ColumnLeft, Action::SortByCursorColumn],
        &mut app,
    );
    step("group: reverse (s)", &[Action::SortByCursorColumn], &mut app);
    step(
        "group: sort by 3rd column (s)",
        &[Action::ColumnRight, Action::ColumnRight, Action::SortByCursorColumn],
        &mut app,
    );
    step("close group", &[Action::Back], &mut app);
    // The same with the rows in file order (no sort): the figures are read in order.
    step("file order again (clear sort)", &[Action::ClearSort], &mut app);
    app.state_mut().col = col("country");
    step("group by country, file order", &[Action::GroupBy], &mut app);
    step("close group", &[Action::Back], &mut app);
    app.state_mut().col = col("chips");
    step("bar chart chips, file order", &[Action::BarChart], &mut app);
    step("close chart", &[Action::Back], &mut app);
    step(
        "mark two rows, compare (c)",
        &[Action::ToggleMark, Action::ToggleMark, Action::Compare],
        &mut app,
    );
    step("close compare", &[Action::Back], &mut app);
    step("details (Enter)", &[Action::OpenDetails], &mut app);
    step("close details", &[Action::Back], &mut app);
    // The largest view (3 claims a model) typed into the same way.
    step(
        "switch view (Claims) again",
        &[Action::ShowView(ViewKind::Claims)],
        &mut app,
    );
    idle("claims: idle warm-up (not a key)", &mut app);
    for id in ["claimant", "source", "subject", "value", "date"] {
        app.state_mut().col = labdash::view::columns::find(ViewKind::Claims, id).unwrap_or(0);
        step(
            &format!("claims: sort by {id}"),
            &[Action::SortByCursorColumn],
            &mut app,
        );
    }
    app.state_mut().col = 0;
    step("claims: file order again", &[Action::ClearSort], &mut app);
    step("claims: open the filter prompt", &[Action::OpenFilter], &mut app);
    for (i, c) in "atlas".chars().enumerate() {
        step(
            &format!("claims: type filter char {} ('{c}')", i + 1),
            &[Action::PromptInput(c)],
            &mut app,
        );
    }
    step("claims: backspace", &[Action::PromptBackspace], &mut app);
    step("claims: Esc", &[Action::Back], &mut app);
    println!(
        "{:<34} {:>9.2} MB",
        "  (projection caches held)",
        app.cache_bytes() as f64 / 1e6
    );
    // Peak resident memory of the whole run (Linux).
    if let Some(hwm) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).map(str::to_string))
    {
        println!("{hwm}");
    }
}
