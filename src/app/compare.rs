//! Compare overlay (`c`): marked records side by side with ratios. Owned by issue 6's work.

use super::{Action, App, Effect};

/// State of an open comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareState {
    /// Records compared, first = the base of ratios.
    pub records: Vec<crate::data::RecordRef>,
    /// Cursor row (metric).
    pub cursor: usize,
}

/// Opens the comparison of the marked rows (or the cursor and the previous row).
pub fn open(app: &mut App) {
    app.say("compare is not available yet", true);
}

/// Keys while the comparison is open; `None` = not handled here.
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let _ = (app, action);
    None
}
