//! Drawing the staff: the accounts, the new account form, a password shown once.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Clear, HighlightSpacing, Paragraph, Row, Table, TableState, Wrap,
};

use crate::identity::ports::Credentials;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::theme;
use crate::tui::widgets::dialog::centred;
use crate::tui::widgets::office::{footer, header};

use super::StaffState;

/// "locked until 14:05 Europe/Berlin", "2 failed logins", or nothing.
pub fn lock_word(c: &Credentials, ctx: &Ctx) -> String {
    let venue = ctx.context.venue;
    match c.locked_until {
        Some(t) if t > ctx.now => {
            let local = venue.to_local(t);
            let when = if venue.to_local(ctx.now).date_naive() == local.date_naive() {
                local.format("%H:%M").to_string()
            } else {
                local.format("%-d %b %H:%M").to_string()
            };
            format!("locked until {when} {}", venue.zone.name())
        }
        _ if c.failed_logins == 1 => "1 failed login".to_string(),
        _ if c.failed_logins > 1 => format!("{} failed logins", c.failed_logins),
        _ => String::new(),
    }
}

pub fn render(st: &StaffState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let locked = st
        .accounts
        .iter()
        .filter(|c| c.locked_until.is_some_and(|t| t > ctx.now))
        .count();
    let summary = format!("{} accounts · {locked} locked out", st.accounts.len());
    header(frame, top, ctx, "Staff", st.loading, &summary);

    let block = Block::default().borders(Borders::TOP | Borders::BOTTOM);
    let rows: Vec<Row> = st
        .accounts
        .iter()
        .map(|c| {
            let state = if c.user.active { "active" } else { "disabled" };
            let row = Row::new(vec![
                Cell::from(c.user.username.clone()),
                Cell::from(c.user.role.to_string()),
                Cell::from(state),
                Cell::from(lock_word(c, ctx)),
            ]);
            if c.user.active {
                row
            } else {
                row.style(theme::PAST)
            }
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(20),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Fill(1),
        ],
    )
    .header(Row::new(vec!["USER", "ROLE", "STATE", "LOCK"]).style(theme::COLUMN_HEADER))
    .column_spacing(2)
    .row_highlight_style(theme::SELECTED)
    .highlight_symbol("▶ ")
    .highlight_spacing(HighlightSpacing::Always)
    .block(block);
    let mut state = TableState::default().with_selected(Some(st.selected));
    frame.render_stateful_widget(table, body, &mut state);

    if let Some(shown) = &st.shown {
        let box_area = centred(area, 60.min(area.width), 7);
        frame.render_widget(Clear, box_area);
        let text = vec![
            Line::styled(format!(" {}.", shown.what), theme::TITLE),
            Line::from(vec![
                Span::raw(" Password: "),
                Span::styled(shown.password.clone(), theme::SECRET),
            ]),
            Line::from(" Give it to them now: it is not shown again."),
            Line::styled(" Any key closes this.", theme::HINT),
        ];
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(" Password, shown once ")),
            box_area,
        );
    }

    if let Some(form) = &st.form {
        let prompt = format!(" New {} account: username: {}", form.role, form.username);
        frame.set_cursor_position(Position::new(
            (bottom.x + prompt.chars().count() as u16).min(bottom.right().saturating_sub(1)),
            bottom.y,
        ));
        let hint = format!(
            "   {} other role, Enter creates, Esc cancels",
            ctx.keymap.label(Action::NextField)
        );
        let line = match crate::tui::screens::message_line(ctx) {
            Some(line) => line,
            None if prompt.chars().count() + hint.chars().count() > usize::from(bottom.width) => {
                Line::from(prompt)
            }
            None => Line::from(vec![Span::raw(prompt), Span::styled(hint, theme::HINT)]),
        };
        frame.render_widget(line, bottom);
        return;
    }
    footer(
        frame,
        bottom,
        ctx,
        &[
            (&[Action::Up, Action::Down], "choose"),
            (&[Action::NewAccount], "new"),
            (&[Action::ToggleActive], "disable/enable"),
            (&[Action::Unlock], "unlock"),
            (&[Action::ResetPassword], "new password"),
            (&[Action::ChangeRole], "role"),
        ],
    );
}
