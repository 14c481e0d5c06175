//! The help overlay: the keys of the current screen, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};

use crate::tui::keymap::{Action, Keymap, Scope};
use crate::tui::theme;
use crate::tui::widgets::dialog::Dialog;

/// `tabs`: a manager's tab keys are listed too.
pub fn render(keymap: &Keymap, scope: &Scope, tabs: bool, frame: &mut Frame, area: Rect) {
    let mut help = keymap.help(scope);
    if tabs {
        help.push((
            format!(
                "{} {}",
                keymap.label(Action::PrevTab),
                keymap.label(Action::NextTab)
            ),
            "the tab to the left, to the right",
        ));
        help.push((
            format!(
                "{}…{}",
                keymap.label(Action::Tab1),
                keymap.label(Action::Tab9)
            ),
            "a tab by its place",
        ));
    }
    let key_width = help
        .iter()
        .map(|(keys, _)| keys.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = help
        .into_iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!("{keys:<key_width$}"), theme::KEY),
                Span::raw(format!("  {what}")),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::styled("Any key closes this help.", theme::HINT));
    let dialog = Dialog {
        title: "Keys",
        body: Text::from(lines),
        max_width: 44,
    };
    frame.render_widget(dialog, area);
}
