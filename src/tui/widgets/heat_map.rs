//! A heat map of occupancy: one row per hall, one column per day, and in each cell one
//! mark per showtime in start order, shaded by the share of seats sold.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// The mark of a showtime `percent` full.
pub fn shade(percent: f64) -> char {
    match percent {
        p if p <= 0.0 => '·',
        p if p < 25.0 => '░',
        p if p < 50.0 => '▒',
        p if p < 75.0 => '▓',
        _ => '█',
    }
}

/// What the marks mean, for a legend line.
pub const LEGEND: &str = "· none  ░ <25%  ▒ <50%  ▓ <75%  █ 75%+";

pub struct HeatMap<'a> {
    /// Day labels, left to right.
    pub columns: &'a [String],
    /// Each hall with, per column, its showtimes' percentages in start order.
    pub rows: &'a [(String, Vec<Vec<f64>>)],
    pub header_style: Style,
}

impl HeatMap<'_> {
    fn label_width(&self) -> u16 {
        self.rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(4, 14) as u16
    }

    fn cell_width(&self) -> u16 {
        let marks = self
            .rows
            .iter()
            .flat_map(|(_, cells)| cells.iter().map(Vec::len))
            .max()
            .unwrap_or(0);
        let label = self
            .columns
            .iter()
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0);
        marks.max(label).max(1) as u16
    }
}

impl Widget for HeatMap<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let label = self.label_width();
        let cell = self.cell_width();
        // The latest days are kept when not every column fits.
        let fits = usize::from(area.width.saturating_sub(label + 1) / (cell + 1));
        let skip = self.columns.len().saturating_sub(fits);
        let x0 = area.x + label + 1;
        for (i, day) in self.columns.iter().enumerate().skip(skip) {
            let x = x0 + (i - skip) as u16 * (cell + 1);
            buf.set_stringn(x, area.y, day, usize::from(cell), self.header_style);
        }
        for (r, (hall, cells)) in self.rows.iter().enumerate() {
            let y = area.y + 1 + r as u16;
            if y >= area.bottom() {
                break;
            }
            buf.set_stringn(area.x, y, hall, usize::from(label), Style::default());
            for (i, marks) in cells.iter().enumerate().skip(skip) {
                let x = x0 + (i - skip) as u16 * (cell + 1);
                let text: String = marks.iter().map(|p| shade(*p)).collect();
                buf.set_stringn(x, y, text, usize::from(cell), Style::default());
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn each_showtime_is_a_mark_shaded_by_how_full_it_is() {
        let columns = vec!["Mo 30".to_string(), "Tu 1".to_string()];
        let rows = vec![
            ("Grand".to_string(), vec![vec![0.0, 80.0], vec![30.0]]),
            ("Studio".to_string(), vec![vec![], vec![10.0, 60.0, 100.0]]),
        ];
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 3));
        HeatMap {
            columns: &columns,
            rows: &rows,
            header_style: Style::default(),
        }
        .render(buf.area, &mut buf);
        let lines: Vec<String> = (0..3)
            .map(|y| (0..20).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect();
        assert_eq!(lines[0], "       Mo 30 Tu 1   ");
        assert_eq!(lines[1], "Grand  ·█    ▒      ");
        assert_eq!(lines[2], "Studio       ░▓█    ");
    }
}
