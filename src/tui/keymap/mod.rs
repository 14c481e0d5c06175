//! Keys become named actions here and only here. The table is data (action name -> keys),
//! so config can override it later (`Keymap::with_overrides`), and the help overlay and the
//! hint line are generated from it: they can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

mod key;

pub use key::Key;

/// What a key asks for, by name. Screens handle actions, never raw keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    PrevDay,
    NextDay,
    Today,
    Filter,
    Reload,
    Yes,
    No,
    Confirm,
    Back,
    Help,
    Quit,
    /// Ctrl-C: quit from anywhere, even where `q` is held back (passwords on screen).
    Interrupt,
}

/// Where an action applies. A key may mean one action in lists and another in dialogs;
/// `Everywhere` actions apply on every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    List,
    Dialog,
}

impl Scope {
    fn overlaps(self, other: Scope) -> bool {
        self == other || self == Scope::Everywhere || other == Scope::Everywhere
    }
}

impl Action {
    /// Every action, in the order help lists them.
    pub const ALL: [Action; 14] = [
        Action::Up,
        Action::Down,
        Action::PrevDay,
        Action::NextDay,
        Action::Today,
        Action::Filter,
        Action::Reload,
        Action::Yes,
        Action::No,
        Action::Confirm,
        Action::Back,
        Action::Help,
        Action::Quit,
        Action::Interrupt,
    ];

    /// The stable name config uses.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::PrevDay => "prev_day",
            Action::NextDay => "next_day",
            Action::Today => "today",
            Action::Filter => "filter",
            Action::Reload => "reload",
            Action::Yes => "yes",
            Action::No => "no",
            Action::Confirm => "confirm",
            Action::Back => "back",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Interrupt => "interrupt",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    pub fn scope(self) -> Scope {
        match self {
            Action::Up
            | Action::Down
            | Action::PrevDay
            | Action::NextDay
            | Action::Today
            | Action::Filter
            | Action::Reload => Scope::List,
            Action::Yes | Action::No | Action::Confirm => Scope::Dialog,
            Action::Back | Action::Help | Action::Quit | Action::Interrupt => Scope::Everywhere,
        }
    }

    /// What it does, for the help overlay.
    pub fn help(self) -> &'static str {
        match self {
            Action::Up => "previous showtime",
            Action::Down => "next showtime",
            Action::PrevDay => "day before",
            Action::NextDay => "day after",
            Action::Today => "back to today",
            Action::Filter => "filter by movie",
            Action::Reload => "reload",
            Action::Yes => "yes",
            Action::No => "no",
            Action::Confirm => "confirm, continue",
            Action::Back => "back, clear the filter",
            Action::Help => "show or hide this help",
            Action::Quit => "quit",
            Action::Interrupt => "quit from anywhere",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error("no action is called {0:?}")]
    UnknownAction(String),
    #[error("{0:?} is not a key (write it like q, ctrl-c, left, enter, esc, f1)")]
    BadKey(String),
    #[error("{action:?} needs at least one key")]
    NoKeys { action: String },
    #[error("{key} is bound to both {first:?} and {second:?}")]
    Conflict {
        key: Key,
        first: &'static str,
        second: &'static str,
    },
}

/// The table: each action with its keys, in help order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use KeyCode::*;
        let c = |ch| Key::plain(Char(ch));
        let bindings = Action::ALL
            .into_iter()
            .map(|action| {
                let keys = match action {
                    Action::Up => vec![Key::plain(Up), c('k')],
                    Action::Down => vec![Key::plain(Down), c('j')],
                    Action::PrevDay => vec![Key::plain(Left), c('h')],
                    Action::NextDay => vec![Key::plain(Right), c('l')],
                    Action::Today => vec![c('t')],
                    Action::Filter => vec![c('/')],
                    Action::Reload => vec![c('r')],
                    Action::Yes => vec![c('y')],
                    Action::No => vec![c('n')],
                    Action::Confirm => vec![Key::plain(Enter)],
                    Action::Back => vec![Key::plain(Esc)],
                    Action::Help => vec![c('?')],
                    Action::Quit => vec![c('q')],
                    Action::Interrupt => vec![Key::ctrl('c')],
                };
                (action, keys)
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The default table with some actions' keys replaced, e.g. from config:
    /// `[("quit", ["q", "ctrl-q"])]`. Refuses unknown names, bad keys and a key bound to
    /// two actions that can be active at once.
    pub fn with_overrides<'a, I, K>(overrides: I) -> Result<Keymap, KeymapError>
    where
        I: IntoIterator<Item = (&'a str, K)>,
        K: IntoIterator<Item = &'a str>,
    {
        let mut keymap = Keymap::default();
        for (name, keys) in overrides {
            let action = Action::from_name(name)
                .ok_or_else(|| KeymapError::UnknownAction(name.to_string()))?;
            let keys = keys
                .into_iter()
                .map(Key::parse)
                .collect::<Result<Vec<_>, _>>()?;
            if keys.is_empty() {
                return Err(KeymapError::NoKeys {
                    action: name.to_string(),
                });
            }
            if let Some(slot) = keymap.bindings.iter_mut().find(|(a, _)| *a == action) {
                slot.1 = keys;
            }
        }
        keymap.check()?;
        Ok(keymap)
    }

    fn check(&self) -> Result<(), KeymapError> {
        for (i, (first, keys)) in self.bindings.iter().enumerate() {
            for (second, other) in &self.bindings[i + 1..] {
                if !first.scope().overlaps(second.scope()) {
                    continue;
                }
                if let Some(key) = keys.iter().find(|k| other.contains(k)) {
                    return Err(KeymapError::Conflict {
                        key: *key,
                        first: first.name(),
                        second: second.name(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The action a key press means on a screen whose actions are `scope` (plus those
    /// that apply everywhere).
    pub fn action(&self, event: &KeyEvent, scope: Scope) -> Option<Action> {
        self.bindings
            .iter()
            .filter(|(a, _)| a.scope() == scope || a.scope() == Scope::Everywhere)
            .find(|(_, keys)| keys.iter().any(|k| k.matches(event)))
            .map(|(a, _)| *a)
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, k)| k.as_slice())
            .unwrap_or(&[])
    }

    /// All keys of an action for help: `↑/k`.
    pub fn label(&self, action: Action) -> String {
        self.keys(action)
            .iter()
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The first key of each action, run together, for the one-line hint: `←→`.
    pub fn first_keys(&self, actions: &[Action]) -> String {
        actions
            .iter()
            .filter_map(|a| self.keys(*a).first())
            .map(Key::to_string)
            .collect()
    }

    /// The help overlay's lines for a screen: (keys, what they do).
    pub fn help(&self, scope: Scope) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|(a, _)| a.scope() == scope || a.scope() == Scope::Everywhere)
            .map(|(a, _)| (self.label(*a), a.help()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyModifiers;

    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_map_to_actions_in_their_scope() {
        let map = Keymap::default();
        let none = KeyModifiers::NONE;
        let list = |code| map.action(&press(code, none), Scope::List);
        assert_eq!(list(KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(list(KeyCode::Down), Some(Action::Down));
        assert_eq!(list(KeyCode::Left), Some(Action::PrevDay));
        assert_eq!(list(KeyCode::Char('y')), None, "yes is a dialog's key");
        assert_eq!(list(KeyCode::Char('z')), None);
        assert_eq!(
            map.action(&press(KeyCode::Char('?'), KeyModifiers::SHIFT), Scope::List),
            Some(Action::Help)
        );
        assert_eq!(
            map.action(
                &press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Scope::Dialog
            ),
            Some(Action::Interrupt)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('c'), none), Scope::Dialog),
            None
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('y'), none), Scope::Dialog),
            Some(Action::Yes)
        );
    }

    #[test]
    fn help_and_hints_come_from_the_table() {
        let map = Keymap::default();
        assert_eq!(map.label(Action::Up), "↑/k");
        assert_eq!(map.label(Action::Interrupt), "Ctrl-C");
        assert_eq!(map.first_keys(&[Action::PrevDay, Action::NextDay]), "←→");
        let help = map.help(Scope::List);
        assert!(help.contains(&("t".to_string(), "back to today")));
        assert!(help.iter().all(|(keys, _)| keys != "y"), "no dialog keys");
    }

    #[test]
    fn action_names_round_trip() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
    }

    #[test]
    fn overrides_replace_keys_and_refuse_conflicts() {
        let map = Keymap::with_overrides([("quit", vec!["x", "ctrl-q"])]).unwrap();
        assert_eq!(map.label(Action::Quit), "x/Ctrl-Q");
        assert_eq!(
            map.action(
                &press(KeyCode::Char('x'), KeyModifiers::NONE),
                Scope::Dialog
            ),
            Some(Action::Quit)
        );
        // `q` is free now.
        assert_eq!(
            map.action(&press(KeyCode::Char('q'), KeyModifiers::NONE), Scope::List),
            None
        );
        assert!(matches!(
            Keymap::with_overrides([("reload", vec!["j"])]),
            Err(KeymapError::Conflict { .. })
        ));
        // The same key may serve a list and a dialog: they are never active together.
        assert!(Keymap::with_overrides([("reload", vec!["y"])]).is_ok());
        assert!(matches!(
            Keymap::with_overrides([("fly", vec!["f"])]),
            Err(KeymapError::UnknownAction(_))
        ));
        assert!(matches!(
            Keymap::with_overrides([("quit", Vec::<&str>::new())]),
            Err(KeymapError::NoKeys { .. })
        ));
    }
}
