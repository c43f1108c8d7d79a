//! Column control: the picker (show / hide, reorder), moving and resizing the cursor column,
//! and the jump-to-column prompt. Every change goes into the view's `Layout`.

use crate::view::{columns, layout};

use super::{Action, App, Effect, Overlay, view_index};

/// Opens the picker on the cursor column.
pub(super) fn open(app: &mut App) {
    let order = app.layout().all_in_order(columns(app.view));
    let cursor = order.iter().position(|&c| c == app.state().col).unwrap_or(0);
    app.overlay = Some(Overlay::Columns { cursor });
}

/// Moves the cursor column one place left or right.
pub(super) fn shift(app: &mut App, delta: isize) {
    let cols = columns(app.view);
    let Some(c) = cols.get(app.state().col) else { return };
    app.layouts[view_index(app.view)].shift(cols, c.id, delta);
}

/// Widens (`delta` > 0) or narrows the cursor column from its width on screen.
pub(super) fn resize(app: &mut App, delta: i16) {
    let col = app.state().col;
    let Some(c) = columns(app.view).get(col) else { return };
    let current = app
        .header_hits
        .iter()
        .find(|h| h.0 == col)
        .map_or(10, |&(_, a, b)| b.saturating_sub(a).saturating_sub(1));
    app.layouts[view_index(app.view)].resize(c.id, current, delta);
}

/// Keys in the picker; `None` hands the action to the table.
pub(super) fn update_picker(app: &mut App, action: Action) -> Option<Effect> {
    let Some(Overlay::Columns { cursor }) = app.overlay else {
        return None;
    };
    let cols = columns(app.view);
    let order = app.layout().all_in_order(cols);
    let last = order.len().saturating_sub(1);
    let at = order.get(cursor.min(last)).copied();
    let vi = view_index(app.view);
    match action {
        Action::Back | Action::ColumnPicker => app.overlay = None,
        Action::MoveDown | Action::ScrollDown | Action::Wheel(1..) => {
            app.overlay = Some(Overlay::Columns {
                cursor: (cursor + 1).min(last),
            });
        }
        Action::MoveUp | Action::ScrollUp | Action::Wheel(..=-1) => {
            app.overlay = Some(Overlay::Columns {
                cursor: cursor.saturating_sub(1),
            });
        }
        Action::ToggleMark => {
            let Some(i) = at else { return Some(Effect::None) };
            let id = cols[i].id;
            if app.layouts[vi].toggle_hidden(cols, id) {
                let hidden = app.layouts[vi].is_hidden(id);
                // The cursor never rests on a hidden column.
                if hidden && app.state().col == i {
                    let first = app.shown_columns().first().copied().unwrap_or(0);
                    app.state_mut().col = first;
                }
                app.say(
                    format!("column {id} {}", if hidden { "hidden" } else { "shown" }),
                    false,
                );
            } else {
                app.say("the last shown column stays", true);
            }
        }
        Action::MoveColumnLeft | Action::MoveColumnRight => {
            let Some(i) = at else { return Some(Effect::None) };
            let delta = if action == Action::MoveColumnLeft { -1 } else { 1 };
            app.layouts[vi].shift(cols, cols[i].id, delta);
            let order = app.layout().all_in_order(cols);
            let cursor = order.iter().position(|&c| c == i).unwrap_or(cursor);
            app.overlay = Some(Overlay::Columns { cursor });
        }
        Action::OpenDetails => {
            // Enter: go to the column (showing it if it was hidden).
            if let Some(i) = at {
                if app.layouts[vi].is_hidden(cols[i].id) {
                    app.layouts[vi].toggle_hidden(cols, cols[i].id);
                }
                app.state_mut().col = i;
            }
            app.overlay = None;
        }
        a if a.is_dashboard_wide() => {
            app.overlay = None;
            return None;
        }
        _ => {}
    }
    Some(Effect::None)
}

/// The column whose id or title contains `text` (case-insensitive); ids that start with it
/// first, so `c` finds `chips` before `country`… in declared order.
pub fn find_column(view: crate::view::ViewKind, shown: &[usize], text: &str) -> Option<usize> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    let cols = columns(view);
    let starts = |i: &usize| cols[*i].id.starts_with(&t) || cols[*i].label.to_lowercase().starts_with(&t);
    let contains = |i: &usize| cols[*i].id.contains(&t) || cols[*i].label.to_lowercase().contains(&t);
    let all = layout::Layout::default().all_in_order(cols);
    // Shown columns first: a hidden one is only a fallback (it is then shown).
    shown
        .iter()
        .copied()
        .find(starts)
        .or_else(|| shown.iter().copied().find(contains))
        .or_else(|| all.iter().copied().find(starts))
        .or_else(|| all.iter().copied().find(contains))
}

/// The jump prompt: the cursor follows the typed name; `Enter` keeps it, `Esc` goes back.
pub(super) fn update_jump(app: &mut App, action: Action) -> Effect {
    let Some(Overlay::ColumnJump { mut input, before }) = app.overlay.clone() else {
        return Effect::None;
    };
    match action {
        ref a if super::prompt::edit(&mut input, a) => {}
        Action::Back => {
            app.state_mut().col = before;
            app.overlay = None;
            return Effect::None;
        }
        Action::PromptAccept => {
            app.overlay = None;
            let col = app.state().col;
            let vi = view_index(app.view);
            let cols = columns(app.view);
            if let Some(c) = cols.get(col)
                && app.layouts[vi].is_hidden(c.id)
            {
                app.layouts[vi].toggle_hidden(cols, c.id);
            }
            return Effect::None;
        }
        _ => return Effect::None,
    }
    let shown = app.shown_columns();
    let col = find_column(app.view, &shown, &input).unwrap_or(before);
    app.state_mut().col = col;
    app.overlay = Some(Overlay::ColumnJump { input, before });
    Effect::None
}
