//! The login screen: a username field, then a password field shown as dots.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span, Text};

use crate::tui::app::App;
use crate::tui::keymap::{Action, Scope};
use crate::tui::theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::hints::hint_line;
use crate::tui::widgets::spinner;

/// The form's keys; printable keys are the fields' text.
pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::NextField, "next field"),
        (Action::PrevField, "previous field"),
        (Action::Confirm, "next field; log in"),
        (Action::Back, "quit"),
    ],
};

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

const WIDTH: u16 = 60;
const FIELD_WIDTH: usize = 30;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let login = &app.login;
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
        Line::from(format!("{} · box office", app.context.venue_name)),
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
            spinner::frame(app.ticks)
        )));
    } else if let Some(error) = &login.error {
        lines.push(Line::styled(format!("! {error}"), app.theme.error));
    } else if let Some(message) = &app.message {
        lines.push(Line::styled(format!("! {message}"), app.theme.error));
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
        &app.keymap,
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
