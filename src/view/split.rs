//! Large scans split over the cores: `0..n` cut into chunks that a helper thread and the
//! calling thread take in turn. When the machine is busy and the helper gets no core, the
//! caller does every chunk itself: never slower than one thread by more than a spawn.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Chunks per scan: enough that two threads finish together, few enough to cost nothing.
const CHUNKS: usize = 16;

/// `f` of each chunk of `0..n`, in order: on two threads when `parallel` and there are two
/// cores, else in one piece.
pub fn chunks<T: Send>(n: usize, parallel: bool, f: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    if !parallel || std::thread::available_parallelism().map_or(1, |c| c.get()) < 2 {
        return vec![f(0..n)];
    }
    let ranges: Vec<Range<usize>> = (0..CHUNKS).map(|i| i * n / CHUNKS..(i + 1) * n / CHUNKS).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(r) = ranges.get(i) else { return done };
            done.push((i, f(r.clone())));
        }
    };
    let mut done = std::thread::scope(|s| {
        let helper = s.spawn(work);
        let mut done = work();
        // A panic over there loses its chunks: they are done again below.
        done.extend(helper.join().unwrap_or_default());
        done
    });
    for (i, r) in ranges.iter().enumerate() {
        if !done.iter().any(|(j, _)| *j == i) {
            done.push((i, f(r.clone())));
        }
    }
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_range_once_in_order() {
        for n in [0, 1, 5, 16, 17, 1000] {
            for parallel in [false, true] {
                let parts = chunks(n, parallel, |r| r.collect::<Vec<usize>>());
                assert_eq!(parts.concat(), (0..n).collect::<Vec<_>>(), "{n} {parallel}");
            }
        }
    }
}
