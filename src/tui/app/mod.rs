//! The app: the shared `Ctx`, the stack of open screens, and what sits over every screen
//! (help, the yes/no questions, the database banner, the spinner). `read` turns an event
//! into a `Msg` (keys through the keymap, into the front screen's scope), `update` routes
//! it to the screen in front and does what it asked for. Nothing here awaits, draws into
//! state or reads a clock: time arrives with the ticks.
//!
//! Ticks, answers and the database's health are in `live`, drawing the frame in `draw`.

mod draw;
mod help;
mod live;
mod stack;
mod tabs;

pub use draw::{layout, render};
pub use stack::Stack;
pub use tabs::{MANAGER_TABS, Tab, Tabs};

pub use crate::tui::ctx::{Ask, Context, Ctx, Settings};

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use crate::events::SeatEvent;
use crate::vocab::OrderId;

use super::ctx::Nav;
use super::event::{Command, Done, Event};
use super::keymap::{Action, Scope};
use super::screens::demo_offer::DemoScreen;
use super::screens::login::LoginScreen;
use super::screens::{OnQuit, Typing};
use super::session;

/// One change to the state. Like `Event`, moved once and never stored.
#[allow(clippy::large_enum_variant)]
pub enum Msg {
    Action(Action),
    /// A character typed into the field being edited (or a count on the seat grid).
    Type(char),
    /// Backspace in the field being edited.
    Erase,
    /// A key for the editor that has focus.
    Edit(KeyEvent),
    Click {
        x: u16,
        y: u16,
    },
    Tick(DateTime<Utc>),
    Feed(SeatEvent),
    Done(Done),
    InputClosed,
}

/// Work running longer than this many ticks shows a spinner.
pub const SPINNER_AFTER_TICKS: u64 = 2;

pub struct App {
    pub ctx: Ctx,
    /// The screens of the tab in front (the only ones, for a cashier).
    pub stack: Stack,
    /// A manager's other tabs.
    pub tabs: Tabs,
    pub help: bool,
    /// The database could not be reached: why. The banner shows while this is set.
    pub offline: Option<String>,
    next_ping: u64,
    /// When the last health check of a quiet session was sent.
    last_health: Option<DateTime<Utc>>,
    /// Work under way that someone waits for (the spinner's words), with the tick it
    /// started on.
    pub busy: Vec<(&'static str, u64)>,
    /// Quitting once the holds are given back.
    quitting: bool,
    /// The terminal's size as the loop last said: clicks are placed with it.
    size: Rect,
}

impl App {
    /// The state at start, and the first work to do.
    pub fn new(
        context: Context,
        settings: Settings,
        offer_demo: bool,
        now: DateTime<Utc>,
    ) -> (App, Option<Command>) {
        let first: Box<dyn super::screens::Screen> = if offer_demo {
            Box::new(DemoScreen::Offer)
        } else {
            Box::new(LoginScreen::new(false))
        };
        let app = App {
            ctx: Ctx::new(context, settings, now),
            stack: Stack::new(first),
            tabs: Tabs::default(),
            help: false,
            offline: None,
            next_ping: 0,
            last_health: None,
            busy: Vec::new(),
            quitting: false,
            size: Rect::default(),
        };
        (app, None)
    }

    /// The keys that apply now: a question's, or the front screen's.
    pub fn scope(&self) -> &'static Scope {
        if self.ctx.ask.is_some() {
            &Scope::DIALOG
        } else {
            self.stack.front().scope()
        }
    }

    /// `read` then `update`: what the loop calls for every event.
    pub fn handle(&mut self, event: Event) -> Option<Command> {
        if let Event::Resize(width, height) = event {
            self.size = Rect::new(0, 0, width, height);
            return None;
        }
        if let Event::Paste(text) = event {
            self.paste(&text);
            return None;
        }
        let msg = self.read(event)?;
        let command = self.update(msg);
        if let Some(Command::Run(work)) = &command
            && let Some(label) = work.label()
        {
            self.busy.push((label, self.ctx.ticks));
        }
        command
    }

    /// Pasted text is text, never keys: typed into the field or editor that has focus
    /// (an editor keeps its line breaks, a field drops them, so a paste never confirms
    /// a form), and ignored where nothing is being typed, so it cannot set off actions.
    fn paste(&mut self, text: &str) {
        let typing = self.typing();
        if !matches!(typing, Typing::Field | Typing::Editor) {
            return;
        }
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in text.chars() {
            let msg = match c {
                '\n' if typing == Typing::Editor => {
                    Msg::Edit(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
                }
                '\t' if typing == Typing::Editor => {
                    Msg::Edit(KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE))
                }
                c if c.is_control() => continue,
                c if typing == Typing::Editor => {
                    Msg::Edit(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
                }
                c => Msg::Type(c),
            };
            self.update(msg);
        }
    }

    /// What is under way for longer than a moment, for the spinner.
    pub fn busy_label(&self) -> Option<&'static str> {
        self.busy
            .iter()
            .find(|(_, since)| self.ctx.ticks.saturating_sub(*since) >= SPINNER_AFTER_TICKS)
            .map(|(label, _)| *label)
    }

    /// How typed keys reach the front screen now: a question or the help takes them all.
    fn typing(&self) -> Typing {
        if self.ctx.ask.is_some() || self.help {
            Typing::Keys
        } else {
            self.stack.front().typing()
        }
    }

    /// Where the front screen is drawn, as the terminal is now.
    pub fn screen_area(&self) -> Rect {
        draw::split_tabs(
            self.tabs.shown(),
            layout(self.offline.is_some(), self.size)[1],
        )[1]
    }

    /// What an event means here and now. While a text field has focus, printable
    /// characters are text; every other key goes through the keymap.
    pub fn read(&self, event: Event) -> Option<Msg> {
        match event {
            Event::Key(key) => {
                let scope = self.scope();
                if self.help {
                    // Any key closes the help (Ctrl-C still quits).
                    return match self.ctx.keymap.action(&key, scope) {
                        Some(Action::Interrupt) => Some(Msg::Action(Action::Interrupt)),
                        _ => Some(Msg::Action(Action::Back)),
                    };
                }
                let plain = !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                let typing = self.typing();
                if typing == Typing::Field {
                    match key.code {
                        KeyCode::Char(c) if plain => return Some(Msg::Type(c)),
                        KeyCode::Backspace => return Some(Msg::Erase),
                        // The field's own keys, whatever the keymap says elsewhere.
                        KeyCode::Enter => return Some(Msg::Action(Action::Confirm)),
                        KeyCode::Esc => return Some(Msg::Action(Action::Back)),
                        _ => {}
                    }
                }
                if typing == Typing::Editor
                    && !matches!(
                        key.code,
                        KeyCode::Esc | KeyCode::Tab | KeyCode::BackTab | KeyCode::F(_)
                    )
                    && !key.modifiers.contains(KeyModifiers::CONTROL)
                {
                    return Some(Msg::Edit(key));
                }
                if self.tabs.shown()
                    && self.ctx.ask.is_none()
                    && let Some(action) = self.ctx.keymap.action(&key, &Scope::TABS)
                {
                    return Some(Msg::Action(action));
                }
                let action = self.ctx.keymap.action(&key, scope);
                if action.is_none()
                    && typing == Typing::Digits
                    && let KeyCode::Char(c @ '0'..='9') = key.code
                    && plain
                {
                    return Some(Msg::Type(c));
                }
                action.map(Msg::Action)
            }
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                    x: mouse.column,
                    y: mouse.row,
                }),
                _ => None,
            },
            Event::Tick(now) => Some(Msg::Tick(now)),
            Event::Feed(e) => Some(Msg::Feed(e)),
            Event::Attempt(report) => Some(Msg::Done(Done::from(report))),
            Event::Done(done) => Some(Msg::Done(done)),
            Event::InputClosed => Some(Msg::InputClosed),
            // `handle` keeps the size (the next draw lays out again) and takes pastes.
            Event::Resize(..) | Event::Paste(_) => None,
        }
    }

    pub fn update(&mut self, msg: Msg) -> Option<Command> {
        match msg {
            Msg::Action(action) => self.action(action),
            Msg::Type(c) => {
                self.stack.front_mut().on_char(c, &mut self.ctx);
                None
            }
            Msg::Erase => {
                self.stack.front_mut().on_erase(&mut self.ctx);
                None
            }
            Msg::Edit(key) => {
                self.stack.front_mut().on_key(key, &mut self.ctx);
                None
            }
            Msg::Click { x, y } => {
                if self.help || self.ctx.ask.is_some() {
                    return None;
                }
                let area = self.screen_area();
                if self.tabs.shown() && y + 1 == area.y {
                    let tab = self.tabs.hit(x, area);
                    return tab.and_then(|tab| self.switch_tab(tab));
                }
                let command = self.stack.front_mut().on_click(x, y, area, &mut self.ctx);
                self.follow(command)
            }
            Msg::Tick(now) => self.tick(now),
            Msg::Feed(event) => {
                let command = self.stack.front_mut().on_feed(event, &mut self.ctx);
                self.follow(command)
            }
            Msg::Done(done) => self.done(done),
            Msg::InputClosed => Some(Command::Quit),
        }
    }

    fn action(&mut self, action: Action) -> Option<Command> {
        if action == Action::Interrupt {
            return self.interrupt();
        }
        if self.help {
            self.help = false;
            return None;
        }
        if let Some(ask) = self.ctx.ask {
            return self.answer(ask, action);
        }
        if let Some(tab) = self.tab_of(action) {
            return self.switch_tab(tab);
        }
        let front = self.stack.front_mut();
        let command = match action {
            _ if front.takes_every_action() => front.on_action(action, &mut self.ctx),
            Action::Help => {
                self.help = true;
                None
            }
            Action::Quit => match front.on_quit() {
                OnQuit::Quit => Some(Command::Quit),
                OnQuit::Ask => {
                    self.ctx.ask = Some(Ask::QuitWithHolds);
                    None
                }
                OnQuit::Stay => None,
            },
            _ => front.on_action(action, &mut self.ctx),
        };
        self.follow(command)
    }

    /// Ctrl-C quits from anywhere, but like `q` it asks first when seats would be given
    /// back; a second Ctrl-C at that question gives them back and quits.
    fn interrupt(&mut self) -> Option<Command> {
        self.help = false;
        if self.ctx.ask == Some(Ask::QuitWithHolds) {
            return self.answer(Ask::QuitWithHolds, Action::Yes);
        }
        if self
            .stack
            .front()
            .holding()
            .is_some_and(|h| h.order.is_some())
        {
            self.ctx.ask = Some(Ask::QuitWithHolds);
            return None;
        }
        Some(Command::Quit)
    }

    fn answer(&mut self, ask: Ask, action: Action) -> Option<Command> {
        match action {
            Action::Yes => {
                self.ctx.ask = None;
                let order = self.stack.front().holding().and_then(|h| h.order);
                let cancel = self.cancel_work(order);
                match ask {
                    Ask::QuitWithHolds => {
                        self.quitting = true;
                        Some(cancel.unwrap_or(Command::Quit))
                    }
                    Ask::LeaveSeats | Ask::CancelSale => {
                        self.stack.pop_to_first();
                        // The list re-reads once the seats are back (`live`); it shows
                        // itself loading until then.
                        let _reread_later = self.stack.front_mut().refresh(&mut self.ctx);
                        cancel
                    }
                }
            }
            Action::No | Action::Back => {
                self.ctx.ask = None;
                None
            }
            Action::Help => {
                self.help = true;
                None
            }
            _ => None,
        }
    }

    fn cancel_work(&self, order: Option<OrderId>) -> Option<Command> {
        Some(Command::run(session::Work::Cancel {
            actor: self.ctx.actor()?,
            order: order?,
        }))
    }

    /// Does what the screen asked for with `ctx.go`, once its call returned.
    fn follow(&mut self, command: Option<Command>) -> Option<Command> {
        let Some(nav) = self.ctx.take_nav() else {
            return command;
        };
        match nav {
            Nav::Push(screen) => {
                self.stack.push(screen);
                command
            }
            Nav::Replace(screen) => {
                self.stack.replace_front(screen);
                command
            }
            Nav::Pop => {
                self.stack.pop();
                command.or_else(|| self.refresh_front())
            }
            Nav::Reset(screen) => {
                self.stack.reset(screen);
                // Who is logged in decides the tabs (a login, a new start).
                self.tabs = Tabs::for_role(self.ctx.session.as_ref().map(|u| u.role));
                command.or_else(|| self.refresh_front())
            }
        }
    }

    fn refresh_front(&mut self) -> Option<Command> {
        let command = self.stack.front_mut().refresh(&mut self.ctx);
        self.follow(command)
    }
}

impl App {
    /// The tab a tab key asks for, if there are tabs.
    fn tab_of(&self, action: Action) -> Option<usize> {
        let count = self.tabs.count();
        if count == 0 {
            return None;
        }
        let active = self.tabs.active();
        match action {
            Action::PrevTab => Some((active + count - 1) % count),
            Action::NextTab => Some((active + 1) % count),
            other => other.tab_number().filter(|n| *n < count),
        }
    }

    /// Brings tab `to` to the front, opening it the first time; it re-reads what it
    /// shows. Not while the counter holds seats: their countdown lives on its screen.
    fn switch_tab(&mut self, to: usize) -> Option<Command> {
        if to == self.tabs.active() || to >= self.tabs.count() {
            return None;
        }
        if self.stack.front().holding().is_some() {
            self.ctx.message =
                Some("Seats are held here: finish the sale or give them back first.".into());
            return None;
        }
        self.ctx.message = None;
        self.ctx.info = None;
        self.tabs.switch(to, &mut self.stack, &self.ctx);
        self.refresh_front()
    }
}
