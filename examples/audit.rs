//! Lists every figure labdash computes, aggregates or flags on a data file, for a human to
//! check: `cargo run --example audit -- [FILE]` (the bundled data without FILE). Derived
//! cells with their arithmetic, group-by sums/medians/ranges of the Models view by lab, and
//! every disputed (`‡`) figure with the claims behind it.
use labdash::data::{self, Dataset, Kind, RecordRef};
use labdash::view::group::GroupTable;
use labdash::view::{ViewKind, columns, derive, format};

fn main() {
    let ds = match std::env::args().nth(1) {
        Some(path) => match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| data::load(&path, &t).map_err(|d| format!("{} problems", d.len())))
        {
            Ok(ds) => ds,
            Err(e) => {
                eprintln!("{path}: {e}");
                return;
            }
        },
        None => match data::load(data::BUNDLED_NAME, data::BUNDLED) {
            Ok(ds) => ds,
            Err(d) => {
                eprintln!("bundled: {} problems", d.len());
                return;
            }
        },
    };
    derived(&ds);
    groups(&ds);
    disputes(&ds);
}

/// Every derived cell of every view, with the computation for models.
fn derived(ds: &Dataset) {
    println!("## Derived figures (ƒ)\n");
    for view in ViewKind::ALL {
        for (ci, c) in columns::columns(view).iter().enumerate().filter(|(_, c)| c.derived) {
            let _ = ci;
            for r in 0..view.len(ds) as u32 {
                let cell = (c.get)(ds, r);
                let rec = RecordRef {
                    kind: view.kind(),
                    index: r,
                };
                let how = if view == ViewKind::Models {
                    derive::explain(ds, r, c.id).unwrap_or_default()
                } else {
                    String::new()
                };
                if cell.is_missing() && how.is_empty() {
                    continue;
                }
                println!(
                    "- {} `{}` {}: {} — {how}",
                    view.id(),
                    ds.id_of(rec),
                    c.id,
                    format::cell_text(&cell)
                );
            }
        }
    }
    // Figures that come from derived claims (ƒ on a stated column).
    for (i, m) in ds.models.iter().enumerate() {
        for (metric, s) in [
            ("gpu_hours", &m.gpu_hours),
            ("chips", &m.chips),
            ("cost_usd", &m.cost_usd),
            ("train_flop", &m.train_flop),
        ] {
            if s.provenance == data::Provenance::Computed {
                let claim = s.claim.and_then(|c| ds.claims.get(c as usize));
                println!(
                    "- models `{}` {metric} (derived claim {}): {} = {}",
                    ds.id_of(RecordRef {
                        kind: Kind::Model,
                        index: i as u32
                    }),
                    claim.map_or("?", |c| c.id.as_str()),
                    format::cell_text(&labdash::view::Cell::slot(s, data::Unit::Count)),
                    claim.and_then(|c| c.formula.as_deref()).unwrap_or("")
                );
            }
        }
    }
    println!();
}

/// Group-by of the Models view by lab: every aggregate cell.
fn groups(ds: &Dataset) {
    println!("## Group-by aggregates (Models by lab)\n");
    let Some(by) = columns::find(ViewKind::Models, "lab") else {
        return;
    };
    let rows: Vec<u32> = (0..ds.models.len() as u32).collect();
    let t = GroupTable::build(ds, ViewKind::Models, &rows, by);
    for g in 0..t.len() {
        let cells: Vec<String> = (2..t.columns.len())
            .filter(|&c| t.value(g, c).is_some())
            .map(|c| format!("{} = {}", t.columns[c].header, t.text(ds, g, c)))
            .collect();
        println!(
            "- {} ({} models): {}",
            t.label(ds, g),
            t.text(ds, g, 1),
            cells.join("; ")
        );
    }
    println!();
}

/// Every disputed figure on a record, with the claims about it.
fn disputes(ds: &Dataset) {
    println!("## Disputed figures (‡)\n");
    for view in ViewKind::ALL {
        if view == ViewKind::Claims {
            continue;
        }
        for c in columns::columns(view).iter().filter(|c| !c.derived) {
            for r in 0..view.len(ds) as u32 {
                let cell = (c.get)(ds, r);
                if !cell.marks.disputed {
                    continue;
                }
                let rec = RecordRef {
                    kind: view.kind(),
                    index: r,
                };
                let claims: Vec<String> = ds
                    .claims_for(rec, c.id)
                    .iter()
                    .filter_map(|&i| ds.claims.get(i as usize))
                    .filter(|cl| cl.figure.is_some())
                    .map(|cl| {
                        let f = cl
                            .figure
                            .map_or(String::new(), |f| format::figure(&f, cl.metric.unit, cl.currency));
                        format!(
                            "{} {f} ({}{})",
                            cl.id,
                            cl.claimant,
                            cl.basis.as_deref().map_or(String::new(), |b| format!(", {b}"))
                        )
                    })
                    .collect();
                println!(
                    "- {} `{}` {}: {} — {}",
                    view.id(),
                    ds.id_of(rec),
                    c.id,
                    format::cell_text(&cell),
                    claims.join(" · ")
                );
            }
        }
    }
}
