//! The performance suite (`cargo bench`): load, project (sort/filter), one frame of each view
//! and overlay, keystrokes including their frame, and a reload — on generated datasets of
//! 1k and 100k models (`LABDASH_BENCH_SIZES=1000,100000,1000000` to choose). The raw `toml`
//! deserialisation of the same text into plain serde structs is measured alongside, so load
//! overhead reads as a ratio. Peak memory: `examples/memstat.rs` (a counting allocator) and
//! `/usr/bin/time -v labdash check FILE`; one file step by step: `examples/probe.rs`.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use labdash::app::{Action, App};
use labdash::data;
use labdash::generate::{Sizes, dataset};
use labdash::load::Origin;
use labdash::ui::{self, Theme};
use labdash::view::{self, Filter, Query, SortDir, SortSpec, ViewKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Plain structs for the reference parse: what a straightforward serde reader would build.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct RawFile {
    #[serde(default)]
    source: Vec<HashMap<String, toml::Value>>,
    #[serde(default)]
    chip: Vec<HashMap<String, toml::Value>>,
    #[serde(default)]
    lab: Vec<HashMap<String, toml::Value>>,
    #[serde(default)]
    model: Vec<HashMap<String, toml::Value>>,
    #[serde(default)]
    compute: Vec<HashMap<String, toml::Value>>,
    #[serde(default)]
    event: Vec<HashMap<String, toml::Value>>,
    #[serde(default)]
    claim: Vec<HashMap<String, toml::Value>>,
}

fn sizes() -> Vec<usize> {
    std::env::var("LABDASH_BENCH_SIZES")
        .ok()
        .map(|s| {
            s.split(',')
                .filter_map(|n| n.trim().replace('_', "").parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![1_000, 100_000])
}

fn app_for(text: &str) -> App {
    let ds = data::load("bench.toml", text).unwrap_or_else(|d| panic!("{:?}", d.first()));
    App::new(ds, Origin::File("bench.toml".into()), Query::default())
}

fn frame(term: &mut Terminal<TestBackend>, app: &mut App) {
    let mut drawn = ui::Drawn::default();
    term.draw(|f| drawn = ui::draw(f, app, &Theme::DARK))
        .unwrap_or_else(|e| panic!("{e}"));
    app.geometry = drawn.geometry;
    app.header_hits = drawn.header_hits;
}

fn col(id: &str) -> usize {
    view::columns::find(ViewKind::Models, id).unwrap_or(0)
}

fn benches(c: &mut Criterion) {
    for n in sizes() {
        let text = dataset(Sizes::models(n), 42);
        let big = n >= 100_000;

        let mut g = c.benchmark_group(format!("load/{n}"));
        g.sample_size(if big { 10 } else { 30 })
            .measurement_time(Duration::from_secs(if big { 40 } else { 5 }));
        // Parsing a whole document at once takes ~33× its size (≈ 25 GiB at 1M models): the
        // reference parses are skipped past 300k models, where they would not fit in memory.
        if n <= 300_000 {
            g.bench_function("raw_toml_serde_structs", |b| {
                b.iter(|| black_box(toml::from_str::<RawFile>(&text).map(|r| r.model.len()).unwrap_or(0)))
            });
            g.bench_function("toml_spanned_tree", |b| {
                b.iter(|| black_box(toml::de::DeTable::parse(&text).map(|t| t.get_ref().len()).unwrap_or(0)))
            });
        }
        g.bench_function("full_load", |b| {
            b.iter(|| black_box(data::load("bench.toml", &text).map(|d| d.models.len())))
        });
        // As `labdash check` and the dashboard load a file: one scan of the file, then its
        // chunks read from it and validated on all cores (never all its text in memory).
        let path = std::env::temp_dir().join(format!("labdash-bench-{n}.toml"));
        if std::fs::write(&path, &text).is_ok() {
            let origin = Origin::File(path.clone());
            g.bench_function("full_load_from_file", |b| {
                b.iter(|| black_box(labdash::load::load(&origin).map(|d| d.models.len()).ok()))
            });
        }
        g.finish();
        let _ = std::fs::remove_file(&path);

        let ds = data::load("bench.toml", &text).unwrap_or_else(|d| panic!("{:?}", d.first()));
        let mut g = c.benchmark_group(format!("project/{n}"));
        g.sample_size(if big { 20 } else { 50 });
        let q = |sort: Option<(&str, SortDir)>, filter: &str| Query {
            view: ViewKind::Models,
            sort: sort.map(|(id, dir)| SortSpec { col: col(id), dir }),
            filter: Filter::parse(ViewKind::Models, filter).unwrap_or_default(),
        };
        let cases = [
            ("sort_numeric_chips", q(Some(("chips", SortDir::Desc)), "")),
            ("sort_text_name", q(Some(("name", SortDir::Asc)), "")),
            ("filter_free_text", q(None, "atlas")),
            ("filter_chips_gt_1000", q(None, "chips>1000")),
        ];
        for (name, query) in &cases {
            g.bench_with_input(BenchmarkId::from_parameter(name), query, |b, q| {
                b.iter(|| black_box(view::project(&ds, q).len()))
            });
        }
        // As the dashboard filters once a free-text term has indexed the view.
        let index = view::search::TextIndex::build(&ds, ViewKind::Models);
        let free_text = q(None, "atlas");
        g.bench_function("filter_free_text_indexed", |b| {
            b.iter(|| black_box(view::project_with(&ds, &free_text, index.as_ref()).len()))
        });
        g.bench_function("free_text_index_build", |b| {
            b.iter(|| black_box(view::search::TextIndex::build(&ds, ViewKind::Models).map(|i| i.bytes())))
        });
        g.finish();

        let mut g = c.benchmark_group(format!("frame_200x60/{n}"));
        g.sample_size(if big { 20 } else { 50 });
        let setups: [(&str, Vec<Action>); 6] = [
            ("table", vec![]),
            ("details", vec![Action::OpenDetails]),
            (
                "bar_chart",
                vec![Action::ColumnRight; 10]
                    .into_iter()
                    .chain([Action::BarChart])
                    .collect(),
            ),
            (
                "scatter",
                vec![Action::ColumnRight; 10]
                    .into_iter()
                    .chain([Action::ScatterPlot])
                    .collect(),
            ),
            ("compare", vec![Action::ToggleMark, Action::ToggleMark, Action::Compare]),
            (
                "group_by_country",
                vec![Action::ColumnRight, Action::ColumnRight, Action::GroupBy],
            ),
        ];
        for (name, actions) in setups {
            let mut app = app_for(&text);
            let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|e| panic!("{e}"));
            frame(&mut term, &mut app);
            for a in actions {
                app.update(a);
            }
            g.bench_function(name, |b| b.iter(|| frame(&mut term, &mut app)));
        }
        g.finish();

        // A keystroke = update + the frame it causes, as the user feels it.
        let mut g = c.benchmark_group(format!("keystroke_200x60/{n}"));
        g.sample_size(if big { 20 } else { 50 });
        let mut app = app_for(&text);
        let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|e| panic!("{e}"));
        frame(&mut term, &mut app);
        let mut key = |name: &str, actions: &[Action], g: &mut criterion::BenchmarkGroup<'_, _>, app: &mut App| {
            g.bench_function(name, |b| {
                b.iter(|| {
                    for &a in actions {
                        app.update(a);
                    }
                    frame(&mut term, app);
                })
            });
        };
        key("move_down_up", &[Action::MoveDown, Action::MoveUp], &mut g, &mut app);
        key("page_down_up", &[Action::PageDown, Action::PageUp], &mut g, &mut app);
        key("sort_or_reverse_chips", &[Action::SortByCursorColumn], &mut g, &mut app);
        key("view_switch", &[Action::NextView], &mut g, &mut app);
        // Back to the Models view, wherever the switches stopped.
        app.update(Action::ShowView(ViewKind::Models));
        key(
            "filter_type_char_then_backspace",
            &[
                Action::OpenFilter,
                Action::PromptInput('a'),
                Action::PromptBackspace,
                Action::Back,
            ],
            &mut g,
            &mut app,
        );
        // Opening (and closing) what is computed over the whole view, on the chips column.
        app.state_mut().col = col("chips");
        key(
            "open_and_close_bar_chart",
            &[Action::BarChart, Action::Back],
            &mut g,
            &mut app,
        );
        key(
            "open_and_close_scatter",
            &[Action::ScatterPlot, Action::Back],
            &mut g,
            &mut app,
        );
        key(
            "mark_two_compare_close_unmark",
            &[
                Action::ToggleMark,
                Action::ToggleMark,
                Action::Compare,
                Action::Back,
                Action::MoveUp,
                Action::MoveUp,
                Action::ToggleMark,
                Action::ToggleMark,
            ],
            &mut g,
            &mut app,
        );
        app.state_mut().col = col("country");
        key(
            "group_by_country_and_close",
            &[Action::GroupBy, Action::Back],
            &mut g,
            &mut app,
        );
        g.finish();

        // The edit loop: one figure changed and saved as an editor saves (a new file renamed
        // over the old), then reloaded under the dashboard — only the changed chunk is parsed
        // again. Files under 2 MB are read whole (no chunks).
        if big {
            reload_edit(c, n, &text);
        }

        let mut g = c.benchmark_group(format!("reload_unchanged/{n}"));
        g.sample_size(10)
            .measurement_time(Duration::from_secs(if big { 40 } else { 5 }));
        let mut app = app_for(&text);
        g.bench_function("load_and_replace", |b| {
            b.iter(|| {
                if let Ok(ds) = data::load("bench.toml", &text) {
                    app.replace_data(ds);
                }
            })
        });
        g.finish();
    }
}

/// `reload_edit/{n}/one_figure`: the file saved with one model's `chips` changed (alternately
/// back), then `runner::reload` until the new data is in the app (the frame not included).
fn reload_edit(c: &mut Criterion, n: usize, text: &str) {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("labdash-bench-edit-{n}.toml"));
    let tmp = dir.join(format!("labdash-bench-edit-{n}.toml~"));
    let mid = format!("id = \"m{}\"\n", n / 2);
    let Some(at) = text
        .find(&mid)
        .and_then(|i| text[i..].find("\nchips = ").map(|j| i + j + 1))
    else {
        return;
    };
    let edited = format!("{}chips = 1{}", &text[..at], &text[at + "chips = ".len()..]);
    let origin = Origin::File(path.clone());
    if std::fs::write(&path, text).is_err() {
        return;
    }
    let Ok(ds) = labdash::load::load(&origin) else { return };
    let mut app = App::new(ds, origin, Query::default());
    let texts = [edited, text.to_string()];
    let mut k = 0;
    let mut g = c.benchmark_group(format!("reload_edit/{n}"));
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("one_figure", |b| {
        b.iter_batched(
            || {
                k ^= 1;
                if std::fs::write(&tmp, &texts[k]).is_ok() {
                    let _ = std::fs::rename(&tmp, &path);
                }
            },
            |()| labdash::runner::reload(&mut app),
            criterion::BatchSize::PerIteration,
        )
    });
    g.finish();
    let _ = std::fs::remove_file(&path);
}

criterion_group!(suite, benches);
criterion_main!(suite);
