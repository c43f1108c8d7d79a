//! Writes a large file that `examples/gen` did not write, as issue 18 reproduces "any file":
//! `cargo run --release --example copies -- [--models N] [--from FILE] --out FILE`.
//!
//! The data file (default `data/labs.toml`) with its models replaced by N copies of its own
//! models (default 100,000): copy 0 is the originals unchanged (so every claim still resolves),
//! copy i ≥ 1 suffixes ids with `-xi` and names with ` #i` and scales every figure by
//! 1 + (i mod 98) / 100 (1–1.97). The whole is written by the `toml` crate's serializer, whose
//! layout (tables in key order, models last, keys sorted, inline figure tables) differs from
//! the generator's.

use std::process::ExitCode;

use toml::{Table, Value};

/// A model's figure keys (data/SCHEMA.md): a number, or a table of `value` / `min` / `max`.
const FIGURES: [&str; 7] = [
    "params_b",
    "active_params_b",
    "tokens_t",
    "chips",
    "gpu_hours",
    "train_flop",
    "cost_usd",
];

/// A figure times `factor`; integers stay integers (rounded), so counts still read as counts.
fn scale(v: &Value, factor: f64) -> Value {
    match v {
        Value::Integer(n) => Value::Integer((*n as f64 * factor).round() as i64),
        Value::Float(x) => Value::Float(x * factor),
        Value::Table(t) => Value::Table(
            t.iter()
                .map(|(k, v)| {
                    let v = if matches!(k.as_str(), "value" | "min" | "max") {
                        scale(v, factor)
                    } else {
                        v.clone()
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Copy `i` of one model (copy 0 is the model itself).
fn copy(model: &Table, i: usize) -> Table {
    let mut m = model.clone();
    if i == 0 {
        return m;
    }
    let suffix = |key: &str, sep: &str, m: &mut Table| {
        if let Some(Value::String(s)) = m.get_mut(key) {
            s.push_str(&format!("{sep}{i}"));
        }
    };
    suffix("id", "-x", &mut m);
    suffix("name", " #", &mut m);
    let factor = 1.0 + (i % 98) as f64 / 100.0;
    for key in FIGURES {
        if let Some(v) = m.get(key) {
            let scaled = scale(v, factor);
            m.insert(key.to_string(), scaled);
        }
    }
    m
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    let usage = || {
        eprintln!("usage: copies [--models N] [--from FILE] --out FILE");
        ExitCode::from(1)
    };
    let models = match get("--models").map(|n| n.replace('_', "").parse::<usize>()) {
        None => 100_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => return usage(),
    };
    let from = get("--from").map_or("data/labs.toml", String::as_str);
    let Some(out) = get("--out") else {
        return usage();
    };
    let text = match std::fs::read_to_string(from) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("copies: cannot read {from}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut doc: Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("copies: {from} is not TOML: {e}");
            return ExitCode::from(2);
        }
    };
    let originals: Vec<Table> = match doc.get("model") {
        Some(Value::Array(a)) => a.iter().filter_map(|m| m.as_table().cloned()).collect(),
        _ => Vec::new(),
    };
    if originals.is_empty() {
        eprintln!("copies: {from} has no [[model]] to copy");
        return ExitCode::from(2);
    }
    // The rest of the file, then each model as its own one-table document: the serializer
    // takes time quadratic in the length of one array of tables (minutes at 1M).
    doc.remove("model");
    let written = toml::to_string(&doc).and_then(|head| {
        (0..models)
            .map(|k| {
                let model = Value::Table(copy(&originals[k % originals.len()], k / originals.len()));
                let one: Table = [("model".to_string(), Value::Array(vec![model]))].into_iter().collect();
                toml::to_string(&one)
            })
            .try_fold(head, |mut out, model| {
                out.push('\n');
                out.push_str(&model?);
                Ok::<_, toml::ser::Error>(out)
            })
    });
    let written = match written {
        Ok(s) => s,
        Err(e) => {
            eprintln!("copies: cannot write TOML: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = labdash::fsio::write_atomic(std::path::Path::new(out), written.as_bytes(), true) {
        eprintln!("copies: cannot write {out}: {e}");
        return ExitCode::from(2);
    }
    eprintln!(
        "copies: wrote {models} models ({} of {from}'s {}), {} MB, to {out}",
        models.div_ceil(originals.len()),
        originals.len(),
        written.len() / 1_000_000
    );
    ExitCode::SUCCESS
}
