//! One key as a keymap writes it (`q`, `ctrl-c`, `left`) and as help shows it (`q`,
//! `Ctrl-C`, `←`).

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::KeymapError;

/// One key with its modifiers, as written in a keymap: `q`, `ctrl-c`, `left`, `enter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    pub fn parse(text: &str) -> Result<Key, KeymapError> {
        let bad = || KeymapError::BadKey(text.to_string());
        let lower = text.trim().to_lowercase();
        let (modifiers, rest) = match lower.split_once('-') {
            Some(("ctrl", rest)) if !rest.is_empty() => (KeyModifiers::CONTROL, rest),
            Some(("alt", rest)) if !rest.is_empty() => (KeyModifiers::ALT, rest),
            _ => (KeyModifiers::NONE, lower.as_str()),
        };
        let code = match rest {
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('f') => {
                let n: u8 = f[1..].parse().map_err(|_| bad())?;
                if !(1..=12).contains(&n) {
                    return Err(bad());
                }
                KeyCode::F(n)
            }
            _ => {
                // A single character keeps its case: `G` and `g` are different keys.
                let original = text.trim();
                let last = original.chars().last().ok_or_else(bad)?;
                if rest.chars().count() != 1 {
                    return Err(bad());
                }
                KeyCode::Char(if modifiers.is_empty() {
                    last
                } else {
                    last.to_ascii_lowercase()
                })
            }
        };
        Ok(Key { code, modifiers })
    }

    /// Does a key press from the terminal mean this key? Shift is ignored for characters:
    /// it is already in the character (`?` arrives with Shift on most keyboards).
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let modifiers = match event.code {
            KeyCode::Char(_) => event.modifiers - KeyModifiers::SHIFT,
            _ => event.modifiers,
        };
        self.code == event.code && self.modifiers == modifiers
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        let upper = !self.modifiers.is_empty();
        match self.code {
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if upper => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_show() {
        assert_eq!(Key::parse("ctrl-c"), Ok(Key::ctrl('c')));
        assert_eq!(Key::parse("Ctrl-C"), Ok(Key::ctrl('c')));
        assert_eq!(Key::parse("Left"), Ok(Key::plain(KeyCode::Left)));
        assert_eq!(Key::parse("G"), Ok(Key::plain(KeyCode::Char('G'))));
        assert_eq!(Key::parse("f5"), Ok(Key::plain(KeyCode::F(5))));
        assert_eq!(Key::parse("-"), Ok(Key::plain(KeyCode::Char('-'))));
        assert!(Key::parse("f13").is_err());
        assert!(Key::parse("banana").is_err());
        assert!(Key::parse("").is_err());
        assert_eq!(Key::ctrl('c').to_string(), "Ctrl-C");
        assert_eq!(Key::plain(KeyCode::Left).to_string(), "←");
        assert_eq!(Key::plain(KeyCode::Char(' ')).to_string(), "Space");
    }

    #[test]
    fn shift_is_in_the_character() {
        let question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert!(Key::plain(KeyCode::Char('?')).matches(&question));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(!Key::plain(KeyCode::Char('c')).matches(&ctrl_c));
        assert!(Key::ctrl('c').matches(&ctrl_c));
    }
}
