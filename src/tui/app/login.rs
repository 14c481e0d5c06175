//! Logging in: username, then password, then the day's showtimes.

use crate::identity::User;
use crate::tui::event::{Answer, Command, Secret, Work};
use crate::tui::keymap::Action;
use crate::tui::screens::login::Field;

use super::App;

impl App {
    pub(super) fn login_action(&mut self, action: Action) -> Option<Command> {
        let login = &mut self.login;
        if login.busy {
            return None;
        }
        match action {
            Action::NextField | Action::PrevField => {
                login.focus = match login.focus {
                    Field::Username => Field::Password,
                    Field::Password => Field::Username,
                };
                None
            }
            Action::Confirm => match login.focus {
                Field::Username => {
                    if !login.username.trim().is_empty() {
                        login.focus = Field::Password;
                    }
                    None
                }
                Field::Password if login.username.trim().is_empty() => {
                    login.focus = Field::Username;
                    login.error = Some("Type your username first.".into());
                    None
                }
                Field::Password => {
                    login.busy = true;
                    login.error = None;
                    self.message = None;
                    Some(Command::Run(Work::Login {
                        username: login.username.trim().to_string(),
                        password: Secret(login.password.clone()),
                    }))
                }
            },
            // Nothing is behind the login screen.
            Action::Back | Action::Quit => Some(Command::Quit),
            _ => None,
        }
    }

    pub(super) fn logged_in(&mut self, result: Answer<User>) -> Option<Command> {
        let login = &mut self.login;
        login.busy = false;
        // The password is never kept, whatever the answer.
        login.password.clear();
        match result {
            Ok(user) => {
                login.error = None;
                self.session = Some(user);
                self.showtimes.database_empty = login.database_empty;
                self.open_showtimes()
            }
            Err(e) => {
                login.focus = Field::Password;
                login.error = Some(e.text);
                None
            }
        }
    }
}
