//! Which columns a view shows, in which order and how wide: the user's choices (`Layout`,
//! plain data a config file can save) and the fit of those columns to a screen width (`fit`,
//! by the priorities `columns` declares). Pure functions; the table draws what they return.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Column;

/// A user's column choices for one view. Ids that name no column are ignored, so a saved
/// layout survives columns being added or renamed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Layout {
    /// Column ids in the order to show them; columns not listed follow in declared order.
    pub order: Vec<String>,
    /// Column ids not shown.
    pub hidden: Vec<String>,
    /// Width (cells) chosen for a column, overriding the fitted width.
    pub widths: BTreeMap<String, u16>,
}

/// Narrowest a width override goes.
pub const MIN_WIDTH: u16 = 3;
/// Widest a width override goes.
pub const MAX_WIDTH: u16 = 120;

impl Layout {
    /// Every column of `cols` in display order, hidden ones included (for the picker).
    pub fn all_in_order(&self, cols: &[Column]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(cols.len());
        for id in &self.order {
            if let Some(i) = cols.iter().position(|c| c.id == id)
                && !out.contains(&i)
            {
                out.push(i);
            }
        }
        let rest: Vec<usize> = (0..cols.len()).filter(|i| !out.contains(i)).collect();
        out.extend(rest);
        out
    }

    /// Whether column `id` is hidden.
    pub fn is_hidden(&self, id: &str) -> bool {
        self.hidden.iter().any(|h| h == id)
    }

    /// Hides or shows column `id`; never hides the last shown column (returns false then).
    pub fn toggle_hidden(&mut self, cols: &[Column], id: &str) -> bool {
        if self.is_hidden(id) {
            self.hidden.retain(|h| h != id);
            return true;
        }
        if apply(self, cols).len() <= 1 {
            return false;
        }
        self.hidden.push(id.to_string());
        true
    }

    /// Moves column `id` one place left (`delta` -1) or right (+1) among the shown columns.
    pub fn shift(&mut self, cols: &[Column], id: &str, delta: isize) {
        let mut all = self.all_in_order(cols);
        let shown = apply(self, cols);
        let Some(pos) = shown.iter().position(|&i| cols[i].id == id) else {
            return;
        };
        let Some(&other) = pos.checked_add_signed(delta).and_then(|p| shown.get(p)) else {
            return;
        };
        let (a, b) = (shown[pos], other);
        let (Some(pa), Some(pb)) = (all.iter().position(|&i| i == a), all.iter().position(|&i| i == b)) else {
            return;
        };
        all.swap(pa, pb);
        self.order = all.iter().map(|&i| cols[i].id.to_string()).collect();
    }

    /// Widens (`delta` > 0) or narrows column `id` from `current` cells.
    pub fn resize(&mut self, id: &str, current: u16, delta: i16) {
        let w = current.saturating_add_signed(delta).clamp(MIN_WIDTH, MAX_WIDTH);
        self.widths.insert(id.to_string(), w);
    }
}

/// The shown columns of `cols` under `layout`, in display order (indices into `cols`).
pub fn apply(layout: &Layout, cols: &[Column]) -> Vec<usize> {
    layout
        .all_in_order(cols)
        .into_iter()
        .filter(|&i| !layout.is_hidden(cols[i].id))
        .collect()
}

/// What one column needs, for `fit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Want {
    /// Width of its widest content (capped at its declared maximum).
    pub natural: usize,
    /// Narrowest it may be shrunk to (long text is ellipsised down to this).
    pub min: usize,
    /// Lower stays on screen first.
    pub priority: u8,
}

/// The columns drawn on one screen width.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fit {
    /// (column, width) in display order.
    pub shown: Vec<(usize, usize)>,
    /// Columns not drawn to the left of the cursor column.
    pub hidden_left: usize,
    /// Columns not drawn to its right.
    pub hidden_right: usize,
}

/// Room the `n ▶` marker takes when some columns are off screen.
pub const MARKER: usize = 4;

/// Fits the columns `order` (display order; the first is frozen on the left) into `avail`
/// cells, each column followed by one cell of spacing. Everything fits at its natural width
/// when it can; else the frozen column, the cursor column and priority ≤ 1 columns are kept
/// (shrunk to their minimum if need be), then others in priority order as long as all kept
/// columns still fit at their natural width; spare room goes evenly to shrunk columns.
pub fn fit(wants: &[Want], order: &[usize], cursor: usize, avail: usize) -> Fit {
    let natural: usize = order.iter().map(|&i| wants[i].natural + 1).sum();
    if natural <= avail {
        return Fit {
            shown: order.iter().map(|&i| (i, wants[i].natural)).collect(),
            ..Fit::default()
        };
    }
    let avail = avail.saturating_sub(MARKER);
    // Display positions by priority (stable: declared order breaks ties).
    let mut by_priority: Vec<usize> = (0..order.len()).collect();
    by_priority.sort_by_key(|&p| (wants[order[p]].priority, p));
    let cursor_pos = order.iter().position(|&i| i == cursor);
    let mut kept: Vec<usize> = Vec::new();
    let mut used_min = 0;
    let mut used_nat = 0;
    let keep = |p: usize, kept: &mut Vec<usize>, used_min: &mut usize, used_nat: &mut usize| {
        kept.push(p);
        *used_min += wants[order[p]].min + 1;
        *used_nat += wants[order[p]].natural + 1;
    };
    // The frozen and cursor columns always; then the essentials while they fit shrunk.
    for p in [Some(0), cursor_pos].into_iter().flatten() {
        if !order.is_empty() && !kept.contains(&p) {
            keep(p, &mut kept, &mut used_min, &mut used_nat);
        }
    }
    for &p in &by_priority {
        let w = wants[order[p]];
        if w.priority <= 1 && !kept.contains(&p) && used_min + w.min < avail {
            keep(p, &mut kept, &mut used_min, &mut used_nat);
        }
    }
    for &p in &by_priority {
        let w = wants[order[p]];
        if !kept.contains(&p) && used_nat.max(used_min) + w.natural < avail {
            keep(p, &mut kept, &mut used_min, &mut used_nat);
        }
    }
    kept.sort_unstable();
    let mut widths: Vec<usize> = kept
        .iter()
        .map(|&p| {
            let w = wants[order[p]];
            if used_nat <= avail {
                w.natural
            } else {
                w.min.min(w.natural)
            }
        })
        .collect();
    // Water-fill the spare room, a cell at a time, so shrunk columns end up alike.
    let mut spare = avail.saturating_sub(widths.iter().map(|w| w + 1).sum());
    while spare > 0 {
        let mut grew = false;
        for (k, &p) in kept.iter().enumerate() {
            if spare > 0 && widths[k] < wants[order[p]].natural {
                widths[k] += 1;
                spare -= 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    // Even the frozen column alone may be too wide: it gives way (ellipsised).
    if let Some(w) = widths.first_mut() {
        *w = (*w).min(avail.saturating_sub(1).max(1));
    }
    let at = cursor_pos.unwrap_or(0);
    let hidden = |range: std::ops::Range<usize>| range.filter(|p| !kept.contains(p)).count();
    Fit {
        hidden_left: hidden(0..at),
        hidden_right: hidden(at + 1..order.len()),
        shown: kept.iter().zip(widths).map(|(&p, w)| (order[p], w)).collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::view::{ViewKind, columns};

    fn want(natural: usize, min: usize, priority: u8) -> Want {
        Want { natural, min, priority }
    }

    #[test]
    fn everything_at_its_natural_width_when_it_fits() {
        let w = [want(10, 6, 0), want(5, 5, 3), want(8, 4, 1)];
        let f = fit(&w, &[0, 1, 2], 0, 30);
        assert_eq!(f.shown, vec![(0, 10), (1, 5), (2, 8)]);
        assert_eq!((f.hidden_left, f.hidden_right), (0, 0));
    }

    #[test]
    fn low_priority_columns_give_way_and_are_counted_on_each_side() {
        // name, two low-priority, one essential, one low.
        let w = [
            want(10, 6, 0),
            want(20, 6, 5),
            want(20, 6, 5),
            want(8, 8, 1),
            want(9, 9, 4),
        ];
        let f = fit(&w, &[0, 1, 2, 3, 4], 3, 40);
        let shown: Vec<usize> = f.shown.iter().map(|s| s.0).collect();
        assert!(shown.contains(&0) && shown.contains(&3), "{f:?}");
        assert!(!shown.contains(&1) || !shown.contains(&2), "{f:?}");
        let total: usize = f.shown.iter().map(|s| s.1 + 1).sum();
        assert!(total + MARKER <= 40, "{f:?}");
        let left = [1, 2].iter().filter(|c| !shown.contains(c)).count();
        assert_eq!(f.hidden_left, left);
        assert_eq!(f.hidden_right, usize::from(!shown.contains(&4)));
    }

    #[test]
    fn essentials_shrink_rather_than_vanish() {
        let w = [want(28, 8, 0), want(28, 8, 1), want(28, 8, 1)];
        let f = fit(&w, &[0, 1, 2], 0, 40);
        assert_eq!(f.shown.len(), 3, "{f:?}");
        assert!(f.shown.iter().all(|s| s.1 >= 8 && s.1 < 28), "{f:?}");
        // Spare room is shared: the shrunk widths differ by at most one.
        let ws: Vec<usize> = f.shown.iter().map(|s| s.1).collect();
        assert!(ws.iter().max().unwrap() - ws.iter().min().unwrap() <= 1, "{ws:?}");
    }

    #[test]
    fn the_cursor_column_is_always_drawn() {
        let w = [want(10, 6, 0), want(30, 30, 9), want(30, 30, 9), want(30, 30, 9)];
        for c in 0..4 {
            let f = fit(&w, &[0, 1, 2, 3], c, 45);
            assert!(f.shown.iter().any(|s| s.0 == c), "{c}: {f:?}");
            assert_eq!(f.shown[0].0, 0);
        }
    }

    #[test]
    fn layout_orders_hides_and_survives_unknown_ids() {
        let cols = columns(ViewKind::Models);
        let mut l = Layout {
            order: vec!["cost_usd".into(), "nope".into(), "name".into()],
            hidden: vec!["lab".into()],
            ..Layout::default()
        };
        let shown = apply(&l, cols);
        assert_eq!(cols[shown[0]].id, "cost_usd");
        assert_eq!(cols[shown[1]].id, "name");
        assert!(shown.iter().all(|&i| cols[i].id != "lab"));
        assert_eq!(shown.len(), cols.len() - 1);
        l.shift(cols, "name", -1);
        assert_eq!(cols[apply(&l, cols)[0]].id, "name");
        assert!(l.toggle_hidden(cols, "lab"));
        assert_eq!(apply(&l, cols).len(), cols.len());
        l.resize("name", 10, -20);
        assert_eq!(l.widths.get("name"), Some(&MIN_WIDTH));
    }

    #[test]
    fn never_hides_the_last_column() {
        let cols = columns(ViewKind::Events);
        let mut l = Layout::default();
        for c in cols {
            l.toggle_hidden(cols, c.id);
        }
        assert_eq!(apply(&l, cols).len(), 1);
    }

    #[test]
    fn round_trips_through_toml() {
        let mut l = Layout {
            order: vec!["cost_usd".into()],
            hidden: vec!["lab".into()],
            ..Layout::default()
        };
        l.widths.insert("name".into(), 12);
        let text = toml::to_string(&l).unwrap();
        assert_eq!(toml::from_str::<Layout>(&text).unwrap(), l);
        assert_eq!(toml::from_str::<Layout>("").unwrap(), Layout::default());
    }
}
