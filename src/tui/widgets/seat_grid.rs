//! The seat grid: a hall's real layout (aisles and walkways where the map has them, row
//! letters on both sides, seat numbers in the seats) with each seat's state for the
//! cashier. A pure widget: it draws a `HallPlan` and the seats' looks, and knows nothing
//! of orders or the database. Drawing and mouse hits share one `Geometry`, so a click
//! always lands on the seat drawn under it.
//!
//! Every state has a glyph of its own (colour only adds to it): a free seat shows its
//! number, a seat held by this cashier shows its number reversed, `░░` is held by
//! someone else, `██` sold, `××` broken or blocked; premium numbers are underlined,
//! `W` is a wheelchair place and `C` its companion seat.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Widget;

use crate::screening::model::SeatKind;
use crate::tui::theme::Theme;

/// A seat's state as the cashier sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatLook {
    Free,
    /// Held by this cashier.
    Mine,
    /// Held by someone else.
    Held,
    Sold,
    /// Broken, or blocked for this showtime.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSeat {
    pub row: u16,
    pub col: u16,
    pub number: u16,
    pub kind: SeatKind,
}

const NO_SEAT: u32 = u32::MAX;

/// A hall's seats placed on its grid (rows and walkways down, places and aisles across),
/// built once per seat map so drawing and moving are lookups.
#[derive(Debug, Clone, Default)]
pub struct HallPlan {
    pub width: u16,
    pub height: u16,
    /// The row letter of each grid line; empty for a walkway.
    pub row_labels: Vec<String>,
    pub seats: Vec<PlanSeat>,
    cells: Vec<u32>,
    label_width: u16,
}

impl HallPlan {
    /// From (grid row, grid column, seat number, kind, row label) of every seat.
    pub fn new<'a>(seats: impl IntoIterator<Item = (u16, u16, u16, SeatKind, &'a str)>) -> Self {
        let mut plan = HallPlan::default();
        let mut labels: Vec<(u16, &str)> = Vec::new();
        for (row, col, number, kind, label) in seats {
            plan.width = plan.width.max(col + 1);
            plan.height = plan.height.max(row + 1);
            labels.push((row, label));
            plan.seats.push(PlanSeat {
                row,
                col,
                number,
                kind,
            });
        }
        plan.row_labels = vec![String::new(); usize::from(plan.height)];
        for (row, label) in labels {
            plan.row_labels[usize::from(row)] = label.to_string();
        }
        plan.label_width = plan
            .row_labels
            .iter()
            .map(|l| l.chars().count() as u16)
            .max()
            .unwrap_or(1)
            .max(1);
        plan.cells = vec![NO_SEAT; usize::from(plan.width) * usize::from(plan.height)];
        for (i, s) in plan.seats.iter().enumerate() {
            let at = usize::from(s.row) * usize::from(plan.width) + usize::from(s.col);
            plan.cells[at] = i as u32;
        }
        plan
    }

    /// The seat at a grid place, if there is one (not an aisle).
    pub fn at(&self, row: u16, col: u16) -> Option<usize> {
        if row >= self.height || col >= self.width {
            return None;
        }
        let i = self.cells[usize::from(row) * usize::from(self.width) + usize::from(col)];
        (i != NO_SEAT).then_some(i as usize)
    }

    /// Where the cursor starts: the seat nearest the middle of the hall.
    pub fn centre(&self) -> Option<usize> {
        let (mid_r, mid_c) = (i32::from(self.height) / 2, i32::from(self.width) / 2);
        self.seats
            .iter()
            .enumerate()
            .min_by_key(|(_, s)| {
                let dr = i32::from(s.row) - mid_r;
                let dc = i32::from(s.col) - mid_c;
                (dr * dr * 4 + dc * dc, s.row, s.col)
            })
            .map(|(i, _)| i)
    }

    /// The seat one step from `from`: across, the next seat in that direction on the same
    /// row (aisles are skipped); up or down, the nearest row with seats, at the closest
    /// place. At an edge the cursor stays.
    pub fn step(&self, from: usize, down: i32, right: i32) -> usize {
        let Some(seat) = self.seats.get(from) else {
            return from;
        };
        if right != 0 {
            let mut col = i32::from(seat.col) + right;
            while col >= 0 && col < i32::from(self.width) {
                if let Some(i) = self.at(seat.row, col as u16) {
                    return i;
                }
                col += right;
            }
            return from;
        }
        let mut row = i32::from(seat.row) + down;
        while down != 0 && row >= 0 && row < i32::from(self.height) {
            let nearest = (0..self.width)
                .filter_map(|c| self.at(row as u16, c))
                .min_by_key(|i| (i32::from(self.seats[*i].col) - i32::from(seat.col)).abs());
            if let Some(i) = nearest {
                return i;
            }
            row += down;
        }
        from
    }
}

/// Where everything goes in an area: the visible window of the grid when it does not
/// fit (scrolled to keep the cursor in view) and where it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// Left edge of the left row labels.
    x0: u16,
    /// The line naming the screen; grid lines follow.
    top: u16,
    label_width: u16,
    /// First grid column shown, and how many.
    first_col: u16,
    cols: u16,
    first_row: u16,
    rows: u16,
    /// More grid lines below the window: the last line says so.
    more_below: bool,
}

impl Geometry {
    pub fn new(plan: &HallPlan, area: Rect, cursor: Option<usize>) -> Geometry {
        let side = plan.label_width + 1;
        let room = area.width.saturating_sub(2 * side + 1) / 3;
        let cols = plan.width.min(room.max(1));
        let (cur_row, cur_col) = cursor
            .and_then(|i| plan.seats.get(i))
            .map_or((0, 0), |s| (s.row, s.col));
        let first_col = window(cur_col, cols, plan.width);
        let lines = area.height.saturating_sub(1);
        let (rows, more_below, first_row) = if plan.height <= lines {
            (plan.height, false, 0)
        } else {
            let rows = lines.saturating_sub(1).max(1);
            let first = window(cur_row, rows, plan.height);
            (rows, first + rows < plan.height, first)
        };
        let width = 2 * side + 3 * cols + 1;
        Geometry {
            x0: area.x + area.width.saturating_sub(width) / 2,
            top: area.y,
            label_width: plan.label_width,
            first_col,
            cols,
            first_row,
            rows,
            more_below,
        }
    }

    /// The x of a grid column's separator; its two characters follow.
    fn col_x(&self, col: u16) -> u16 {
        self.x0 + self.label_width + 1 + 3 * (col - self.first_col)
    }

    fn row_y(&self, row: u16) -> u16 {
        self.top + 1 + (row - self.first_row)
    }

    fn shows(&self, row: u16, col: u16) -> bool {
        (self.first_row..self.first_row + self.rows).contains(&row)
            && (self.first_col..self.first_col + self.cols).contains(&col)
    }

    /// Where a seat's first character is drawn, if it is in view.
    pub fn position_of(&self, plan: &HallPlan, seat: usize) -> Option<(u16, u16)> {
        let s = plan.seats.get(seat)?;
        self.shows(s.row, s.col)
            .then(|| (self.col_x(s.col) + 1, self.row_y(s.row)))
    }

    /// The seat drawn at a screen position (a click).
    pub fn seat_at(&self, plan: &HallPlan, x: u16, y: u16) -> Option<usize> {
        let line = y.checked_sub(self.top + 1)?;
        if line >= self.rows {
            return None;
        }
        let across = x.checked_sub(self.x0 + self.label_width + 1)? / 3;
        if across >= self.cols {
            return None;
        }
        plan.at(self.first_row + line, self.first_col + across)
    }
}

/// The first of `shown` places out of `total`, centred on `on` where it can be.
fn window(on: u16, shown: u16, total: u16) -> u16 {
    if total <= shown {
        return 0;
    }
    on.saturating_sub(shown / 2).min(total - shown)
}

/// The mark of a seat sold, and of one held by someone else, doubled in the grid; the
/// showtimes' availability bars draw with the same marks.
pub const SOLD_MARK: char = '█';
pub const HELD_MARK: char = '░';
/// A free place where no seat number fits (the availability bars): the grid shows a free
/// seat as its number, never as a shade, so a free place is a light dot.
pub const FREE_MARK: char = '·';

/// A seat's two characters and style.
pub fn glyph(seat: &PlanSeat, look: SeatLook, theme: &Theme) -> (String, Style) {
    let number = || match seat.kind {
        SeatKind::Wheelchair => " W".to_string(),
        SeatKind::Companion => " C".to_string(),
        _ => format!("{:>2}", seat.number),
    };
    let kind_style = match seat.kind {
        SeatKind::Premium => theme.premium,
        SeatKind::Wheelchair | SeatKind::Companion => theme.accessible,
        SeatKind::Standard => theme.free,
    };
    match look {
        SeatLook::Free => (number(), kind_style),
        SeatLook::Mine => (number(), theme.mine),
        SeatLook::Held => (HELD_MARK.to_string().repeat(2), theme.held),
        SeatLook::Sold => (SOLD_MARK.to_string().repeat(2), theme.sold),
        SeatLook::Unavailable => ("××".to_string(), theme.unavailable),
    }
}

pub struct SeatGrid<'a> {
    pub plan: &'a HallPlan,
    /// One per seat of the plan, in the same order.
    pub looks: &'a [SeatLook],
    pub cursor: Option<usize>,
    pub theme: &'a Theme,
}

impl Widget for SeatGrid<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 2 || area.width < 8 || self.plan.seats.is_empty() {
            return;
        }
        let g = Geometry::new(self.plan, area, self.cursor);
        let right_edge = g.col_x(g.first_col + g.cols);
        // The screen, or how far it is when scrolled away from it.
        let above = g.first_row;
        let screen = if above == 0 {
            "SCREEN".to_string()
        } else {
            format!("▲ SCREEN, {above} more rows this way ▲")
        };
        let span = right_edge.saturating_sub(g.col_x(g.first_col)) + 1;
        let text = format!("{screen:─^width$}", width = usize::from(span));
        buf.set_stringn(
            g.col_x(g.first_col),
            g.top,
            &text,
            usize::from(span),
            Style::new(),
        );
        if g.first_col > 0 {
            buf.set_string(g.x0, g.top, "◀", Style::new());
        }
        if g.first_col + g.cols < self.plan.width {
            let x = right_edge + g.label_width;
            buf.set_string(x, g.top, "▶", Style::new());
        }
        for row in g.first_row..g.first_row + g.rows {
            let label = &self.plan.row_labels[usize::from(row)];
            if label.is_empty() {
                continue;
            }
            let y = g.row_y(row);
            let w = usize::from(g.label_width);
            buf.set_string(g.x0, y, format!("{label:>w$}"), Style::new());
            buf.set_string(right_edge + 2, y, format!("{label:<w$}"), Style::new());
        }
        for (i, seat) in self.plan.seats.iter().enumerate() {
            if !g.shows(seat.row, seat.col) {
                continue;
            }
            let look = self.looks.get(i).copied().unwrap_or(SeatLook::Unavailable);
            let (text, style) = glyph(seat, look, self.theme);
            buf.set_string(g.col_x(seat.col) + 1, g.row_y(seat.row), text, style);
        }
        if let Some(seat) = self.cursor.and_then(|i| self.plan.seats.get(i))
            && g.shows(seat.row, seat.col)
        {
            let (x, y) = (g.col_x(seat.col), g.row_y(seat.row));
            buf.set_string(x, y, "[", self.theme.cursor);
            buf.set_string(x + 3, y, "]", self.theme.cursor);
        }
        if g.more_below {
            let hidden = self.plan.height - g.first_row - g.rows;
            let text = format!("▼ {hidden} more rows ▼");
            let x = g.col_x(g.first_col) + span.saturating_sub(text.chars().count() as u16) / 2;
            buf.set_string(x, g.top + 1 + g.rows, text, Style::new());
        }
    }
}

/// The legend's entries, each a sample glyph and its word, drawn by the same rules as
/// the grid.
pub fn legend(theme: &Theme) -> Vec<(Span<'static>, &'static str)> {
    let seat = |kind| PlanSeat {
        row: 0,
        col: 0,
        number: 7,
        kind,
    };
    let sample = |kind, look| {
        let (text, style) = glyph(&seat(kind), look, theme);
        Span::styled(text, style)
    };
    vec![
        (sample(SeatKind::Standard, SeatLook::Free), "free"),
        (sample(SeatKind::Standard, SeatLook::Mine), "held by me"),
        (sample(SeatKind::Standard, SeatLook::Held), "held by others"),
        (sample(SeatKind::Standard, SeatLook::Sold), "sold"),
        (
            sample(SeatKind::Standard, SeatLook::Unavailable),
            "broken/blocked",
        ),
        (sample(SeatKind::Premium, SeatLook::Free), "premium"),
        (sample(SeatKind::Wheelchair, SeatLook::Free), "wheelchair"),
        (sample(SeatKind::Companion, SeatLook::Free), "companion"),
    ]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Two rows of 4 with a centre aisle, a walkway, then a row of 2 premium seats.
    fn plan() -> HallPlan {
        let mut seats = Vec::new();
        for (row, label) in [(0u16, "A"), (1, "B")] {
            let mut n = 0;
            for col in [0u16, 1, 3, 4] {
                n += 1;
                seats.push((row, col, n, SeatKind::Standard, label));
            }
        }
        seats.push((3, 1, 1, SeatKind::Premium, "C"));
        seats.push((3, 3, 2, SeatKind::Premium, "C"));
        HallPlan::new(seats)
    }

    fn draw(plan: &HallPlan, looks: &[SeatLook], cursor: Option<usize>, w: u16, h: u16) -> Buffer {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        SeatGrid {
            plan,
            looks,
            cursor,
            theme: &Theme::mono(),
        }
        .render(area, &mut buf);
        buf
    }

    fn lines(buf: &Buffer) -> Vec<String> {
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn aisles_walkways_labels_and_states() {
        let p = plan();
        let looks = [
            SeatLook::Free,
            SeatLook::Mine,
            SeatLook::Held,
            SeatLook::Sold,
            SeatLook::Unavailable,
            SeatLook::Free,
            SeatLook::Free,
            SeatLook::Free,
            SeatLook::Free,
            SeatLook::Free,
        ];
        let buf = draw(&p, &looks, Some(0), 20, 6);
        assert_eq!(
            lines(&buf),
            vec![
                "  ─────SCREEN─────",
                "A [ 1] 2    ░░ ██  A",
                "B  ××  2     3  4  B",
                "",
                "C      1     2     C",
                "",
            ]
        );
        // Held by me is reversed (bold), premium underlined: both without colour.
        let mine = &buf[(6, 1)];
        assert!(mine.modifier.contains(ratatui::style::Modifier::REVERSED));
        let premium = &buf[(7, 4)];
        assert!(
            premium
                .modifier
                .contains(ratatui::style::Modifier::UNDERLINED)
        );
    }

    #[test]
    fn the_cursor_skips_aisles_and_walkways_and_stops_at_edges() {
        let p = plan();
        // A2 -> right over the aisle -> A3.
        assert_eq!(p.step(1, 0, 1), 2);
        assert_eq!(p.step(3, 0, 1), 3, "A4 is the row's end");
        assert_eq!(p.step(0, 0, -1), 0);
        // B2 down over the walkway to the nearest seat of row C (C1 at column 1).
        assert_eq!(p.step(5, 1, 0), 8);
        assert_eq!(p.step(8, 1, 0), 8, "no row below C");
        assert_eq!(p.step(8, -1, 0), 5);
        assert_eq!(p.at(0, 2), None, "the aisle");
        let centre = p.centre().unwrap();
        assert_eq!(p.seats[centre].row, 1);
    }

    #[test]
    fn a_grid_larger_than_the_area_scrolls_to_the_cursor() {
        // 30 rows of 40 seats: neither fits 40x10.
        let mut seats = Vec::new();
        let labels: Vec<String> = (0..30).map(|r| format!("R{r}")).collect();
        for r in 0..30u16 {
            for c in 0..40u16 {
                seats.push((r, c, c + 1, SeatKind::Standard, labels[r as usize].as_str()));
            }
        }
        let p = HallPlan::new(seats);
        let looks = vec![SeatLook::Free; p.seats.len()];
        let last = p.seats.len() - 1;
        let buf = draw(&p, &looks, Some(last), 40, 10);
        let text = lines(&buf);
        assert!(text[0].contains("▲ SCREEN"), "{text:?}");
        assert!(text[0].starts_with('◀'), "{text:?}");
        assert!(text.iter().any(|l| l.contains("[40]")), "{text:?}");
        assert!(text.iter().any(|l| l.starts_with("R29")), "{text:?}");
        // A click lands on the seat drawn there.
        let g = Geometry::new(&p, buf.area, Some(last));
        let (x, y) = (0..40)
            .flat_map(|x| (0..10).map(move |y| (x, y)))
            .find(|(x, y)| buf[(*x, *y)].symbol() == "[")
            .unwrap();
        assert_eq!(g.seat_at(&p, x + 1, y), Some(last));
        assert_eq!(g.seat_at(&p, 0, y), None, "the row label is no seat");
        // The top left: the first row is scrolled away, then seat 1 appears.
        let buf = draw(&p, &looks, Some(0), 40, 10);
        let text = lines(&buf);
        assert!(
            text[0].contains("SCREEN") && !text[0].contains('▲'),
            "{text:?}"
        );
        assert!(text.last().unwrap().contains("more rows ▼"), "{text:?}");
    }
}
