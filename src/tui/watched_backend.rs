//! An in-memory terminal whose frames can be watched while an event loop draws into it:
//! each flush hands the screen's text to a callback. For the tests and measurements that
//! run the real loop without a terminal (two counters seeing each other, the live feed's
//! delay), so that they read exactly what a person would see.

use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

pub struct WatchedBackend<F: FnMut(&str)> {
    inner: TestBackend,
    on_frame: F,
}

impl<F: FnMut(&str)> WatchedBackend<F> {
    /// A `width` x `height` terminal; `on_frame` is called with the whole screen, as
    /// text, at every flush (once per frame drawn).
    pub fn new(width: u16, height: u16, on_frame: F) -> Self {
        WatchedBackend {
            inner: TestBackend::new(width, height),
            on_frame,
        }
    }
}

impl<F: FnMut(&str)> Backend for WatchedBackend<F> {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()?;
        (self.on_frame)(&self.inner.to_string());
        Ok(())
    }
}
