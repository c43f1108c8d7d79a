//! Finding a text without filtering (`f`, then `;`/`,`): which cells of a row show it, where
//! in a cell it is (for the highlight), and the next row that has it. Matches the text as the
//! table shows it, ignoring case, so what is found is what is highlighted.

use crate::data::Dataset;

use super::{ViewKind, columns, format};

/// The byte ranges of `hay` where `needle` occurs, ignoring case (non-overlapping, in
/// order). Compares character by character, so the ranges are `hay`'s own boundaries.
pub fn occurrences(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let want: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    if want.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = hay.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    'start: while i < chars.len() {
        // Walk `hay` from `i`, lowercasing as we go, until `want` is consumed.
        let mut k = 0;
        let mut j = i;
        while k < want.len() {
            let Some(&(_, c)) = chars.get(j) else { break 'start };
            for lc in c.to_lowercase() {
                if want.get(k) != Some(&lc) {
                    i += 1;
                    continue 'start;
                }
                k += 1;
            }
            j += 1;
        }
        let end = chars.get(j).map_or(hay.len(), |&(b, _)| b);
        out.push((chars[i].0, end));
        i = j.max(i + 1);
    }
    out
}

/// The first column (from `from_col`, wrapping) of record `r` whose text shows `needle`.
pub fn column_in_row(ds: &Dataset, view: ViewKind, r: u32, needle: &str, from_col: usize) -> Option<usize> {
    let cols = columns(view);
    let n = cols.len();
    (0..n)
        .map(|k| (from_col + k) % n.max(1))
        .find(|&i| !occurrences(&format::cell_text(&cols[i].screen(ds, r)), needle).is_empty())
}

/// The next row position (after `from`, or before it going back, wrapping around) whose
/// record shows `needle`, with the column it shows it in.
pub fn next_row(
    ds: &Dataset,
    view: ViewKind,
    rows: &[u32],
    from: usize,
    forward: bool,
    needle: &str,
) -> Option<(usize, usize)> {
    let n = rows.len();
    (1..=n)
        .map(|k| {
            if forward {
                (from + k) % n
            } else {
                (from + n * 2 - k) % n
            }
        })
        .find_map(|pos| column_in_row(ds, view, rows[pos], needle, 0).map(|c| (pos, c)))
}

/// How many of `rows` show `needle`.
pub fn count(ds: &Dataset, view: ViewKind, rows: &[u32], needle: &str) -> usize {
    rows.iter()
        .filter(|&&r| column_in_row(ds, view, r, needle, 0).is_some())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_ignore_case_and_keep_the_haystacks_boundaries() {
        assert_eq!(occurrences("DeepSeek-V3", "seek"), vec![(4, 8)]);
        assert_eq!(occurrences("abcABC", "bc"), vec![(1, 3), (4, 6)]);
        assert_eq!(occurrences("aaaa", "aa"), vec![(0, 2), (2, 4)]);
        assert_eq!(occurrences("深度求索 DeepSeek", "deep"), vec![(13, 17)]);
        assert_eq!(occurrences("Ünïcode", "ünï"), vec![(0, 5)]);
        assert!(occurrences("abc", "").is_empty());
        assert!(occurrences("ab", "abc").is_empty());
        // Every range is on char boundaries of the haystack.
        for (a, b) in occurrences("İstanbul istanbul", "i") {
            assert!("İstanbul istanbul".is_char_boundary(a) && "İstanbul istanbul".is_char_boundary(b));
        }
    }

    #[test]
    fn next_row_wraps_both_ways_and_finds_nothing_when_absent() {
        let ds = crate::data::load(crate::data::BUNDLED_NAME, crate::data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
        let rows = super::super::project(
            &ds,
            &super::super::Query {
                view: ViewKind::Models,
                ..Default::default()
            },
        );
        let name = |pos: usize| {
            ds.name_of(crate::data::RecordRef {
                kind: ViewKind::Models.kind(),
                index: rows[pos],
            })
            .to_string()
        };
        // Brute force: positions whose name contains "deepseek".
        let want: Vec<usize> = (0..rows.len())
            .filter(|&p| name(p).to_lowercase().contains("deepseek"))
            .collect();
        assert!(want.len() >= 2);
        let (first, _) =
            next_row(&ds, ViewKind::Models, &rows, rows.len() - 1, true, "DEEPSEEK").unwrap_or_else(|| panic!("found"));
        assert_eq!(first, want[0], "wraps to the first match");
        let (back, _) =
            next_row(&ds, ViewKind::Models, &rows, want[0], false, "deepseek").unwrap_or_else(|| panic!("found"));
        assert!(!name(back).is_empty());
        assert!(next_row(&ds, ViewKind::Models, &rows, 0, true, "zzz-no-such").is_none());
        assert!(count(&ds, ViewKind::Models, &rows, "deepseek") >= want.len());
    }
}
