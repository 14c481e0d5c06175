//! A manager's tab whose screen is not built yet: a real screen (it takes the keys that
//! apply everywhere, draws, quits like any top screen) saying what will come, so the
//! tab bar is whole from the start and a tab gets its screen by changing one line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Block, Paragraph};

use crate::tui::ctx::Ctx;
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};
use crate::tui::theme;

use super::Screen;

pub const SCOPE: Scope = Scope { actions: &[] };

pub struct ComingScreen {
    pub title: &'static str,
}

impl Screen for ComingScreen {
    fn name(&self) -> &'static str {
        "coming"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn on_action(&mut self, _action: Action, _ctx: &mut Ctx) -> Option<Command> {
        None
    }

    fn takes(&self, _done: &AnyDone) -> bool {
        false
    }

    fn on_done(&mut self, _done: AnyDone, _ctx: &mut Ctx) -> Option<Command> {
        None
    }

    fn render(&self, frame: &mut Frame, area: Rect, _ctx: &Ctx) {
        let text = Text::from(vec![
            Line::from(""),
            Line::from(format!(
                " {} is coming: this screen is not built yet.",
                self.title
            )),
            Line::styled(
                " The command line already does what it will do (boxoffice --help).",
                theme::HINT,
            ),
        ]);
        frame.render_widget(
            Paragraph::new(text).block(Block::bordered().title(format!(" {} ", self.title))),
            area,
        );
    }
}
