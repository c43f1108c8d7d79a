//! Issue 18's keystrokes, each with its 200×60 frame, on one data file after the idle-time
//! preparation the dashboard does (text index, sort ranks, figure arrays):
//! `LABDASH_BENCH_FILE=/tmp/copies100k.toml cargo bench --bench keystrokes` (a file written by
//! `examples/copies` or `examples/gen`; without one, 100k generated models).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use labdash::app::{Action, App};
use labdash::load::Origin;
use labdash::ui::{self, Theme};
use labdash::view::{Query, ViewKind, columns};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn frame(term: &mut Terminal<TestBackend>, app: &mut App) {
    let mut drawn = ui::Drawn::default();
    term.draw(|f| drawn = ui::draw(f, app, &Theme::DARK))
        .unwrap_or_else(|e| panic!("{e}"));
    app.geometry = drawn.geometry;
    app.header_hits = drawn.header_hits;
}

fn benches(c: &mut Criterion) {
    let (name, origin) = match std::env::var("LABDASH_BENCH_FILE") {
        Ok(path) => (path.clone(), Origin::File(path.into())),
        Err(_) => {
            let path = std::env::temp_dir().join("labdash-keystrokes-100k.toml");
            let text = labdash::generate::dataset(labdash::generate::Sizes::models(100_000), 42);
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
            ("gen100k".to_string(), Origin::File(path))
        }
    };
    let ds = labdash::load::load(&origin).unwrap_or_else(|f| panic!("{}", f.message));
    let models = ds.models.len();
    let mut app = App::new(ds, origin, Query::default());
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|e| panic!("{e}"));
    frame(&mut term, &mut app);
    let label = std::path::Path::new(&name)
        .file_stem()
        .map_or(name.clone(), |s| s.to_string_lossy().into_owned());
    let mut g = c.benchmark_group(format!("keystrokes/{label}/{models}"));
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    let col = |view: ViewKind, id: &str| columns::find(view, id).unwrap_or(0);
    let mut key =
        |name: &str, view: ViewKind, at: &[&str], actions: &[Action], g: &mut criterion::BenchmarkGroup<'_, _>| {
            app.update(Action::ShowView(view));
            app.warm_up(&|| false);
            let cols: Vec<usize> = at.iter().map(|id| col(view, id)).collect();
            g.bench_function(name, |b| {
                b.iter(|| {
                    // One keystroke per column: each is the first sort by it (the previous sort
                    // was by the other column).
                    for &c in &cols {
                        app.state_mut().col = c;
                        for &a in actions {
                            app.update(a);
                        }
                        frame(&mut term, &mut app);
                    }
                    black_box(app.state().rows.len())
                })
            });
            app.update(Action::ClearSort);
        };
    let sort = [Action::SortByCursorColumn];
    key("sort_name_then_lab", ViewKind::Models, &["name", "lab"], &sort, &mut g);
    key(
        "sort_lab_then_country",
        ViewKind::Models,
        &["lab", "country"],
        &sort,
        &mut g,
    );
    key(
        "claims_sort_claimant_then_source",
        ViewKind::Claims,
        &["claimant", "source"],
        &sort,
        &mut g,
    );
    key(
        "claims_sort_subject_then_value",
        ViewKind::Claims,
        &["subject", "value"],
        &sort,
        &mut g,
    );
    let open_close = |open| [open, Action::Back];
    key(
        "bar_chart_chips",
        ViewKind::Models,
        &["chips"],
        &open_close(Action::BarChart),
        &mut g,
    );
    key(
        "group_by_country",
        ViewKind::Models,
        &["country"],
        &open_close(Action::GroupBy),
        &mut g,
    );
    key(
        "group_by_lab",
        ViewKind::Models,
        &["lab"],
        &open_close(Action::GroupBy),
        &mut g,
    );
    g.finish();
}

criterion_group!(suite, benches);
criterion_main!(suite);
