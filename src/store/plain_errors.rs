//! sqlx's errors in words an operator can act on: what could not be reached or opened,
//! and what to check (host and port, the server, the file and who holds it), instead of
//! "pool timed out" or "(code: 5) database is locked".

use std::io;

use sqlx::postgres::PgConnectOptions;

use crate::vocab::StoreFailure;

/// How long a first connection may take before the address is called unreachable.
pub const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The same error, said plainly when it is one of the common ones.
pub fn plain(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::PoolTimedOut => {
            "the database did not answer in time (is it running and reachable?)".into()
        }
        sqlx::Error::Io(io) => io_words(io),
        sqlx::Error::Database(db) => match db.code().as_deref() {
            // SQLITE_BUSY and SQLITE_LOCKED: another program kept its write lock for
            // longer than the busy timeout.
            Some("5") | Some("6") | Some("517") | Some("261") => {
                "the SQLite database file is locked by another program for too long \
                 (another boxoffice migrating, a backup, or sqlite3 holding a write); \
                 close it and try again"
                    .into()
            }
            // PostgreSQL: the server is shutting down or the connection was cut.
            Some("57P01") | Some("57P02") | Some("57P03") => {
                "PostgreSQL is shutting down or starting up; try again in a moment".into()
            }
            Some("28P01") | Some("28000") => format!(
                "PostgreSQL refused the login: {} (check the user and password in the database url)",
                db.message()
            ),
            Some("3D000") => format!(
                "{} (create it with `createdb`, or check the database name in the url)",
                db.message()
            ),
            _ => e.to_string(),
        },
        _ => e.to_string(),
    }
}

fn io_words(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => {
            "connection refused: nothing listens at that host and port (is PostgreSQL running, and listening on TCP there?)".into()
        }
        io::ErrorKind::TimedOut => "the connection timed out (check the host, the port and any firewall)".into(),
        io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe | io::ErrorKind::UnexpectedEof => {
            "the database closed the connection".into()
        }
        io::ErrorKind::NotFound => format!("not found: {e} (check the host name)"),
        io::ErrorKind::PermissionDenied => format!("permission denied: {e}"),
        _ => e.to_string(),
    }
}

/// "PostgreSQL at HOST:PORT, database NAME" for messages that say where.
pub fn pg_where(options: &PgConnectOptions) -> String {
    format!(
        "PostgreSQL at {}:{} (database {:?})",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("postgres")
    )
}

impl From<sqlx::Error> for StoreFailure {
    fn from(e: sqlx::Error) -> Self {
        StoreFailure::new(plain(&e))
    }
}
