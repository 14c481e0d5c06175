//! The real binary in a pseudo-terminal, its screen kept up to date by a reader thread
//! (portable-pty + vt100: the one pairing that never raced here, see DEPENDENCIES.md).

use std::io::{Read, Write};
use std::num::NonZero;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const WAIT: Duration = Duration::from_secs(15);

/// Kills the app if the test fails half way, so no process outlives it.
struct KillOnDrop(Box<dyn Child + Send + Sync>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
    }
}

pub struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: KillOnDrop,
    // Kept open as long as the app runs: closing it hangs up the app's terminal.
    _master: Box<dyn MasterPty + Send>,
}

impl Tui {
    /// Starts `boxoffice` (or `binary`) with exactly these variables on top of a clean
    /// environment: nothing from the user's config can leak in.
    pub fn spawn(binary: &Path, env: &[(&str, String)], cwd: &Path, rows: u16, cols: u16) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(binary);
        cmd.env_clear();
        for keep in ["PATH", "HOME", "LANG"] {
            if let Some(v) = std::env::var_os(keep) {
                cmd.env(keep, v);
            }
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", cwd);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(cwd);
        let child = KillOnDrop(pty.slave.spawn_command(cmd).unwrap());
        drop(pty.slave);
        // Read everything the app writes, or it blocks once the pty's buffer is full.
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZero::new(rows).unwrap(),
            NonZero::new(cols).unwrap(),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let feed = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Tui {
            parser,
            writer,
            child,
            _master: pty.master,
        }
    }

    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Waits until the screen satisfies `ok`, and returns it.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            let text = self.text();
            if ok(&text) {
                return text;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("{what} never appeared; the screen was:\n{}", self.text());
    }

    /// Waits until one of `needles` is on screen and returns it.
    pub fn wait_for_any<'a>(&self, needles: &[&'a str]) -> &'a str {
        let text = self.wait_until(&format!("any of {needles:?}"), |t| {
            needles.iter().any(|n| t.contains(n))
        });
        needles
            .iter()
            .find(|n| text.contains(*n))
            .copied()
            .unwrap_or_default()
    }

    /// Polls every `poll` for `needle`; `None` if it never came within `WAIT`.
    pub fn poll_for(&self, needle: &str, poll: Duration) -> Option<Instant> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return Some(Instant::now());
            }
            std::thread::sleep(poll);
        }
        None
    }

    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |t| t.contains(needle))
    }

    pub fn press(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn type_text(&mut self, text: &str) {
        self.press(text.as_bytes());
    }

    /// Waits for the app to end and for the reader to take in its last bytes.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = self.child.0.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the app did not quit:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(30));
        };
        let deadline = Instant::now() + WAIT;
        while self.alternate_screen() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(30));
        }
        status
    }
}
