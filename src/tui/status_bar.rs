//! The bottom line: who and where we are, which database, and the venue's clock.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let left = format!(" {}  ·  {}", app.context.venue_name, app.context.backend);
    let right = format!("{} ", app.clock);
    let pad = (area.width as usize).saturating_sub(left.chars().count() + right.chars().count());
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(left),
            Span::raw(" ".repeat(pad)),
            Span::raw(right),
        ]))
        .style(Style::new().add_modifier(Modifier::REVERSED)),
        area,
    );
}
