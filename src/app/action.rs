//! Intents: what the user wants, independent of the key that asked for it.

use crate::view::ViewKind;

/// Everything the dashboard can be asked to do. Keys map here through the keymap; mouse
/// events and the runner produce some directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the row cursor down one row.
    MoveDown,
    /// Move the row cursor up one row.
    MoveUp,
    /// Move the column cursor left.
    ColumnLeft,
    /// Move the column cursor right.
    ColumnRight,
    /// Down one page.
    PageDown,
    /// Up one page.
    PageUp,
    /// Down half a page.
    HalfPageDown,
    /// Up half a page.
    HalfPageUp,
    /// First row.
    First,
    /// Last row.
    Last,
    /// Show a view.
    ShowView(ViewKind),
    /// Next view (wraps).
    NextView,
    /// Previous view (wraps).
    PrevView,
    /// Sort by the cursor column; again reverses.
    SortByCursorColumn,
    /// Sort by the cursor column, ascending.
    SortAscending,
    /// Sort by the cursor column, descending.
    SortDescending,
    /// Back to file order.
    ClearSort,
    /// Open the prompt for the day to see the data as of.
    OpenAsOf,
    /// Show the first data file alone (the curated one), or all of them again.
    ToggleScope,
    /// Open the filter prompt.
    OpenFilter,
    /// Type a character into the prompt.
    PromptInput(char),
    /// Delete the character before the prompt cursor.
    PromptBackspace,
    /// Clear the prompt.
    PromptClear,
    /// Keep the prompt's filter.
    PromptAccept,
    /// Close the overlay/prompt, else clear the filter.
    Back,
    /// Details of the cursor row.
    OpenDetails,
    /// Mark / unmark the cursor row for comparison.
    ToggleMark,
    /// Compare the marked rows (or the cursor and the previously visited row).
    Compare,
    /// Bar chart of the cursor column.
    BarChart,
    /// Toggle the log scale of charts.
    ToggleLogScale,
    /// Scatter plot of the cursor column against time.
    ScatterPlot,
    /// Group by the cursor column.
    GroupBy,
    /// Edit the data file at the cursor record.
    OpenEditor,
    /// Reload the data file.
    Reload,
    /// Show every key.
    Help,
    /// Quit.
    Quit,
    /// Scroll an overlay down.
    ScrollDown,
    /// Scroll an overlay up.
    ScrollUp,
    /// Mouse click at a screen cell.
    Click {
        /// Column.
        x: u16,
        /// Row.
        y: u16,
    },
    /// Mouse wheel: rows to move (negative = up).
    Wheel(i8),
    /// Cycle to the next alternative claim (compare view).
    NextClaim,
    /// In the comparison: make the record under the cursor the base of the ratios.
    MakeBase,
    /// In the scatter plot: name every visible point, or only the cursor's.
    TogglePointLabels,
    /// Copy the cursor cell to the clipboard.
    CopyCell,
    /// Copy the cursor row to the clipboard, as tab-separated values.
    CopyRow,
    /// Open the prompt for a file to save the view to.
    OpenSave,
    /// Open the prompt for a text to find (without filtering).
    OpenFind,
    /// Move to the next row matching the text found.
    NextMatch,
    /// Move to the previous row matching the text found.
    PrevMatch,
    /// Mark every row the filter shows.
    MarkAll,
    /// Unmark every row of the view.
    UnmarkAll,
    /// Open the column picker (show / hide / reorder columns).
    ColumnPicker,
    /// Move the cursor column one place left.
    MoveColumnLeft,
    /// Move the cursor column one place right.
    MoveColumnRight,
    /// Widen the cursor column.
    WidenColumn,
    /// Narrow the cursor column.
    NarrowColumn,
    /// Open the prompt to jump to a column by typing its name.
    JumpToColumn,
}

impl Action {
    /// Actions on the whole dashboard rather than on an open chart or group table: those
    /// overlays close and hand them back to the table.
    pub fn is_dashboard_wide(self) -> bool {
        matches!(
            self,
            Action::ShowView(_)
                | Action::NextView
                | Action::PrevView
                | Action::Reload
                | Action::OpenEditor
                | Action::OpenFilter
                | Action::Help
                | Action::Quit
        )
    }
}
