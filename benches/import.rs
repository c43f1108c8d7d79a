//! `labdash import epoch` at scale (`cargo bench --bench import`): an export of 2,000 and
//! 10,000 rows built by repeating the rows of the 2025 fixture excerpt (names numbered so
//! every row is its own model), converted, and converted then validated as `check` would.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use labdash::data::{self, PartialDate};
use labdash::import::{self, Curated, Options};

const FIXTURE: &str = include_str!("../tests/fixtures/epoch/notable_ai_models-2025-02-24.csv");

/// The fixture's header and `n` rows, cycling through its rows with numbered names.
fn export(n: usize) -> String {
    let (records, _) = import::csv::records(FIXTURE);
    let Some((header, rows)) = records.split_first() else {
        return String::new();
    };
    let quote = |f: &str| format!("\"{}\"", f.replace('"', "\"\""));
    let mut out = header.fields.iter().map(|f| quote(f)).collect::<Vec<_>>().join(",");
    for i in 0..n {
        let row = &rows[i % rows.len()];
        let cells: Vec<String> = row
            .fields
            .iter()
            .enumerate()
            .map(|(c, f)| if c == 0 { quote(&format!("{f} #{i}")) } else { quote(f) })
            .collect();
        out.push('\n');
        out.push_str(&cells.join(","));
    }
    out
}

fn bench(c: &mut Criterion) {
    let opts = Options {
        shown: "bench.csv",
        file_name: "bench.csv",
        snapshot: PartialDate {
            year: 2025,
            month: Some(2),
            day: Some(24),
        },
        snapshot_how: "bench",
        with_notes: false,
    };
    let mut g = c.benchmark_group("import_epoch");
    g.sample_size(20);
    for n in [2_000, 10_000] {
        let text = export(n);
        g.bench_with_input(BenchmarkId::new("convert", n), &text, |b, t| {
            b.iter(|| import::convert(black_box(t), &opts, &Curated::bundled()).map(|c| c.toml.len()))
        });
        g.bench_with_input(BenchmarkId::new("convert_and_check", n), &text, |b, t| {
            b.iter(|| {
                let c = import::convert(black_box(t), &opts, &Curated::bundled()).unwrap_or_default();
                data::load_whole("bench.toml", &c.toml)
                    .map(|ds| ds.models.len())
                    .unwrap_or(0)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
