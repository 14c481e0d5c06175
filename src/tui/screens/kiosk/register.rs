//! The kiosk's register form: username and password (by the password policy), and
//! optionally a name, an e-mail address and a phone number. Registered, the customer is
//! logged in and lands on the day's showtimes.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span, Text};

use crate::identity::User;
use crate::tui::ctx::{Ctx, Nav};
use crate::tui::event::{Answer as Reply, Command, Done as AnyDone, Problem};
use crate::tui::keymap::{Action, Scope};
use crate::tui::secret::Secret;
use crate::tui::theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::hints::hint_line;
use crate::tui::widgets::spinner;

use super::super::showtimes::ShowtimesScreen;
use super::super::{Answer, Job, Runner, Screen, Typing, asked};

/// The form's keys; printable keys are the fields' text.
pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::NextField, "next field"),
        (Action::PrevField, "previous field"),
        (Action::Confirm, "next field; register"),
        (Action::Back, "back"),
    ],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Register {
        username: String,
        password: Secret,
        name: String,
        email: String,
        phone: String,
    },
}

pub enum Done {
    Registered(Reply<User>),
}

fn optional(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(t)
}

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some("registering")
    }

    async fn perform(self, runner: &Runner) -> Done {
        let Work::Register {
            username,
            password,
            name,
            email,
            phone,
        } = self;
        let identity = &runner.services.identity;
        let registered = identity
            .register(
                &username,
                &password.0,
                optional(&name),
                optional(&email),
                optional(&phone),
            )
            .await;
        // Registered means logged in: the same check a login makes, so a lockout or a
        // disabled account still applies.
        let result = match registered {
            Ok(_) => identity.login(&username, &password.0).await,
            Err(e) => Err(e),
        };
        Done::Registered(result.map_err(|e| Problem::logged("register", e)))
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        "registering"
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        let Done::Registered(r) = self;
        asked(r)
    }
}

const FIELDS: [&str; 5] = ["Username", "Password", "Name", "E-mail", "Phone"];
const MAX_FIELD: usize = 100;
const FIELD_WIDTH: usize = 30;

#[derive(Debug, Default)]
pub struct RegisterScreen {
    values: [String; 5],
    focus: usize,
    busy: bool,
    error: Option<String>,
}

impl RegisterScreen {
    pub fn new() -> RegisterScreen {
        RegisterScreen::default()
    }

    fn submit(&mut self, ctx: &mut Ctx) -> Option<Command> {
        if self.values[0].trim().is_empty() || self.values[1].is_empty() {
            self.focus = usize::from(!self.values[0].trim().is_empty());
            self.error = Some("A username and a password are needed.".into());
            return None;
        }
        self.busy = true;
        self.error = None;
        ctx.message = None;
        Some(Command::run(Work::Register {
            username: self.values[0].trim().to_string(),
            password: Secret(self.values[1].clone()),
            name: self.values[2].clone(),
            email: self.values[3].clone(),
            phone: self.values[4].clone(),
        }))
    }
}

impl Screen for RegisterScreen {
    fn name(&self) -> &'static str {
        "register"
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
        if self.busy {
            return None;
        }
        match action {
            Action::NextField => {
                self.focus = (self.focus + 1) % FIELDS.len();
                None
            }
            Action::PrevField => {
                self.focus = (self.focus + FIELDS.len() - 1) % FIELDS.len();
                None
            }
            Action::Confirm if self.focus + 1 < FIELDS.len() => {
                self.focus += 1;
                None
            }
            Action::Confirm => self.submit(ctx),
            Action::Back | Action::Quit => {
                ctx.go(Nav::Pop);
                None
            }
            _ => None,
        }
    }

    fn on_char(&mut self, c: char, _ctx: &mut Ctx) {
        let field = &mut self.values[self.focus];
        if !self.busy && field.chars().count() < MAX_FIELD {
            field.push(c);
        }
    }

    fn on_erase(&mut self, _ctx: &mut Ctx) {
        if !self.busy {
            self.values[self.focus].pop();
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Kiosk(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Kiosk(Done::Registered(result)) = done else {
            return None;
        };
        self.busy = false;
        // The password is never kept, whatever the answer.
        self.values[1].clear();
        match result {
            Ok(user) => {
                ctx.info = Some(format!("Welcome, {}!", user.username));
                ctx.session = Some(user);
                ctx.go(Nav::Reset(Box::new(ShowtimesScreen::new(false))));
            }
            Err(e) => {
                self.error = Some(e.text);
                self.focus = 1;
            }
        }
        None
    }

    fn on_failure(&mut self, _ctx: &mut Ctx) {
        self.busy = false;
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let mut lines = vec![
            Line::from(""),
            Line::from("Make an account to book and pay by card."),
            Line::from(""),
        ];
        for (i, name) in FIELDS.iter().enumerate() {
            let focused = i == self.focus;
            let value = if i == 1 {
                "•".repeat(self.values[i].chars().count())
            } else {
                self.values[i].clone()
            };
            let shown: String = {
                let chars: Vec<char> = value.chars().collect();
                chars[chars.len().saturating_sub(FIELD_WIDTH)..]
                    .iter()
                    .collect()
            };
            lines.push(Line::from(vec![
                Span::raw(if focused { "▶ " } else { "  " }),
                Span::styled(format!("{name:<10}"), theme::TITLE),
                Span::styled(
                    format!("{shown:_<FIELD_WIDTH$}"),
                    if focused {
                        theme::SELECTED
                    } else {
                        theme::HINT
                    },
                ),
            ]));
        }
        lines.push(Line::styled(
            "  Name, e-mail and phone may stay empty.",
            theme::HINT,
        ));
        lines.push(Line::from(""));
        if self.busy {
            lines.push(Line::from(format!(
                " {} Registering…",
                spinner::frame(ctx.ticks)
            )));
        } else if let Some(error) = self.error.as_ref().or(ctx.message.as_ref()) {
            lines.push(Line::styled(format!("! {error}"), ctx.theme.error));
        } else {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(""));
        lines.push(hint_line(
            &ctx.keymap,
            &[
                (&[Action::NextField], "next field"),
                (&[Action::Confirm], "register"),
                (&[Action::Back], "back"),
            ],
            true,
        ));
        lines.push(Line::from(""));
        let dialog = Dialog {
            title: "Register",
            body: Text::from(lines),
            max_width: 60,
        };
        let boxed = dialog.area(area);
        frame.render_widget(dialog, area);
        let len = if self.focus == 1 {
            self.values[1].chars().count()
        } else {
            self.values[self.focus].chars().count()
        };
        let x = boxed.x + 2 + 2 + 10 + len.min(FIELD_WIDTH) as u16;
        let y = boxed.y + 4 + self.focus as u16;
        if !self.busy && x < boxed.right() && y < boxed.bottom() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}
