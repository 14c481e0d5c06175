//! Keys become named actions here, and only here; the help overlay is generated from
//! the same table, so it can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PrevDay,
    NextDay,
    Today,
    Filter,
    Reload,
    Help,
    Confirm,
    Back,
    Yes,
    No,
    Quit,
}

/// One line of the keymap: the action, its keys, and what it does in words.
pub struct Binding {
    pub action: Action,
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub label: &'static str,
    pub help: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;

pub const BINDINGS: &[Binding] = &[
    Binding {
        action: Action::Up,
        keys: &[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)],
        label: "↑/k",
        help: "previous showtime",
    },
    Binding {
        action: Action::Down,
        keys: &[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)],
        label: "↓/j",
        help: "next showtime",
    },
    Binding {
        action: Action::PrevDay,
        keys: &[(KeyCode::Left, NONE), (KeyCode::Char('h'), NONE)],
        label: "←/h",
        help: "day before",
    },
    Binding {
        action: Action::NextDay,
        keys: &[(KeyCode::Right, NONE), (KeyCode::Char('l'), NONE)],
        label: "→/l",
        help: "day after",
    },
    Binding {
        action: Action::Today,
        keys: &[(KeyCode::Char('t'), NONE)],
        label: "t",
        help: "back to today",
    },
    Binding {
        action: Action::Filter,
        keys: &[(KeyCode::Char('/'), NONE)],
        label: "/",
        help: "filter by movie",
    },
    Binding {
        action: Action::Reload,
        keys: &[(KeyCode::Char('r'), NONE)],
        label: "r",
        help: "reload",
    },
    Binding {
        action: Action::Help,
        keys: &[(KeyCode::Char('?'), NONE)],
        label: "?",
        help: "this help",
    },
    Binding {
        action: Action::Confirm,
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        help: "confirm",
    },
    Binding {
        action: Action::Back,
        keys: &[(KeyCode::Esc, NONE)],
        label: "Esc",
        help: "back, clear the filter",
    },
    Binding {
        action: Action::Yes,
        keys: &[(KeyCode::Char('y'), NONE)],
        label: "y",
        help: "yes",
    },
    Binding {
        action: Action::No,
        keys: &[(KeyCode::Char('n'), NONE)],
        label: "n",
        help: "no",
    },
    Binding {
        action: Action::Quit,
        keys: &[
            (KeyCode::Char('q'), NONE),
            (KeyCode::Char('c'), KeyModifiers::CONTROL),
        ],
        label: "q",
        help: "quit",
    },
];

/// The action bound to a key, if any. Shift is ignored for characters (a `?` arrives
/// with Shift on most keyboards).
pub fn action_for(key: &KeyEvent) -> Option<Action> {
    let mods = if matches!(key.code, KeyCode::Char(_)) {
        key.modifiers - KeyModifiers::SHIFT
    } else {
        key.modifiers
    };
    BINDINGS
        .iter()
        .find(|b| {
            b.keys
                .iter()
                .any(|(code, m)| *code == key.code && *m == mods)
        })
        .map(|b| b.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions() {
        let k = |c| KeyEvent::new(c, NONE);
        assert_eq!(action_for(&k(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(action_for(&k(KeyCode::Down)), Some(Action::Down));
        assert_eq!(
            action_for(&KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Action::Help)
        );
        assert_eq!(
            action_for(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(action_for(&k(KeyCode::Char('z'))), None);
    }
}
