//! The one key table: key(s) + scope → action, with a group and help text. Key handling,
//! the help overlay, the footer and every overlay's key hints are generated from it, so they
//! cannot drift: a hint is only ever made by `hints`/`short_hints` from a scope's bindings.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::chart::ChartKind;
use crate::app::{Action, Overlay};
use crate::view::ViewKind;

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, prompts included.
    Global,
    /// The table (and, for keys an overlay does not bind, its overlays).
    Table,
    /// The prompts: filter, find, save, as-of day.
    Prompt,
    /// The help overlay.
    Help,
    /// The details overlay.
    Details,
    /// The panel listing a failed reload's problems.
    Problems,
    /// The bar chart.
    Bars,
    /// The scatter plot.
    Scatter,
    /// The group-by table.
    Group,
    /// The comparison.
    Compare,
    /// The column picker.
    Columns,
}

impl Scope {
    /// Every scope, in the order help lists them.
    pub const ALL: [Scope; 11] = [
        Scope::Global,
        Scope::Table,
        Scope::Prompt,
        Scope::Help,
        Scope::Details,
        Scope::Problems,
        Scope::Bars,
        Scope::Scatter,
        Scope::Group,
        Scope::Compare,
        Scope::Columns,
    ];

    /// Where it applies, as help and the README say it.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Global => "everywhere",
            Scope::Table => "dashboard",
            Scope::Prompt => "prompts",
            Scope::Help => "help",
            Scope::Details => "details",
            Scope::Problems => "reload problems",
            Scope::Bars => "bar chart",
            Scope::Scatter => "scatter plot",
            Scope::Group => "group table",
            Scope::Compare => "compare",
            Scope::Columns => "column picker",
        }
    }

    /// Whether keys it does not bind fall through to the table's (an overlay passes the
    /// dashboard's keys on; the prompt types them instead).
    fn falls_through(self) -> bool {
        !matches!(self, Scope::Global | Scope::Table | Scope::Prompt)
    }
}

/// The scope keys are read in while `overlay` is open.
pub fn scope_for(overlay: Option<&Overlay>) -> Scope {
    match overlay {
        None => Scope::Table,
        Some(
            Overlay::Filter { .. }
            | Overlay::AsOf { .. }
            | Overlay::Save(_)
            | Overlay::Find(_)
            | Overlay::ColumnJump { .. },
        ) => Scope::Prompt,
        Some(Overlay::Columns { .. }) => Scope::Columns,
        Some(Overlay::Help { .. }) => Scope::Help,
        Some(Overlay::Details { .. }) => Scope::Details,
        Some(Overlay::Diagnostics { .. }) => Scope::Problems,
        Some(Overlay::Chart(c)) if c.kind == ChartKind::Scatter => Scope::Scatter,
        Some(Overlay::Chart(_)) => Scope::Bars,
        Some(Overlay::Group(_)) => Scope::Group,
        Some(Overlay::Compare(_)) => Scope::Compare,
    }
}

/// A key: code plus Ctrl (Shift is part of the character: `G`, `S`, `?`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Whether Ctrl is held.
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}
const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

/// One binding.
pub struct Binding {
    /// Keys that trigger it (the first is the one hints show).
    pub keys: &'static [Key],
    /// Where.
    pub scope: Scope,
    /// What.
    pub action: Action,
    /// Help group.
    pub group: &'static str,
    /// Help text.
    pub help: &'static str,
    /// Short hint, if the footer or the overlay's border shows it.
    pub hint: Option<&'static str>,
    /// Shorter still, for the essentials a narrow overlay border keeps.
    pub short: Option<&'static str>,
}

const fn b(keys: &'static [Key], scope: Scope, action: Action, group: &'static str, help: &'static str) -> Binding {
    Binding {
        keys,
        scope,
        action,
        group,
        help,
        hint: None,
        short: None,
    }
}

const fn h(
    keys: &'static [Key],
    scope: Scope,
    action: Action,
    group: &'static str,
    help: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        keys,
        scope,
        action,
        group,
        help,
        hint: Some(hint),
        short: None,
    }
}

/// A binding whose hint a narrow border keeps, as `short`.
const fn hs(
    keys: &'static [Key],
    scope: Scope,
    action: Action,
    group: &'static str,
    help: &'static str,
    hint: &'static str,
    short: &'static str,
) -> Binding {
    Binding {
        keys,
        scope,
        action,
        group,
        help,
        hint: Some(hint),
        short: Some(short),
    }
}

use Scope::{Global as G, Prompt as P, Table as T};

const J: &[Key] = &[k('j'), code(KeyCode::Down)];
const K: &[Key] = &[k('k'), code(KeyCode::Up)];
const H: &[Key] = &[k('h'), code(KeyCode::Left)];
const L: &[Key] = &[k('l'), code(KeyCode::Right)];
const ESC: &[Key] = &[code(KeyCode::Esc)];

/// Every key binding of labdash.
pub static KEYMAP: &[Binding] = &[
    b(
        &[ctrl('c')],
        G,
        Action::Quit,
        "General",
        "quit (from anywhere, also from prompts)",
    ),
    h(&[k('q')], T, Action::Quit, "General", "quit", "quit"),
    h(
        &[k('?')],
        T,
        Action::Help,
        "General",
        "help: every key (from this table)",
        "help",
    ),
    b(
        &[code(KeyCode::Esc)],
        T,
        Action::Back,
        "General",
        "close the overlay; else stop finding; else clear the filter (/ restores it)",
    ),
    b(
        &[k('r')],
        T,
        Action::Reload,
        "General",
        "reload the data file now (it also reloads by itself)",
    ),
    b(
        &[k('e')],
        T,
        Action::OpenEditor,
        "General",
        "open $VISUAL/$EDITOR at the current record; reload after",
    ),
    b(
        &[k('@')],
        T,
        Action::OpenAsOf,
        "General",
        "as of a day: only claims made and records released by then (empty: all)",
    ),
    b(
        &[k('o')],
        T,
        Action::ToggleScope,
        "General",
        "only the first data file (the curated one) / all files again",
    ),
    b(&[k('1')], T, Action::ShowView(ViewKind::Labs), "Views", "Labs view"),
    b(&[k('2')], T, Action::ShowView(ViewKind::Models), "Views", "Models view"),
    b(&[k('3')], T, Action::ShowView(ViewKind::Claims), "Views", "Claims view"),
    b(
        &[k('4')],
        T,
        Action::ShowView(ViewKind::Compute),
        "Views",
        "Compute view",
    ),
    b(&[k('5')], T, Action::ShowView(ViewKind::Events), "Views", "Events view"),
    b(&[k('6')], T, Action::ShowView(ViewKind::Chips), "Views", "Chips view"),
    // No footer hint: the tab bar shows the views and their number keys.
    b(&[code(KeyCode::Tab)], T, Action::NextView, "Views", "next view"),
    b(&[code(KeyCode::BackTab)], T, Action::PrevView, "Views", "previous view"),
    b(
        &[k('j'), code(KeyCode::Down)],
        T,
        Action::MoveDown,
        "Move",
        "row cursor down",
    ),
    b(&[k('k'), code(KeyCode::Up)], T, Action::MoveUp, "Move", "row cursor up"),
    b(
        &[k('h'), code(KeyCode::Left)],
        T,
        Action::ColumnLeft,
        "Move",
        "column cursor left",
    ),
    b(
        &[k('l'), code(KeyCode::Right)],
        T,
        Action::ColumnRight,
        "Move",
        "column cursor right",
    ),
    b(&[code(KeyCode::PageDown)], T, Action::PageDown, "Move", "page down"),
    b(&[code(KeyCode::PageUp)], T, Action::PageUp, "Move", "page up"),
    b(&[ctrl('d')], T, Action::HalfPageDown, "Move", "half a page down"),
    b(&[ctrl('u')], T, Action::HalfPageUp, "Move", "half a page up"),
    b(&[k('g'), code(KeyCode::Home)], T, Action::First, "Move", "first row"),
    b(&[k('G'), code(KeyCode::End)], T, Action::Last, "Move", "last row"),
    h(
        &[k('s')],
        T,
        Action::SortByCursorColumn,
        "Sort & filter",
        "sort by the current column; again reverses (missing last)",
        "sort",
    ),
    b(
        &[k('S')],
        T,
        Action::ClearSort,
        "Sort & filter",
        "clear the sort (file order)",
    ),
    b(
        &[k('[')],
        T,
        Action::SortAscending,
        "Sort & filter",
        "sort by the current column, ascending",
    ),
    b(
        &[k(']')],
        T,
        Action::SortDescending,
        "Sort & filter",
        "sort by the current column, descending",
    ),
    h(
        &[k('/')],
        T,
        Action::OpenFilter,
        "Sort & filter",
        "filter prompt, applied as you type (after Esc cleared one: restores it)",
        "filter",
    ),
    h(
        &[k('f')],
        T,
        Action::OpenFind,
        "Find",
        "find a text without filtering: the cursor jumps to it, every match highlighted",
        "find",
    ),
    b(&[k(';')], T, Action::NextMatch, "Find", "next row with the text found"),
    b(
        &[k(',')],
        T,
        Action::PrevMatch,
        "Find",
        "previous row with the text found",
    ),
    b(
        &[k('y')],
        T,
        Action::CopyCell,
        "Copy & save",
        "copy the current cell to the clipboard (OSC 52; raw figures, as CSV has them)",
    ),
    b(
        &[k('Y')],
        T,
        Action::CopyRow,
        "Copy & save",
        "copy the current row to the clipboard, tab-separated",
    ),
    b(
        &[k('w')],
        T,
        Action::OpenSave,
        "Copy & save",
        "save the view as shown to a file: .csv, .json or .md (what `labdash export` prints)",
    ),
    h(
        &[code(KeyCode::Enter)],
        T,
        Action::OpenDetails,
        "Inspect",
        "details: every field and every claim with its source",
        "details",
    ),
    h(
        &[k(' ')],
        T,
        Action::ToggleMark,
        "Inspect",
        "mark / unmark the row for comparison, and move down",
        "mark",
    ),
    b(
        &[k('M')],
        T,
        Action::MarkAll,
        "Inspect",
        "mark every row the filter shows",
    ),
    b(
        &[k('U')],
        T,
        Action::UnmarkAll,
        "Inspect",
        "unmark every row of the view",
    ),
    h(
        &[k('c')],
        T,
        Action::Compare,
        "Inspect",
        "compare marked rows (or current and previous) side by side",
        "compare",
    ),
    h(
        &[k('b')],
        T,
        Action::BarChart,
        "Charts",
        "bar chart of the current column over the visible rows",
        "bars",
    ),
    b(
        &[k('L')],
        T,
        Action::ToggleLogScale,
        "Charts",
        "toggle logarithmic scale in charts",
    ),
    h(
        &[k('p')],
        T,
        Action::ScatterPlot,
        "Charts",
        "scatter plot: date (x) against the current column (y)",
        "plot",
    ),
    h(
        &[k('F')],
        T,
        Action::GroupBy,
        "Charts",
        "group by the current column: counts, sums, medians",
        "group",
    ),
    h(
        &[k('C')],
        T,
        Action::ColumnPicker,
        "Columns",
        "column picker: show / hide and reorder the view's columns",
        "columns",
    ),
    b(
        &[k('<')],
        T,
        Action::MoveColumnLeft,
        "Columns",
        "move the current column left",
    ),
    b(
        &[k('>')],
        T,
        Action::MoveColumnRight,
        "Columns",
        "move the current column right",
    ),
    b(&[k('+')], T, Action::WidenColumn, "Columns", "widen the current column"),
    b(
        &[k('-')],
        T,
        Action::NarrowColumn,
        "Columns",
        "narrow the current column",
    ),
    b(
        &[k(':')],
        T,
        Action::JumpToColumn,
        "Columns",
        "jump to a column by typing (part of) its id or title",
    ),
    h(
        &[code(KeyCode::Enter)],
        P,
        Action::PromptAccept,
        "Prompts (filter, find, save, as of)",
        "accept: keep the filter or the text found, save, go to the day",
        "keep",
    ),
    h(
        ESC,
        P,
        Action::Back,
        "Prompts (filter, find, save, as of)",
        "cancel: the filter, the text found and the cursor go back to what they were",
        "cancel",
    ),
    b(
        &[code(KeyCode::Backspace)],
        P,
        Action::PromptBackspace,
        "Prompts (filter, find, save, as of)",
        "delete a character",
    ),
    b(
        &[ctrl('u')],
        P,
        Action::PromptClear,
        "Prompts (filter, find, save, as of)",
        "clear the prompt",
    ),
    // Help, details and the reload problems scroll; `?` also closes help.
    h(J, Scope::Help, Action::MoveDown, "Help", "scroll down", "scroll"),
    h(K, Scope::Help, Action::MoveUp, "Help", "scroll up", "scroll"),
    h(ESC, Scope::Help, Action::Back, "Help", "close help", "close"),
    b(&[k('?')], Scope::Help, Action::Help, "Help", "close help, as Esc does"),
    b(
        &[k('g'), code(KeyCode::Home)],
        Scope::Help,
        Action::First,
        "Help",
        "to the top",
    ),
    b(
        &[k('G'), code(KeyCode::End)],
        Scope::Help,
        Action::Last,
        "Help",
        "to the end",
    ),
    b(
        &[code(KeyCode::PageDown)],
        Scope::Help,
        Action::PageDown,
        "Help",
        "a page down",
    ),
    b(
        &[code(KeyCode::PageUp)],
        Scope::Help,
        Action::PageUp,
        "Help",
        "a page up",
    ),
    h(J, Scope::Details, Action::MoveDown, "Details", "scroll down", "scroll"),
    h(K, Scope::Details, Action::MoveUp, "Details", "scroll up", "scroll"),
    h(
        ESC,
        Scope::Details,
        Action::Back,
        "Details",
        "close the details",
        "close",
    ),
    h(
        J,
        Scope::Problems,
        Action::MoveDown,
        "Reload problems",
        "scroll down",
        "scroll",
    ),
    h(
        K,
        Scope::Problems,
        Action::MoveUp,
        "Reload problems",
        "scroll up",
        "scroll",
    ),
    h(
        ESC,
        Scope::Problems,
        Action::Back,
        "Reload problems",
        "close the problems",
        "close",
    ),
    // Charts: the table's keys, meaning the chart's.
    h(
        J,
        Scope::Bars,
        Action::MoveDown,
        "Bar chart",
        "scroll the bars down",
        "scroll",
    ),
    h(
        K,
        Scope::Bars,
        Action::MoveUp,
        "Bar chart",
        "scroll the bars up",
        "scroll",
    ),
    h(
        H,
        Scope::Bars,
        Action::ColumnLeft,
        "Bar chart",
        "chart the column to the left",
        "column",
    ),
    h(
        L,
        Scope::Bars,
        Action::ColumnRight,
        "Bar chart",
        "chart the column to the right",
        "column",
    ),
    hs(
        &[k('L')],
        Scope::Bars,
        Action::ToggleLogScale,
        "Bar chart",
        "logarithmic / linear scale",
        "log/linear",
        "log",
    ),
    h(
        &[k('s')],
        Scope::Bars,
        Action::SortByCursorColumn,
        "Bar chart",
        "sort the rows by the charted column; again reverses",
        "sort",
    ),
    hs(
        ESC,
        Scope::Bars,
        Action::Back,
        "Bar chart",
        "close the chart",
        "close",
        "close",
    ),
    b(
        &[k('b')],
        Scope::Bars,
        Action::BarChart,
        "Bar chart",
        "close the chart, as Esc does",
    ),
    b(
        &[k('p')],
        Scope::Bars,
        Action::ScatterPlot,
        "Bar chart",
        "scatter plot of the same column",
    ),
    h(
        J,
        Scope::Scatter,
        Action::MoveDown,
        "Scatter plot",
        "cursor to the next plotted row",
        "point",
    ),
    h(
        K,
        Scope::Scatter,
        Action::MoveUp,
        "Scatter plot",
        "cursor to the previous plotted row",
        "point",
    ),
    h(
        H,
        Scope::Scatter,
        Action::ColumnLeft,
        "Scatter plot",
        "plot the column to the left",
        "column",
    ),
    h(
        L,
        Scope::Scatter,
        Action::ColumnRight,
        "Scatter plot",
        "plot the column to the right",
        "column",
    ),
    hs(
        &[k('L')],
        Scope::Scatter,
        Action::ToggleLogScale,
        "Scatter plot",
        "logarithmic / linear scale",
        "log/linear",
        "log",
    ),
    h(
        &[k('n')],
        Scope::Scatter,
        Action::TogglePointLabels,
        "Scatter plot",
        "name every visible point / only the cursor's (names never overlap: some stay hidden)",
        "names",
    ),
    h(
        &[k('s')],
        Scope::Scatter,
        Action::SortByCursorColumn,
        "Scatter plot",
        "sort the rows by the plotted column; again reverses",
        "sort",
    ),
    hs(
        ESC,
        Scope::Scatter,
        Action::Back,
        "Scatter plot",
        "close the plot",
        "close",
        "close",
    ),
    b(
        &[k('p')],
        Scope::Scatter,
        Action::ScatterPlot,
        "Scatter plot",
        "close the plot, as Esc does",
    ),
    b(
        &[k('b')],
        Scope::Scatter,
        Action::BarChart,
        "Scatter plot",
        "bar chart of the same column",
    ),
    // The group table.
    hs(
        &[code(KeyCode::Enter)],
        Scope::Group,
        Action::OpenDetails,
        "Group table",
        "filter the table to the group under the cursor",
        "filter to group",
        "filter",
    ),
    h(
        &[k('s')],
        Scope::Group,
        Action::SortByCursorColumn,
        "Group table",
        "sort the groups by the current column; again reverses",
        "sort",
    ),
    h(
        &[k('b')],
        Scope::Group,
        Action::BarChart,
        "Group table",
        "bar chart of the current column over the groups",
        "chart",
    ),
    h(
        H,
        Scope::Group,
        Action::ColumnLeft,
        "Group table",
        "column cursor left",
        "column",
    ),
    h(
        L,
        Scope::Group,
        Action::ColumnRight,
        "Group table",
        "column cursor right",
        "column",
    ),
    hs(
        ESC,
        Scope::Group,
        Action::Back,
        "Group table",
        "close the group table",
        "close",
        "close",
    ),
    b(
        &[k('F')],
        Scope::Group,
        Action::GroupBy,
        "Group table",
        "close the group table, as Esc does",
    ),
    b(
        &[k('S')],
        Scope::Group,
        Action::ClearSort,
        "Group table",
        "back to most rows first",
    ),
    // The comparison.
    h(J, Scope::Compare, Action::MoveDown, "Compare", "next metric", "metric"),
    h(
        K,
        Scope::Compare,
        Action::MoveUp,
        "Compare",
        "previous metric",
        "metric",
    ),
    h(
        H,
        Scope::Compare,
        Action::ColumnLeft,
        "Compare",
        "previous record",
        "record",
    ),
    h(
        L,
        Scope::Compare,
        Action::ColumnRight,
        "Compare",
        "next record",
        "record",
    ),
    hs(
        &[k('n')],
        Scope::Compare,
        Action::NextClaim,
        "Compare",
        "use the next claim for the current metric",
        "next claim",
        "claim",
    ),
    hs(
        &[k('B')],
        Scope::Compare,
        Action::MakeBase,
        "Compare",
        "make the current record the base of the ratios",
        "base",
        "base",
    ),
    b(
        &[k('e')],
        Scope::Compare,
        Action::OpenEditor,
        "Compare",
        "open $VISUAL/$EDITOR at the claim behind the current figure",
    ),
    hs(
        ESC,
        Scope::Compare,
        Action::Back,
        "Compare",
        "close the comparison",
        "close",
        "close",
    ),
    // The column picker.
    h(
        J,
        Scope::Columns,
        Action::MoveDown,
        "Column picker",
        "next column",
        "column",
    ),
    h(
        K,
        Scope::Columns,
        Action::MoveUp,
        "Column picker",
        "previous column",
        "column",
    ),
    hs(
        &[k(' ')],
        Scope::Columns,
        Action::ToggleMark,
        "Column picker",
        "show / hide the column",
        "show/hide",
        "show/hide",
    ),
    h(
        &[k('<')],
        Scope::Columns,
        Action::MoveColumnLeft,
        "Column picker",
        "move the column left (up the list)",
        "move",
    ),
    h(
        &[k('>')],
        Scope::Columns,
        Action::MoveColumnRight,
        "Column picker",
        "move the column right (down the list)",
        "move",
    ),
    h(
        &[code(KeyCode::Enter)],
        Scope::Columns,
        Action::OpenDetails,
        "Column picker",
        "go to the column (showing it)",
        "go to",
    ),
    hs(
        ESC,
        Scope::Columns,
        Action::Back,
        "Column picker",
        "close the picker",
        "close",
        "close",
    ),
    b(
        &[k('C')],
        Scope::Columns,
        Action::ColumnPicker,
        "Column picker",
        "close the picker, as Esc does",
    ),
];

/// Keys the user's configuration gives actions in place of their defaults (`[keys]` in
/// config.toml). An action's new keys replace, in every scope, the bindings that use its
/// dashboard keys (so `s` rebound sorts in charts too); other overlay keys stay.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides(pub Vec<(Action, Vec<Key>)>);

static NO_OVERRIDES: Overrides = Overrides(Vec::new());
static OVERRIDES: std::sync::OnceLock<Overrides> = std::sync::OnceLock::new();

/// Makes `o` the keys of this run (once, at start-up, before any key is read).
pub fn install(o: Overrides) {
    let _ = OVERRIDES.set(o);
}

fn overrides() -> &'static Overrides {
    OVERRIDES.get().unwrap_or(&NO_OVERRIDES)
}

/// The dashboard keys of `action` by default (its table or global binding).
fn default_keys(action: Action) -> Option<&'static [Key]> {
    let find = |scope: Scope| KEYMAP.iter().find(|b| b.action == action && b.scope == scope);
    find(Scope::Table).or_else(|| find(Scope::Global)).map(|b| b.keys)
}

impl Overrides {
    /// The keys `b` has with these overrides.
    pub fn keys_of<'a>(&'a self, b: &'a Binding) -> &'a [Key] {
        self.0
            .iter()
            .find(|(a, _)| *a == b.action && default_keys(*a) == Some(b.keys))
            .map_or(b.keys, |(_, keys)| keys.as_slice())
    }

    /// Every key bound twice in one scope with these overrides: (scope, key, the two actions).
    pub fn clashes(&self) -> Vec<(Scope, Key, Action, Action)> {
        let mut out = Vec::new();
        for (i, a) in KEYMAP.iter().enumerate() {
            for b in &KEYMAP[i + 1..] {
                let together = a.scope == b.scope || a.scope == Scope::Global || b.scope == Scope::Global;
                if !together || a.action == b.action {
                    continue;
                }
                for key in self.keys_of(a) {
                    if self.keys_of(b).contains(key) {
                        out.push((
                            if a.scope == Scope::Global { b.scope } else { a.scope },
                            *key,
                            a.action,
                            b.action,
                        ));
                    }
                }
            }
        }
        out
    }
}

/// The keys a binding has in this run (its defaults unless the configuration changed them).
pub fn keys_of(b: &Binding) -> &[Key] {
    overrides().keys_of(b)
}

/// The name configuration files use for an action bound on the dashboard: `quit`,
/// `sort_by_cursor_column`, `view_claims`.
pub fn action_name(action: Action) -> String {
    if let Action::ShowView(v) = action {
        return format!("view_{}", v.id());
    }
    let debug = format!("{action:?}");
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every action a configuration can rebind (those with dashboard keys), with its name, in
/// keymap order.
pub fn configurable() -> Vec<(String, Action)> {
    let mut out: Vec<(String, Action)> = Vec::new();
    for b in KEYMAP
        .iter()
        .filter(|b| matches!(b.scope, Scope::Table | Scope::Global))
    {
        if !out.iter().any(|(_, a)| *a == b.action) {
            out.push((action_name(b.action), b.action));
        }
    }
    out
}

/// A key from the name help shows (`x`, `X`, `Ctrl-x`, `Space`, `Enter`, `PgDn`, `F5`), for
/// configuration files.
pub fn key_from_name(name: &str) -> Option<Key> {
    let (ctrl, base) = match name.strip_prefix("Ctrl-").or_else(|| name.strip_prefix("C-")) {
        Some(rest) => (true, rest),
        None => (false, name),
    };
    let mut chars = base.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() && c != ' ' => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        _ => match base {
            "Space" => KeyCode::Char(' '),
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "Shift-Tab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PgUp" => KeyCode::PageUp,
            "PgDn" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            f => KeyCode::F(f.strip_prefix('F')?.parse().ok().filter(|n| (1..=12).contains(n))?),
        },
    };
    Some(Key { code, ctrl })
}

/// The key of a terminal key event (presses and repeats only).
pub fn key_of(ev: &KeyEvent) -> Option<Key> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    Some(Key {
        code: ev.code,
        ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
    })
}

/// Resolves a key in a scope: global bindings first, then the scope's; in the prompt any
/// other printable character is typed.
pub fn resolve(key: Key, scope: Scope) -> Option<Action> {
    let hit = |s: Scope| {
        KEYMAP
            .iter()
            .find(|b| b.scope == s && keys_of(b).contains(&key))
            .map(|b| b.action)
    };
    // Typing in the prompt: any other printable character is input.
    let typed = match (scope, key) {
        (
            Scope::Prompt,
            Key {
                code: KeyCode::Char(c),
                ctrl: false,
            },
        ) => Some(Action::PromptInput(c)),
        _ => None,
    };
    let table = || if scope.falls_through() { hit(Scope::Table) } else { None };
    hit(Scope::Global).or_else(|| hit(scope)).or_else(table).or(typed)
}

/// A key as help shows it: `j`, `Ctrl-d`, `PgDn`, `Space`.
pub fn key_name(key: Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.ctrl { format!("Ctrl-{base}") } else { base }
}

/// The key a hint or help names (`Esc`, `j`, `Ctrl-d`), if the keymap binds it anywhere.
pub fn parse_key(name: &str) -> Option<Key> {
    KEYMAP.iter().flat_map(keys_of).copied().find(|k| key_name(*k) == name)
}

/// Whether a hint (`"j/k"`, `"scroll"`) is what `scope` binds: every key it names resolves
/// there to the action of a binding with that hint text (full or short).
pub fn hint_is_bound(scope: Scope, keys: &str, text: &str) -> bool {
    // `/` is a key too: a hint naming it alone is not split.
    let names: Vec<&str> = if keys == "/" {
        vec![keys]
    } else {
        keys.split('/').collect()
    };
    names.into_iter().all(|name| {
        let Some(key) = parse_key(name) else { return false };
        let Some(action) = resolve(key, scope) else {
            return false;
        };
        KEYMAP.iter().any(|b| {
            b.action == action
                && keys_of(b).contains(&key)
                && (b.hint == Some(text) || b.short == Some(text))
                && (b.scope == scope || b.scope == Scope::Global || (scope.falls_through() && b.scope == Scope::Table))
        })
    })
}

/// The keys of a binding, joined: `j / Down`.
pub fn keys_text(b: &Binding) -> String {
    keys_of(b).iter().map(|k| key_name(*k)).collect::<Vec<_>>().join(" / ")
}

/// The first key bound to `action` in `scope` (its own bindings, then global ones, then for
/// an overlay the table's): for messages that name the live binding.
pub fn key_for(action: Action, scope: Scope) -> Option<String> {
    let find = |s: Scope| KEYMAP.iter().find(|b| b.action == action && b.scope == s);
    find(scope)
        .or_else(|| find(Scope::Global))
        .or_else(|| {
            if scope.falls_through() {
                find(Scope::Table)
            } else {
                None
            }
        })
        .and_then(|b| keys_of(b).first().map(|k| key_name(*k)))
}

/// One hint: the keys (`j/k`) and what they do (`scroll`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// The first key of each binding it stands for, joined by `/`.
    pub keys: String,
    /// The hint text.
    pub text: &'static str,
}

/// The hints of a scope, in keymap order; consecutive bindings with one hint text share it
/// (`j/k scroll`). `short` keeps only the essentials, with their shorter text.
fn hint_list(scope: Scope, short: bool) -> Vec<Hint> {
    let mut out: Vec<Hint> = Vec::new();
    for b in KEYMAP.iter().filter(|b| b.scope == scope) {
        let text = if short { b.short } else { b.hint };
        let Some(text) = text else { continue };
        let Some(first) = keys_of(b).first() else { continue };
        let key = key_name(*first);
        match out.last_mut() {
            Some(last) if last.text == text => {
                last.keys.push('/');
                last.keys.push_str(&key);
            }
            _ => out.push(Hint { keys: key, text }),
        }
    }
    out
}

/// The hints of a scope: `[("j/k", "scroll"), ("Esc", "close")]`.
pub fn hints(scope: Scope) -> Vec<Hint> {
    hint_list(scope, false)
}

/// A scope's essential hints, for a narrow border.
pub fn short_hints(scope: Scope) -> Vec<Hint> {
    hint_list(scope, true)
}

/// Hints as one line: `j/k scroll · Esc close`.
pub fn hint_line(hints: &[Hint]) -> String {
    hints
        .iter()
        .map(|h| format!("{} {}", h.keys, h.text))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The key table as Markdown, with the default keys (the README embeds it; a test keeps the
/// two equal).
pub fn markdown_table() -> String {
    let mut out = String::from("| keys | does | where |\n|---|---|---|\n");
    for b in KEYMAP {
        let keys: Vec<String> = b.keys.iter().map(|k| format!("`{}`", key_name(*k))).collect();
        let scope = b.scope.name();
        out.push_str(&format!(
            "| {} | {} | {scope} |\n",
            keys.join(" "),
            b.help.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_scope() {
        for (i, a) in KEYMAP.iter().enumerate() {
            for b in &KEYMAP[i + 1..] {
                let clash = a.scope == b.scope || a.scope == Scope::Global || b.scope == Scope::Global;
                for key in a.keys {
                    assert!(
                        !(clash && b.keys.contains(key)),
                        "{} bound twice ({:?} / {:?})",
                        key_name(*key),
                        a.action,
                        b.action
                    );
                }
            }
        }
    }

    #[test]
    fn overlay_keys_mean_on_the_overlay_what_they_mean_on_the_table() {
        // Overlays name their own bindings (for hints and help) but hand the app the same
        // actions the table's keys do; only the comparison's `n`/`B` and the scatter plot's
        // `n` (names) exist on their overlay alone.
        for b in KEYMAP.iter().filter(|b| b.scope.falls_through()) {
            for key in b.keys {
                match resolve(*key, Scope::Table) {
                    Some(a) => assert_eq!(a, b.action, "{} in {}", key_name(*key), b.scope.name()),
                    None => assert!(
                        matches!(
                            b.action,
                            Action::NextClaim | Action::MakeBase | Action::TogglePointLabels
                        ),
                        "{} {:?}",
                        key_name(*key),
                        b.action
                    ),
                }
                assert_eq!(
                    resolve(*key, b.scope),
                    Some(b.action),
                    "{} in {}",
                    key_name(*key),
                    b.scope.name()
                );
            }
        }
        // Keys an overlay does not bind still reach the dashboard (views, reload, quit).
        assert_eq!(
            resolve(k('3'), Scope::Compare),
            Some(Action::ShowView(ViewKind::Claims))
        );
        assert_eq!(resolve(k('q'), Scope::Bars), Some(Action::Quit));
        assert_eq!(resolve(k('n'), Scope::Table), None);
        assert_eq!(resolve(k('n'), Scope::Compare), Some(Action::NextClaim));
    }

    #[test]
    fn every_hint_of_every_scope_names_keys_bound_there() {
        for scope in Scope::ALL {
            for h in hints(scope).iter().chain(&short_hints(scope)) {
                assert!(
                    hint_is_bound(scope, &h.keys, h.text),
                    "{}: {} {}",
                    scope.name(),
                    h.keys,
                    h.text
                );
            }
        }
        assert_eq!(
            hint_line(&hints(Scope::Compare)),
            "j/k metric · h/l record · n next claim · B base · Esc close"
        );
        assert_eq!(hint_line(&short_hints(Scope::Group)), "Enter filter · Esc close");
        // A key bound elsewhere, or a hint the scope does not give, is caught.
        assert!(!hint_is_bound(Scope::Help, "n", "next claim"));
        assert!(!hint_is_bound(Scope::Compare, "j/x", "metric"));
        assert!(!hint_is_bound(Scope::Compare, "j/k", "scroll"));
    }

    #[test]
    fn every_spec_key_resolves_to_its_action() {
        use KeyCode::*;
        let t = |key: Key| resolve(key, Scope::Table);
        let cases: &[(Key, Action)] = &[
            (k('j'), Action::MoveDown),
            (code(Down), Action::MoveDown),
            (k('k'), Action::MoveUp),
            (code(Up), Action::MoveUp),
            (k('h'), Action::ColumnLeft),
            (code(Left), Action::ColumnLeft),
            (k('l'), Action::ColumnRight),
            (code(Right), Action::ColumnRight),
            (code(PageDown), Action::PageDown),
            (code(PageUp), Action::PageUp),
            (ctrl('d'), Action::HalfPageDown),
            (ctrl('u'), Action::HalfPageUp),
            (k('g'), Action::First),
            (code(Home), Action::First),
            (k('G'), Action::Last),
            (code(End), Action::Last),
            (k('s'), Action::SortByCursorColumn),
            (k('S'), Action::ClearSort),
            (k('/'), Action::OpenFilter),
            (code(Esc), Action::Back),
            (code(Enter), Action::OpenDetails),
            (k(' '), Action::ToggleMark),
            (k('c'), Action::Compare),
            (k('b'), Action::BarChart),
            (k('L'), Action::ToggleLogScale),
            (k('p'), Action::ScatterPlot),
            (k('F'), Action::GroupBy),
            (k('e'), Action::OpenEditor),
            (k('r'), Action::Reload),
            (k('['), Action::SortAscending),
            (k(']'), Action::SortDescending),
            (k('?'), Action::Help),
            (k('q'), Action::Quit),
            (ctrl('c'), Action::Quit),
            (k('1'), Action::ShowView(ViewKind::Labs)),
            (k('2'), Action::ShowView(ViewKind::Models)),
            (k('3'), Action::ShowView(ViewKind::Claims)),
            (k('4'), Action::ShowView(ViewKind::Compute)),
            (k('5'), Action::ShowView(ViewKind::Events)),
            (code(Tab), Action::NextView),
            (code(BackTab), Action::PrevView),
        ];
        for (key, action) in cases {
            assert_eq!(t(*key), Some(*action), "{}", key_name(*key));
        }
        // In the prompt, letters are typed and Ctrl-c still quits.
        assert_eq!(resolve(k('q'), Scope::Prompt), Some(Action::PromptInput('q')));
        assert_eq!(resolve(ctrl('c'), Scope::Prompt), Some(Action::Quit));
        assert_eq!(resolve(code(Enter), Scope::Prompt), Some(Action::PromptAccept));
    }

    #[test]
    fn every_user_action_is_reachable() {
        let reachable = |a: Action| KEYMAP.iter().any(|b| b.action == a);
        for a in [
            Action::MoveDown,
            Action::MoveUp,
            Action::ColumnLeft,
            Action::ColumnRight,
            Action::PageDown,
            Action::PageUp,
            Action::HalfPageDown,
            Action::HalfPageUp,
            Action::First,
            Action::Last,
            Action::NextView,
            Action::PrevView,
            Action::SortByCursorColumn,
            Action::SortAscending,
            Action::SortDescending,
            Action::ClearSort,
            Action::OpenFilter,
            Action::PromptBackspace,
            Action::PromptClear,
            Action::PromptAccept,
            Action::Back,
            Action::OpenDetails,
            Action::ToggleMark,
            Action::Compare,
            Action::BarChart,
            Action::ToggleLogScale,
            Action::ScatterPlot,
            Action::GroupBy,
            Action::OpenEditor,
            Action::Reload,
            Action::Help,
            Action::Quit,
            Action::NextClaim,
            Action::MakeBase,
            Action::TogglePointLabels,
            Action::CopyCell,
            Action::CopyRow,
            Action::OpenSave,
            Action::OpenFind,
            Action::NextMatch,
            Action::PrevMatch,
            Action::MarkAll,
            Action::UnmarkAll,
            Action::ColumnPicker,
            Action::MoveColumnLeft,
            Action::MoveColumnRight,
            Action::WidenColumn,
            Action::NarrowColumn,
            Action::JumpToColumn,
        ] {
            assert!(reachable(a), "{a:?} has no key");
        }
        for v in ViewKind::ALL {
            assert!(reachable(Action::ShowView(v)), "{v:?} has no key");
        }
    }

    #[test]
    fn overrides_replace_an_actions_keys_wherever_its_dashboard_keys_are_used() {
        let o = Overrides(vec![
            (Action::Quit, vec![k('x')]),
            (Action::SortByCursorColumn, vec![k('z')]),
        ]);
        let quit = KEYMAP
            .iter()
            .find(|b| b.action == Action::Quit && b.scope == Scope::Table);
        assert_eq!(quit.map(|b| o.keys_of(b)), Some(&[k('x')][..]));
        // Ctrl-c (global) is another binding of Quit: it keeps its key.
        let ctrl_c = KEYMAP.iter().find(|b| b.scope == Scope::Global);
        assert_eq!(ctrl_c.map(|b| o.keys_of(b)), Some(&[ctrl('c')][..]));
        // The charts' `s` sorts too: rebound with the table's.
        let bars_sort = KEYMAP
            .iter()
            .find(|b| b.scope == Scope::Bars && b.action == Action::SortByCursorColumn);
        assert_eq!(bars_sort.map(|b| o.keys_of(b)), Some(&[k('z')][..]));
        assert!(o.clashes().is_empty());
        assert!(Overrides::default().clashes().is_empty());
        // `s` for quitting clashes with nothing now sort moved; `c` clashes with compare.
        let bad = Overrides(vec![(Action::Quit, vec![k('c')])]);
        let clashes = bad.clashes();
        assert!(
            clashes.iter().any(|(s, key, a, b)| *s == Scope::Table
                && *key == k('c')
                && [*a, *b].contains(&Action::Quit)
                && [*a, *b].contains(&Action::Compare)),
            "{clashes:?}"
        );
        // Ctrl-c is everywhere: taking it for another action clashes in every scope.
        assert!(!Overrides(vec![(Action::Help, vec![ctrl('c')])]).clashes().is_empty());
    }

    #[test]
    fn key_names_read_back_and_actions_have_config_names() {
        for b in KEYMAP {
            for key in b.keys {
                assert_eq!(key_from_name(&key_name(*key)), Some(*key), "{}", key_name(*key));
            }
        }
        assert_eq!(key_from_name("F5"), Some(code(KeyCode::F(5))));
        assert_eq!(key_from_name("C-f"), Some(ctrl('f')));
        assert_eq!(key_from_name("Ctrl-"), None);
        assert_eq!(key_from_name("xx"), None);
        assert_eq!(key_from_name("F13"), None);
        assert_eq!(action_name(Action::SortByCursorColumn), "sort_by_cursor_column");
        assert_eq!(action_name(Action::ShowView(ViewKind::Claims)), "view_claims");
        let names: Vec<String> = configurable().into_iter().map(|(n, _)| n).collect();
        assert!(names.contains(&"quit".to_string()) && names.contains(&"open_find".to_string()));
    }
}
