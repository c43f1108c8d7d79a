//! Writes a generated dataset: `cargo run --release --example gen -- --models N --out FILE`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    let Some(models) = get("--models").and_then(|n| n.replace('_', "").parse::<usize>().ok()) else {
        eprintln!("usage: gen --models N --out FILE [--seed S]");
        return ExitCode::from(1);
    };
    let seed = get("--seed").and_then(|s| s.parse().ok()).unwrap_or(42);
    let text = labdash::generate::dataset(labdash::generate::Sizes::models(models), seed);
    match get("--out") {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                eprintln!("gen: cannot write {path}: {e}");
                return ExitCode::from(2);
            }
            eprintln!("gen: wrote {models} models, {} MB, to {path}", text.len() / 1_000_000);
        }
        None => print!("{text}"),
    }
    ExitCode::SUCCESS
}
