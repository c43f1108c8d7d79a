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

/// The OSC 52 sequence that asks the terminal to put `text` on the system clipboard:
/// `ESC ] 52 ; c ; BASE64 BEL`. Terminals (and tmux with `set-clipboard on`, and SSH
/// sessions, since it travels with the output) set the clipboard from it; the payload is
/// base64, so no byte of `text` can act as a control sequence.
pub fn osc52(text: &str) -> Vec<u8> {
    let mut out = b"\x1b]52;c;".to_vec();
    out.extend_from_slice(base64(text.as_bytes()).as_bytes());
    out.push(0x07);
    out
}

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Puts `text` on the clipboard through the terminal (OSC 52). Writes nothing when stdout is
/// not a terminal (redirected to a file or a pipe, the sequence would only corrupt it);
/// returns whether it was written.
pub fn copy_to_clipboard(text: &str) -> io::Result<bool> {
    use std::io::{IsTerminal as _, Write as _};
    let mut out = stdout();
    if !out.is_terminal() {
        return Ok(false);
    }
    out.write_all(&osc52(text))?;
    out.flush()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded, "{plain:?}");
        }
    }

    #[test]
    fn osc52_wraps_the_base64_text_for_the_clipboard() {
        assert_eq!(osc52("2048"), b"\x1b]52;c;MjA0OA==\x07".to_vec());
        // Controls in the text are inside the base64: the sequence holds one ESC and one BEL.
        let seq = osc52("a\x1b]0;x\x07\tb\n深");
        assert_eq!(seq.iter().filter(|&&b| b == 0x1b).count(), 1);
        assert_eq!(seq.iter().filter(|&&b| b == 0x07).count(), 1);
        assert_eq!(seq, [b"\x1b]52;c;".as_slice(), b"YRtdMDt4BwliCua3sQ==\x07"].concat());
    }
}
