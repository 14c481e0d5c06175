//! `boxoffice bench` runs for a few seconds on each backend and finds no double sale.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};

fn bench(url: &str, data: &std::path::Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_boxoffice"))
        .args([
            "--database-url",
            url,
            "--json",
            "bench",
            "--terminals",
            "6",
            "--seconds",
            "3",
        ])
        .env("BOXOFFICE_DATA_DIR", data)
        .env_remove("BOXOFFICE_DATABASE_URL")
        .env_remove("BOXOFFICE_CONFIG")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(out.status.success(), "{report}");
    // The progress line goes to stderr while it runs.
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds"));
    report
}

fn check(report: &serde_json::Value) {
    assert_eq!(report["double_sales"], 0, "{report}");
    assert_eq!(report["sold_not_paid"], 0, "{report}");
    assert_eq!(report["paid_not_ticketed"], 0, "{report}");
    assert_eq!(report["errors"], 0, "{report}");
    assert!(report["holds"].as_u64().unwrap() > 0, "{report}");
    assert!(report["sales"].as_u64().unwrap() > 0, "{report}");
    assert!(report["hold_latency"]["p99_ms"].as_f64().unwrap() > 0.0);
}

#[test]
fn bench_finds_no_double_sale_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/bench.db?mode=rwc", dir.path().display());
    check(&bench(&url, dir.path()));
}

#[test]
fn bench_finds_no_double_sale_on_postgres() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = rt.block_on(common::fresh_postgres_database()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = std::panic::catch_unwind(|| bench(&url, dir.path()));
    let name = url.rsplit('/').next().unwrap().to_string();
    rt.block_on(common::drop_postgres_database(&name));
    check(&report.unwrap());
}

/// `--mix holds` compares with the pgbench hold scripts: every hold given back, no sale;
/// the report says how much CPU the bench's own process spent per operation.
#[test]
fn bench_holds_only_sells_nothing_and_reports_its_cpu() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/mix.db?mode=rwc", dir.path().display());
    let out = Command::new(env!("CARGO_BIN_EXE_boxoffice"))
        .args([
            "--database-url",
            &url,
            "--json",
            "bench",
            "--terminals",
            "4",
            "--seconds",
            "2",
        ])
        .args(["--mix", "holds"])
        .env("BOXOFFICE_DATA_DIR", dir.path())
        .env_remove("BOXOFFICE_DATABASE_URL")
        .env_remove("BOXOFFICE_CONFIG")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["mix"], "holds");
    assert_eq!(report["sales"], 0, "{report}");
    assert!(report["releases"].as_u64().unwrap() > 0, "{report}");
    assert_eq!(
        report["holds"], report["releases"],
        "every hold given back: {report}"
    );
    assert!(
        report["cpu_ms_per_operation"].as_f64().unwrap() > 0.0,
        "{report}"
    );
    assert_eq!(report["errors"], 0, "{report}");
}
