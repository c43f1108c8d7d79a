//! A user's standing choice of a view's columns (from `[columns.VIEW]` in config.toml):
//! which to hide and which to put first. Ids are checked against the view's columns when
//! the configuration is read, so a choice only ever names columns that exist.

use super::{ViewKind, columns};

/// Which columns of one view to hide, and which to lead with (in that order; the rest
/// follow in their usual order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnChoice {
    /// Column ids not shown.
    pub hidden: Vec<String>,
    /// Column ids shown first, in this order.
    pub order: Vec<String>,
}

impl ColumnChoice {
    /// The view's column indices as the choice arranges them: `order` first, then the rest
    /// in their usual order, hidden ones left out. The name column stays first whatever the
    /// choice: it is what a row is.
    pub fn arrange(&self, view: ViewKind) -> Vec<usize> {
        let cols = columns(view);
        let index = |id: &str| cols.iter().position(|c| c.id == id);
        let mut out = vec![0];
        for i in self.order.iter().filter_map(|id| index(id)).chain(1..cols.len()) {
            if !out.contains(&i) && !self.hidden.iter().any(|h| index(h) == Some(i)) {
                out.push(i);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrange_leads_with_the_order_and_leaves_hidden_columns_out() {
        let ids = |v: &[usize]| -> Vec<&str> { v.iter().map(|&i| columns(ViewKind::Models)[i].id).collect() };
        let all = ColumnChoice::default().arrange(ViewKind::Models);
        assert_eq!(all.len(), columns(ViewKind::Models).len());
        let c = ColumnChoice {
            hidden: vec!["country".into(), "name".into()],
            order: vec!["chips".into(), "cost_usd".into()],
        };
        let got = c.arrange(ViewKind::Models);
        assert_eq!(&ids(&got)[..3], ["name", "chips", "cost_usd"]);
        assert!(!ids(&got).contains(&"country"));
        assert_eq!(got.len(), all.len() - 1);
    }
}
