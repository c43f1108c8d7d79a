//! The edit loop on a large file: load it as the dashboard does, then several times change
//! one figure, save the file as an editor does (a new file renamed over the old) and time the
//! reload until the new data is ready and then drawn; heap live and peak are counted as in
//! `memstat`. `cargo run --release --example editloop -- FILE [EDITS]` (the file is edited:
//! use a generated one; the new file is written beside it, then renamed over it).
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead as _, BufReader, BufWriter, Write as _};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use labdash::app::App;
use labdash::load::Origin;
use labdash::ui::{self, Theme};
use labdash::view::Query;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: same layout the caller gave.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        // SAFETY: p came from alloc with this layout.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}

/// Writes `path` again beside it with the `nth` line starting `chips = ` (counted from the
/// line `skip`) set to `value`, and renames it over `path`.
fn save_edited(path: &str, from_line: usize, value: u64) -> std::io::Result<()> {
    let tmp = format!("{path}.editloop~");
    let mut out = BufWriter::new(std::fs::File::create(&tmp)?);
    let mut done = false;
    for (i, line) in BufReader::new(std::fs::File::open(path)?).split(b'\n').enumerate() {
        let line = line?;
        if !done && i >= from_line && line.starts_with(b"chips = ") {
            writeln!(out, "chips = {value}")?;
            done = true;
        } else {
            out.write_all(&line)?;
            out.write_all(b"\n")?;
        }
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(tmp, path)
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: editloop FILE [EDITS]");
        return;
    };
    let edits: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(5);
    let origin = Origin::File(path.clone().into());
    let t = Instant::now();
    let ds = match labdash::load::load(&origin) {
        Ok(ds) => ds,
        Err(f) => {
            eprintln!("{}", f.message);
            return;
        }
    };
    let lines = ds.models.last().map_or(0, |m| m.line as usize);
    println!("{path}: load {:?}", t.elapsed());
    let mut app = App::new(ds, origin, Query::default());
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|e| match e {});
    let mut frame = |app: &mut App| {
        let mut drawn = ui::Drawn::default();
        let _ = term.draw(|f| drawn = ui::draw(f, app, &Theme::DARK));
        app.geometry = drawn.geometry;
        app.header_hits = drawn.header_hits;
    };
    frame(&mut app);
    let steady = LIVE.load(Ordering::Relaxed);
    println!("heap live after load and a frame: {}", mb(steady));
    for e in 0..edits {
        // Models spread over the file: edit one a fraction of the way down.
        let at = lines * (2 * e + 1) / (2 * edits);
        // A value the file cannot hold already (runs edit the same lines).
        let value = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(7, |d| d.as_millis() as u64 % 1_000_000 + 1);
        if let Err(err) = save_edited(&path, at, value) {
            eprintln!("cannot edit {path}: {err}");
            return;
        }
        // The phases on their own (on a copy of the app, the reload below is timed whole):
        // cutting and fingerprinting the file, parsing the changed chunks, patching, finding
        // the changed cells, showing.
        if std::env::var_os("EDITLOOP_PHASES").is_some() {
            let mut copy = App::new(app.ds.clone(), app.origin.clone(), Query::default());
            let t = Instant::now();
            let cuts = std::fs::File::open(&path)
                .ok()
                .and_then(|mut f| labdash::data::cut(&mut f));
            let cut = t.elapsed();
            let t = Instant::now();
            let patch = labdash::load::reload_changed(&copy.origin, copy.scope, &copy.ds);
            let parse = t.elapsed().saturating_sub(cut);
            if let Some(patch) = patch {
                let t = Instant::now();
                let mut undo = patch.apply(&mut copy.ds);
                let apply = t.elapsed();
                let touched = undo.touched();
                let changes = labdash::view::changes::in_place(&mut copy.ds, &touched, &mut |ds| undo.swap(ds));
                let diff = t.elapsed() - apply;
                copy.patched(changes);
                let show = t.elapsed() - apply - diff;
                println!(
                    "  phases: cut {cut:?} ({} chunks), parse {parse:?}, apply {apply:?}, changed cells {diff:?}, views {show:?}",
                    cuts.map_or(0, |c| c.len())
                );
            }
        }
        PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
        let t = Instant::now();
        labdash::runner::reload(&mut app);
        let ready = t.elapsed();
        frame(&mut app);
        let shown = t.elapsed();
        let status = app.status.as_ref().map_or(String::new(), |s| s.text.clone());
        println!(
            "edit {e} (line ~{at}): new data ready {ready:?}, drawn {shown:?}; heap peak {} = {:.2}x live before; \"{status}\"",
            mb(PEAK.load(Ordering::Relaxed)),
            PEAK.load(Ordering::Relaxed) as f64 / steady.max(1) as f64
        );
    }
}
