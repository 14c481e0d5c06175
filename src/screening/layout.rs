//! Hall layouts: a plain rows x seats grid, or a text map drawn by the cinema manager.
//!
//! A map has one line per row and one character per place (`.` gap, `s` standard,
//! `p` premium, `w` wheelchair, `c` companion). Lines starting with `#` are comments; a
//! line that is empty or only gaps is a walkway: it keeps its grid line, so the hall can
//! be drawn as it stands, but gets no letter. Every refusal names a line and column (as
//! an editor counts them, from 1) or the field that is out of bounds.

use super::model::{SeatKind, SeatSpec};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallLayout {
    seats: Vec<SeatSpec>,
    rows: usize,
    width: u16,
    height: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("{field}: {message}")]
    Size {
        field: &'static str,
        message: String,
    },
    #[error("layout line {line}, column {column}: {message}")]
    Map {
        line: usize,
        column: usize,
        message: String,
    },
}

impl LayoutError {
    pub fn field(&self) -> &'static str {
        match self {
            LayoutError::Size { field, .. } => field,
            LayoutError::Map { .. } => "layout",
        }
    }
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LayoutError::Map { line, column, .. } => Some((*line, *column)),
            LayoutError::Size { .. } => None,
        }
    }
}

/// A map line wider than this is a mistake (a pasted paragraph, a missing newline), and
/// would not fit any screen the hall is drawn on.
const MAX_LINE_CHARS: usize = 100;

/// Grid lines from the first row to the last, walkways included. 52 rows with a walkway
/// between each need 103; anything near this bound is a runaway paste, not a hall.
const MAX_GRID_LINES: usize = 200;

const ALLOWED: &str = "use . (gap) s (standard) p (premium) w (wheelchair) c (companion)";

fn size(field: &'static str, message: String) -> LayoutError {
    LayoutError::Size { field, message }
}

fn map_error(line: usize, column: usize, message: String) -> LayoutError {
    LayoutError::Map {
        line,
        column,
        message,
    }
}

/// Row letters in spreadsheet style: 0 -> "A", 25 -> "Z", 26 -> "AA", 51 -> "AZ".
pub fn row_label(index: usize) -> String {
    // Bijective base 26: there is no zero digit, so "Z" is followed by "AA", not "BA".
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    letters.iter().rev().collect()
}

/// How a character the map refuses is named in the error: a space or tab is invisible
/// when quoted, so it is named in words.
fn describe(ch: char) -> String {
    match ch {
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        c if c.is_control() || c.is_whitespace() => {
            format!("the invisible character {}", c.escape_unicode())
        }
        c => format!("'{c}'"),
    }
}

fn place(ch: char) -> Option<Option<SeatKind>> {
    match ch {
        '.' => Some(None),
        's' => Some(Some(SeatKind::Standard)),
        'p' => Some(Some(SeatKind::Premium)),
        'w' => Some(Some(SeatKind::Wheelchair)),
        'c' => Some(Some(SeatKind::Companion)),
        _ => None,
    }
}

/// One map line (already trimmed) as its places: `None` for a gap.
fn parse_line(line: &str, line_no: usize) -> Result<Vec<Option<SeatKind>>, LayoutError> {
    let mut places = Vec::new();
    for (index, ch) in line.chars().enumerate() {
        let column = index + 1;
        if index == MAX_LINE_CHARS {
            return Err(map_error(
                line_no,
                column,
                format!(
                    "a line is at most {MAX_LINE_CHARS} characters wide; this one has {}",
                    line.chars().count()
                ),
            ));
        }
        match place(ch) {
            Some(kind) => places.push(kind),
            None => {
                let hint = if place(ch.to_ascii_lowercase()).is_some() {
                    " (in lower case)"
                } else {
                    ""
                };
                return Err(map_error(
                    line_no,
                    column,
                    format!("{} is not a place; {ALLOWED}{hint}", describe(ch)),
                ));
            }
        }
    }
    // A companion seat exists for whoever comes with a wheelchair user: alone, it is a
    // mislabelled seat, and selling it as a companion place would mislead.
    let is_wheelchair =
        |i: Option<usize>| i.and_then(|i| places.get(i)) == Some(&Some(SeatKind::Wheelchair));
    for (index, kind) in places.iter().enumerate() {
        if *kind == Some(SeatKind::Companion)
            && !is_wheelchair(index.checked_sub(1))
            && !is_wheelchair(Some(index + 1))
        {
            return Err(map_error(
                line_no,
                index + 1,
                "'c' (companion) must stand directly left or right of a 'w' (wheelchair) in the same line".to_string(),
            ));
        }
    }
    Ok(places)
}

/// Grid coordinates are bounded by the map limits, far below `u16::MAX`.
fn coord(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

impl HallLayout {
    /// Lettered rows: A..Z then AA..AZ.
    pub const MAX_ROWS: usize = 52;
    /// Seats in one row (gaps not counted).
    pub const MAX_SEATS_PER_ROW: usize = 60;

    /// A plain block of standard seats, no gaps: row A is grid line 0.
    pub fn grid(rows: i64, seats_per_row: i64) -> Result<Self, LayoutError> {
        let rows = usize::try_from(rows)
            .ok()
            .filter(|r| (1..=Self::MAX_ROWS).contains(r))
            .ok_or_else(|| {
                size(
                    "rows",
                    format!("a hall has 1 to {} rows, not {rows}", Self::MAX_ROWS),
                )
            })?;
        let per_row = usize::try_from(seats_per_row)
            .ok()
            .filter(|s| (1..=Self::MAX_SEATS_PER_ROW).contains(s))
            .ok_or_else(|| {
                size(
                    "seats",
                    format!(
                        "a row has 1 to {} seats, not {seats_per_row}",
                        Self::MAX_SEATS_PER_ROW
                    ),
                )
            })?;
        let seats = (0..rows)
            .flat_map(|r| {
                let label = row_label(r);
                (0..per_row).map(move |s| SeatSpec {
                    row_label: label.clone(),
                    number: coord(s + 1),
                    kind: SeatKind::Standard,
                    grid_row: coord(r),
                    grid_col: coord(s),
                })
            })
            .collect();
        Ok(HallLayout {
            seats,
            rows,
            width: coord(per_row),
            height: coord(rows),
        })
    }

    /// Reads a text map (see the module documentation). Walkways before the first row and
    /// after the last are dropped: the grid starts at the first row with seats.
    pub fn parse_map(text: &str) -> Result<Self, LayoutError> {
        // Editors on Windows may save a byte-order mark; it is not a place.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut seats = Vec::new();
        let mut rows = 0;
        let mut width = 0;
        // Grid line of the last lettered row, and the walkways seen since: they join the
        // grid only if another row follows.
        let mut last_grid_row = 0;
        let mut walkways = 0;
        let mut walkway_width = 0;
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            if raw.starts_with('#') {
                continue;
            }
            let line = raw.trim_end();
            let places = parse_line(line, line_no)?;
            if places.iter().all(Option::is_none) {
                walkways += 1;
                walkway_width = walkway_width.max(places.len());
                continue;
            }
            if rows == Self::MAX_ROWS {
                return Err(size(
                    "rows",
                    format!(
                        "a hall has at most {} rows (A to {}); line {line_no} would be row {}",
                        Self::MAX_ROWS,
                        row_label(Self::MAX_ROWS - 1),
                        Self::MAX_ROWS + 1
                    ),
                ));
            }
            let grid_row = if rows == 0 {
                0
            } else {
                last_grid_row + walkways + 1
            };
            if grid_row >= MAX_GRID_LINES {
                return Err(map_error(
                    line_no,
                    1,
                    format!(
                        "a map is at most {MAX_GRID_LINES} lines tall from its first row to its last, walkways included"
                    ),
                ));
            }
            if rows > 0 {
                width = width.max(walkway_width);
            }
            let label = row_label(rows);
            let mut number = 0;
            for (col, kind) in places.iter().enumerate() {
                let Some(kind) = *kind else { continue };
                number += 1;
                if number > Self::MAX_SEATS_PER_ROW {
                    return Err(map_error(
                        line_no,
                        col + 1,
                        format!(
                            "a row has at most {} seats; this is seat {number} of row {label}",
                            Self::MAX_SEATS_PER_ROW
                        ),
                    ));
                }
                seats.push(SeatSpec {
                    row_label: label.clone(),
                    number: coord(number),
                    kind,
                    grid_row: coord(grid_row),
                    grid_col: coord(col),
                });
            }
            width = width.max(places.len());
            last_grid_row = grid_row;
            walkways = 0;
            walkway_width = 0;
            rows += 1;
        }
        if seats.is_empty() {
            return Err(size("layout", "the map has no seats".to_string()));
        }
        Ok(HallLayout {
            seats,
            rows,
            width: coord(width),
            height: coord(last_grid_row + 1),
        })
    }

    /// In map order: row by row, left to right.
    pub fn seats(&self) -> &[SeatSpec] {
        &self.seats
    }
    /// Lettered rows (walkways not counted).
    pub fn row_count(&self) -> usize {
        self.rows
    }
    /// Grid columns: the widest line, gaps included.
    pub fn width(&self) -> u16 {
        self.width
    }
    /// Grid lines from the first row to the last, walkways included.
    pub fn height(&self) -> u16 {
        self.height
    }
}

#[cfg(test)]
mod tests;
