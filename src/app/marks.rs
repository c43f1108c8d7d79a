//! Marks beyond one row at a time: every row the filter shows, or none.

use crate::data::RecordRef;

use super::App;

/// Marks every row shown (the filter's rows), keeping marks on rows it hides.
pub(super) fn mark_all(app: &mut App) {
    let (view, kind) = (app.view, app.view.kind());
    let before = app.marks.len();
    for &index in &app.views[super::view_index(view)].rows {
        app.marks
            .insert((view, app.ds.id_of(RecordRef { kind, index }).to_string()));
    }
    let added = app.marks.len() - before;
    let shown = app.state().rows.len();
    app.say(
        format!(
            "marked {added} more row{} ({shown} shown, all marked)",
            if added == 1 { "" } else { "s" }
        ),
        false,
    );
}

/// Unmarks every row of the view, hidden ones too.
pub(super) fn unmark_all(app: &mut App) {
    let view = app.view;
    let before = app.marks.len();
    app.marks.retain(|(v, _)| *v != view);
    let removed = before - app.marks.len();
    app.say(
        if removed == 0 {
            "no marks to clear".to_string()
        } else {
            format!("unmarked {removed} row{}", if removed == 1 { "" } else { "s" })
        },
        false,
    );
}
