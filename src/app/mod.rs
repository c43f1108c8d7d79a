//! The dashboard's state and its pure update function: `App::update(action) -> Effect`.
//! No terminal, no IO, no clock here, so tests drive it directly.

pub mod action;
pub mod chart;
pub mod column_control;
pub mod compare;
mod copy;
pub mod find;
pub mod group;
mod marks;
mod prompt;
pub mod save;
mod update;

use std::collections::HashSet;

pub use action::Action;

use crate::data::{Dataset, RecordRef};
use crate::load::Origin;
use crate::view::{self, Filter, Query, SortSpec, ViewKind, columns};

/// What the runner must do after an update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing.
    None,
    /// Leave the dashboard.
    Quit,
    /// Read the data file again.
    Reload,
    /// Suspend the TUI and edit a data file at a line.
    OpenEditor {
        /// Which of the origin's files (0 for the first).
        file: usize,
        /// 1-based line of the record.
        line: u32,
    },
    /// Put `text` on the clipboard (OSC 52, only when stdout is a terminal); `what` names it
    /// for the status line ("chips of DeepSeek-V3").
    Copy {
        /// The text.
        text: String,
        /// What it is.
        what: String,
    },
    /// Write the view to a file (with `crate::fsio::write_atomic`); without `overwrite` an
    /// existing file is refused (then `App::save_refused`), else `App::saved` says so.
    Save {
        /// Where, as typed.
        path: std::path::PathBuf,
        /// Exactly what `labdash export` prints for the view.
        bytes: Vec<u8>,
        /// What it holds, for the status line ("30 Models rows as CSV").
        what: String,
        /// Replace an existing file.
        overwrite: bool,
    },
}

/// An overlay or prompt on top of the table (at most one at a time).
#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    /// Typing a filter; `before` is restored by `Esc`.
    Filter {
        /// Text typed.
        input: String,
        /// The filter text when the prompt opened.
        before: String,
        /// Why the current input does not parse.
        error: Option<String>,
    },
    /// Every key.
    Help {
        /// First line shown.
        scroll: u16,
    },
    /// Every field and claim of one record.
    Details {
        /// The record.
        record: RecordRef,
        /// First line shown.
        scroll: u16,
    },
    /// A bar chart or scatter plot.
    Chart(chart::ChartState),
    /// The group-by table.
    Group(group::GroupState),
    /// Records side by side.
    Compare(compare::CompareState),
    /// Typing the day to see the data as of (`YYYY-MM-DD`; empty: all of it).
    AsOf {
        /// Text typed.
        input: String,
        /// Why the input is not a day.
        error: Option<String>,
    },
    /// Typing the file to save the view to (format from its extension).
    Save(save::SavePrompt),
    /// Typing a text to find; the cursor jumps to matches as you type.
    Find(find::FindPrompt),
    /// The column picker: every column of the view, shown or hidden.
    Columns {
        /// Position of the picker's cursor in the view's column order.
        cursor: usize,
    },
    /// Typing (part of) a column's id or title to jump to it.
    ColumnJump {
        /// Text typed.
        input: String,
        /// The column cursor when the prompt opened (`Esc` goes back to it).
        before: usize,
    },
    /// Problems in the data file after a failed reload.
    Diagnostics {
        /// The rendered problems.
        text: String,
        /// First line shown.
        scroll: u16,
    },
}

impl Overlay {
    /// Whether this is a prompt typed into under the table (filter, as-of, save, find, column
    /// jump): keys are text, and no box hides the table.
    pub fn is_prompt(&self) -> bool {
        match self {
            Overlay::Filter { .. }
            | Overlay::AsOf { .. }
            | Overlay::Save(_)
            | Overlay::Find(_)
            | Overlay::ColumnJump { .. } => true,
            Overlay::Help { .. }
            | Overlay::Details { .. }
            | Overlay::Chart(_)
            | Overlay::Group(_)
            | Overlay::Compare(_)
            | Overlay::Columns { .. }
            | Overlay::Diagnostics { .. } => false,
        }
    }
}

/// One view's place: query, cursor, scroll.
#[derive(Clone, Debug, Default)]
pub struct ViewState {
    /// Sort.
    pub sort: Option<SortSpec>,
    /// The filter (with the text it was typed as).
    pub filter: Filter,
    /// Record indices shown, in order.
    pub rows: Vec<u32>,
    /// Cursor position in `rows`.
    pub cursor: usize,
    /// Column cursor.
    pub col: usize,
    /// First row on screen.
    pub offset: usize,
    /// The filter `Esc` last cleared, for the filter key to restore.
    pub cleared_filter: String,
}

/// Screen geometry of the last frame, written by the renderer (UI geometry only), read by
/// paging and mouse handling.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Geometry {
    /// Screen row of the table header.
    pub header_y: u16,
    /// Screen row of the first data row.
    pub rows_y: u16,
    /// How many data rows fit.
    pub page: u16,
    /// Screen row of the tab bar.
    pub tabs_y: u16,
    /// How far the open scrolling overlay (help, details, problems) can scroll.
    pub overlay_max: u16,
    /// How many lines of it show.
    pub overlay_page: u16,
}

/// Where on screen something was said: the table, or one of the overlays over it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The table (prompts included: they sit over it).
    Table,
    /// The help overlay.
    Help,
    /// The details overlay.
    Details,
    /// The reload problems.
    Problems,
    /// A chart.
    Chart,
    /// The group table.
    Group,
    /// The comparison.
    Compare,
}

/// A message on the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// Text; each `{}` stands for the key of the action at the same place in `keys`, named
    /// by the renderer from the keymap (the app knows actions, not keys).
    pub text: String,
    /// An error (shown as such).
    pub error: bool,
    /// The actions whose keys the text names.
    pub keys: Vec<Action>,
    /// Where it was said: shown only there (a comparison's message is not the bar chart's);
    /// `None` for news about the data itself (reloads), shown everywhere.
    pub place: Option<Place>,
}

impl Status {
    /// The text with each `{}` replaced by `key(action)`.
    pub fn render(&self, key: impl Fn(Action) -> String) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut keys = self.keys.iter();
        let mut rest = self.text.as_str();
        while let Some(i) = rest.find("{}") {
            out.push_str(&rest[..i]);
            match keys.next() {
                Some(&a) => out.push_str(&key(a)),
                None => out.push_str("{}"),
            }
            rest = &rest[i + 2..];
        }
        out.push_str(rest);
        out
    }
}

/// The whole dashboard state.
pub struct App {
    /// The data on screen (the last good load).
    pub ds: Dataset,
    /// Where it came from.
    pub origin: Origin,
    /// The view shown.
    pub view: ViewKind,
    /// Per-view state, indexed like `ViewKind::ALL`.
    pub views: Vec<ViewState>,
    /// Overlay, if any.
    pub overlay: Option<Overlay>,
    /// Status message.
    pub status: Option<Status>,
    /// Marked records (for compare), by view and id, so they survive sorts and reloads.
    pub marks: HashSet<(ViewKind, String)>,
    /// Chart scale.
    pub log_scale: bool,
    /// Whether charts pick their scale from the figures (until `L` chooses one).
    pub scale_auto: bool,
    /// Column x ranges of the last frame: (column index, x start, x end).
    pub header_hits: Vec<(usize, u16, u16)>,
    /// Tab x ranges of the last frame: (view, x start, x end).
    pub tab_hits: Vec<(ViewKind, u16, u16)>,
    /// Last frame's geometry.
    pub geometry: Geometry,
    /// Only the first part of the data is in yet (the rest is loading).
    pub loading: bool,
    /// How the load is going, for the status line while `loading` (kept apart from messages,
    /// which the user's keys make).
    pub loading_note: String,
    /// Which of the origin's files to show (all, or the first alone); reloads honour it.
    pub scope: crate::load::Scope,
    /// Which files the data on screen was loaded from.
    pub loaded_scope: crate::load::Scope,
    /// While the data is shown as of a day (`ds` is then `data::as_of::as_of` of this): the
    /// whole data, to go back to or to move to another day.
    pub whole: Option<Box<Dataset>>,
    /// Record visited before the current one (for `c` with nothing marked).
    pub previous: Option<(ViewKind, u32)>,
    /// Cells the last reload changed — (view, record index, column) — highlighted until the
    /// next key press.
    pub changed: HashSet<(ViewKind, u32, usize)>,
    /// Per-view memo of projections (free-text index, sorted rows), indexed like
    /// `ViewKind::ALL`; keyed to `ds`, cleared when it is replaced.
    pub(crate) caches: [view::cache::ViewCache; ViewKind::ALL.len()],
    /// The text being found (`f`), highlighted in the table; `;`/`,` move between matches.
    pub find: Option<String>,
    /// The user's column choice per view (from the configuration), indexed like
    /// `ViewKind::ALL`: which columns to hide and which to lead with.
    pub column_choices: Vec<view::column_choice::ColumnChoice>,
    /// Each view's column choices (order, hidden, widths), indexed like `ViewKind::ALL`; kept
    /// while labdash runs (a config file may load and save them).
    pub layouts: [view::Layout; ViewKind::ALL.len()],
}

pub(crate) fn view_index(v: ViewKind) -> usize {
    ViewKind::ALL.iter().position(|x| *x == v).unwrap_or(0)
}

/// Where each view stood, the details' record and the previous record, by id (`App::places`).
type Places = (
    Vec<(Option<String>, usize, usize)>,
    Option<String>,
    Option<(ViewKind, String)>,
);

impl App {
    /// A dashboard on `ds`, opened with `query` (its view, sort and filter).
    pub fn new(ds: Dataset, origin: Origin, query: Query) -> Self {
        let mut app = App {
            ds,
            origin,
            view: query.view,
            views: vec![ViewState::default(); ViewKind::ALL.len()],
            overlay: None,
            status: None,
            marks: HashSet::new(),
            log_scale: false,
            scale_auto: true,
            header_hits: Vec::new(),
            tab_hits: Vec::new(),
            geometry: Geometry {
                header_y: 2,
                rows_y: 3,
                page: 20,
                tabs_y: 0,
                overlay_max: u16::MAX,
                overlay_page: 20,
            },
            previous: None,
            changed: HashSet::new(),
            loading: false,
            loading_note: String::new(),
            scope: crate::load::Scope::All,
            loaded_scope: crate::load::Scope::All,
            whole: None,
            caches: Default::default(),
            find: None,
            column_choices: vec![Default::default(); ViewKind::ALL.len()],
            layouts: Default::default(),
        };
        let vs = app.state_mut();
        vs.filter = query.filter;
        vs.sort = query.sort;
        if let Some(s) = query.sort {
            vs.col = s.col;
        }
        for v in ViewKind::ALL {
            app.reproject(v);
        }
        app
    }

    /// Takes the user's standing column choices (hidden columns, leading columns) per view:
    /// the one place configuration reaches the table's layout. The column cursor starts on
    /// the first column the choice leads with.
    pub fn apply_column_choices(&mut self, choices: &[(ViewKind, view::column_choice::ColumnChoice)]) {
        for (v, choice) in choices {
            let i = view_index(*v);
            self.column_choices[i] = choice.clone();
            // The configured order and hidden columns are the view's layout from the start
            // (the table, the picker and `w` all read the layout).
            self.layouts[i].order = choice.order.clone();
            self.layouts[i].hidden = choice.hidden.clone();
            let vs = &mut self.views[i];
            if vs.sort.is_none()
                && vs.col == 0
                && let Some(&first) = choice.arrange(*v).get(1).filter(|_| !choice.order.is_empty())
            {
                vs.col = first;
            }
        }
    }

    /// State of the view on screen.
    pub fn state(&self) -> &ViewState {
        &self.views[view_index(self.view)]
    }

    /// The column choices of the view on screen.
    pub fn layout(&self) -> &view::Layout {
        &self.layouts[view_index(self.view)]
    }

    /// The shown columns of the view on screen, in display order.
    pub fn shown_columns(&self) -> Vec<usize> {
        view::layout::apply(self.layout(), columns(self.view))
    }

    /// Mutable state of the view on screen.
    pub fn state_mut(&mut self) -> &mut ViewState {
        let i = view_index(self.view);
        &mut self.views[i]
    }

    /// The query the view on screen shows (what `export` would print).
    pub fn query(&self) -> Query {
        let s = self.state();
        Query {
            view: self.view,
            sort: s.sort,
            filter: s.filter.clone(),
        }
    }

    /// Recomputes a view's rows after its query or the data changed, keeping the cursor on
    /// the same record when it is still shown.
    pub fn reproject(&mut self, v: ViewKind) {
        let i = view_index(v);
        let vs = &self.views[i];
        let q = Query {
            view: v,
            sort: vs.sort,
            filter: vs.filter.clone(),
        };
        let current = vs.rows.get(vs.cursor).copied();
        let rows = view::cache::project_cached(&self.ds, &q, &mut self.caches[i]);
        let vs = &mut self.views[i];
        vs.cursor = current.and_then(|r| rows.iter().position(|&x| x == r)).unwrap_or(0);
        vs.rows = rows;
        vs.col = vs.col.min(columns(v).len().saturating_sub(1));
        clamp_offset(vs, self.geometry.page as usize);
    }

    /// The record under the cursor.
    pub fn cursor_record(&self) -> Option<RecordRef> {
        let s = self.state();
        s.rows.get(s.cursor).map(|&index| RecordRef {
            kind: self.view.kind(),
            index,
        })
    }

    /// Whether a record of the view on screen is marked.
    pub fn is_marked(&self, index: u32) -> bool {
        let id = self.ds.id_of(RecordRef {
            kind: self.view.kind(),
            index,
        });
        self.marks.contains(&(self.view, id.to_string()))
    }

    /// Swaps in freshly loaded data, keeping every view's place: the cursor on the same record
    /// (by id — indices move when records are added), else on the same row; the same scroll;
    /// the details overlay and the previously visited record followed by id.
    pub fn replace_data(&mut self, ds: Dataset) {
        let shown = self.shown(ds);
        self.replace_shown(shown);
    }

    /// What to show of freshly loaded data: all of it, or (while a day is set) the data as of
    /// that day, keeping the whole.
    fn shown(&mut self, ds: Dataset) -> Dataset {
        match self.ds.as_of {
            Some(day) => {
                let shown = crate::data::as_of::as_of(&ds, day);
                self.whole = Some(Box::new(ds));
                shown
            }
            None => {
                self.whole = None;
                ds
            }
        }
    }

    /// Shows the data as it stood on `day` (`None`: all of it), keeping every view's place.
    pub fn set_as_of(&mut self, day: Option<crate::data::PartialDate>) {
        let whole = match self.whole.take() {
            Some(w) => *w,
            None => self.ds.clone(),
        };
        let shown = match day {
            Some(d) => {
                let shown = crate::data::as_of::as_of(&whole, d);
                self.whole = Some(Box::new(whole));
                shown
            }
            None => whole,
        };
        self.replace_shown(shown);
    }

    /// Swaps in `ds` as the data on screen, keeping every view's place.
    fn replace_shown(&mut self, ds: Dataset) {
        let places = self.places();
        self.ds = ds;
        self.restore(places);
    }

    /// Every view's place (cursor record id, cursor, offset), the details' record and the
    /// previously visited record, to find again in new data.
    fn places(&self) -> Places {
        let keep: Vec<(Option<String>, usize, usize)> = ViewKind::ALL
            .iter()
            .map(|&v| {
                let vs = &self.views[view_index(v)];
                let id = vs
                    .rows
                    .get(vs.cursor)
                    .map(|&index| self.ds.id_of(RecordRef { kind: v.kind(), index }).to_string());
                (id, vs.cursor, vs.offset)
            })
            .collect();
        let details = match &self.overlay {
            Some(Overlay::Details { record, .. }) => Some(self.ds.id_of(*record).to_string()),
            _ => None,
        };
        let previous = self
            .previous
            .map(|(v, index)| (v, self.ds.id_of(RecordRef { kind: v.kind(), index }).to_string()));
        (keep, details, previous)
    }

    /// Shows `self.ds` anew, putting every view back at `places`.
    fn restore(&mut self, (keep, details, previous): Places) {
        self.caches.iter_mut().for_each(view::cache::ViewCache::clear);
        let find = |ds: &Dataset, kind, id: &str| ds.ids.get(id).filter(|r| r.kind == kind).copied();
        for (i, &v) in ViewKind::ALL.iter().enumerate() {
            self.reproject(v);
            let (id, cursor, offset) = &keep[i];
            let found = id.as_deref().and_then(|id| find(&self.ds, v.kind(), id));
            let vs = &mut self.views[i];
            vs.cursor = found
                .and_then(|r| vs.rows.iter().position(|&x| x == r.index))
                .unwrap_or(*cursor);
            vs.offset = *offset;
            clamp_offset(vs, self.geometry.page as usize);
        }
        if let Some(id) = details {
            match (find(&self.ds, self.view.kind(), &id), &mut self.overlay) {
                (Some(r), Some(Overlay::Details { record, .. })) => *record = r,
                _ => self.overlay = None,
            }
        }
        self.previous = previous.and_then(|(v, id)| find(&self.ds, v.kind(), &id).map(|r| (v, r.index)));
        // Open charts and group tables were computed from the old data: recompute them.
        chart::refresh(self);
        group::refresh(self);
    }

    /// Shows a successful reload: the new data with every view's place kept, the cells it
    /// changed highlighted (until the next key), the diagnostics panel closed, and a summary
    /// on the status line ("reloaded: 2 records changed, 1 added").
    pub fn reloaded(&mut self, ds: Dataset) {
        let ds = self.shown(ds);
        let changes = crate::view::changes::diff(&self.ds, &ds);
        self.replace_shown(ds);
        if matches!(self.overlay, Some(Overlay::Diagnostics { .. })) {
            self.overlay = None;
        }
        self.say_everywhere(format!("reloaded: {}", changes.summary()), false);
        self.changed = changes.cells;
    }

    /// Shows a reload that patched the data on screen in place (`runner`: only the chunks an
    /// edit changed were parsed again; every record kept its index and id), with its changes.
    pub fn patched(&mut self, changes: crate::view::changes::Changes) {
        let places = self.places();
        self.restore(places);
        if matches!(self.overlay, Some(Overlay::Diagnostics { .. })) {
            self.overlay = None;
        }
        self.say_everywhere(format!("reloaded: {}", changes.summary()), false);
        self.changed = changes.cells;
    }

    /// Shows a failed reload: the data on screen stays, the problems open in a panel — unless
    /// the user is typing a filter, which a background reload must not take away (`r` shows
    /// the panel later).
    pub fn reload_failed(&mut self, text: String, count: usize, at_least: bool) {
        let typing = self.typing();
        if !typing {
            self.overlay = Some(Overlay::Diagnostics { text, scroll: 0 });
        }
        self.status = Some(Status {
            text: format!(
                "reload failed: {}{count} problem{} — the last good data stays{}",
                if at_least { "at least " } else { "" },
                if count == 1 { "" } else { "s" },
                if typing { " ({} shows them)" } else { "" }
            ),
            error: true,
            keys: vec![Action::Reload],
            place: None,
        });
    }

    /// Whether a prompt is open (keys are text then).
    pub fn typing(&self) -> bool {
        self.overlay.as_ref().is_some_and(Overlay::is_prompt)
    }

    /// Shows a status message where the user is (it goes when they leave).
    pub fn say(&mut self, text: impl Into<String>, error: bool) {
        self.say_keys(text, &[], error);
    }

    /// Shows a status message naming keys: each `{}` in `text` is the key of the action at
    /// the same place in `keys`.
    pub fn say_keys(&mut self, text: impl Into<String>, keys: &[Action], error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
            keys: keys.to_vec(),
            place: Some(self.place()),
        });
    }

    /// Shows news about the data itself (a reload, a file gone), wherever the user is.
    pub fn say_everywhere(&mut self, text: impl Into<String>, error: bool) {
        self.say(text, error);
        if let Some(s) = self.status.as_mut() {
            s.place = None;
        }
    }

    /// Where the user is: the table or the overlay open.
    pub fn place(&self) -> Place {
        match &self.overlay {
            // The column tools act on the table: their messages are the table's.
            None
            | Some(
                Overlay::Filter { .. }
                | Overlay::AsOf { .. }
                | Overlay::Save(_)
                | Overlay::Find(_)
                | Overlay::Columns { .. }
                | Overlay::ColumnJump { .. },
            ) => Place::Table,
            Some(Overlay::Help { .. }) => Place::Help,
            Some(Overlay::Details { .. }) => Place::Details,
            Some(Overlay::Diagnostics { .. }) => Place::Problems,
            Some(Overlay::Chart(_)) => Place::Chart,
            Some(Overlay::Group(_)) => Place::Group,
            Some(Overlay::Compare(_)) => Place::Compare,
        }
    }

    /// The status message, if it belongs where the user is now.
    pub fn status_here(&self) -> Option<&Status> {
        self.status
            .as_ref()
            .filter(|s| s.place.is_none_or(|p| p == self.place()))
    }

    /// Prepares the current view for filtering and sorting while the user is idle (see
    /// `ViewCache::warm`); returns whether it built anything. Rendering is unaffected.
    /// Stops as soon as `interrupt` says a key came.
    pub fn warm_up(&mut self, interrupt: view::search::Interrupt<'_>) -> bool {
        if self.loading {
            return false;
        }
        let (v, col) = (self.view, self.state().col);
        for (i, cache) in self.caches.iter_mut().enumerate() {
            if i != view_index(v) {
                cache.drop_prepared();
            }
        }
        self.caches[view_index(v)].warm(&self.ds, v, col, interrupt)
    }

    /// Memory the per-view projection caches hold, in bytes.
    pub fn cache_bytes(&self) -> usize {
        self.caches.iter().map(view::cache::ViewCache::bytes).sum()
    }

    /// Keeps every view's cursor row on screen after the page size changed (a resize);
    /// returns whether any scroll position moved.
    pub fn fit_to_page(&mut self) -> bool {
        let page = self.geometry.page as usize;
        let mut moved = false;
        for vs in &mut self.views {
            let before = vs.offset;
            clamp_offset(vs, page);
            moved |= vs.offset != before;
        }
        moved
    }

    /// Handles one intent; returns what the runner must do.
    pub fn update(&mut self, action: Action) -> Effect {
        update::update(self, action)
    }
}

/// Keeps the cursor on screen.
pub(crate) fn clamp_offset(vs: &mut ViewState, page: usize) {
    let page = page.max(1);
    vs.cursor = vs.cursor.min(vs.rows.len().saturating_sub(1));
    if vs.cursor < vs.offset {
        vs.offset = vs.cursor;
    } else if vs.cursor >= vs.offset + page {
        vs.offset = vs.cursor + 1 - page;
    }
    vs.offset = vs.offset.min(vs.rows.len().saturating_sub(page));
}
