//! Keys become named actions here and only here. The table is data (action name -> keys),
//! so config can override it (`Keymap::with_overrides`), and the help overlay and the hint
//! line are generated from it: they can never disagree with what the keys do. Which
//! actions apply where, and what they do there, each screen declares as its `Scope`.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

mod action;
mod key;

pub use action::Action;
pub use key::Key;

/// The actions that apply on a screen, each with what it does there (for help). A key may
/// mean one action on one screen and another elsewhere; actions of `Scope::EVERYWHERE`
/// apply on every screen, in the words of the screen's scope if it lists them.
#[derive(Debug, PartialEq, Eq)]
pub struct Scope {
    pub actions: &'static [(Action, &'static str)],
}

impl Scope {
    pub const EVERYWHERE: Scope = Scope {
        actions: &[
            (Action::Confirm, "confirm, open, continue"),
            (Action::Back, "back"),
            (Action::Help, "show or hide this help"),
            (Action::Quit, "quit"),
            (Action::Interrupt, "quit from anywhere"),
        ],
    };

    /// A yes/no question, over any screen.
    pub const DIALOG: Scope = Scope {
        actions: &[(Action::Yes, "yes"), (Action::No, "no")],
    };

    /// A manager's tabs, over every screen of theirs (a cashier has none).
    pub const TABS: Scope = Scope {
        actions: &[
            (Action::PrevTab, "the tab to the left"),
            (Action::NextTab, "the tab to the right"),
            (Action::Tab1, "tab 1 (Counter)"),
            (Action::Tab2, "tab 2"),
            (Action::Tab3, "tab 3"),
            (Action::Tab4, "tab 4"),
            (Action::Tab5, "tab 5"),
            (Action::Tab6, "tab 6"),
            (Action::Tab7, "tab 7"),
            (Action::Tab8, "tab 8"),
            (Action::Tab9, "tab 9"),
        ],
    };

    fn lists(&self, action: Action) -> bool {
        self.actions.iter().any(|(a, _)| *a == action)
    }

    /// Does `action` apply here?
    pub fn applies(&self, action: Action) -> bool {
        self.lists(action) || Scope::EVERYWHERE.lists(action)
    }

    /// What `action` does here, for the help overlay.
    pub fn help(&self, action: Action) -> &'static str {
        [self, &Scope::EVERYWHERE]
            .into_iter()
            .flat_map(|scope| scope.actions)
            .find(|(a, _)| *a == action)
            .map_or("", |(_, words)| *words)
    }
}

/// Can the two ever be active at once (so they must not share a key)? Every screen's
/// scope is asked, so a key bound in config cannot clash on a screen added later.
fn overlap(first: Action, second: Action) -> bool {
    Scope::EVERYWHERE.lists(first)
        || Scope::EVERYWHERE.lists(second)
        || Scope::TABS.lists(first)
        || Scope::TABS.lists(second)
        || std::iter::once(&Scope::DIALOG)
            .chain(crate::tui::screens::SCOPES.iter().copied())
            .any(|scope| scope.lists(first) && scope.lists(second))
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
                    Action::Left | Action::PrevDay => vec![Key::plain(Left), c('h')],
                    Action::Right | Action::NextDay => vec![Key::plain(Right), c('l')],
                    Action::Today => vec![c('t')],
                    Action::Filter => vec![c('/')],
                    Action::Reload => vec![c('r')],
                    Action::MySales => vec![c('s')],
                    Action::Shift => vec![c('o')],
                    Action::NextField => vec![Key::plain(Tab)],
                    Action::PrevField => vec![Key::plain(BackTab)],
                    Action::Toggle => vec![c(' ')],
                    Action::Best => vec![c('b')],
                    Action::Extend => vec![c('e')],
                    Action::Cash => vec![c('c')],
                    Action::Card => vec![c('d')],
                    Action::CancelSale => vec![c('x')],
                    Action::AllAdults => vec![c('1')],
                    Action::Family => vec![c('2')],
                    Action::OneParent => vec![c('3')],
                    Action::AllSeniors => vec![c('4')],
                    Action::AllStudents => vec![c('5')],
                    Action::AllChildren => vec![c('6')],
                    Action::Print => vec![c('p')],
                    Action::Refund => vec![c('f')],
                    Action::Yes => vec![c('y')],
                    Action::No => vec![c('n')],
                    Action::Confirm => vec![Key::plain(Enter)],
                    Action::Back => vec![Key::plain(Esc)],
                    Action::Help => vec![c('?')],
                    Action::Quit => vec![c('q')],
                    Action::Interrupt => vec![Key::ctrl('c')],
                    // Function keys and brackets: no text field or counter key takes them.
                    Action::PrevTab => vec![c('[')],
                    Action::NextTab => vec![c(']')],
                    Action::PrevWeek => vec![Key::plain(PageUp)],
                    Action::NextWeek => vec![Key::plain(PageDown)],
                    Action::Add => vec![c('a')],
                    Action::Edit => vec![c('e')],
                    Action::Move => vec![c('m')],
                    Action::CancelShowtime => vec![c('x')],
                    Action::CopyDay => vec![c('c')],
                    Action::CopyWeek => vec![c('w')],
                    Action::WholeWeek => vec![c('v')],
                    Action::Save => vec![Key::ctrl('s')],
                    Action::Broken => vec![c('b')],
                    Action::Release => vec![c('x')],
                    Action::NewAccount => vec![c('a')],
                    Action::ToggleActive => vec![c('d')],
                    Action::Unlock => vec![c('u')],
                    Action::ResetPassword => vec![c('w')],
                    Action::ChangeRole => vec![c('o')],
                    Action::Export => vec![c('e')],
                    Action::Widen => vec![c('+')],
                    Action::Narrow => vec![c('-')],
                    Action::Verify => vec![c('v')],
                    Action::NextPage => vec![Key::plain(PageDown)],
                    Action::PrevPage => vec![Key::plain(PageUp)],
                    tab => {
                        let n = tab.tab_number().map_or(1, |n| n + 1);
                        vec![Key::plain(F(n as u8))]
                    }
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
                if !overlap(*first, *second) {
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
    pub fn action(&self, event: &KeyEvent, scope: &Scope) -> Option<Action> {
        self.bindings
            .iter()
            .filter(|(a, _)| scope.applies(*a))
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
    pub fn help(&self, scope: &Scope) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|(a, _)| scope.applies(*a))
            .map(|(a, _)| (self.label(*a), scope.help(*a)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyModifiers;

    use super::*;
    use crate::tui::screens::showtimes::SCOPE as LIST;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_map_to_actions_in_their_scope() {
        let map = Keymap::default();
        let none = KeyModifiers::NONE;
        let list = |code| map.action(&press(code, none), &LIST);
        assert_eq!(list(KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(list(KeyCode::Down), Some(Action::Down));
        assert_eq!(list(KeyCode::Left), Some(Action::PrevDay));
        assert_eq!(list(KeyCode::Char('y')), None, "yes is a dialog's key");
        assert_eq!(list(KeyCode::Char('z')), None);
        assert_eq!(
            map.action(&press(KeyCode::Char('?'), KeyModifiers::SHIFT), &LIST),
            Some(Action::Help)
        );
        assert_eq!(
            map.action(
                &press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                &Scope::DIALOG
            ),
            Some(Action::Interrupt)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('c'), none), &Scope::DIALOG),
            None
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('y'), none), &Scope::DIALOG),
            Some(Action::Yes)
        );
    }

    #[test]
    fn help_and_hints_come_from_the_table() {
        let map = Keymap::default();
        assert_eq!(map.label(Action::Up), "↑/k");
        assert_eq!(map.label(Action::Interrupt), "Ctrl-C");
        assert_eq!(map.first_keys(&[Action::PrevDay, Action::NextDay]), "←→");
        let help = map.help(&LIST);
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
        let map = Keymap::with_overrides([("quit", vec!["z", "ctrl-q"])]).unwrap();
        assert_eq!(map.label(Action::Quit), "z/Ctrl-Q");
        assert_eq!(
            map.action(
                &press(KeyCode::Char('z'), KeyModifiers::NONE),
                &Scope::DIALOG
            ),
            Some(Action::Quit)
        );
        // Quit applies everywhere, so it cannot take checkout's `x`.
        assert!(matches!(
            Keymap::with_overrides([("quit", vec!["x"])]),
            Err(KeymapError::Conflict { .. })
        ));
        // Left on the grid and the day before in the list share keys: never active together.
        assert_eq!(map.label(Action::Left), map.label(Action::PrevDay));
        // `q` is free now.
        assert_eq!(
            map.action(&press(KeyCode::Char('q'), KeyModifiers::NONE), &LIST),
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
