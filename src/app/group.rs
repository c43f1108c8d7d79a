//! Group-by overlay (`F`): one row per value of the cursor column. Owned by issue 5's work.

use super::{Action, App, Effect};

/// State of an open group-by table.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupState {
    /// Column grouped by (index in the view's columns).
    pub col: usize,
    /// Cursor row.
    pub cursor: usize,
}

/// Groups the visible rows by the cursor column.
pub fn open(app: &mut App) {
    app.say("group-by is not available yet", true);
}

/// Keys while the group table is open; `None` = not handled here.
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let _ = (app, action);
    None
}
