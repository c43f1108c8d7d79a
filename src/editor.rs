//! Which editor to run, and how to tell it the line: `+LINE` for vi-likes, `--goto FILE:LINE`
//! for VS Code.

use std::path::Path;
use std::process::Command;

/// The user's editor command line: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn editor_from_env() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Builds the command that opens `path` at `line` with `editor` (which may carry arguments,
/// e.g. `code --wait`).
pub fn command(editor: &str, path: &Path, line: u32) -> Option<Command> {
    let mut words = editor.split_whitespace();
    let program = words.next()?;
    let mut cmd = Command::new(program);
    cmd.args(words.clone());
    let name = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(program);
    match name {
        "code" | "code-insiders" | "codium" => {
            if !words.any(|w| w == "--wait" || w == "-w") {
                cmd.arg("--wait");
            }
            cmd.arg("--goto").arg(format!("{}:{line}", path.display()));
        }
        "vi" | "vim" | "nvim" | "nano" | "hx" | "emacs" | "emacsclient" | "micro" | "kak" | "view" | "gvim"
        | "mvim" => {
            cmd.arg(format!("+{line}")).arg(path);
        }
        _ => {
            cmd.arg(path);
        }
    }
    Some(cmd)
}

/// The status message when the editor could not be started at all.
pub fn start_failure(editor: &str, e: &std::io::Error) -> String {
    let editor = crate::data::sanitize::printable(editor);
    if e.kind() == std::io::ErrorKind::NotFound {
        format!("editor `{editor}` not found: set $VISUAL or $EDITOR to your editor")
    } else {
        format!("could not start editor `{editor}`: {e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(c: &Command) -> Vec<String> {
        std::iter::once(c.get_program())
            .chain(c.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn vi_likes_get_plus_line() {
        for e in [
            "vi",
            "vim",
            "nvim",
            "nano",
            "hx",
            "emacs",
            "micro",
            "kak",
            "/usr/bin/vim",
        ] {
            let c = command(e, Path::new("my.toml"), 42);
            assert_eq!(
                c.map(|c| args(&c)[1..].to_vec()),
                Some(vec!["+42".to_string(), "my.toml".to_string()]),
                "{e}"
            );
        }
    }

    #[test]
    fn code_gets_goto_and_wait() {
        let c = command("code", Path::new("my.toml"), 7).map(|c| args(&c));
        assert_eq!(
            c,
            Some(vec![
                "code".into(),
                "--wait".into(),
                "--goto".into(),
                "my.toml:7".into()
            ])
        );
    }

    #[test]
    fn unknown_editors_get_the_file_and_keep_their_arguments() {
        let c = command("myed -x", Path::new("my.toml"), 7).map(|c| args(&c));
        assert_eq!(c, Some(vec!["myed".into(), "-x".into(), "my.toml".into()]));
        assert!(command("   ", Path::new("f"), 1).is_none());
    }

    #[test]
    fn a_missing_editor_says_how_to_choose_one() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            start_failure("nosuch-ed", &e),
            "editor `nosuch-ed` not found: set $VISUAL or $EDITOR to your editor"
        );
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(start_failure("./ed", &e).starts_with("could not start editor `./ed`: "));
    }

    #[test]
    fn a_nonexistent_program_fails_to_start_without_panicking() {
        let c = command("/nonexistent/labdash-editor", Path::new("f.toml"), 3);
        let outcome = c.map(|mut c| c.status());
        assert!(matches!(outcome, Some(Err(e)) if e.kind() == std::io::ErrorKind::NotFound));
    }
}
