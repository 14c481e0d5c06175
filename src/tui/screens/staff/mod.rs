//! The manager's staff: every account with its role, state and lock (until when, on the
//! venue's clock), and the changes a manager makes: a new account, disable or enable,
//! unlock, a new password, another role. A generated password is shown once, until a
//! key is pressed. The work in `work`, drawing in `view`.

mod view;
mod work;

pub use work::{Done, Shown, Work};

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::identity::Role;
use crate::identity::ports::Credentials;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};

use super::{OnQuit, Screen, Typing};

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "previous account"),
        (Action::Down, "next account"),
        (Action::NewAccount, "a new staff account"),
        (Action::ToggleActive, "disable or enable the account"),
        (Action::Unlock, "unlock the account"),
        (Action::ResetPassword, "a new password for the account"),
        (
            Action::ChangeRole,
            "make a cashier a manager, or a manager a cashier",
        ),
        (Action::NextField, "the other role, in the new account form"),
        (Action::Reload, "reload"),
    ],
};

/// The new account being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub username: String,
    pub role: Role,
}

#[derive(Default)]
pub struct StaffState {
    pub accounts: Vec<Credentials>,
    pub selected: usize,
    pub loading: bool,
    pub form: Option<NewAccount>,
    /// A password on screen until the next key.
    pub shown: Option<Shown>,
    /// The change asked about (what, to whom): what cannot be undone takes its key twice.
    pub confirm: Option<(Action, String)>,
}

pub struct StaffScreen {
    pub state: StaffState,
}

impl Default for StaffScreen {
    fn default() -> Self {
        StaffScreen::new()
    }
}

impl StaffScreen {
    /// The screen, reading as soon as it is in front (`refresh`).
    pub fn new() -> StaffScreen {
        StaffScreen {
            state: StaffState {
                loading: true,
                ..StaffState::default()
            },
        }
    }

    /// The screen and its first read.
    pub fn open(ctx: &Ctx) -> Option<(StaffScreen, Command)> {
        let actor = ctx.actor()?;
        Some((StaffScreen::new(), Command::run(Work::Load { actor })))
    }

    fn load(&mut self, ctx: &Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        self.state.loading = true;
        Some(Command::run(Work::Load { actor }))
    }

    fn chosen(&self) -> Option<Credentials> {
        self.state.accounts.get(self.state.selected).cloned()
    }

    /// Was `action` on `username` asked about by the key before? If not, asks now.
    fn confirmed(
        &mut self,
        asked: &Option<(Action, String)>,
        action: Action,
        username: &str,
        question: String,
        ctx: &mut Ctx,
    ) -> bool {
        if asked
            .as_ref()
            .is_some_and(|(a, name)| *a == action && name == username)
        {
            return true;
        }
        ctx.info = Some(format!(
            "{question} {} again to confirm (any other key cancels).",
            ctx.keymap.label(action)
        ));
        self.state.confirm = Some((action, username.to_string()));
        false
    }
}

/// The manager's Staff tab: the screen, which reads once in front.
pub fn tab(_title: &'static str, _ctx: &Ctx) -> Box<dyn Screen> {
    Box::new(StaffScreen::new())
}

impl Screen for StaffScreen {
    fn name(&self) -> &'static str {
        "staff"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn typing(&self) -> Typing {
        if self.state.form.is_some() {
            Typing::Field
        } else {
            Typing::Keys
        }
    }

    // A password on screen is read first; `q` must not lose it by accident.
    fn on_quit(&self) -> OnQuit {
        if self.state.shown.is_some() {
            OnQuit::Stay
        } else {
            OnQuit::Quit
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        ctx.message = None;
        if self.state.shown.take().is_some() {
            // Any key puts the password away, and does nothing else.
            ctx.info = None;
            return None;
        }
        ctx.info = None;
        if let Some(form) = &mut self.state.form {
            return match action {
                Action::NextField | Action::PrevField => {
                    form.role = match form.role {
                        Role::Cashier => Role::Manager,
                        _ => Role::Cashier,
                    };
                    None
                }
                Action::Confirm if form.username.trim().is_empty() => {
                    ctx.message = Some("Type the new account's username, then Enter.".into());
                    None
                }
                Action::Confirm => {
                    let form = self.state.form.take()?;
                    Some(Command::run(Work::Create {
                        actor,
                        username: form.username.trim().to_string(),
                        role: form.role,
                    }))
                }
                Action::Back => {
                    self.state.form = None;
                    None
                }
                _ => None,
            };
        }
        let asked = self.state.confirm.take();
        let st = &mut self.state;
        match action {
            Action::Up => {
                st.selected = st.selected.saturating_sub(1);
                None
            }
            Action::Down => {
                if st.selected + 1 < st.accounts.len() {
                    st.selected += 1;
                }
                None
            }
            Action::Reload => self.load(ctx),
            Action::NewAccount => {
                st.form = Some(NewAccount {
                    username: String::new(),
                    role: Role::Cashier,
                });
                None
            }
            Action::ToggleActive => {
                let c = self.chosen()?;
                let name = &c.user.username;
                let question = format!("Disable {name}?");
                if c.user.active && !self.confirmed(&asked, action, name, question, ctx) {
                    return None;
                }
                Some(Command::run(Work::SetActive {
                    actor,
                    username: c.user.username.clone(),
                    active: !c.user.active,
                }))
            }
            Action::Unlock => {
                let c = self.chosen()?;
                if c.locked_until.is_none_or(|t| t <= ctx.now) && c.failed_logins == 0 {
                    ctx.message = Some(format!("{} is not locked out.", c.user.username));
                    return None;
                }
                Some(Command::run(Work::Unlock {
                    actor,
                    username: c.user.username.clone(),
                }))
            }
            Action::ResetPassword => {
                let c = self.chosen()?;
                let name = &c.user.username;
                let question = format!("New password for {name}? The old one stops.");
                if !self.confirmed(&asked, action, name, question, ctx) {
                    return None;
                }
                Some(Command::run(Work::Reset {
                    actor,
                    username: c.user.username.clone(),
                }))
            }
            Action::ChangeRole => {
                let c = self.chosen()?;
                let role = match c.user.role {
                    Role::Manager => Role::Cashier,
                    Role::Cashier => Role::Manager,
                    Role::Customer => {
                        ctx.message = Some(format!(
                            "{} is a customer: only staff change roles.",
                            c.user.username
                        ));
                        return None;
                    }
                };
                let name = &c.user.username;
                let question = format!("Make {name} a {role}?");
                if !self.confirmed(&asked, action, name, question, ctx) {
                    return None;
                }
                Some(Command::run(Work::SetRole {
                    actor,
                    username: c.user.username.clone(),
                    role,
                }))
            }
            _ => None,
        }
    }

    fn on_char(&mut self, c: char, ctx: &mut Ctx) {
        ctx.message = None;
        if let Some(form) = &mut self.state.form
            && form.username.chars().count() < 40
        {
            form.username.push(c);
        }
    }

    fn on_erase(&mut self, _ctx: &mut Ctx) {
        if let Some(form) = &mut self.state.form {
            form.username.pop();
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Staff(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Staff(done) = done else {
            return None;
        };
        match done {
            Done::Loaded(result) => {
                self.state.loading = false;
                match result {
                    Ok(accounts) => {
                        let st = &mut self.state;
                        // The account whose password is on screen, else the one chosen.
                        let keep = match &st.shown {
                            Some(shown) => Some(shown.username.clone()),
                            None => st
                                .accounts
                                .get(st.selected)
                                .map(|c| c.user.username.clone()),
                        };
                        st.accounts = accounts;
                        st.selected = keep
                            .and_then(|n| st.accounts.iter().position(|c| c.user.username == n))
                            .unwrap_or(0);
                    }
                    Err(e) => ctx.message = Some(format!("The accounts could not be read: {e}")),
                }
                None
            }
            Done::Changed(result) => {
                match result {
                    Ok(text) => ctx.info = Some(text),
                    Err(e) => ctx.message = Some(work::failed(&e)),
                }
                self.load(ctx)
            }
            Done::Password(result) => {
                match result {
                    Ok(shown) => {
                        self.state.shown = Some(shown);
                        return self.load(ctx);
                    }
                    Err(e) => ctx.message = Some(work::failed(&e)),
                }
                None
            }
        }
    }

    fn refresh(&mut self, ctx: &mut Ctx) -> Option<Command> {
        self.load(ctx)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(&self.state, frame, area, ctx);
    }
}
