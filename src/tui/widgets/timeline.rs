//! One day of the schedule as a timeline: a lane per hall, each showtime a block as long
//! as it holds its hall (the film `█`, then ads and cleaning `░`), its title inside and
//! sold/capacity under it; a block being placed shows as `▒`, and `│` marks now. The
//! window is a day (hours above the lanes) or a week (days). Pure: it draws what it is
//! given, in minutes from the start of the window.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Columns before the lanes: the hall's name and capacity.
pub const LABEL_WIDTH: u16 = 14;

/// A hall's lane.
#[derive(Debug, Clone)]
pub struct Lane<'a> {
    pub name: &'a str,
    pub capacity: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Scheduled,
    /// The one the cursor is on.
    Selected,
    /// Already over or under way.
    Past,
    /// Being placed (added or moved); `clash`: it overlaps something.
    Ghost {
        clash: bool,
    },
}

/// One showtime on a lane; times are minutes from the window's start.
#[derive(Debug, Clone)]
pub struct Block<'a> {
    pub lane: usize,
    pub start: i64,
    /// Minutes of film, drawn `█`.
    pub film: i64,
    /// Minutes of ads and cleaning, drawn `░` after the film.
    pub extra: i64,
    pub title: &'a str,
    /// "41/272", under the block.
    pub sold: Option<String>,
    pub kind: BlockKind,
}

/// The styles the timeline uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimelineStyles {
    pub block: Style,
    pub selected: Style,
    pub past: Style,
    pub ghost: Style,
    pub clash: Style,
    pub now: Style,
    pub lane: Style,
    pub selected_lane: Style,
    pub hint: Style,
}

/// What the line above the lanes counts in.
#[derive(Debug, Clone, Copy)]
pub enum Scale<'a> {
    /// Hours, from this local hour at minute 0.
    Hours { first_hour: u32 },
    /// Days of 24 hours from minute 0, with these names.
    Days(&'a [String]),
}

pub struct Timeline<'a> {
    pub lanes: &'a [Lane<'a>],
    pub blocks: &'a [Block<'a>],
    /// The window's length in minutes (its start is minute 0).
    pub minutes: i64,
    pub scale: Scale<'a>,
    /// Now, in minutes from the window's start, when the day shown is today.
    pub now: Option<i64>,
    pub selected_lane: usize,
    /// The first lane drawn (lanes scroll when they do not fit).
    pub first_lane: usize,
    pub styles: TimelineStyles,
}

impl Timeline<'_> {
    /// Rows each lane takes in `height` rows (the hour line included): two (the blocks,
    /// then what is sold) when they fit, else one.
    pub fn rows_per_lane(lanes: usize, height: u16) -> u16 {
        if usize::from(height.saturating_sub(1)) >= lanes * 2 {
            2
        } else {
            1
        }
    }

    /// How many lanes fit in `height` rows.
    pub fn lanes_shown(lanes: usize, height: u16) -> usize {
        let per = Self::rows_per_lane(lanes, height);
        usize::from(height.saturating_sub(1) / per)
    }

    fn column(&self, minute: i64, width: u16) -> i64 {
        if self.minutes <= 0 {
            return 0;
        }
        minute * i64::from(width) / self.minutes
    }
}

impl Widget for Timeline<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width <= LABEL_WIDTH + 4 || area.height < 2 {
            return;
        }
        let width = area.width - LABEL_WIDTH;
        let left = area.x + LABEL_WIDTH;
        let right = i64::from(left + width);
        let per = Self::rows_per_lane(self.lanes.len(), area.height);
        let shown = Self::lanes_shown(self.lanes.len(), area.height);
        match self.scale {
            Scale::Hours { first_hour } => {
                // The hours, every two when there is room for them.
                let hours = (self.minutes / 60).max(1);
                let step = if i64::from(width) / hours >= 4 { 1 } else { 2 };
                let mut hour = 0;
                while hour * 60 < self.minutes {
                    let x = i64::from(left) + self.column(hour * 60, width);
                    let label = format!("{:02}", (i64::from(first_hour) + hour) % 24);
                    if x + 2 <= right {
                        buf.set_string(x as u16, area.y, label, self.styles.hint);
                    }
                    hour += step;
                }
            }
            Scale::Days(names) => {
                // Each day's name at its start, cut to its column; a tick between days.
                for (d, name) in names.iter().enumerate() {
                    let from = i64::from(left) + self.column(d as i64 * 24 * 60, width);
                    let to = i64::from(left) + self.column((d as i64 + 1) * 24 * 60, width);
                    let room = (to.min(right) - from - 1).max(0) as usize;
                    if room > 0 {
                        buf.set_stringn(from as u16 + 1, area.y, name, room, self.styles.hint);
                    }
                    if from > i64::from(left) {
                        buf.set_string(from as u16, area.y, "┊", self.styles.hint);
                    }
                }
            }
        }
        let lane_row = |i: usize| area.y + 1 + (i - self.first_lane) as u16 * per;
        let visible = self.first_lane..(self.first_lane + shown).min(self.lanes.len());
        for i in visible.clone() {
            let lane = &self.lanes[i];
            let y = lane_row(i);
            let style = if i == self.selected_lane {
                self.styles.selected_lane
            } else {
                self.styles.lane
            };
            let name: String = lane
                .name
                .chars()
                .take(usize::from(LABEL_WIDTH) - 7)
                .collect();
            buf.set_string(
                area.x,
                y,
                format!(
                    " {name:<w$} {:>4}",
                    lane.capacity,
                    w = usize::from(LABEL_WIDTH) - 7
                ),
                style,
            );
            for row in 0..per {
                buf.set_string(left - 1, y + row, "│", self.styles.hint);
            }
        }
        for block in self.blocks {
            if !visible.contains(&block.lane) {
                continue;
            }
            let y = lane_row(block.lane);
            let x0 = i64::from(left) + self.column(block.start, width);
            let film_end = i64::from(left) + self.column(block.start + block.film, width);
            let x1 = i64::from(left) + self.column(block.start + block.film + block.extra, width);
            let x1 = x1.max(x0 + 1).min(right);
            let x0 = x0.max(i64::from(left));
            if x0 >= x1 {
                continue;
            }
            let (fill, style) = match block.kind {
                BlockKind::Scheduled => ('█', self.styles.block),
                BlockKind::Selected => ('█', self.styles.selected),
                BlockKind::Past => ('█', self.styles.past),
                BlockKind::Ghost { clash: false } => ('▒', self.styles.ghost),
                BlockKind::Ghost { clash: true } => ('▒', self.styles.clash),
            };
            for x in x0..x1 {
                let c = if x >= film_end && fill == '█' {
                    '░'
                } else {
                    fill
                };
                if let Some(cell) = buf.cell_mut((x as u16, y)) {
                    cell.set_char(c).set_style(style);
                }
            }
            // The title inside the film, a cell in from each end when there is room.
            let room = (film_end.min(x1) - x0 - 2).max(0) as usize;
            if room >= 3 {
                // A lane of one row has no line for sold/capacity: it follows the title
                // when both fit (the panel below always says it).
                let label = match &block.sold {
                    Some(sold)
                        if per == 1 && block.title.chars().count() + 1 + sold.len() <= room =>
                    {
                        format!("{} {sold}", block.title)
                    }
                    _ => block.title.chars().take(room).collect(),
                };
                buf.set_stringn(x0 as u16 + 1, y, &label, room, style);
            }
            if per == 2
                && let Some(sold) = &block.sold
            {
                let room = (right - x0).max(0) as usize;
                buf.set_stringn(
                    x0 as u16,
                    y + 1,
                    sold,
                    room.min(sold.len()),
                    self.styles.hint,
                );
            }
        }
        if let Some(now) = self.now
            && (0..self.minutes).contains(&now)
        {
            let x = left + self.column(now, width) as u16;
            let bottom = lane_row(visible.end.max(self.first_lane + 1) - 1) + per;
            // Across the hours, which have room for it; under the days' names.
            let top = match self.scale {
                Scale::Hours { .. } => area.y,
                Scale::Days(_) => area.y + 1,
            };
            for y in top..bottom.min(area.y + area.height) {
                if let Some(cell) = buf.cell_mut((x, y))
                    && cell.symbol() == " "
                {
                    cell.set_char('│').set_style(self.styles.now);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(lanes: &[Lane<'_>], blocks: &[Block<'_>], width: u16, height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        Timeline {
            lanes,
            blocks,
            minutes: 12 * 60,
            scale: Scale::Hours { first_hour: 10 },
            now: None,
            selected_lane: 0,
            first_lane: 0,
            styles: TimelineStyles::default(),
        }
        .render(area, &mut buf);
        (0..height)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect())
            .collect()
    }

    #[test]
    fn sold_goes_under_a_block_or_after_its_title_when_lanes_have_one_row() {
        let lanes = [
            Lane {
                name: "Grand",
                capacity: 272,
            },
            Lane {
                name: "Salon",
                capacity: 48,
            },
        ];
        let blocks = [Block {
            lane: 0,
            start: 60,
            film: 300,
            extra: 30,
            title: "Kettle",
            sold: Some("41/272".into()),
            kind: BlockKind::Scheduled,
        }];
        // Room for two rows a lane: sold/capacity on the row under the block.
        let roomy = drawn(&lanes, &blocks, 100, 5);
        assert!(roomy[1].contains("Kettle") && !roomy[1].contains("41/272"));
        assert!(roomy[2].contains("41/272"), "{roomy:#?}");
        // One row a lane: after the title, inside the block.
        let tight = drawn(&lanes, &blocks, 100, 3);
        assert!(tight[1].contains("Kettle 41/272"), "{tight:#?}");
        // Too narrow for both: the title alone.
        let narrow = drawn(&lanes, &blocks, 40, 3);
        assert!(
            narrow[1].contains("Ket") && !narrow[1].contains("41/"),
            "{narrow:#?}"
        );
    }
}
