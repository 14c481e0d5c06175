//! Setting up and checking a database: migrations, demo data, the contention load test.

use std::io::IsTerminal;

use serde_json::json;

use crate::demo;
use crate::load_test::{self, BenchOptions};
use crate::services::Services;

use super::output::{Failure, Outcome};

/// The database address without its password, fit to print.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub async fn migrate(services: &Services, database: &str) -> Result<Outcome, Failure> {
    Ok(Outcome::new(
        format!(
            "The {} database {} is up to date.",
            services.backend.name(),
            redact(database)
        ),
        json!({ "backend": services.backend.name(), "database": redact(database), "migrated": true }),
    ))
}

pub async fn demo(services: &Services) -> Result<Outcome, Failure> {
    let summary = demo::seed(services).await?;
    let mut text = format!(
        "Demo cinema ready: {} halls ({} seats), {} movies, {} showtimes over the next seven days.\n\n\
         Staff accounts (the passwords are shown this once; write them down):\n",
        summary.halls, summary.seats, summary.movies, summary.showtimes
    );
    for a in &summary.accounts {
        text.push_str(&format!(
            "  {:<8} {:<8} password: {}\n",
            a.username,
            a.role.as_str(),
            a.password
        ));
    }
    Ok(Outcome::new(
        text,
        serde_json::to_value(&summary).unwrap_or_default(),
    ))
}

pub async fn bench(
    services: &Services,
    database: &str,
    options: BenchOptions,
) -> Result<Outcome, Failure> {
    let (terminals, seconds) = (options.terminals, options.seconds);
    let tty = std::io::stderr().is_terminal();
    let progress = |line: &str| {
        if tty {
            eprint!("\r{line}   ");
        } else {
            eprintln!("{line}");
        }
    };
    eprintln!(
        "bench: {terminals} counters for {seconds} s on the {} database {} (it writes a bench hall and sales)",
        services.backend.name(),
        redact(database)
    );
    let report = load_test::run(database, services.venue.clone(), options, &progress)
        .await
        .map_err(|e| match e {
            load_test::BenchError::BadOptions => Failure::invalid("bench", e.to_string()),
            other => Failure::internal(other.to_string()),
        })?;
    if tty {
        eprintln!();
    }
    let r = &report;
    let lat = |l: &load_test::Latency| {
        format!(
            "p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
            l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms
        )
    };
    let mut text = format!(
        "{} counters ({} mix), {:.1} s on {}; this process used {:.2} ms of CPU per operation\n\
         holds     {:>8}  {:>9.1}/s   {}\n\
         sales     {:>8}  {:>9.1}/s   {}\n\
         seats sold {} in {} showtime(s); conflicts {}; released {}; abandoned {}; errors {}\n\
         double sales {}   sold but not paid {}   paid but not ticketed {}",
        r.terminals,
        r.mix.as_str(),
        r.seconds,
        r.backend,
        r.cpu_ms_per_operation,
        r.holds,
        r.holds_per_second,
        lat(&r.hold_latency),
        r.sales,
        r.sales_per_second,
        lat(&r.sale_latency),
        r.seats_sold,
        r.showtimes_used,
        r.conflicts,
        r.releases,
        r.abandoned,
        r.errors,
        r.double_sales,
        r.sold_not_paid,
        r.paid_not_ticketed,
    );
    for e in &r.first_errors {
        text.push_str(&format!("\n  error: {e}"));
    }
    let json = serde_json::to_value(r).unwrap_or_default();
    if !r.is_sound() {
        let mut details = serde_json::Map::new();
        details.insert("report".into(), json);
        return Err(Failure {
            kind: crate::vocab::ErrorKind::Internal,
            code: "integrity_violated",
            message: format!(
                "{text}\nthe database holds a double sale or an unpaid or unticketed sale"
            ),
            details,
        });
    }
    Ok(Outcome::new(text, json))
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_print() {
        assert_eq!(
            redact("postgres://bo:secret@db:5432/x"),
            "postgres://bo:***@db:5432/x"
        );
        assert_eq!(redact("postgres://bo@db/x"), "postgres://bo@db/x");
        assert_eq!(redact("sqlite:///tmp/a.db"), "sqlite:///tmp/a.db");
    }
}
