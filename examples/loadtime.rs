//! Times loading a file: `cargo run --release --example loadtime -- FILE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else { return };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let t = std::time::Instant::now();
    let r = toml::de::DeTable::parse(&text).map(|t| t.get_ref().len());
    println!("DeTable parse: {:?} ({r:?})", t.elapsed());
    let t = std::time::Instant::now();
    let n = labdash::data::load(&path, &text).map(|d| d.models.len());
    println!("load: {:?} ({:?})", t.elapsed(), n.as_ref().map_err(|d| d.len()));
}
