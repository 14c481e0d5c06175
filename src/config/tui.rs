//! `[tui]` and `[keys]`: theme, receipt printer and key bindings of the counter.
//!
//! The one place config imports from `tui/`, and only its pure types (a keymap, a theme
//! name; no terminal): checking keys and themes at load reports a typo with the file and
//! dotted key like any other mistake, instead of at the first key press. `tui/` never
//! imports config; `main.rs` hands it the keymap and theme built here.

use serde::Deserialize;

use crate::tui::keymap::Keymap;
use crate::tui::theme::ThemeMode;

use super::Config;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TuiConfig {
    /// "auto", "dark", "light" or "mono"; `NO_COLOR` in the environment means "mono".
    pub theme: String,
    /// A program and its arguments that print a receipt; the receipt file's path is
    /// appended. Empty: receipts are only written to a file.
    pub printer_command: Vec<String>,
}

impl Default for TuiConfig {
    fn default() -> Self {
        TuiConfig {
            theme: "auto".to_string(),
            printer_command: Vec::new(),
        }
    }
}

impl Config {
    /// The `[tui]` and `[keys]` checks of `Config::parse`, in its order: a failure names
    /// its dotted key.
    pub(super) fn check_tui(&self) -> Result<(), (String, String)> {
        let invalid = |key: &str, message: String| Err((key.to_string(), message));
        if ThemeMode::parse(&self.tui.theme).is_none() {
            return invalid(
                "tui.theme",
                format!(
                    "{:?} is not a theme (auto, dark, light or mono)",
                    self.tui.theme
                ),
            );
        }
        if self
            .tui
            .printer_command
            .first()
            .is_some_and(|p| p.trim().is_empty())
        {
            return invalid(
                "tui.printer_command",
                "the program's name is blank (like [\"lp\", \"-d\", \"counter\"])".to_string(),
            );
        }
        self.keymap().map(|_| ())
    }

    /// The TUI's keymap: the defaults with `[keys]` applied. A failure names its key
    /// (`keys.quit`), or `keys` for two actions sharing one key.
    pub fn keymap(&self) -> Result<Keymap, (String, String)> {
        for (action, list) in &self.keys {
            Keymap::with_overrides([(action.as_str(), keys_of(list))])
                .map_err(|e| (format!("keys.{action}"), e.to_string()))?;
        }
        Keymap::with_overrides(self.keys.iter().map(|(a, l)| (a.as_str(), keys_of(l))))
            .map_err(|e| ("keys".to_string(), e.to_string()))
    }

    pub fn theme_mode(&self) -> ThemeMode {
        ThemeMode::parse(&self.tui.theme).unwrap_or_default()
    }
}

fn keys_of(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}
