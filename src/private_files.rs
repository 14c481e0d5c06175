//! The data directory holds password hashes, customers' contact details and the ledger:
//! it and everything in it are for the user who runs the program alone (directory 0700,
//! files 0600), like OpenSSH's `~/.ssh`. New files are made private by the process's
//! file-creation mask; files made by an earlier version are tightened at start-up; and a
//! config file that carries a database password while others can read it is refused, as
//! `ssh` refuses a private key others can read.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Folders below the data directory whose files are private too.
const PRIVATE_SUBDIRS: &[&str] = &["receipts", "reports"];

/// From now on every file and folder this process creates is private to its user: the
/// SQLite database and its `-wal` and `-shm` files (made by SQLite itself, out of our
/// reach otherwise), the log, receipts, exports, the SSH host key.
pub fn restrict_new_files() {
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// Creates the data directory if needed and makes it and the files in it private,
/// including those an earlier version created readable by everyone.
pub fn make_private(data_dir: &Path) -> io::Result<()> {
    fs::create_dir_all(data_dir)?;
    tighten_dir(data_dir)?;
    for sub in PRIVATE_SUBDIRS {
        let dir = data_dir.join(sub);
        if dir.is_dir() {
            tighten_dir(&dir)?;
        }
    }
    Ok(())
}

fn tighten_dir(dir: &Path) -> io::Result<()> {
    set_mode(dir, 0o700)?;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        // Not followed: a link could point at a file that is not ours to change.
        if entry.file_type()?.is_file() {
            set_mode(&entry.path(), 0o600)?;
        }
    }
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    let current = fs::metadata(path)?.permissions().mode() & 0o777;
    if current & !mode != 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(current & mode))?;
    }
    Ok(())
}

/// Refuses a config file that holds a database password while users other than its
/// owner can read it. `Err` says which file, why, and the command that fixes it.
pub fn check_config_secret(config_file: &Path, database_url: Option<&str>) -> Result<(), String> {
    let Some(url) = database_url else {
        return Ok(());
    };
    if !url_has_password(url) {
        return Ok(());
    }
    let mode = fs::metadata(config_file)
        .map_err(|e| format!("cannot read {}: {e}", config_file.display()))?
        .permissions()
        .mode()
        & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "{} holds a database password and others can read it (mode {mode:03o}); \
             run `chmod 600 {}` or give the password in BOXOFFICE_DATABASE_URL instead",
            config_file.display(),
            config_file.display()
        ));
    }
    Ok(())
}

/// `scheme://user:password@host...`: a password is there when the part before `@` in the
/// authority has a colon.
fn url_has_password(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    match authority.rsplit_once('@') {
        Some((userinfo, _)) => userinfo.split_once(':').is_some_and(|(_, p)| !p.is_empty()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_password_in_the_url_is_found() {
        assert!(url_has_password("postgres://bo:secret@db:5432/boxoffice"));
        assert!(!url_has_password("postgres://bo@db:5432/boxoffice"));
        assert!(!url_has_password("postgres://db:5432/boxoffice"));
        assert!(!url_has_password("sqlite:///home/x/a:b@c.db"));
        assert!(!url_has_password("postgres://bo:@db/x"));
    }

    #[test]
    fn files_made_readable_by_others_are_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        fs::create_dir(&data).unwrap();
        fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
        let db = data.join("boxoffice.db");
        fs::write(&db, b"x").unwrap();
        fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).unwrap();
        make_private(&data).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&db), 0o600);
    }

    #[test]
    fn a_readable_config_with_a_password_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        fs::write(&file, "[database]\nurl = \"postgres://a:b@h/d\"\n").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let err = check_config_secret(&file, Some("postgres://a:b@h/d")).unwrap_err();
        assert!(err.contains("chmod 600"), "{err}");
        assert!(check_config_secret(&file, Some("postgres://a@h/d")).is_ok());
        fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
        assert!(check_config_secret(&file, Some("postgres://a:b@h/d")).is_ok());
    }
}
