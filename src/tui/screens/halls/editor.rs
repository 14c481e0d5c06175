//! A new hall: its name, and either rows x seats or a layout map typed (or pasted) into
//! an editor, read again on every key: the preview of the grid, and each error at its
//! line and column.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use crate::screening::layout::{HallLayout, LayoutError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Name,
    /// "8x12": a plain grid instead of a map.
    Grid,
    Map,
}

/// A problem in the map, where an editor counts (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub struct NewHall {
    pub focus: Focus,
    pub name: String,
    pub grid: String,
    pub map: TextArea<'static>,
}

/// How the hall will be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Grid { rows: i64, seats: i64 },
    Map(String),
}

impl Default for NewHall {
    fn default() -> Self {
        NewHall {
            focus: Focus::Name,
            name: String::new(),
            grid: String::new(),
            map: TextArea::default(),
        }
    }
}

impl NewHall {
    pub fn next_focus(&mut self, forward: bool) {
        self.focus = match (self.focus, forward) {
            (Focus::Name, true) | (Focus::Map, false) => Focus::Grid,
            (Focus::Grid, true) | (Focus::Name, false) => Focus::Map,
            (Focus::Map, true) | (Focus::Grid, false) => Focus::Name,
        };
    }

    pub fn type_char(&mut self, c: char) {
        let field = match self.focus {
            Focus::Name => &mut self.name,
            Focus::Grid => &mut self.grid,
            Focus::Map => {
                self.map.insert_char(c);
                return;
            }
        };
        if field.chars().count() < 60 {
            field.push(c);
        }
    }

    pub fn erase(&mut self) {
        match self.focus {
            Focus::Name => {
                self.name.pop();
            }
            Focus::Grid => {
                self.grid.pop();
            }
            Focus::Map => {
                self.map.delete_char();
            }
        }
    }

    pub fn key(&mut self, key: KeyEvent) {
        self.map.input(key);
    }

    pub fn text(&self) -> String {
        self.map.lines().join("\n")
    }

    /// "8x12" (or "8 x 12", "8*12"): rows and seats per row.
    pub fn grid_size(&self) -> Option<Result<(i64, i64), String>> {
        let t = self.grid.trim();
        if t.is_empty() {
            return None;
        }
        let parts: Vec<&str> = t.split(['x', 'X', '*', '×']).map(str::trim).collect();
        Some(match parts.as_slice() {
            [r, s] => match (r.parse(), s.parse()) {
                (Ok(r), Ok(s)) => Ok((r, s)),
                _ => Err(format!("{t:?} is not rows x seats, e.g. 8x12")),
            },
            _ => Err(format!("{t:?} is not rows x seats, e.g. 8x12")),
        })
    }

    /// The hall as it would be made now, or why not.
    pub fn layout(&self) -> Result<HallLayout, String> {
        match self.grid_size() {
            Some(Ok((rows, seats))) => HallLayout::grid(rows, seats).map_err(|e| e.to_string()),
            Some(Err(e)) => Err(e),
            None => HallLayout::parse_map(&self.text()).map_err(|e| e.to_string()),
        }
    }

    pub fn shape(&self) -> Result<Shape, String> {
        match self.grid_size() {
            Some(Ok((rows, seats))) => Ok(Shape::Grid { rows, seats }),
            Some(Err(e)) => Err(e),
            None => Ok(Shape::Map(self.text())),
        }
    }

    /// Every error of the map: each line read on its own (so a bad character on line 2
    /// does not hide one on line 7), then what only the whole map shows (too many rows,
    /// no seats at all).
    pub fn errors(&self) -> Vec<MapError> {
        if self.grid_size().is_some() {
            return Vec::new();
        }
        let mut errors = Vec::new();
        for (i, line) in self.map.lines().iter().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Err(LayoutError::Map {
                column, message, ..
            }) = HallLayout::parse_map(line)
            {
                errors.push(MapError {
                    line: i + 1,
                    column,
                    message,
                });
            }
        }
        if errors.is_empty() {
            match HallLayout::parse_map(&self.text()) {
                Err(LayoutError::Map {
                    line,
                    column,
                    message,
                }) => errors.push(MapError {
                    line,
                    column,
                    message,
                }),
                Err(e @ LayoutError::Size { .. }) => errors.push(MapError {
                    line: 0,
                    column: 0,
                    message: e.to_string(),
                }),
                Ok(_) => {}
            }
        }
        errors
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn typed(text: &str) -> NewHall {
        let mut hall = NewHall {
            focus: Focus::Map,
            ..NewHall::default()
        };
        hall.map = TextArea::new(text.lines().map(String::from).collect());
        hall
    }

    #[test]
    fn every_bad_line_is_named_with_its_column() {
        let hall = typed("# screen\nssxss\nsssss\nss?ss");
        let errors = hall.errors();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].column), (2, 3));
        assert_eq!((errors[1].line, errors[1].column), (4, 3));
    }

    #[test]
    fn a_clean_map_has_no_errors_and_a_grid_needs_no_map() {
        assert!(typed("..ss..\npppppp").errors().is_empty());
        assert_eq!(typed("").errors().len(), 1, "no seats");
        let mut grid = typed("");
        grid.grid = "8 x 12".into();
        assert!(grid.errors().is_empty());
        assert_eq!(grid.shape().unwrap(), Shape::Grid { rows: 8, seats: 12 });
        grid.grid = "eight".into();
        assert!(grid.shape().is_err());
    }
}
