//! Live and peak heap while loading a file: `cargo run --release --example memstat -- FILE`.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        COUNT.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same layout the caller gave.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        COUNT.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: p came from alloc with this layout.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}

fn main() {
    let Some(path) = std::env::args().nth(1) else { return };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let base = LIVE.load(Ordering::Relaxed);
    println!("file {}", mb(text.len()));
    let t = std::time::Instant::now();
    let ds = labdash::data::load(&path, &text);
    println!(
        "load {:?}: live {} (+{}), peak {}, allocations live {}",
        t.elapsed(),
        mb(LIVE.load(Ordering::Relaxed)),
        mb(LIVE.load(Ordering::Relaxed) - base),
        mb(PEAK.load(Ordering::Relaxed)),
        COUNT.load(Ordering::Relaxed)
    );
    use labdash::data::*;
    println!(
        "sizes: Model {} Claim {} Slot {} Figure {} PartialDate {} Source {} ",
        size_of::<Model>(),
        size_of::<Claim>(),
        size_of::<Slot>(),
        size_of::<Figure>(),
        size_of::<PartialDate>(),
        size_of::<Source>()
    );
    drop(ds);
}

#[allow(dead_code)]
fn sizes() {}
