//! Bar chart and scatter plot overlays (`b`, `p`, `L`). Owned by the charts work (issue 5).

use super::{Action, App, Effect};

/// State of an open chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartState {
    /// Bar chart or scatter plot.
    pub kind: ChartKind,
    /// Column charted (index in the view's columns).
    pub col: usize,
    /// First bar shown (bar charts scroll).
    pub scroll: usize,
}

/// Which chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Horizontal bars.
    Bar,
    /// Date against value.
    Scatter,
}

/// Opens a chart of the cursor column.
pub fn open(app: &mut App, kind: ChartKind) {
    let _ = kind;
    app.say("charts are not available yet", true);
}

/// Keys while a chart is open; `None` = not handled here.
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let _ = (app, action);
    None
}
