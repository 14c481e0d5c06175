//! Running the real binary against a fresh database of each backend.

use std::process::{Command, Output, Stdio};

/// A fresh database for the binary, with a data directory of its own; a PostgreSQL one is
/// dropped when this is.
pub struct BinDb {
    pub url: String,
    pub pg: Option<String>,
    pub dir: tempfile::TempDir,
}

impl Drop for BinDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg.take() {
            // Drop runs outside any runtime: the clean-up gets one of its own.
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Runtime::new() {
                    rt.block_on(super::drop_postgres_database(&name));
                }
            })
            .join();
        }
    }
}

/// A SQLite file, and a PostgreSQL database when one is reachable (required under CI).
pub fn databases() -> Vec<BinDb> {
    let dir = tempfile::tempdir().unwrap();
    let mut dbs = vec![BinDb {
        url: format!("sqlite://{}/t.db?mode=rwc", dir.path().display()),
        pg: None,
        dir,
    }];
    let rt = tokio::runtime::Runtime::new().unwrap();
    if let Some(url) = rt.block_on(super::fresh_postgres_database()) {
        let name = url.rsplit('/').next().unwrap().to_string();
        dbs.push(BinDb {
            url,
            pg: Some(name),
            dir: tempfile::tempdir().unwrap(),
        });
    }
    dbs
}

/// The binary on this database, with nothing inherited that could point it elsewhere.
pub fn command(db: &BinDb, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_boxoffice"));
    c.args(["--database-url", &db.url])
        .args(args)
        .env("BOXOFFICE_DATA_DIR", db.dir.path())
        // A config file in the user's home must not leak in.
        .env("XDG_CONFIG_HOME", db.dir.path())
        .env_remove("BOXOFFICE_DATABASE_URL")
        .env_remove("BOXOFFICE_CONFIG")
        .stdin(Stdio::null());
    c
}

pub fn run(db: &BinDb, args: &[&str]) -> Output {
    command(db, args).output().unwrap()
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}
