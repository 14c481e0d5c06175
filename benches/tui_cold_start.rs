//! Cold start: from launching the release binary in a pseudo-terminal to its first
//! frame (the login screen) on a SQLite database holding the demo cinema. Goal < 150 ms.
//! Each sample is a whole process start: exec, config, opening (and checking the
//! migrations of) the database, the terminal set-up, the first draw.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/pty.rs"]
#[allow(dead_code)]
mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

const BIN: &str = env!("CARGO_BIN_EXE_boxoffice");

fn cold_start(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/bench.db?mode=rwc", dir.path().display());
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    let env = vec![
        (
            "BOXOFFICE_CONFIG",
            dir.path().join("config.toml").display().to_string(),
        ),
        ("BOXOFFICE_DATA_DIR", dir.path().display().to_string()),
        ("BOXOFFICE_DATABASE_URL", url.clone()),
    ];
    let demo = std::process::Command::new(BIN)
        .args(["--database-url", &url, "demo", "--json"])
        .env("BOXOFFICE_DATA_DIR", dir.path())
        .env("BOXOFFICE_CONFIG", dir.path().join("config.toml"))
        .output()
        .unwrap();
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let mut group = c.benchmark_group("tui");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("cold start to the first frame (demo database)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let mut tui = pty::Tui::spawn(Path::new(BIN), &env, dir.path(), 24, 80);
                let shown = tui
                    .poll_for("Username", Duration::from_micros(500))
                    .expect("the login screen never appeared");
                total += shown - start;
                tui.press(b"\x1b");
                tui.wait_exit();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, cold_start);
criterion_main!(benches);
