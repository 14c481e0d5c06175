//! The screens. Each is a component: one folder (or file) that owns its state, how it
//! handles actions, typed text, clicks, ticks, the seat feed and the answers of its own
//! work, the work it asks for (and how that work runs against the services), its keys
//! with their help, and how it renders. The app keeps the open screens and routes events
//! to the one in front; screens never see the app, only the shared `Ctx`.
//!
//! Add a screen:
//! 1. `src/tui/screens/<name>/mod.rs` (or `<name>.rs`): its state, `pub struct
//!    <Name>Screen`, and `impl Screen` for it (actions, text, clicks, ticks, feed,
//!    answers, `render`). Bigger screens split it into `state.rs`, `view.rs`, `work.rs`
//!    as `showtimes/` does.
//! 2. Its work in the same folder: `pub enum Work` with `impl Job` (how it runs against
//!    `Services`, and the spinner's words) and `pub enum Done` with `impl Answer`.
//! 3. Its keys in the same folder: `pub const SCOPE: Scope`, each action with its help
//!    words; `scope()` returns it.
//! 4. Its one line in this file's `screens!` list, `<name> => <Name>,`, which declares
//!    the module and tags its work, answers and keys.
//! 5. Opened from another screen: `ctx.go(Nav::Push(Box::new(<Name>Screen::new(..))))`,
//!    returning its first work, if any (see `showtimes/mod.rs` opening seats and sales).
//!    A manager's tab will hold a `Stack` (`src/tui/app/stack.rs`) of its own.
//! 6. Tests in `src/tui/tests/`, driving `App::handle` with events; snapshots at 80x24
//!    and 140x40.

use std::any::Any;
use std::future::Future;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use tokio::sync::mpsc::UnboundedSender;

use crate::events::SeatEvent;
use crate::payment::model::AttemptReport;
use crate::services::Services;

use super::ctx::{Ctx, Holding};
use super::event::{Answer as Reply, Command, Problem};
use super::keymap::{Action, Scope};
use super::session;

/// Every screen's module, its work and answers tagged with the screen they belong to,
/// and its keys. The one place a new screen is listed.
macro_rules! screens {
    ($($module:ident => $Variant:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Work a screen asks for, run as a task while the screen stays live; it ends as
        /// a `Done` for the same screen.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Work {
            Session(session::Work),
            $($Variant($module::Work),)*
        }

        /// The answer of a `Work`, back on the loop.
        // Not `Debug`: a finished demo seed carries the staff passwords, which must never
        // reach a log line.
        #[allow(clippy::large_enum_variant)]
        pub enum Done {
            Session(session::Done),
            $($Variant($module::Done),)*
            /// The work failed without an answer of its own (a bug: the task panicked).
            Failed(String),
        }

        impl From<session::Work> for Work {
            fn from(work: session::Work) -> Work {
                Work::Session(work)
            }
        }

        impl From<session::Done> for Done {
            fn from(done: session::Done) -> Done {
                Done::Session(done)
            }
        }

        $(
            impl From<$module::Work> for Work {
                fn from(work: $module::Work) -> Work {
                    Work::$Variant(work)
                }
            }

            impl From<$module::Done> for Done {
                fn from(done: $module::Done) -> Done {
                    Done::$Variant(done)
                }
            }
        )*

        impl Work {
            /// What the spinner says while it runs; `None` for work nobody waits for.
            pub fn label(&self) -> Option<&'static str> {
                match self {
                    Work::Session(work) => work.label(),
                    $(Work::$Variant(work) => work.label(),)*
                }
            }

            pub async fn perform(self, runner: Runner) -> Done {
                match self {
                    Work::Session(work) => Done::Session(work.perform(&runner).await),
                    $(Work::$Variant(work) => Done::$Variant(work.perform(&runner).await),)*
                }
            }
        }

        impl Done {
            /// The spinner's words of the work it answers.
            pub fn label(&self) -> &'static str {
                match self {
                    Done::Session(done) => done.label(),
                    $(Done::$Variant(done) => done.label(),)*
                    Done::Failed(_) => "",
                }
            }

            /// Did the database answer? `Some(Ok)`: it did (even with a refusal);
            /// `Some(Err)`: the problem, which may be that it could not be reached;
            /// `None`: no database was asked.
            pub fn database(&self) -> Option<Result<(), &Problem>> {
                match self {
                    Done::Session(done) => done.database(),
                    $(Done::$Variant(done) => done.database(),)*
                    Done::Failed(_) => None,
                }
            }

            /// Nobody takes the answer (the screen that asked is gone): what it still
            /// needs done.
            pub fn orphaned(self, ctx: &mut Ctx) -> Option<Command> {
                match self {
                    Done::Session(_) | Done::Failed(_) => None,
                    $(Done::$Variant(done) => done.orphaned(ctx),)*
                }
            }
        }

        /// Every screen's keys, so a key bound in config is checked against each of them.
        pub const SCOPES: &[&Scope] = &[$(&$module::SCOPE,)*];
    };
}

screens! {
    demo_offer => Demo,
    login => Login,
    showtimes => Showtimes,
    seats => Seats,
    checkout => Checkout,
    receipt => Receipt,
    sales => Sales,
    shift => Shift,
    schedule => Schedule,
    prices => Prices,
    halls => Halls,
    movies => Movies,
    blocks => Blocks,
    floor => Floor,
    staff => Staff,
    reports => Reports,
    audit => Audit,
    kiosk => Kiosk,
}

/// What a task needs to do a screen's work.
#[derive(Clone)]
pub struct Runner {
    pub services: Services,
    /// Card payments report each attempt here while they run.
    pub attempts: UnboundedSender<AttemptReport>,
}

/// A screen's work: how it runs, off the loop, against the services only.
pub trait Job {
    type Done: Answer;

    /// What the spinner says while it runs; `None` for work nobody waits for.
    fn label(&self) -> Option<&'static str>;

    fn perform(self, runner: &Runner) -> impl Future<Output = Self::Done> + Send;
}

/// The answer of a screen's work.
pub trait Answer: Sized {
    /// The spinner's words of the work it answers (`Job::label`).
    fn label(&self) -> &'static str;

    /// See `Done::database`.
    fn database(&self) -> Option<Result<(), &Problem>>;

    /// The screen that asked is gone: what is left to do (give seats back, say so).
    fn orphaned(self, _ctx: &mut Ctx) -> Option<Command> {
        None
    }
}

/// `Answer::database` of a reply from the database.
pub fn asked<T>(reply: &Reply<T>) -> Option<Result<(), &Problem>> {
    Some(reply.as_ref().map(|_| ()))
}

/// How typed keys reach a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    /// Every key goes through the keymap.
    Keys,
    /// A text field has focus: printable characters and Backspace are its text, Enter
    /// confirms and Esc goes back, whatever the keymap says.
    Field,
    /// Digits no action takes are typed (a count before an action).
    Digits,
    /// A text editor has focus: every key is its own (`on_key`) but Esc (back), Tab and
    /// Shift-Tab (the next field), keys with Ctrl (Ctrl-S saves, Ctrl-C quits) and
    /// function keys (tabs), which go through the keymap.
    Editor,
}

/// What `q` does on a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnQuit {
    Quit,
    /// Seats are held: ask first.
    Ask,
    /// Not now (passwords on screen, a demo half made): only Ctrl-C quits.
    Stay,
}

/// One screen. Events come in with the shared `Ctx`; what a screen wants done comes back
/// as a `Command` (work to run, or quit) and, for moving between screens, `ctx.go`.
/// `Send`: a session may run on any thread (one per SSH connection).
pub trait Screen: Any + Send {
    /// Which screen it is, for tests and logs: "seats", "checkout".
    fn name(&self) -> &'static str;

    /// The keys that apply now.
    fn scope(&self) -> &'static Scope;

    fn typing(&self) -> Typing {
        Typing::Keys
    }

    /// Every action comes here first, `q` and `?` too (a form that is all text).
    fn takes_every_action(&self) -> bool {
        false
    }

    fn on_quit(&self) -> OnQuit {
        if self.holding().is_some() {
            OnQuit::Ask
        } else {
            OnQuit::Quit
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command>;

    /// A character typed (see `typing`).
    fn on_char(&mut self, _c: char, _ctx: &mut Ctx) {}

    /// Backspace in the field being edited.
    fn on_erase(&mut self, _ctx: &mut Ctx) {}

    /// A key for the editor that has focus (see `Typing::Editor`).
    fn on_key(&mut self, _key: ratatui::crossterm::event::KeyEvent, _ctx: &mut Ctx) {}

    /// A left click at `(x, y)`; `area` is where the screen is drawn.
    fn on_click(&mut self, _x: u16, _y: u16, _area: Rect, _ctx: &mut Ctx) -> Option<Command> {
        None
    }

    /// A few times a second, after the clock moved.
    fn on_tick(&mut self, _ctx: &mut Ctx) -> Option<Command> {
        None
    }

    /// Seats changed somewhere.
    fn on_feed(&mut self, _event: SeatEvent, _ctx: &mut Ctx) -> Option<Command> {
        None
    }

    /// Is this answer this screen's?
    fn takes(&self, done: &crate::tui::event::Done) -> bool;

    fn on_done(&mut self, done: crate::tui::event::Done, ctx: &mut Ctx) -> Option<Command>;

    /// Some work died without an answer: nothing it waits for will come.
    fn on_failure(&mut self, _ctx: &mut Ctx) {}

    /// Re-read what it shows: it is back in front, or the database is back.
    fn refresh(&mut self, _ctx: &mut Ctx) -> Option<Command> {
        None
    }

    /// Seats held here, which leaving or quitting gives back.
    fn holding(&self) -> Option<Holding> {
        None
    }

    /// What the tab line says on the right while this screen is in front (a manager's
    /// tabs only): the week shown, say.
    fn note(&self, _ctx: &Ctx) -> Option<String> {
        None
    }

    /// Draws it from its state; writes nothing.
    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);
}

/// The message line's text when there is something to say: a problem, else good news.
pub fn message_line(ctx: &Ctx) -> Option<Line<'static>> {
    if let Some(message) = &ctx.message {
        return Some(Line::styled(format!(" ! {message}"), ctx.theme.error));
    }
    ctx.info
        .as_ref()
        .map(|info| Line::styled(format!(" {info}"), ctx.theme.ok))
}
