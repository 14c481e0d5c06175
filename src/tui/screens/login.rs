//! The login screen: a username field, then a password field shown as dots; then the
//! day's showtimes.

use crate::tui::secret::Secret;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span, Text};

use crate::identity::User;
use crate::tui::ctx::{Ctx, Nav};
use crate::tui::event::{Answer as Reply, Command, Done as AnyDone, Problem};
use crate::tui::keymap::{Action, Scope};
use crate::tui::theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::hints::hint_line;
use crate::tui::widgets::spinner;

use super::showtimes::ShowtimesScreen;
use super::{Answer, Job, Runner, Screen, Typing, asked};

/// The form's keys; printable keys are the fields' text.
pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::NextField, "next field"),
        (Action::PrevField, "previous field"),
        (Action::Confirm, "next field; log in"),
        (Action::Back, "quit"),
    ],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Login { username: String, password: Secret },
}

pub enum Done {
    Login(Reply<User>),
}

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some("logging in")
    }

    async fn perform(self, runner: &Runner) -> Done {
        let Work::Login { username, password } = self;
        Done::Login(
            runner
                .services
                .identity
                .login(&username, &password.0)
                .await
                .map_err(|e| Problem::logged("login", e)),
        )
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        "logging in"
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        let Done::Login(r) = self;
        asked(r)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Field {
    #[default]
    Username,
    Password,
}

#[derive(Debug, Default)]
pub struct LoginState {
    pub username: String,
    pub password: String,
    pub focus: Field,
    /// Why the last attempt failed (wrong password, locked, ...).
    pub error: Option<String>,
    /// The login is being checked.
    pub busy: bool,
    /// No accounts yet: say how to make the first one.
    pub database_empty: bool,
}

/// Long enough for any username; what is typed beyond it is ignored.
const MAX_FIELD: usize = 64;

impl LoginState {
    pub fn type_char(&mut self, c: char) {
        if self.busy {
            return;
        }
        let field = match self.focus {
            Field::Username => &mut self.username,
            Field::Password => &mut self.password,
        };
        if field.chars().count() < MAX_FIELD {
            field.push(c);
        }
    }

    pub fn erase(&mut self) {
        if self.busy {
            return;
        }
        match self.focus {
            Field::Username => self.username.pop(),
            Field::Password => self.password.pop(),
        };
    }
}

pub struct LoginScreen {
    pub login: LoginState,
}

impl LoginScreen {
    /// `database_empty`: no accounts yet, so the screen says how to make the first.
    pub fn new(database_empty: bool) -> LoginScreen {
        LoginScreen {
            login: LoginState {
                database_empty,
                ..LoginState::default()
            },
        }
    }

    fn logged_in(&mut self, result: Reply<User>, ctx: &mut Ctx) -> Option<Command> {
        let login = &mut self.login;
        login.busy = false;
        // The password is never kept, whatever the answer.
        login.password.clear();
        match result {
            Ok(user) => {
                login.error = None;
                ctx.session = Some(user);
                ctx.go(Nav::Reset(Box::new(ShowtimesScreen::new(
                    login.database_empty,
                ))));
                None
            }
            Err(e) => {
                login.focus = Field::Password;
                login.error = Some(e.text);
                None
            }
        }
    }
}

impl Screen for LoginScreen {
    fn name(&self) -> &'static str {
        "login"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn typing(&self) -> Typing {
        Typing::Field
    }

    fn takes_every_action(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
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
                    ctx.message = None;
                    Some(Command::run(Work::Login {
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

    fn on_char(&mut self, c: char, _ctx: &mut Ctx) {
        self.login.type_char(c);
    }

    fn on_erase(&mut self, _ctx: &mut Ctx) {
        self.login.erase();
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Login(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Login(Done::Login(result)) = done else {
            return None;
        };
        self.logged_in(result, ctx)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        render(&self.login, frame, area, ctx);
    }
}

const WIDTH: u16 = 60;
const FIELD_WIDTH: usize = 30;

fn render(login: &LoginState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let field = |name: &str, value: String, focused: bool| {
        let marker = if focused { "▶ " } else { "  " };
        let shown: String = value
            .chars()
            .rev()
            .take(FIELD_WIDTH)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        Line::from(vec![
            Span::raw(marker),
            Span::styled(format!("{name:<10}"), theme::TITLE),
            Span::styled(
                format!("{shown:_<FIELD_WIDTH$}"),
                if focused {
                    theme::SELECTED
                } else {
                    theme::HINT
                },
            ),
        ])
    };
    let mut lines = vec![
        Line::from(""),
        Line::from(format!("{} · box office", ctx.context.venue_name)),
        Line::from(""),
        field(
            "Username",
            login.username.clone(),
            login.focus == Field::Username,
        ),
        Line::from(""),
        field(
            "Password",
            "•".repeat(login.password.chars().count()),
            login.focus == Field::Password,
        ),
        Line::from(""),
    ];
    if login.busy {
        lines.push(Line::from(format!(
            " {} Checking…",
            spinner::frame(ctx.ticks)
        )));
    } else if let Some(error) = &login.error {
        lines.push(Line::styled(format!("! {error}"), ctx.theme.error));
    } else if let Some(message) = &ctx.message {
        lines.push(Line::styled(format!("! {message}"), ctx.theme.error));
    } else {
        lines.push(Line::from(""));
    }
    lines.push(Line::from(""));
    if login.database_empty {
        lines.extend([
            Line::from("No accounts yet. Make the first manager in a shell:"),
            Line::styled("  boxoffice user add NAME --role manager", theme::TITLE),
            Line::from(""),
        ]);
    }
    lines.push(hint_line(
        &ctx.keymap,
        &[
            (&[Action::NextField], "next field"),
            (&[Action::Confirm], "log in"),
            (&[Action::Back], "quit"),
        ],
        true,
    ));
    lines.push(Line::from(""));
    let dialog = Dialog {
        title: "Log in",
        body: Text::from(lines),
        max_width: WIDTH,
    };
    let boxed = dialog.area(area);
    frame.render_widget(dialog, area);
    // The terminal's cursor sits at the end of the focused field.
    let (row, len) = match login.focus {
        Field::Username => (4, login.username.chars().count()),
        Field::Password => (6, login.password.chars().count()),
    };
    let x = boxed.x + 2 + 2 + 10 + len.min(FIELD_WIDTH) as u16;
    let y = boxed.y + row;
    if !login.busy && x < boxed.right() && y < boxed.bottom() {
        frame.set_cursor_position(Position::new(x, y));
    }
}
