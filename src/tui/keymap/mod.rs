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
    Left,
    Right,
    PrevDay,
    NextDay,
    Today,
    Filter,
    Reload,
    MySales,
    NextField,
    PrevField,
    Toggle,
    Best,
    Extend,
    Cash,
    Card,
    CancelSale,
    AllAdults,
    Family,
    OneParent,
    AllSeniors,
    AllStudents,
    AllChildren,
    Print,
    Refund,
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
    /// The showtimes list.
    List,
    /// The login form (and other forms): text fields take the printable keys.
    Form,
    /// The seat grid.
    Grid,
    Checkout,
    Receipt,
    /// My sales.
    Sales,
    Dialog,
}

impl Action {
    /// Every action, in the order help lists them.
    pub const ALL: [Action; 33] = [
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::PrevDay,
        Action::NextDay,
        Action::Today,
        Action::Filter,
        Action::Reload,
        Action::MySales,
        Action::NextField,
        Action::PrevField,
        Action::Toggle,
        Action::Best,
        Action::Extend,
        Action::Cash,
        Action::Card,
        Action::CancelSale,
        Action::AllAdults,
        Action::Family,
        Action::OneParent,
        Action::AllSeniors,
        Action::AllStudents,
        Action::AllChildren,
        Action::Print,
        Action::Refund,
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
            Action::Left => "left",
            Action::Right => "right",
            Action::PrevDay => "prev_day",
            Action::NextDay => "next_day",
            Action::Today => "today",
            Action::Filter => "filter",
            Action::Reload => "reload",
            Action::MySales => "my_sales",
            Action::NextField => "next_field",
            Action::PrevField => "prev_field",
            Action::Toggle => "toggle_seat",
            Action::Best => "best_available",
            Action::Extend => "extend_hold",
            Action::Cash => "pay_cash",
            Action::Card => "pay_card",
            Action::CancelSale => "cancel_sale",
            Action::AllAdults => "all_adults",
            Action::Family => "family",
            Action::OneParent => "one_parent",
            Action::AllSeniors => "all_seniors",
            Action::AllStudents => "all_students",
            Action::AllChildren => "all_children",
            Action::Print => "print",
            Action::Refund => "refund",
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

    /// The screens it applies on.
    pub fn scopes(self) -> &'static [Scope] {
        use Scope::*;
        match self {
            Action::Up | Action::Down => &[List, Grid, Checkout, Sales],
            Action::Left | Action::Right => &[Grid, Checkout],
            Action::PrevDay
            | Action::NextDay
            | Action::Today
            | Action::Filter
            | Action::MySales => &[List],
            Action::Reload => &[List, Grid, Sales],
            Action::NextField | Action::PrevField => &[Form],
            Action::Toggle | Action::Best => &[Grid],
            Action::Extend => &[Grid, Checkout],
            Action::Cash
            | Action::Card
            | Action::CancelSale
            | Action::AllAdults
            | Action::Family
            | Action::OneParent
            | Action::AllSeniors
            | Action::AllStudents
            | Action::AllChildren => &[Checkout],
            Action::Print => &[Receipt],
            Action::Refund => &[Sales],
            Action::Yes | Action::No => &[Dialog],
            Action::Confirm | Action::Back | Action::Help | Action::Quit | Action::Interrupt => {
                &[Everywhere]
            }
        }
    }

    /// Does it apply on a screen whose scope is `scope`?
    pub fn applies_in(self, scope: Scope) -> bool {
        self.scopes()
            .iter()
            .any(|s| *s == scope || *s == Scope::Everywhere)
    }

    /// Can the two ever be active at once (so they must not share a key)?
    fn overlaps(self, other: Action) -> bool {
        self.scopes().iter().any(|a| {
            other
                .scopes()
                .iter()
                .any(|b| a == b || *a == Scope::Everywhere || *b == Scope::Everywhere)
        })
    }

    /// What it does on a screen of `scope`, for the help overlay.
    pub fn help_in(self, scope: Scope) -> &'static str {
        match (scope, self) {
            (Scope::List, Action::Up) => "previous showtime",
            (Scope::List, Action::Down) => "next showtime",
            (Scope::Checkout | Scope::Sales, Action::Up) => "previous line",
            (Scope::Checkout | Scope::Sales, Action::Down) => "next line",
            (Scope::Checkout, Action::Left) => "previous ticket type",
            (Scope::Checkout, Action::Right) => "next ticket type",
            (Scope::List, Action::Confirm) => "open the showtime's seats",
            (Scope::Grid, Action::Confirm) => "checkout",
            (Scope::Checkout, Action::Confirm) => "confirm the payment",
            (Scope::Receipt, Action::Confirm) => "next sale",
            (Scope::Sales, Action::Confirm) => "show the order",
            (Scope::Form, Action::Confirm) => "next field; log in",
            (Scope::List, Action::Back) => "clear the filter",
            (Scope::Grid, Action::Back) => "back to the showtimes",
            (Scope::Checkout, Action::Back) => "back to the seats",
            (Scope::Form, Action::Back) => "quit",
            _ => self.help(),
        }
    }

    /// What it does, for the help overlay.
    pub fn help(self) -> &'static str {
        match self {
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Left => "move left",
            Action::Right => "move right",
            Action::PrevDay => "day before",
            Action::NextDay => "day after",
            Action::Today => "back to today",
            Action::Filter => "filter by movie",
            Action::Reload => "reload",
            Action::MySales => "my sales",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::Toggle => "take or give back the seat",
            Action::Best => "best N together (type N first)",
            Action::Extend => "extend the hold, once",
            Action::Cash => "pay cash",
            Action::Card => "pay by card",
            Action::CancelSale => "cancel the sale, release the seats",
            Action::AllAdults => "all adults",
            Action::Family => "2 adults, the rest children",
            Action::OneParent => "1 adult, the rest children",
            Action::AllSeniors => "all seniors",
            Action::AllStudents => "all students",
            Action::AllChildren => "all children",
            Action::Print => "print the receipt (to a file)",
            Action::Refund => "refund the order, or the ticket chosen in it",
            Action::Yes => "yes",
            Action::No => "no",
            Action::Confirm => "confirm, open, continue",
            Action::Back => "back",
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
                    Action::Left | Action::PrevDay => vec![Key::plain(Left), c('h')],
                    Action::Right | Action::NextDay => vec![Key::plain(Right), c('l')],
                    Action::Today => vec![c('t')],
                    Action::Filter => vec![c('/')],
                    Action::Reload => vec![c('r')],
                    Action::MySales => vec![c('s')],
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
                if !first.overlaps(*second) {
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
            .filter(|(a, _)| a.applies_in(scope))
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
            .filter(|(a, _)| a.applies_in(scope))
            .map(|(a, _)| (self.label(*a), a.help_in(scope)))
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
        let map = Keymap::with_overrides([("quit", vec!["z", "ctrl-q"])]).unwrap();
        assert_eq!(map.label(Action::Quit), "z/Ctrl-Q");
        assert_eq!(
            map.action(
                &press(KeyCode::Char('z'), KeyModifiers::NONE),
                Scope::Dialog
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
