//! Reading one figure of every row of a large view (charts, group-by): the rows are visited in
//! record order, so the dataset is read front to back rather than in the table's sorted
//! order. At 100k models a sorted pass misses the cache on every record (~40 ms for one
//! row-major pass); the same pass in record order takes a few milliseconds. Results still come
//! back in row order, so callers aggregate exactly as before.

/// Each row as (record, position in `rows`), ordered by record (repeated records by
/// position). Pairs, so a pass need not look the record up again (a cache miss per row).
pub fn record_order(rows: &[u32]) -> Vec<(u32, u32)> {
    let Some(&max) = rows.iter().max() else {
        return Vec::new();
    };
    // Projections are permutations of part of a view: one slot per record places them in
    // O(n). A sparse or repeating list falls back to sorting.
    let span = max as usize + 1;
    if span <= rows.len().saturating_mul(8).max(1024) {
        let mut slot = vec![u32::MAX; span];
        let mut unique = true;
        for (p, &r) in rows.iter().enumerate() {
            let s = &mut slot[r as usize];
            unique &= *s == u32::MAX;
            *s = p as u32;
        }
        if unique {
            return (0..).zip(slot).filter(|&(_, p)| p != u32::MAX).collect();
        }
    }
    let mut pairs: Vec<(u32, u32)> = rows.iter().zip(0..).map(|(&r, p)| (r, p)).collect();
    pairs.sort_unstable();
    pairs
}

/// `f(record)` for every row, in row order, computed in record order (see the module doc).
pub fn map_rows<T: Default>(rows: &[u32], f: impl FnMut(u32) -> T) -> Vec<T> {
    map_in_order(&record_order(rows), f)
}

/// `map_rows` given the rows' `record_order`.
pub fn map_in_order<T: Default>(order: &[(u32, u32)], mut f: impl FnMut(u32) -> T) -> Vec<T> {
    let mut out: Vec<T> = std::iter::repeat_with(T::default).take(order.len()).collect();
    for &(r, p) in order {
        out[p as usize] = f(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic shuffle of part of `0..n` (and of the whole, when `keep` is 1).
    fn shuffled(n: u32, keep: u32, seed: u64) -> Vec<u32> {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut rows: Vec<u32> = (0..n).filter(|_| next() % u64::from(keep) == 0).collect();
        for i in (1..rows.len()).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            rows.swap(i, j);
        }
        rows
    }

    #[test]
    fn record_order_lists_rows_by_record() {
        for (n, keep, seed) in [(0, 1, 1), (1, 1, 2), (1000, 1, 3), (5000, 3, 4), (5000, 97, 5)] {
            let rows = shuffled(n, keep, seed);
            let order = record_order(&rows);
            assert_eq!(order.len(), rows.len());
            assert!(order.iter().all(|&(r, p)| rows[p as usize] == r));
            assert!(order.windows(2).all(|w| w[0].0 < w[1].0));
        }
        // Repeated and far-apart records take the sorting path and keep every position.
        let rows = [7, 3, 7, 1_000_000, 0];
        let order = record_order(&rows);
        assert_eq!(order, [(0, 4), (3, 1), (7, 0), (7, 2), (1_000_000, 3)]);
    }

    #[test]
    fn map_rows_returns_what_a_plain_map_does() {
        let rows = shuffled(20_000, 2, 9);
        let mut visited = Vec::new();
        let got = map_rows(&rows, |r| {
            visited.push(r);
            u64::from(r) * 3 + 1
        });
        let want: Vec<u64> = rows.iter().map(|&r| u64::from(r) * 3 + 1).collect();
        assert_eq!(got, want);
        // …having read the records front to back.
        assert!(visited.windows(2).all(|w| w[0] < w[1]));
    }
}
