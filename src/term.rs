//! The only code that switches the terminal's modes. Entering turns on raw mode, the
//! alternate screen and mouse capture; restoring undoes all three and shows the cursor — on
//! quit, on error (the guard's drop), on panic (the hook), and on SIGTERM/SIGHUP/SIGINT (the
//! runner's signal flag).

use std::io::{self, Stdout, stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::crossterm::{cursor, execute};

/// Whether dashboard mode is on. Restoring twice is not harmless: leaving the alternate screen
/// also restores the cursor saved when entering it, so a second restore after a panic message
/// would move the cursor back over that message.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// The terminal type the dashboard draws on.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal in dashboard mode; dropping the guard restores it.
pub struct Guard {
    /// The terminal to draw on.
    pub terminal: Term,
}

impl Guard {
    /// Enters raw mode, the alternate screen and mouse capture.
    pub fn enter() -> io::Result<Guard> {
        enter_modes()?;
        let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
        terminal.hide_cursor()?;
        terminal.clear()?;
        Ok(Guard { terminal })
    }

    /// Leaves dashboard mode for a child program (the editor); `resume` comes back.
    pub fn suspend(&mut self) {
        restore();
    }

    /// Re-enters dashboard mode after `suspend` and redraws everything.
    pub fn resume(&mut self) -> io::Result<()> {
        enter_modes()?;
        self.terminal.hide_cursor()?;
        self.terminal.clear()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn enter_modes() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    if let Err(e) = execute!(stdout(), EnterAlternateScreen, EnableMouseCapture) {
        restore();
        return Err(e);
    }
    Ok(())
}

/// Restores the terminal; safe to call more than once (only the first call after entering
/// acts) and from a panic hook.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
}

/// Installs color-eyre's report hooks, then a panic hook that restores the terminal *before*
/// the report is printed (so it lands on the normal screen, readable).
pub fn install_hooks() {
    let _ = color_eyre::install();
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        report(info);
    }));
}
