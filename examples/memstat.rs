//! Live and peak heap while loading a file, counted by a global allocator (what the process
//! asked for; its resident size, with the allocator's own overhead, is what
//! `/usr/bin/time -v labdash check FILE` reports): `cargo run --release --example memstat -- FILE`.
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
    let size = std::fs::metadata(&path).map_or(0, |m| m.len() as usize);
    println!("{path}: {}", mb(size));
    // Loaded as `labdash check` and the dashboard load it.
    let t = std::time::Instant::now();
    let ds = labdash::load::load(&labdash::load::Origin::File(path.clone().into()));
    let live = LIVE.load(Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed);
    println!(
        "load {:?}: heap live after {} ({:.2}x the file), peak {} ({:.2}x), {} allocations live",
        t.elapsed(),
        mb(live),
        live as f64 / size.max(1) as f64,
        mb(peak),
        peak as f64 / size.max(1) as f64,
        COUNT.load(Ordering::Relaxed)
    );
    if let Err(f) = &ds {
        println!("{}", f.message);
    }
    use labdash::data::*;
    println!(
        "record sizes (bytes): model {}, claim {}, slot {}, source {}",
        size_of::<Model>(),
        size_of::<Claim>(),
        size_of::<Slot>(),
        size_of::<Source>()
    );
}
