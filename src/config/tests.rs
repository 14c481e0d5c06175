#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;

use chrono::NaiveTime;

use super::*;
use crate::tui::theme::ThemeMode;

const EXAMPLE: &str = include_str!("../../config.example.toml");

fn file_with(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

fn env_in(data: &tempfile::TempDir) -> Environment {
    Environment {
        data_dir: Some(data.path().join("data")),
        ..Environment::default()
    }
}

fn parse_err(text: &str) -> String {
    Config::parse(text, Path::new("/x/y.toml"))
        .unwrap_err()
        .to_string()
}

#[test]
fn defaults_when_no_file() {
    let data = tempfile::tempdir().unwrap();
    let mut env = env_in(&data);
    // A config dir without config.toml in it.
    env.platform_config_dir = Some(data.path().join("nothing-here"));
    let loaded = load_with(None, None, &env).unwrap();
    assert_eq!(loaded.config, Config::default());
    assert_eq!(loaded.paths.config_file, None);
    assert!(loaded.paths.data_dir.is_dir());
    let url = loaded.config.database_url(&loaded.paths);
    assert!(url.starts_with("sqlite://"), "{url}");
    assert!(url.ends_with("/data/boxoffice.db?mode=rwc"), "{url}");
}

#[test]
fn the_default_config_file_is_read_when_present() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("conf");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "[booking]\nhold_minutes = 7\n").unwrap();
    let mut env = env_in(&data);
    env.platform_config_dir = Some(dir.clone());
    let loaded = load_with(None, None, &env).unwrap();
    assert_eq!(loaded.config.booking.hold_minutes, 7);
    assert_eq!(loaded.paths.config_file, Some(dir.join("config.toml")));
}

#[test]
fn the_example_file_sets_every_key_to_its_default() {
    let config = Config::parse(EXAMPLE, Path::new("config.example.toml")).unwrap();
    assert_eq!(config, Config::default());
    // Every key is written out, so a typo in the example would fail the parse above.
    // `database.url` alone stays commented: its default is "no url" (SQLite file).
    let table: toml::Table = toml::from_str(EXAMPLE).unwrap();
    let mut keys: Vec<String> = table
        .iter()
        .flat_map(|(section, v)| {
            let inner = v.as_table().unwrap();
            inner.keys().map(move |k| format!("{section}.{k}"))
        })
        .collect();
    keys.sort();
    let mut expected = vec![
        "venue.name",
        "venue.timezone",
        "venue.currency",
        "venue.business_day_starts",
        "venue.child_confirm_ratings",
        "booking.hold_minutes",
        "booking.max_seats_per_order",
        "booking.counter_reserve_seats",
        "schedule.ads_minutes",
        "schedule.cleaning_minutes",
        "ssh.listen",
        "ssh.kiosk",
        "ssh.max_sessions",
        "ssh.max_sessions_per_account",
        "ssh.idle_minutes",
        "ssh.connections_per_minute",
        "ssh.pool_connections",
        "identity.lockout_attempts",
        "identity.lockout_minutes",
        "payment.decline_percent",
        "payment.timeout_percent",
        "payment.latency_ms",
        "payment.timeout_ms",
        "payment.retries",
        "payment.retry_pause_ms",
        "shift.required",
        "tui.theme",
        "tui.printer_command",
        "log.level",
    ];
    expected.sort();
    assert_eq!(keys, expected);
    assert!(table.contains_key("database"));
    assert!(EXAMPLE.lines().any(|l| l.starts_with("# url = ")));
}

#[test]
fn every_value_of_the_example_is_what_the_defaults_say() {
    let c = Config::default();
    assert_eq!(c.venue.timezone, chrono_tz::Europe::Berlin);
    assert_eq!(c.venue.currency.as_str(), "EUR");
    assert_eq!(
        c.venue.business_day_starts,
        NaiveTime::from_hms_opt(6, 0, 0).unwrap()
    );
    assert_eq!(c.ssh.listen.to_string(), "127.0.0.1:2222");
    let v = c.venue_time();
    assert_eq!(v.zone, chrono_tz::Europe::Berlin);
}

#[test]
fn an_explicit_file_is_read_and_wins_over_the_environment() {
    let data = tempfile::tempdir().unwrap();
    let explicit = file_with("[venue]\nname = \"Explicit\"\n");
    let from_env = file_with("[venue]\nname = \"From env\"\n");
    let mut env = env_in(&data);
    env.config_file = Some(from_env.path().to_path_buf());
    let loaded = load_with(Some(explicit.path()), None, &env).unwrap();
    assert_eq!(loaded.config.venue.name, "Explicit");
    assert_eq!(loaded.paths.config_file.as_deref(), Some(explicit.path()));
    let loaded = load_with(None, None, &env).unwrap();
    assert_eq!(loaded.config.venue.name, "From env");
}

#[test]
fn a_missing_explicit_file_is_named() {
    let data = tempfile::tempdir().unwrap();
    let missing = data.path().join("nope.toml");
    let err = load_with(Some(&missing), None, &env_in(&data)).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, ConfigError::NotFound { .. }));
    assert!(text.contains(&missing.display().to_string()), "{text}");
    assert!(text.contains("--config"), "{text}");
}

#[test]
fn unknown_keys_are_named_with_their_path() {
    assert_eq!(
        parse_err("[booking]\nhold_minute = 5\n"),
        "config file /x/y.toml: unknown key `booking.hold_minute`"
    );
    assert_eq!(
        parse_err("[bookings]\nhold_minutes = 5\n"),
        "config file /x/y.toml: unknown key `bookings`"
    );
}

#[test]
fn a_bad_time_zone_is_named() {
    let text = parse_err("[venue]\ntimezone = \"Mars/Olympus\"\n");
    assert!(
        text.starts_with("config file /x/y.toml: venue.timezone: unknown time zone"),
        "{text}"
    );
    assert!(text.contains("Mars/Olympus"), "{text}");
    assert!(text.contains("line 2"), "{text}");
}

#[test]
fn out_of_range_values_are_named() {
    assert_eq!(
        parse_err("[booking]\nhold_minutes = 0\n"),
        "config file /x/y.toml: booking.hold_minutes: must be between 1 and 120, got 0"
    );
    assert_eq!(
        parse_err("[schedule]\ncleaning_minutes = 121\n"),
        "config file /x/y.toml: schedule.cleaning_minutes: must be between 0 and 120, got 121"
    );
}

#[test]
fn type_errors_name_the_key() {
    let text = parse_err("[booking]\nhold_minutes = \"ten\"\n");
    assert!(
        text.starts_with("config file /x/y.toml: booking.hold_minutes: "),
        "{text}"
    );
    let text = parse_err("[booking]\nhold_minutes = -1\n");
    assert!(
        text.starts_with("config file /x/y.toml: booking.hold_minutes: "),
        "{text}"
    );
    let text = parse_err("[ssh]\nlisten = \"localhost\"\n");
    assert!(
        text.starts_with("config file /x/y.toml: ssh.listen: "),
        "{text}"
    );
}

#[test]
fn currency_and_time_of_day_are_checked() {
    let text = parse_err("[venue]\ncurrency = \"eur\"\n");
    assert!(
        text.starts_with("config file /x/y.toml: venue.currency: "),
        "{text}"
    );
    assert!(Currency::parse("EURO").is_err());
    assert_eq!(Currency::parse("CHF").unwrap().to_string(), "CHF");
    let text = parse_err("[venue]\nbusiness_day_starts = \"6 am\"\n");
    assert!(
        text.starts_with("config file /x/y.toml: venue.business_day_starts: "),
        "{text}"
    );
    let c = Config::parse("[venue]\nbusiness_day_starts = 05:30\n", Path::new("a")).unwrap();
    assert_eq!(
        c.venue.business_day_starts,
        NaiveTime::from_hms_opt(5, 30, 0).unwrap()
    );
}

#[test]
fn child_ticket_ratings_are_read_and_checked() {
    assert_eq!(
        Config::default().venue.child_confirm_ratings,
        ["R", "NC-17", "18"]
    );
    let c = Config::parse(
        "[venue]\nchild_confirm_ratings = [\"15\", \"18\"]\n",
        Path::new("a"),
    )
    .unwrap();
    assert_eq!(c.venue.child_confirm_ratings, ["15", "18"]);
    let none = Config::parse("[venue]\nchild_confirm_ratings = []\n", Path::new("a")).unwrap();
    assert!(none.venue.child_confirm_ratings.is_empty(), "never asked");
    let text = parse_err("[venue]\nchild_confirm_ratings = [\"R\", \" \"]\n");
    assert!(
        text.starts_with("config file /x/y.toml: venue.child_confirm_ratings: "),
        "{text}"
    );
}

#[test]
fn syntax_errors_name_the_file_and_line() {
    let text = parse_err("[venue]\nname = \"x\"\n\n[booking\n");
    assert!(
        text.starts_with("config file /x/y.toml: line 4, column"),
        "{text}"
    );
}

#[test]
fn database_url_precedence_flag_then_env_then_file() {
    let file = Some("postgres://file/db".to_string());
    let env = Some("postgres://env/db");
    let flag = Some("sqlite:///tmp/flag.db");
    let got = |f, e, fi: &Option<String>| resolve_database_url(f, e, fi.clone()).unwrap();
    assert_eq!(got(flag, env, &file).as_deref(), flag);
    assert_eq!(got(None, env, &file).as_deref(), env);
    assert_eq!(got(None, None, &file), file);
    assert_eq!(got(None, None, &None), None);
    let err = resolve_database_url(None, Some("mysql://u:pw@h/db"), None).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with(ENV_DATABASE_URL), "{text}");
    assert!(!text.contains("pw"), "{text}");
}

#[test]
fn env_database_url_overrides_the_file_through_load() {
    let data = tempfile::tempdir().unwrap();
    let f = file_with("[database]\nurl = \"postgres://file/db\"\n");
    let mut env = env_in(&data);
    env.database_url = Some("postgres://env/db".to_string());
    let loaded = load_with(Some(f.path()), None, &env).unwrap();
    assert_eq!(
        loaded.config.database_url(&loaded.paths),
        "postgres://env/db"
    );
    let loaded = load_with(Some(f.path()), Some("sqlite://x.db"), &env).unwrap();
    assert_eq!(loaded.config.database_url(&loaded.paths), "sqlite://x.db");
    let text = parse_err("[database]\nurl = \"mysql://h/db\"\n");
    assert!(
        text.starts_with("config file /x/y.toml: database.url: "),
        "{text}"
    );
}

#[test]
fn passwords_stay_out_of_debug_output() {
    let db = DatabaseConfig {
        url: Some("postgres://box:s3cret@db.local:5432/box".to_string()),
    };
    let shown = format!("{db:?}");
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(
        shown.contains("postgres://box:***@db.local:5432/box"),
        "{shown}"
    );
}

#[test]
fn keys_and_theme_are_checked_by_name() {
    let c = Config::parse(
        "[tui]\ntheme = \"mono\"\nprinter_command = [\"lp\", \"-d\", \"counter\"]\n\n[keys]\nquit = [\"ctrl-q\"]\nbest_available = [\"B\", \"+\"]\n",
        Path::new("a"),
    )
    .unwrap();
    assert_eq!(c.theme_mode(), ThemeMode::Mono);
    let keymap = c.keymap().unwrap();
    assert_eq!(keymap.label(crate::tui::keymap::Action::Quit), "Ctrl-Q");
    assert_eq!(keymap.label(crate::tui::keymap::Action::Best), "B/+");
    assert_eq!(
        parse_err("[keys]\nfly = [\"f\"]\n"),
        "config file /x/y.toml: keys.fly: no action is called \"fly\""
    );
    let text = parse_err("[keys]\nquit = [\"ctrl-banana\"]\n");
    assert!(
        text.starts_with("config file /x/y.toml: keys.quit: \"ctrl-banana\" is not a key"),
        "{text}"
    );
    let text = parse_err("[keys]\nreload = [\"j\"]\n");
    assert!(
        text.starts_with("config file /x/y.toml: keys.reload: j is bound to both"),
        "{text}"
    );
    let text = parse_err("[tui]\ntheme = \"neon\"\n");
    assert!(
        text.starts_with("config file /x/y.toml: tui.theme: "),
        "{text}"
    );
    let text = parse_err("[tui]\nprinter_command = [\" \"]\n");
    assert!(
        text.starts_with("config file /x/y.toml: tui.printer_command: "),
        "{text}"
    );
}

#[test]
fn no_home_directory_asks_for_the_data_dir_variable() {
    let err = load_with(None, None, &Environment::default()).unwrap_err();
    assert!(err.to_string().contains(ENV_DATA_DIR), "{err}");
}
