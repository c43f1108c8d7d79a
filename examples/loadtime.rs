//! Times the phases of loading a large file from disk, as the dashboard does:
//! `cargo run --release --example loadtime -- FILE`.
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else { return };
    let Ok(mut file) = std::fs::File::open(&path) else {
        return;
    };
    let t = Instant::now();
    let plan = labdash::data::plan(&mut file);
    println!("scan (ids and chunks): {:?}", t.elapsed());
    let Some(plan) = plan else {
        println!("the scan gave up; the file is read in one piece");
        return;
    };
    let t = Instant::now();
    let started = Instant::now();
    let progress = |d: usize, n: usize| {
        if d == n {
            println!("last chunk parsed at {:?}", started.elapsed());
        }
    };
    let ds = labdash::data::load_planned(&path, &file, plan, &progress, None, None);
    println!(
        "chunks parsed, validated, assembled, indexed: {:?} ({:?} models)",
        t.elapsed(),
        ds.map(|d| d.models.len())
    );
}
