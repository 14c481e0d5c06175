//! First run on an empty database: offer a demo cinema, create it, then show its staff
//! passwords, this once. Then the login.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};

use crate::demo::DemoSummary;
use crate::tui::ctx::{Ctx, Nav};
use crate::tui::event::{Answer as Reply, Command, Done as AnyDone, Problem};
use crate::tui::keymap::{Action, Keymap, Scope};
use crate::tui::theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::hints::hint_line;
use crate::tui::widgets::spinner;

use super::login::LoginScreen;
use super::{Answer, Job, OnQuit, Runner, Screen, asked};

/// The offer is a yes/no question.
pub const SCOPE: Scope = Scope::DIALOG;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    SeedDemo,
}

pub enum Done {
    Demo(Reply<DemoSummary>),
}

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some("creating the demo cinema")
    }

    async fn perform(self, runner: &Runner) -> Done {
        Done::Demo(
            crate::demo::seed(&runner.services)
                .await
                .map_err(|e| Problem::logged("demo", e)),
        )
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        "creating the demo cinema"
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        let Done::Demo(r) = self;
        asked(r)
    }
}

pub enum DemoScreen {
    /// The database is empty: load a demo cinema?
    Offer,
    /// The demo cinema is being created.
    Seeding,
    /// The demo's staff passwords, shown this once; dropped when the user moves on.
    Accounts(DemoSummary),
}

impl Screen for DemoScreen {
    fn name(&self) -> &'static str {
        match self {
            DemoScreen::Offer => "demo offer",
            DemoScreen::Seeding => "demo seeding",
            DemoScreen::Accounts(_) => "demo accounts",
        }
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    // The passwords are on screen once: only Enter (or Ctrl-C) leaves them. While
    // seeding, quitting would leave half a demo cinema behind.
    fn on_quit(&self) -> OnQuit {
        match self {
            DemoScreen::Offer => OnQuit::Quit,
            DemoScreen::Seeding | DemoScreen::Accounts(_) => OnQuit::Stay,
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        match (&*self, action) {
            (DemoScreen::Offer, Action::Yes) => {
                *self = DemoScreen::Seeding;
                Some(Command::run(Work::SeedDemo))
            }
            (DemoScreen::Offer, Action::No | Action::Back) => {
                ctx.go(Nav::Reset(Box::new(LoginScreen::new(true))));
                None
            }
            (DemoScreen::Accounts(_), Action::Confirm) => {
                ctx.go(Nav::Reset(Box::new(LoginScreen::new(false))));
                None
            }
            _ => None,
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Demo(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Demo(Done::Demo(result)) = done else {
            return None;
        };
        match result {
            Ok(summary) => *self = DemoScreen::Accounts(summary),
            Err(e) => {
                ctx.message = Some(format!("The demo cinema could not be loaded: {e}"));
                ctx.go(Nav::Reset(Box::new(LoginScreen::new(true))));
            }
        }
        None
    }

    fn on_failure(&mut self, ctx: &mut Ctx) {
        if let DemoScreen::Seeding = self {
            ctx.go(Nav::Reset(Box::new(LoginScreen::new(false))));
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        match self {
            DemoScreen::Offer => render_offer(&ctx.keymap, frame, area),
            DemoScreen::Seeding => render_seeding(ctx.ticks, frame, area),
            DemoScreen::Accounts(summary) => render_accounts(&ctx.keymap, summary, frame, area),
        }
    }
}

const WIDTH: u16 = 64;

fn offer_text() -> Vec<Line<'static>> {
    vec![
        Line::from(""),
        Line::from("This database is empty."),
        Line::from(""),
        Line::from("Load a demo cinema: 3 halls, 9 movies, a week of showtimes,"),
        Line::from("a manager and a cashier?"),
        Line::from(""),
    ]
}

fn render_offer(keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let mut lines = offer_text();
    lines.push(hint_line(
        keymap,
        &[
            (&[Action::Yes], "yes"),
            (&[Action::No], "no, start empty"),
            (&[Action::Quit], "quit"),
        ],
        true,
    ));
    lines.push(Line::from(""));
    let dialog = Dialog {
        title: "Welcome to boxoffice",
        body: Text::from(lines),
        max_width: WIDTH,
    };
    frame.render_widget(dialog, area);
}

fn render_seeding(ticks: u64, frame: &mut Frame, area: Rect) {
    let mut lines = offer_text();
    lines.push(Line::from(format!(
        " {} Creating the demo cinema…",
        spinner::frame(ticks)
    )));
    lines.push(Line::from(""));
    let dialog = Dialog {
        title: "Welcome to boxoffice",
        body: Text::from(lines),
        max_width: WIDTH,
    };
    frame.render_widget(dialog, area);
}

fn render_accounts(keymap: &Keymap, summary: &DemoSummary, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::from(""),
        Line::from(format!(
            "{} halls ({} seats), {} movies, {} showtimes.",
            summary.halls, summary.seats, summary.movies, summary.showtimes
        )),
        Line::from(""),
        Line::from("Staff accounts:"),
        Line::from(""),
        Line::styled(
            format!("  {:<12}{:<10}{}", "USER", "ROLE", "PASSWORD"),
            theme::COLUMN_HEADER,
        ),
    ];
    for account in &summary.accounts {
        lines.push(Line::from(vec![
            Span::raw(format!(
                "  {:<12}{:<10}",
                account.username,
                account.role.as_str()
            )),
            Span::styled(account.password.clone(), theme::SECRET),
        ]));
    }
    lines.extend([
        Line::from(""),
        Line::styled(
            "Write these passwords down: they are not shown again.",
            theme::TITLE,
        ),
        Line::from(""),
        hint_line(keymap, &[(&[Action::Confirm], "continue")], true),
        Line::from(""),
    ]);
    let dialog = Dialog {
        title: "Demo cinema ready",
        body: Text::from(lines),
        max_width: WIDTH,
    };
    frame.render_widget(dialog, area);
}
