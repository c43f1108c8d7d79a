//! `update`: one action → new state + effect. Split by what is on screen: the filter prompt,
//! an overlay, or the table.

use crate::view::{SortDir, SortSpec, ViewKind, columns};

use super::{
    Action, App, Effect, Overlay, chart, clamp_offset, column_control as picker, compare, copy, find, group, marks,
    prompt, save,
};

pub(super) fn update(app: &mut App, action: Action) -> Effect {
    // Quit works from anywhere (Ctrl-c reaches here even from the prompt).
    if action == Action::Quit {
        return Effect::Quit;
    }
    // A reload's highlights last until the user does something: they have been seen.
    app.changed.clear();
    // A message answers the key before: the next key takes it away (news about the data,
    // said everywhere, stays until newer news), so it never lingers over what came after.
    if app.status.as_ref().is_some_and(|s| s.place.is_some()) {
        app.status = None;
    }
    match &app.overlay {
        Some(Overlay::Filter { .. }) => return prompt::update(app, action),
        Some(Overlay::AsOf { .. }) => return prompt::update_as_of(app, action),
        Some(Overlay::Save(_)) => return save::update(app, action),
        Some(Overlay::Find(_)) => return find::update(app, action),
        Some(Overlay::ColumnJump { .. }) => return picker::update_jump(app, action),
        Some(Overlay::Columns { .. }) => {
            if let Some(effect) = picker::update_picker(app, action) {
                return effect;
            }
        }
        Some(Overlay::Chart(_)) => {
            if let Some(effect) = chart::update(app, action) {
                return effect;
            }
        }
        // Bars of the group table's column: the chart keeps the table, to return to it.
        Some(Overlay::Group(_)) if action == Action::BarChart => {
            if let Some(Overlay::Group(g)) = app.overlay.take() {
                chart::open_from_group(app, g);
            }
            return Effect::None;
        }
        Some(Overlay::Group(_)) => {
            if let Some(effect) = group::update(app, action) {
                return effect;
            }
        }
        Some(Overlay::Compare(_)) => {
            if let Some(effect) = compare::update(app, action) {
                return effect;
            }
        }
        Some(_) => {
            if let Some(effect) = overlay(app, action) {
                return effect;
            }
        }
        None => {}
    }
    table(app, action)
}

/// Keys inside an overlay; `None` lets the table handle the action (e.g. switching views).
fn overlay(app: &mut App, action: Action) -> Option<Effect> {
    let scroll = match app.overlay.as_mut() {
        Some(Overlay::Help { scroll } | Overlay::Details { scroll, .. } | Overlay::Diagnostics { scroll, .. }) => {
            scroll
        }
        _ => return None,
    };
    // The last frame says how far the overlay scrolls and how many lines it shows.
    let (max, page) = (app.geometry.overlay_max, app.geometry.overlay_page.max(2));
    match action {
        Action::Back => app.overlay = None,
        Action::MoveDown | Action::ScrollDown | Action::Wheel(1..) => *scroll = scroll.saturating_add(1).min(max),
        Action::MoveUp | Action::ScrollUp | Action::Wheel(..=-1) => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = scroll.saturating_add(page - 1).min(max),
        Action::PageUp => *scroll = scroll.saturating_sub(page - 1),
        Action::HalfPageDown => *scroll = scroll.saturating_add(page / 2).min(max),
        Action::HalfPageUp => *scroll = scroll.saturating_sub(page / 2),
        Action::First => *scroll = 0,
        Action::Last => *scroll = max,
        Action::Help => {
            // `?` again closes help.
            if matches!(app.overlay, Some(Overlay::Help { .. })) {
                app.overlay = None;
            } else {
                app.overlay = Some(Overlay::Help { scroll: 0 });
            }
        }
        Action::OpenDetails => app.overlay = None,
        Action::Reload | Action::OpenEditor | Action::ShowView(_) | Action::NextView | Action::PrevView => {
            app.overlay = None;
            return None;
        }
        _ => {}
    }
    Some(Effect::None)
}

fn move_cursor(app: &mut App, delta: isize) {
    let page = app.geometry.page as usize;
    let before = app.cursor_record();
    let vs = app.state_mut();
    if vs.rows.is_empty() {
        return;
    }
    let last = vs.rows.len() - 1;
    vs.cursor = vs.cursor.saturating_add_signed(delta).min(last);
    clamp_offset(vs, page);
    if let Some(b) = before
        && app.cursor_record() != Some(b)
    {
        app.previous = Some((app.view, b.index));
    }
}

fn sort(app: &mut App, dir: Option<SortDir>) {
    let view = app.view;
    let cols = columns(view);
    let vs = app.state_mut();
    let col = vs.col;
    let Some(c) = cols.get(col) else { return };
    let before = vs.sort;
    let spec = SortSpec::toggled(before, col, SortDir::natural(c.ty), dir);
    let dir = spec.dir;
    vs.sort = Some(spec);
    match before {
        // Same column, other direction: reverse in place (O(n)), cursor stays on its record.
        Some(b) if b.col == col && b.dir == dir.flip() => {
            let current = app.state().rows.get(app.state().cursor).copied();
            let ds = &app.ds;
            let vs = &mut app.views[super::view_index(view)];
            crate::view::sort::reverse_sorted(ds, c, &mut vs.rows);
            vs.cursor = current.and_then(|r| vs.rows.iter().position(|&x| x == r)).unwrap_or(0);
            super::clamp_offset(vs, app.geometry.page as usize);
        }
        Some(b) if b == spec => {}
        _ => app.reproject(view),
    }
    let what = if dir == SortDir::Desc {
        "descending"
    } else {
        "ascending"
    };
    app.say(format!("sorted by {} {what}", cols[col].id), false);
}

fn show_view(app: &mut App, v: ViewKind) {
    app.view = v;
    app.status = None;
}

fn table(app: &mut App, action: Action) -> Effect {
    let page = app.geometry.page.max(1) as isize;
    match action {
        Action::MoveDown | Action::ScrollDown => move_cursor(app, 1),
        Action::MoveUp | Action::ScrollUp => move_cursor(app, -1),
        Action::PageDown => move_cursor(app, page),
        Action::PageUp => move_cursor(app, -page),
        Action::HalfPageDown => move_cursor(app, (page / 2).max(1)),
        Action::HalfPageUp => move_cursor(app, -(page / 2).max(1)),
        Action::First => move_cursor(app, isize::MIN / 2),
        Action::Last => move_cursor(app, isize::MAX / 2),
        Action::Wheel(n) => move_cursor(app, isize::from(n)),
        Action::ColumnLeft => step_column(app, -1),
        Action::ColumnRight => step_column(app, 1),
        Action::ShowView(v) => show_view(app, v),
        Action::NextView => show_view(app, app.view.cycle(1)),
        Action::PrevView => show_view(app, app.view.cycle(-1)),
        Action::SortByCursorColumn => sort(app, None),
        Action::SortAscending => sort(app, Some(SortDir::Asc)),
        Action::SortDescending => sort(app, Some(SortDir::Desc)),
        Action::ClearSort => {
            app.state_mut().sort = None;
            app.reproject(app.view);
            app.say("file order", false);
        }
        Action::OpenAsOf => {
            let input = app.ds.as_of.map(|d| d.to_string()).unwrap_or_default();
            app.overlay = Some(Overlay::AsOf { input, error: None });
        }
        Action::ToggleScope => {
            let layered = app.origin.paths().len() > 1
                || (matches!(app.origin, crate::load::Origin::Bundled) && !crate::data::BUNDLED_LAYERS.is_empty());
            if !layered {
                app.say(
                    "one data file: nothing to switch (open several: labdash A.toml B.toml)",
                    false,
                );
                return Effect::None;
            }
            app.scope = match app.scope {
                crate::load::Scope::All => crate::load::Scope::First,
                crate::load::Scope::First => crate::load::Scope::All,
            };
            return Effect::Reload;
        }
        Action::OpenFilter => prompt::open(app),
        Action::CopyCell => return copy::copy(app, false),
        Action::CopyRow => return copy::copy(app, true),
        Action::OpenSave => save::open(app),
        Action::OpenFind => find::open(app),
        Action::NextMatch => find::step(app, true),
        Action::PrevMatch => find::step(app, false),
        Action::MarkAll => marks::mark_all(app),
        Action::UnmarkAll => marks::unmark_all(app),
        Action::Back => {
            if let Some(text) = app.find.take() {
                // The highlight goes first: it is the lighter thing to lose (f brings it back).
                app.say_keys(
                    format!("no longer finding “{}” — {{}} finds again", text.replace("{}", "{ }")),
                    &[Action::OpenFind],
                    false,
                );
            } else if !app.state().filter.is_empty() {
                // Never silently: say so, and keep the text for the filter key to restore.
                let cleared = std::mem::take(&mut app.state_mut().filter);
                app.state_mut().cleared_filter = cleared.text;
                app.reproject(app.view);
                app.say_keys("filter cleared — {} to restore", &[Action::OpenFilter], false);
            } else {
                app.status = None;
            }
        }
        Action::OpenDetails => {
            if let Some(record) = app.cursor_record() {
                app.overlay = Some(Overlay::Details { record, scroll: 0 });
            }
        }
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::ToggleMark => {
            if let Some(r) = app.cursor_record() {
                let key = (app.view, app.ds.id_of(r).to_string());
                if !app.marks.remove(&key) {
                    app.marks.insert(key);
                }
                move_cursor(app, 1);
            }
        }
        Action::Reload => return Effect::Reload,
        Action::OpenEditor => {
            return match (&app.origin, app.cursor_record()) {
                (crate::load::Origin::Bundled, _) => {
                    app.say(
                        "the bundled data is read-only: run `labdash init my.toml`, then `labdash my.toml`",
                        true,
                    );
                    Effect::None
                }
                (_, Some(r)) => Effect::OpenEditor {
                    file: app.ds.layers.file_of(r),
                    line: app.ds.line_of(r),
                },
                (_, None) => Effect::OpenEditor { file: 0, line: 1 },
            };
        }
        Action::Click { x, y } => click(app, x, y),
        Action::Compare => compare::open(app),
        Action::BarChart => chart::open(app, chart::ChartKind::Bar),
        Action::ScatterPlot => chart::open(app, chart::ChartKind::Scatter),
        Action::GroupBy => group::open(app),
        Action::ToggleLogScale => {
            app.log_scale = !app.log_scale;
            app.scale_auto = false;
            // The status line itself shows "log scale" while it is on.
            app.say(
                if app.log_scale {
                    "charts: logarithmic scale"
                } else {
                    "charts: linear scale"
                },
                false,
            );
        }
        Action::ColumnPicker => picker::open(app),
        Action::MoveColumnLeft => picker::shift(app, -1),
        Action::MoveColumnRight => picker::shift(app, 1),
        Action::WidenColumn => picker::resize(app, 2),
        Action::NarrowColumn => picker::resize(app, -2),
        Action::JumpToColumn => {
            let before = app.state().col;
            app.overlay = Some(Overlay::ColumnJump {
                input: String::new(),
                before,
            });
        }
        Action::Quit => return Effect::Quit,
        Action::PromptInput(_)
        | Action::PromptBackspace
        | Action::PromptClear
        | Action::PromptAccept
        | Action::NextClaim
        | Action::MakeBase
        | Action::TogglePointLabels => {}
    }
    Effect::None
}

/// Moves the column cursor to the next shown column in display order (the user's layout may
/// reorder and hide columns).
pub(super) fn step_column(app: &mut App, delta: isize) {
    let shown = app.shown_columns();
    let col = app.state().col;
    let pos = shown.iter().position(|&c| c == col).unwrap_or(0);
    let next = pos.saturating_add_signed(delta).min(shown.len().saturating_sub(1));
    if let Some(&c) = shown.get(next) {
        app.state_mut().col = c;
    }
}

fn click(app: &mut App, x: u16, y: u16) {
    let g = app.geometry;
    if y == g.tabs_y {
        // The last frame says where each tab's label was drawn.
        if let Some(&(v, _, _)) = app.tab_hits.iter().find(|(_, a, b)| (*a..*b).contains(&x)) {
            show_view(app, v);
        }
        return;
    }
    if y == g.header_y {
        if let Some(&(col, _, _)) = app.header_hits.iter().find(|(_, a, b)| (*a..*b).contains(&x)) {
            app.state_mut().col = col;
            sort(app, None);
        }
        return;
    }
    if y >= g.rows_y && y < g.rows_y + g.page {
        let target = app.state().offset + usize::from(y - g.rows_y);
        if target < app.state().rows.len() {
            let cur = app.state().cursor as isize;
            move_cursor(app, target as isize - cur);
            if let Some(&(col, _, _)) = app.header_hits.iter().find(|(_, a, b)| (*a..*b).contains(&x)) {
                app.state_mut().col = col;
            }
        }
    }
}
