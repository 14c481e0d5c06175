//! The screens open, as a stack: the one in front gets the keys; closing it shows the
//! one below. Never empty. A manager's tabs (Schedule, Halls, ...) are one stack each.

use crate::tui::screens::Screen;

pub struct Stack {
    first: Box<dyn Screen>,
    above: Vec<Box<dyn Screen>>,
}

impl Stack {
    pub fn new(first: Box<dyn Screen>) -> Stack {
        Stack {
            first,
            above: Vec::new(),
        }
    }

    pub fn front(&self) -> &dyn Screen {
        self.above.last().unwrap_or(&self.first).as_ref()
    }

    pub fn front_mut(&mut self) -> &mut dyn Screen {
        self.above.last_mut().unwrap_or(&mut self.first).as_mut()
    }

    /// Only the first screen is open.
    pub fn at_first(&self) -> bool {
        self.above.is_empty()
    }

    pub fn push(&mut self, screen: Box<dyn Screen>) {
        self.above.push(screen);
    }

    /// Closes the front screen; the first one stays.
    pub fn pop(&mut self) {
        self.above.pop();
    }

    /// Closes every screen but the first.
    pub fn pop_to_first(&mut self) {
        self.above.clear();
    }

    pub fn replace_front(&mut self, screen: Box<dyn Screen>) {
        *self.front_box() = screen;
    }

    /// Closes every screen and opens `first`.
    pub fn reset(&mut self, first: Box<dyn Screen>) {
        self.above.clear();
        self.first = first;
    }

    /// From the front to the first.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Box<dyn Screen>> {
        self.above
            .iter_mut()
            .rev()
            .chain(std::iter::once(&mut self.first))
    }

    /// From the front to the first.
    pub fn iter(&self) -> impl Iterator<Item = &dyn Screen> {
        self.above
            .iter()
            .rev()
            .chain(std::iter::once(&self.first))
            .map(|s| s.as_ref())
    }

    fn front_box(&mut self) -> &mut Box<dyn Screen> {
        self.above.last_mut().unwrap_or(&mut self.first)
    }
}
