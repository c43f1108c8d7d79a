fn main() {
    let p = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&p).unwrap_or_default();
    let head = &text[..labdash::data::HEAD_BYTES.min(text.len())];
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let f = labdash::data::first_chunk(&p, head);
        let a = t.elapsed();
        let pv = f.as_ref().and_then(|f| f.preview());
        println!(
            "first_chunk {:?} preview {:?} models {:?}",
            a,
            t.elapsed(),
            pv.map(|d| d.models.len())
        );
        let t = std::time::Instant::now();
        let mut file = std::fs::File::open(&p).unwrap();
        let plan = labdash::data::plan(&mut file);
        println!("plan {:?} {}", t.elapsed(), plan.is_some());
    }
}
