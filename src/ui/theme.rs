//! Colours and modifiers. Every meaning colour carries is also carried by a glyph or a
//! modifier (reverse, bold, underline), so `NO_COLOR` and monochrome terminals stay usable.

use ratatui::style::{Color, Modifier, Style};

/// The styles the renderer uses.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    /// Plain text.
    pub text: Style,
    /// Secondary text (hints, units).
    pub dim: Style,
    /// Table header.
    pub header: Style,
    /// The cursor row.
    pub cursor_row: Style,
    /// The cursor column's cells.
    pub cursor_col: Style,
    /// The current tab.
    pub tab_active: Style,
    /// Other tabs.
    pub tab: Style,
    /// Status bar.
    pub status: Style,
    /// Error messages.
    pub error: Style,
    /// Disputed figures.
    pub disputed: Style,
    /// Derived figures.
    pub derived: Style,
    /// Marked rows' gutter.
    pub mark: Style,
    /// Overlay borders and titles.
    pub border: Style,
    /// Headings in overlays.
    pub heading: Style,
    /// Key names in help and hints.
    pub key: Style,
}

impl Theme {
    /// For dark backgrounds (the default).
    pub const DARK: Theme = Theme {
        text: Style::new(),
        dim: Style::new().fg(Color::DarkGray),
        header: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        cursor_row: Style::new().add_modifier(Modifier::REVERSED),
        cursor_col: Style::new()
            .add_modifier(Modifier::BOLD)
            .add_modifier(Modifier::UNDERLINED),
        tab_active: Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
        tab: Style::new().fg(Color::Gray),
        status: Style::new().fg(Color::White).bg(Color::DarkGray),
        error: Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
        disputed: Style::new().fg(Color::Yellow),
        derived: Style::new().fg(Color::Magenta).add_modifier(Modifier::ITALIC),
        mark: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        border: Style::new().fg(Color::Cyan),
        heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    };

    /// For light backgrounds.
    pub const LIGHT: Theme = Theme {
        text: Style::new(),
        dim: Style::new().fg(Color::Gray),
        header: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
        cursor_row: Style::new().add_modifier(Modifier::REVERSED),
        cursor_col: Style::new()
            .add_modifier(Modifier::BOLD)
            .add_modifier(Modifier::UNDERLINED),
        tab_active: Style::new()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD),
        tab: Style::new().fg(Color::DarkGray),
        status: Style::new().fg(Color::Black).bg(Color::Gray),
        error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        disputed: Style::new().fg(Color::Rgb(150, 90, 0)),
        derived: Style::new().fg(Color::Magenta).add_modifier(Modifier::ITALIC),
        mark: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        border: Style::new().fg(Color::Blue),
        heading: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
        key: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    };
}

/// `--theme`: which palette to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeChoice {
    /// Light if `$COLORFGBG` says the background is light, else dark.
    Auto,
    /// For dark backgrounds.
    Dark,
    /// For light backgrounds.
    Light,
}

impl ThemeChoice {
    /// The palette, given `$COLORFGBG` ("fg;bg", set by rxvt, Konsole, iTerm2 and others).
    pub fn resolve(self, colorfgbg: Option<&str>) -> Theme {
        match self {
            ThemeChoice::Dark => Theme::DARK,
            ThemeChoice::Light => Theme::LIGHT,
            ThemeChoice::Auto => {
                // Background colours 7 and 9–15 are the light ones of the 16-colour palette.
                let bg = colorfgbg
                    .and_then(|v| v.rsplit(';').next())
                    .and_then(|b| b.trim().parse::<u8>().ok());
                match bg {
                    Some(7 | 9..=15) => Theme::LIGHT,
                    _ => Theme::DARK,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_reads_the_background_from_colorfgbg() {
        let light = |t: Theme| t.header == Theme::LIGHT.header;
        assert!(light(ThemeChoice::Auto.resolve(Some("0;15"))));
        assert!(light(ThemeChoice::Auto.resolve(Some("0;default;15"))));
        assert!(!light(ThemeChoice::Auto.resolve(Some("15;0"))));
        assert!(!light(ThemeChoice::Auto.resolve(None)));
        assert!(light(ThemeChoice::Light.resolve(Some("15;0"))));
    }
}
