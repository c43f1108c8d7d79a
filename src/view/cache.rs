//! What a large view keeps between projections, so typing a filter does not redo work: the
//! free-text index (built at the first free-text term) and the unfiltered rows in the current
//! sort order (filtering keeps order, so a wider filter needs no new sort), and, built in
//! idle time, each column's sort ranks (the first sort of any column is a radix sort) and
//! figure arrays (group-by reads numbers, not cells).
//! `project_cached` returns exactly what `project` returns.

use std::sync::Arc;

use crate::data::Dataset;

use super::figures::{Arrays, FigureColumn};
use super::ranks::Ranks;
use super::search::{Interrupt, Interrupted, MIN_ROWS, Matcher, TextIndex, retain};
use super::sort::SortSpec;
use super::{Filter, Query, ViewKind, columns, filter::Test, project_with};

/// Identifies the data a cache was built from: the address and length of the view's record
/// vector. Datasets are never changed in place, and a new one (a reload, the swap from the
/// first rows to the whole file) is built while the old one still exists, so it lives
/// elsewhere: the key changes whenever the data does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DataKey {
    view: ViewKind,
    addr: usize,
    len: usize,
}

impl DataKey {
    fn of(ds: &Dataset, view: ViewKind) -> DataKey {
        // Only the address is compared, never dereferenced.
        let addr = crate::data::record::dispatch(view.kind(), crate::data::record::Addr(ds));
        DataKey {
            view,
            addr,
            len: view.len(ds),
        }
    }
}

/// One view's memo (empty for views under `MIN_ROWS` rows, which are filtered directly).
#[derive(Debug, Default)]
pub struct ViewCache {
    key: Option<DataKey>,
    index: Option<TextIndex>,
    /// An index was built, or found too large for its budget (not tried again).
    indexed: bool,
    /// `project` of the view unfiltered, with this sort.
    order: Option<(SortSpec, Vec<u32>)>,
    /// Sort ranks by column (built in idle time; empty until then).
    ranks: Vec<Option<Ranks>>,
    /// Figure arrays by column (`None` for a column without), once `figured` says so. Shared
    /// with an open group table, whose groups of one read their figures from them when drawn.
    figures: Vec<Option<Arc<FigureColumn>>>,
    /// Whether each column's figures were read (built or found not to fit an array).
    figured: Vec<bool>,
}

impl ViewCache {
    /// Forgets everything (the data changed).
    pub fn clear(&mut self) {
        *self = ViewCache::default();
    }

    /// Memory held, in bytes.
    pub fn bytes(&self) -> usize {
        self.index.as_ref().map_or(0, TextIndex::bytes)
            + self.order.as_ref().map_or(0, |(_, o)| o.capacity() * 4)
            + self.ranks.iter().flatten().map(Ranks::bytes).sum::<usize>()
            + self.figures.iter().flatten().map(|f| f.bytes()).sum::<usize>()
    }

    /// Drops what was built from other data, and indexes a large view at its first
    /// free-text term.
    fn prepare(&mut self, ds: &Dataset, view: ViewKind, filter: &Filter) {
        self.refresh(ds, view);
        if filter.terms.iter().any(|t| matches!(t.test, Test::Anywhere(_))) {
            self.index(ds, view);
        }
    }

    /// Drops what was built from other data.
    fn refresh(&mut self, ds: &Dataset, view: ViewKind) {
        let key = DataKey::of(ds, view);
        if self.key != Some(key) {
            *self = ViewCache {
                key: Some(key),
                ..ViewCache::default()
            };
        }
    }

    fn index(&mut self, ds: &Dataset, view: ViewKind) {
        if !self.indexed && view.len(ds) >= MIN_ROWS {
            self.index = TextIndex::build(ds, view);
            self.indexed = true;
        }
    }

    /// Prepares a large `view` now (while the user is idle): its text index, so that its
    /// first free-text term is answered at once, then the sort ranks of every column, column
    /// `first` (the cursor's) first, then the figure arrays. Abandoned when `interrupt` says a key came (what is left
    /// is tried again at the next idle moment). Returns whether anything was built.
    pub fn warm(&mut self, ds: &Dataset, view: ViewKind, first: usize, interrupt: Interrupt<'_>) -> bool {
        self.refresh(ds, view);
        let n = view.len(ds);
        if n < MIN_ROWS {
            return false;
        }
        let mut built = false;
        if !self.indexed {
            match TextIndex::build_unless(ds, view, interrupt) {
                Ok(index) => {
                    self.indexed = true;
                    self.index = index;
                    built = self.index.is_some();
                }
                Err(Interrupted) => return false,
            }
        }
        let cols = columns(view);
        self.ranks.resize_with(cols.len(), || None);
        let order = std::iter::once(first).chain((0..cols.len()).filter(|&c| c != first));
        for col in order {
            let (Some(c), Some(slot)) = (cols.get(col), self.ranks.get_mut(col)) else {
                continue;
            };
            if slot.is_some() {
                continue;
            }
            match Ranks::build(ds, c, n, interrupt) {
                Ok(r) => {
                    *slot = Some(r);
                    built = true;
                }
                Err(Interrupted) => return built,
            }
        }
        self.figures.resize_with(cols.len(), || None);
        self.figured.resize(cols.len(), false);
        for (col, c) in cols.iter().enumerate() {
            if self.figured[col] {
                continue;
            }
            let built_col = FigureColumn::build(ds, c, n, interrupt).and_then(|f| match f {
                Some(mut f) => f.add_whiskers(ds, view, col, interrupt).map(|()| Some(f)),
                None => Ok(None),
            });
            match built_col {
                Ok(f) => {
                    built |= f.is_some();
                    self.figures[col] = f.map(Arc::new);
                    self.figured[col] = true;
                }
                Err(Interrupted) => return built,
            }
        }
        built
    }

    /// What idle time built from `ds` for `view` that group-by and charts of column `col`
    /// use: the figure arrays by column and the column's sort ranks (see
    /// `GroupTable::build_with`, `chart::bars_ranked`).
    pub fn prepared(&self, ds: &Dataset, view: ViewKind, col: usize) -> (Option<&Arrays>, Option<&Ranks>) {
        if self.key != Some(DataKey::of(ds, view)) {
            return (None, None);
        }
        let figures = (!self.figures.is_empty()).then_some(self.figures.as_slice());
        (figures, self.ranks(col))
    }

    /// Drops the sort ranks and figure arrays (kept for the view on screen only: at 1M models
    /// each view's are 100–200 MB), keeping the text index and the sorted order.
    pub fn drop_prepared(&mut self) {
        self.ranks = Vec::new();
        self.figures = Vec::new();
        self.figured = Vec::new();
    }

    /// Column `col`'s sort ranks, when idle time built them.
    pub fn ranks(&self, col: usize) -> Option<&Ranks> {
        self.ranks.get(col).and_then(Option::as_ref)
    }

    /// A matcher for `filter` on `view`, indexing the view first if need be.
    pub fn matcher<'a>(&mut self, ds: &'a Dataset, view: ViewKind, filter: &'a Filter) -> Matcher<'a> {
        self.prepare(ds, view, filter);
        Matcher::new(ds, view, filter, self.index.as_ref())
    }

    fn order(&self, sort: Option<SortSpec>) -> Option<&[u32]> {
        match (&self.order, sort) {
            (Some((s, rows)), Some(want)) if *s == want => Some(rows),
            _ => None,
        }
    }
}

/// `project(ds, q)`, reusing and filling `cache`.
pub fn project_cached(ds: &Dataset, q: &Query, cache: &mut ViewCache) -> Vec<u32> {
    cache.prepare(ds, q.view, &q.filter);
    match cache.order(q.sort) {
        Some(sorted) if q.filter.is_empty() => sorted.to_vec(),
        // Filtering the sorted rows = sorting the filtered rows: the sort is stable on file
        // order (ties keep it), so a subset keeps the relative order it has in the whole.
        Some(sorted) => retain(&Matcher::new(ds, q.view, &q.filter, cache.index.as_ref()), sorted),
        None => {
            let rows = match q.sort.and_then(|s| cache.ranks(s.col).map(|r| (s, r))) {
                // Filtered in file order, then sorted by rank: what `project` does.
                Some((spec, ranks)) => {
                    let unsorted = Query {
                        sort: None,
                        ..q.clone()
                    };
                    let mut rows = project_with(ds, &unsorted, cache.index.as_ref());
                    ranks.sort(spec.dir, &mut rows);
                    rows
                }
                None => project_with(ds, q, cache.index.as_ref()),
            };
            if let Some(spec) = q.sort.filter(|_| q.filter.is_empty() && rows.len() >= MIN_ROWS) {
                cache.order = Some((spec, rows.clone()));
            }
            rows
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Sizes, dataset};
    use crate::view::{SortDir, columns, sort::sort_rows};

    fn load(seed: u64) -> Dataset {
        let text = dataset(Sizes::models(MIN_ROWS + 100), seed);
        crate::data::load("gen", &text).unwrap_or_else(|d| panic!("{:?}", d.first()))
    }

    /// The straightforward projection: every row through `Filter::matches`, then the sort.
    fn reference(ds: &Dataset, q: &Query) -> Vec<u32> {
        let cols = columns(q.view);
        let mut rows: Vec<u32> = (0..q.view.len(ds) as u32)
            .filter(|&r| q.filter.matches(ds, cols, r))
            .collect();
        if let Some(spec) = q.sort {
            sort_rows(ds, cols, spec, &mut rows);
        }
        rows
    }

    #[test]
    fn cached_projection_is_the_projection_through_sorts_filters_and_new_data() {
        // Two datasets of the same size: only the key tells them apart.
        let (a, b) = (load(5), load(6));
        let filters = [
            "",
            "a",
            "atlas",
            "",
            "atla",
            "chips>1000",
            "-atlas 2024",
            "lab:lab atl",
            "\"\"",
        ];
        let spec = |col, dir| Some(SortSpec { col, dir });
        let sorts = [
            None,
            spec(0, SortDir::Asc),
            // Claims' value column mixes numbers and text: the general sort.
            spec(2, SortDir::Desc),
            spec(4, SortDir::Desc),
            spec(4, SortDir::Asc),
        ];
        for view in [ViewKind::Models, ViewKind::Claims] {
            let mut cache = ViewCache::default();
            for ds in [&a, &b] {
                for sort in sorts {
                    for text in filters {
                        // `chips>1000` is for models only.
                        let Ok(filter) = Filter::parse(view, text) else {
                            continue;
                        };
                        let q = Query { view, sort, filter };
                        let want = reference(ds, &q);
                        assert_eq!(project_cached(ds, &q, &mut cache), want, "{view:?} {sort:?} {text}");
                        assert_eq!(super::super::project(ds, &q), want, "{view:?} {sort:?} {text}");
                    }
                }
            }
            assert!(cache.index.is_some() && cache.order.is_some(), "{view:?}: {cache:?}");
        }
    }

    /// With every column's ranks built in idle time, every sort (on filtered rows too) is
    /// still the straightforward projection.
    #[test]
    fn warmed_ranks_sort_as_the_projection_does() {
        let (a, b) = (load(7), load(8));
        for view in [ViewKind::Models, ViewKind::Claims] {
            let mut cache = ViewCache::default();
            for ds in [&a, &b] {
                assert!(cache.warm(ds, view, 2, &|| false));
                assert_eq!(cache.ranks.iter().flatten().count(), columns(view).len());
                for col in 0..columns(view).len() {
                    for dir in [SortDir::Asc, SortDir::Desc] {
                        for text in ["", "atlas", "-lab 2"] {
                            let filter = Filter::parse(view, text).unwrap_or_default();
                            let q = Query {
                                view,
                                sort: Some(SortSpec { col, dir }),
                                filter,
                            };
                            assert_eq!(
                                project_cached(ds, &q, &mut cache),
                                reference(ds, &q),
                                "{view:?} {col} {text}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn new_data_drops_what_was_built() {
        let (a, b) = (load(5), load(6));
        let mut cache = ViewCache::default();
        let q = Query {
            view: ViewKind::Models,
            sort: Some(SortSpec {
                col: 0,
                dir: SortDir::Asc,
            }),
            filter: Filter::default(),
        };
        project_cached(&a, &q, &mut cache);
        let filtered = Query {
            filter: Filter::parse(ViewKind::Models, "atlas").unwrap_or_default(),
            ..q.clone()
        };
        project_cached(&a, &filtered, &mut cache);
        assert!(cache.bytes() > 0);
        let key = cache.key;
        cache.prepare(&b, ViewKind::Models, &Filter::default());
        assert_ne!(cache.key, key);
        assert!(cache.index.is_none() && cache.order.is_none());
    }
}
