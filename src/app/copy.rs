//! `y`/`Y`: the cursor cell, or the cursor row as tab-separated values, handed to the runner
//! to put on the clipboard (OSC 52). Figures copy raw, as CSV carries them (`2048`,
//! `80000000..100000000`), so they paste into a spreadsheet as numbers; strings are made
//! printable, so a pasted value can hold no control character or line break.

use crate::data::sanitize::printable;
use crate::export::raw_cell;
use crate::view::columns;

use super::{App, Effect};

/// The cell under the cursor, or with `row` the whole cursor row (TSV).
pub(super) fn copy(app: &mut App, row: bool) -> Effect {
    let Some(r) = app.cursor_record() else {
        app.say("nothing to copy: no row here", true);
        return Effect::None;
    };
    let cols = columns(app.view);
    let field = |i: usize| {
        cols.get(i)
            .map(|c| printable(&raw_cell(&(c.get)(&app.ds, r.index))).into_owned())
            .unwrap_or_default()
    };
    let name = printable(app.ds.name_of(r)).into_owned();
    if row {
        let text = (0..cols.len()).map(field).collect::<Vec<_>>().join("\t");
        return Effect::Copy {
            text,
            what: format!("the row of {name} ({} fields, tab-separated)", cols.len()),
        };
    }
    let col = app.state().col;
    let id = cols.get(col).map_or("?", |c| c.id);
    Effect::Copy {
        text: field(col),
        what: format!("{id} of {name}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::app::{Action, App, Effect};
    use crate::load::Origin;
    use crate::view::{Query, ViewKind, columns};

    fn app() -> App {
        let ds = crate::data::load(crate::data::BUNDLED_NAME, crate::data::BUNDLED).unwrap_or_else(|d| panic!("{d:?}"));
        App::new(
            ds,
            Origin::Bundled,
            Query {
                view: ViewKind::Models,
                ..Query::default()
            },
        )
    }

    #[test]
    fn y_copies_the_raw_cell_and_capital_y_the_row_as_tsv() {
        let mut app = app();
        let chips = columns::find(ViewKind::Models, "chips").unwrap_or(0);
        // DeepSeek-V3: its chips are 2,048 on screen, 2048 on the clipboard.
        let row = app
            .state()
            .rows
            .iter()
            .position(|&r| {
                app.ds.name_of(crate::data::RecordRef {
                    kind: ViewKind::Models.kind(),
                    index: r,
                }) == "DeepSeek-V3"
            })
            .unwrap_or_else(|| panic!("DeepSeek-V3 is in the data"));
        app.state_mut().cursor = row;
        app.state_mut().col = chips;
        assert_eq!(
            app.update(Action::CopyCell),
            Effect::Copy {
                text: "2048".into(),
                what: "chips of DeepSeek-V3".into()
            }
        );
        let Effect::Copy { text, .. } = app.update(Action::CopyRow) else {
            panic!("Y copies");
        };
        let fields: Vec<&str> = text.split('\t').collect();
        assert_eq!(fields.len(), columns(ViewKind::Models).len());
        assert_eq!(fields[0], "DeepSeek-V3");
        assert_eq!(fields[chips], "2048");
        assert!(!text.contains('\n'));
    }

    #[test]
    fn nothing_to_copy_on_an_empty_view_says_so() {
        let mut app = app();
        app.update(Action::OpenFilter);
        for c in "no-such-model-xyz".chars() {
            app.update(Action::PromptInput(c));
        }
        app.update(Action::PromptAccept);
        assert_eq!(app.update(Action::CopyCell), Effect::None);
        assert!(app.status.as_ref().is_some_and(|s| s.error));
    }
}
