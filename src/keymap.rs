//! The one key table: key(s) + scope → action, with a group and help text. Key handling,
//! the help overlay and the footer hints are all generated from it, so they cannot drift.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::Action;
use crate::view::ViewKind;

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, prompts included.
    Global,
    /// The table and its overlays.
    Table,
    /// The filter prompt.
    Prompt,
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
    /// Short footer hint, if the footer shows it.
    pub hint: Option<&'static str>,
}

const fn b(keys: &'static [Key], scope: Scope, action: Action, group: &'static str, help: &'static str) -> Binding {
    Binding {
        keys,
        scope,
        action,
        group,
        help,
        hint: None,
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
    }
}

use Scope::{Global as G, Prompt as P, Table as T};

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
        "close the overlay; else clear the filter",
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
    h(&[code(KeyCode::Tab)], T, Action::NextView, "Views", "next view", "view"),
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
        "filter prompt, applied as you type",
        "filter",
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
        "mark / unmark the row for comparison",
        "mark",
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
    b(
        &[k('n')],
        T,
        Action::NextClaim,
        "Inspect",
        "compare: use the next claim for the current metric",
    ),
    b(
        &[code(KeyCode::Enter)],
        P,
        Action::PromptAccept,
        "Filter prompt",
        "keep the filter",
    ),
    b(
        &[code(KeyCode::Esc)],
        P,
        Action::Back,
        "Filter prompt",
        "cancel: restore the previous filter",
    ),
    b(
        &[code(KeyCode::Backspace)],
        P,
        Action::PromptBackspace,
        "Filter prompt",
        "delete a character",
    ),
    b(
        &[ctrl('u')],
        P,
        Action::PromptClear,
        "Filter prompt",
        "clear the prompt",
    ),
];

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
            .find(|b| b.scope == s && b.keys.contains(&key))
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
    hit(Scope::Global).or_else(|| hit(scope)).or(typed)
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
        other => format!("{other:?}"),
    };
    if key.ctrl { format!("Ctrl-{base}") } else { base }
}

/// The keys of a binding, joined: `j / Down`.
pub fn keys_text(b: &Binding) -> String {
    b.keys.iter().map(|k| key_name(*k)).collect::<Vec<_>>().join(" / ")
}

/// The first key bound to `action` in `scope` (for hints that print the live binding).
pub fn key_for(action: Action, scope: Scope) -> Option<String> {
    KEYMAP
        .iter()
        .find(|b| b.action == action && (b.scope == scope || b.scope == Scope::Global))
        .map(|b| key_name(b.keys[0]))
}

/// The key table as Markdown (the README embeds it; a test keeps the two equal).
pub fn markdown_table() -> String {
    let mut out = String::from("| keys | does | where |\n|---|---|---|\n");
    for b in KEYMAP {
        let keys: Vec<String> = b.keys.iter().map(|k| format!("`{}`", key_name(*k))).collect();
        let scope = match b.scope {
            Scope::Global => "everywhere",
            Scope::Table => "dashboard",
            Scope::Prompt => "filter prompt",
        };
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
        ] {
            assert!(reachable(a), "{a:?} has no key");
        }
        for v in ViewKind::ALL {
            assert!(reachable(Action::ShowView(v)), "{v:?} has no key");
        }
    }
}
