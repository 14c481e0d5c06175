//! The customer kiosk's front door (`ssh kiosk@host` with `[ssh] kiosk = true`): log in
//! or register, then the day's showtimes, the seat grid and the card checkout that the
//! counter uses, as a customer (the services keep the counter's reserved seats and cash
//! away from customers). The register form is in `register`.

pub mod register;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};

use crate::tui::ctx::{Ctx, Nav};
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};
use crate::tui::theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::hints::hint_line;

use super::Screen;
use super::login::LoginScreen;

pub use register::{Done, RegisterScreen, SCOPE, Work};

/// The welcome menu's keys.
pub const MENU: Scope = Scope {
    actions: &[
        (Action::Up, "previous choice"),
        (Action::Down, "next choice"),
        (Action::Confirm, "choose"),
        (Action::Quit, "leave"),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    LogIn,
    Register,
    Leave,
}

const CHOICES: [(Choice, &str); 3] = [
    (Choice::LogIn, "Log in"),
    (Choice::Register, "Register (new customer)"),
    (Choice::Leave, "Leave"),
];

#[derive(Debug, Default)]
pub struct KioskScreen {
    selected: usize,
}

impl KioskScreen {
    pub fn new() -> KioskScreen {
        KioskScreen::default()
    }
}

impl Screen for KioskScreen {
    fn name(&self) -> &'static str {
        "kiosk"
    }

    fn scope(&self) -> &'static Scope {
        &MENU
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        match action {
            Action::Up => {
                self.selected = self.selected.saturating_sub(1);
                None
            }
            Action::Down => {
                self.selected = (self.selected + 1).min(CHOICES.len() - 1);
                None
            }
            Action::Confirm => match CHOICES[self.selected].0 {
                Choice::LogIn => {
                    ctx.go(Nav::Push(Box::new(LoginScreen::new(false))));
                    None
                }
                Choice::Register => {
                    ctx.go(Nav::Push(Box::new(RegisterScreen::new())));
                    None
                }
                Choice::Leave => Some(Command::Quit),
            },
            Action::Back => Some(Command::Quit),
            _ => None,
        }
    }

    fn takes(&self, _done: &AnyDone) -> bool {
        false
    }

    fn on_done(&mut self, _done: AnyDone, _ctx: &mut Ctx) -> Option<Command> {
        None
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let mut lines = vec![
            Line::from(""),
            Line::styled(
                format!("Welcome to {}", ctx.context.venue_name),
                theme::TITLE,
            ),
            Line::from("Book your seats and pay by card, right here."),
            Line::from(""),
        ];
        for (i, (_, label)) in CHOICES.iter().enumerate() {
            let chosen = i == self.selected;
            lines.push(Line::from(vec![
                Span::raw(if chosen { " › " } else { "   " }),
                Span::styled(
                    label.to_string(),
                    if chosen { theme::SELECTED } else { theme::HINT },
                ),
            ]));
        }
        lines.push(Line::from(""));
        lines.push(hint_line(
            &ctx.keymap,
            &[
                (&[Action::Up, Action::Down], "choose"),
                (&[Action::Confirm], "go"),
                (&[Action::Quit], "leave"),
            ],
            true,
        ));
        lines.push(Line::from(""));
        let dialog = Dialog {
            title: "Kiosk",
            body: Text::from(lines),
            max_width: 60,
        };
        frame.render_widget(dialog, area);
    }
}
