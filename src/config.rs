//! The user's configuration: `$XDG_CONFIG_HOME/labdash/config.toml` (else
//! `~/.config/labdash/config.toml`), or `--config FILE`. Theme, the view to open on, default
//! data files, column choices per view and key overrides — every mistake reported like a data
//! file's (file, line, column, caret), an unknown key, action or clash included: a setting
//! that does not take is an error, never ignored.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::data::diagnostic::{Diagnostic, SourceMap, did_you_mean, render_all};
use crate::data::sanitize::printable;
use crate::keymap::{self, Key, Overrides};
use crate::ui::theme::ThemeChoice;
use crate::view::column_choice::ColumnChoice;
use crate::view::{ViewKind, columns};

/// The settings, with what was not set at its default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// Colours (the command line's `--theme` wins).
    pub theme: Option<ThemeChoice>,
    /// The view to open on (`--view` wins).
    pub view: Option<ViewKind>,
    /// Data files when none are named (and `$LABDASH_DATA` is unset); relative to the file.
    pub files: Vec<PathBuf>,
    /// Column choices per view.
    pub columns: Vec<(ViewKind, ColumnChoice)>,
    /// Keys in place of the defaults.
    pub keys: Overrides,
}

const TOP: [&str; 5] = ["theme", "view", "files", "columns", "keys"];
const THEMES: [(&str, ThemeChoice); 3] = [
    ("auto", ThemeChoice::Auto),
    ("dark", ThemeChoice::Dark),
    ("light", ThemeChoice::Light),
];

/// Where the configuration is read from when `--config` is not given (it may not exist).
pub fn default_path() -> Option<PathBuf> {
    let dir = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some(dir.join("labdash").join("config.toml"))
}

/// Reads the configuration: `explicit` (which must exist), else the default place (where a
/// missing file means the defaults). Returns the config and the file it came from; `Err` holds
/// the message to print and the exit code (1 invalid, 2 unreadable).
pub fn read(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), (String, u8)> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => match default_path() {
            Some(p) if p.exists() => p,
            _ => return Ok((Config::default(), None)),
        },
    };
    let shown = printable(&path.display().to_string()).into_owned();
    let text = std::fs::read_to_string(&path).map_err(|e| (format!("labdash: cannot read {shown}: {e}"), 2))?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse(&shown, &text, &base).map(|c| (c, Some(path))).map_err(|m| (m, 1))
}

/// Parses a configuration file's text (`name` for messages, `base` for relative files).
pub fn parse(name: &str, text: &str, base: &Path) -> Result<Config, String> {
    let (table, errors) = DeTable::parse_recoverable(text);
    let mut diags = crate::data::syntax::diagnostics(text, &errors);
    let mut config = Config::default();
    if diags.is_empty() {
        read_table(table.get_ref(), base, &mut config, &mut diags);
    }
    if diags.is_empty() {
        return Ok(config);
    }
    let map = SourceMap::new(name, text);
    let n = diags.len();
    Err(format!(
        "{}\n\nlabdash: {n} problem{} in the configuration {name}",
        render_all(&map, &diags),
        if n == 1 { "" } else { "s" }
    ))
}

fn unknown(key: &Spanned<std::borrow::Cow<'_, str>>, what: &str, allowed: &[&str]) -> Diagnostic {
    let name: &str = key.get_ref();
    let d = Diagnostic::new(
        key.span(),
        format!(
            "unknown {what} `{}`; expected one of: {}",
            printable(name),
            allowed.join(", ")
        ),
    );
    // A typo, or a word of the name (`find` for `open_find`).
    let near = did_you_mean(name, allowed.iter().copied()).or_else(|| {
        allowed
            .iter()
            .copied()
            .find(|a| !name.is_empty() && a.split('_').any(|w| w == name))
    });
    match near {
        Some(s) => d.with_label(format!("did you mean `{s}`?")),
        None => d,
    }
}

/// A string, or one or more strings in an array, each with its span.
fn strings<'a>(key: &str, v: &'a Spanned<DeValue<'_>>, diags: &mut Vec<Diagnostic>) -> Vec<(&'a str, Range<usize>)> {
    match v.get_ref() {
        DeValue::String(s) => vec![(s.as_ref(), v.span())],
        DeValue::Array(items) => items
            .iter()
            .filter_map(|i| match i.get_ref() {
                DeValue::String(s) => Some((s.as_ref(), i.span())),
                other => {
                    diags.push(Diagnostic::new(
                        i.span(),
                        format!("`{key}` must hold strings, found {}", crate::data::type_name(other)),
                    ));
                    None
                }
            })
            .collect(),
        other => {
            diags.push(Diagnostic::new(
                v.span(),
                format!(
                    "`{key}` must be a string or an array of strings, found {}",
                    crate::data::type_name(other)
                ),
            ));
            Vec::new()
        }
    }
}

/// One string: `theme`, `view`.
fn one<'a>(key: &str, v: &'a Spanned<DeValue<'_>>, diags: &mut Vec<Diagnostic>) -> Option<&'a str> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.as_ref()),
        other => {
            diags.push(Diagnostic::new(
                v.span(),
                format!("`{key}` must be a string, found {}", crate::data::type_name(other)),
            ));
            None
        }
    }
}

fn read_table(table: &DeTable<'_>, base: &Path, config: &mut Config, diags: &mut Vec<Diagnostic>) {
    for (key, v) in table.iter() {
        match key.get_ref().as_ref() {
            "theme" => {
                let names: Vec<&str> = THEMES.iter().map(|(n, _)| *n).collect();
                if let Some(t) = one("theme", v, diags) {
                    match THEMES.iter().find(|(n, _)| *n == t) {
                        Some((_, c)) => config.theme = Some(*c),
                        None => diags.push(Diagnostic::new(
                            v.span(),
                            format!(
                                "unknown theme `{}`; expected one of: {}",
                                printable(t),
                                names.join(", ")
                            ),
                        )),
                    }
                }
            }
            "view" => {
                if let Some(t) = one("view", v, diags) {
                    match ViewKind::parse(t) {
                        Some(view) => config.view = Some(view),
                        None => {
                            let ids: Vec<&str> = ViewKind::ALL.iter().map(|v| v.id()).collect();
                            diags.push(Diagnostic::new(
                                v.span(),
                                format!("unknown view `{}`; expected one of: {}", printable(t), ids.join(", ")),
                            ));
                        }
                    }
                }
            }
            "files" => {
                config.files = strings("files", v, diags)
                    .into_iter()
                    .map(|(f, _)| base.join(f))
                    .collect();
            }
            "columns" => read_columns(v, config, diags),
            "keys" => read_keys(v, config, diags),
            _ => diags.push(unknown(key, "setting", &TOP)),
        }
    }
}

fn table_of<'a, 'i>(key: &str, v: &'a Spanned<DeValue<'i>>, diags: &mut Vec<Diagnostic>) -> Option<&'a DeTable<'i>> {
    match v.get_ref() {
        DeValue::Table(t) => Some(t),
        other => {
            diags.push(Diagnostic::new(
                v.span(),
                format!("`{key}` must be a table, found {}", crate::data::type_name(other)),
            ));
            None
        }
    }
}

/// `[columns.VIEW]` with `hidden` and `order`: every id one of the view's columns.
fn read_columns(v: &Spanned<DeValue<'_>>, config: &mut Config, diags: &mut Vec<Diagnostic>) {
    let Some(views) = table_of("columns", v, diags) else {
        return;
    };
    let view_ids: Vec<&str> = ViewKind::ALL.iter().map(|v| v.id()).collect();
    for (name, t) in views.iter() {
        let Some(view) = ViewKind::ALL.into_iter().find(|v| v.id() == name.get_ref().as_ref()) else {
            diags.push(unknown(name, "view", &view_ids));
            continue;
        };
        let Some(t) = table_of(&format!("columns.{}", view.id()), t, diags) else {
            continue;
        };
        let ids: Vec<&str> = columns(view).iter().map(|c| c.id).collect();
        let mut choice = ColumnChoice::default();
        for (key, list) in t.iter() {
            let into = match key.get_ref().as_ref() {
                "hidden" => &mut choice.hidden,
                "order" => &mut choice.order,
                _ => {
                    diags.push(unknown(key, "column setting", &["hidden", "order"]));
                    continue;
                }
            };
            for (id, span) in strings(key.get_ref(), list, diags) {
                if ids.contains(&id) {
                    into.push(id.to_string());
                } else {
                    let mut d = Diagnostic::new(
                        span,
                        format!(
                            "no column `{}` in the {} view; columns: {}",
                            printable(id),
                            view.id(),
                            ids.join(" ")
                        ),
                    );
                    if let Some(s) = did_you_mean(id, ids.iter().copied()) {
                        d = d.with_label(format!("did you mean `{s}`?"));
                    }
                    diags.push(d);
                }
            }
        }
        config.columns.push((view, choice));
    }
}

/// `[keys]`: `action = "key"` or `action = ["key", "key"]`; unknown actions, unknown key
/// names and keys bound twice are errors.
fn read_keys(v: &Spanned<DeValue<'_>>, config: &mut Config, diags: &mut Vec<Diagnostic>) {
    let Some(t) = table_of("keys", v, diags) else { return };
    let actions = keymap::configurable();
    let names: Vec<&str> = actions.iter().map(|(n, _)| n.as_str()).collect();
    let mut spans = Vec::new();
    for (name, value) in t.iter() {
        let Some(&(_, action)) = actions.iter().find(|(n, _)| n == name.get_ref().as_ref()) else {
            diags.push(unknown(name, "action", &names));
            continue;
        };
        let mut keys: Vec<Key> = Vec::new();
        for (text, span) in strings(name.get_ref(), value, diags) {
            match keymap::key_from_name(text) {
                Some(k) if !keys.contains(&k) => keys.push(k),
                Some(_) => {}
                None => diags.push(
                    Diagnostic::new(span, format!("unknown key `{}`", printable(text))).with_label(
                        "a character (`x`, `X`), `Ctrl-x`, `Space`, `Enter`, `Esc`, `Tab`, `PgDn`, `F5`, …",
                    ),
                ),
            }
        }
        if keys.is_empty() {
            if diags.is_empty() {
                diags.push(Diagnostic::new(
                    value.span(),
                    format!("`{}` needs at least one key", name.get_ref()),
                ));
            }
            continue;
        }
        spans.push((action, value.span()));
        config.keys.0.push((action, keys));
    }
    // A key bound twice in one place: reported at the setting that made it so.
    let mut seen = Vec::new();
    for (scope, key, a, b) in config.keys.clashes() {
        let Some((action, span)) = spans.iter().find(|(x, _)| *x == a || *x == b).cloned() else {
            continue;
        };
        let other = if action == a { b } else { a };
        if seen.contains(&(key, action, other)) {
            continue;
        }
        seen.push((key, action, other));
        diags.push(
            Diagnostic::new(
                span,
                format!(
                    "`{}` is bound twice in the {}: to `{}` and to `{}`",
                    keymap::key_name(key),
                    scope.name(),
                    keymap::action_name(action),
                    keymap::action_name(other)
                ),
            )
            .with_label(format!(
                "give `{}` another key too, or choose another",
                keymap::action_name(other)
            )),
        );
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    format!(
        "[{}]",
        items.into_iter().map(|s| quoted(&s)).collect::<Vec<_>>().join(", ")
    )
}

/// The configuration in effect, every setting with its value (defaults included), as a file
/// that would set it: what `labdash config --print` shows.
pub fn print(config: &Config, from: Option<&Path>) -> String {
    let mut out = String::new();
    match from {
        Some(p) => out.push_str(&format!(
            "# labdash configuration, read from {}\n",
            printable(&p.display().to_string())
        )),
        None => out.push_str(&format!(
            "# labdash configuration: no file (looked for {}); these are the defaults\n",
            default_path().map_or_else(
                || "$XDG_CONFIG_HOME/labdash/config.toml".into(),
                |p| printable(&p.display().to_string()).into_owned()
            )
        )),
    }
    let theme = THEMES
        .iter()
        .find(|(_, c)| Some(*c) == config.theme)
        .map_or("auto", |(n, _)| *n);
    out.push_str(&format!("theme = {}   # auto | dark | light\n", quoted(theme)));
    let view = config.view.unwrap_or_default();
    out.push_str(&format!("view = {}\n", quoted(view.id())));
    out.push_str(&format!(
        "files = {}   # none: $LABDASH_DATA, else the bundled data\n",
        list(
            config
                .files
                .iter()
                .map(|p| printable(&p.display().to_string()).into_owned())
        )
    ));
    for v in ViewKind::ALL {
        let choice = config
            .columns
            .iter()
            .find(|(x, _)| *x == v)
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        out.push_str(&format!(
            "\n[columns.{}]   # ids: {}\n",
            v.id(),
            columns(v).iter().map(|c| c.id).collect::<Vec<_>>().join(" ")
        ));
        out.push_str(&format!(
            "hidden = {}\norder = {}\n",
            list(choice.hidden),
            list(choice.order)
        ));
    }
    out.push_str("\n[keys]\n");
    for (name, action) in keymap::configurable() {
        let keys = keymap::KEYMAP
            .iter()
            .find(|b| b.action == action && b.scope == keymap::Scope::Table)
            .or_else(|| keymap::KEYMAP.iter().find(|b| b.action == action))
            .map(|b| {
                config
                    .keys
                    .keys_of(b)
                    .iter()
                    .map(|k| keymap::key_name(*k))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        out.push_str(&format!("{name} = {}\n", list(keys)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;

    fn ok(text: &str) -> Config {
        parse("c.toml", text, Path::new("/cfg")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn err(text: &str) -> String {
        match parse("c.toml", text, Path::new("/cfg")) {
            Ok(c) => panic!("accepted: {c:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn every_setting_is_read() {
        let c = ok(r#"
theme = "light"
view = "claims"
files = ["labs.toml", "/abs/epoch.toml"]
[columns.models]
hidden = ["country"]
order = ["chips", "cost_usd"]
[keys]
quit = "x"
open_find = ["F3", "Ctrl-f"]
"#);
        assert_eq!(c.theme, Some(ThemeChoice::Light));
        assert_eq!(c.view, Some(ViewKind::Claims));
        assert_eq!(
            c.files,
            vec![PathBuf::from("/cfg/labs.toml"), PathBuf::from("/abs/epoch.toml")]
        );
        assert_eq!(
            c.columns,
            vec![(
                ViewKind::Models,
                ColumnChoice {
                    hidden: vec!["country".into()],
                    order: vec!["chips".into(), "cost_usd".into()]
                }
            )]
        );
        let f3 = keymap::key_from_name("F3").unwrap_or_else(|| panic!("F3"));
        assert!(c.keys.0.contains(&(
            Action::Quit,
            vec![keymap::key_from_name("x").unwrap_or_else(|| panic!())]
        )));
        assert!(c.keys.0.iter().any(|(a, k)| *a == Action::OpenFind && k.contains(&f3)));
        assert_eq!(ok(""), Config::default());
        // What --print shows reads back as the same settings.
        let printed = print(&c, None);
        let back = ok(printed.split_once('\n').map_or("", |(_, rest)| rest));
        assert_eq!(back.theme, c.theme);
        assert_eq!(back.view, c.view);
        assert_eq!(
            back.columns.iter().find(|(v, _)| *v == ViewKind::Models),
            c.columns.first()
        );
        let quit = keymap::KEYMAP
            .iter()
            .find(|b| b.action == Action::Quit && b.scope == keymap::Scope::Table);
        assert_eq!(
            quit.map(|b| back.keys.keys_of(b).to_vec()),
            quit.map(|b| c.keys.keys_of(b).to_vec())
        );
    }

    #[test]
    fn every_mistake_is_an_error_with_its_place() {
        let e = err("vieww = \"claims\"\n");
        assert!(
            e.contains("c.toml:1:1: error: unknown setting `vieww`") && e.contains("did you mean `view`?"),
            "{e}"
        );
        let e = err("view = \"nope\"\n");
        assert!(
            e.contains("c.toml:1:8: error: unknown view `nope`; expected one of: labs, models"),
            "{e}"
        );
        let e = err("theme = 3\n");
        assert!(e.contains("`theme` must be a string, found an integer"), "{e}");
        let e = err("[columns.models]\nhidden = [\"chipz\"]\n");
        assert!(
            e.contains("c.toml:2:11: error: no column `chipz` in the models view")
                && e.contains("did you mean `chips`?"),
            "{e}"
        );
        let e = err("[columns.modles]\n");
        assert!(
            e.contains("unknown view `modles`") && e.contains("did you mean `models`?"),
            "{e}"
        );
        let e = err("[keys]\nfind = \"f\"\n");
        assert!(
            e.contains("unknown action `find`") && e.contains("did you mean `open_find`?"),
            "{e}"
        );
        let e = err("[keys]\nquit = \"Ctrl-\"\n");
        assert!(e.contains("c.toml:2:8: error: unknown key `Ctrl-`"), "{e}");
        let e = err("[keys]\nquit = \"c\"\n");
        assert!(
            e.contains("`c` is bound twice in the dashboard: to `quit` and to `compare`"),
            "{e}"
        );
        let e = err("[keys]\nquit = []\n");
        assert!(e.contains("`quit` needs at least one key"), "{e}");
        let e = err("view = [\n");
        assert!(
            e.contains("c.toml:1:"),
            "a syntax error is reported like one in a data file: {e}"
        );
        assert!(err("a = 1\nb = 2\n").contains("2 problems"));
    }
}
