//! The server's host key: made on first start, then read back, so clients that checked
//! its fingerprint once recognise the server afterwards.

use std::io::Write;
use std::path::{Path, PathBuf};

use russh::keys::PrivateKey;
use russh::keys::ssh_key::{self, Algorithm, HashAlg, LineEnding};

pub const FILE_NAME: &str = "ssh_host_ed25519_key";

pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// Reads the key, or makes and saves a new one (readable by this user only).
pub fn load_or_create(data_dir: &Path) -> Result<PrivateKey, String> {
    let path = path_in(data_dir);
    if path.exists() {
        return russh::keys::load_secret_key(&path, None)
            .map_err(|e| format!("cannot read the host key {}: {e}", path.display()));
    }
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .map_err(|e| format!("cannot make a host key: {e}"))?;
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| format!("cannot encode the host key: {e}"))?;
    write_private(&path, text.as_bytes())
        .map_err(|e| format!("cannot save the host key {}: {e}", path.display()))?;
    tracing::info!("ssh: made a new host key in {}", path.display());
    Ok(key)
}

/// OpenSSH's `SHA256:...` form, as `ssh` shows it when it first meets the server.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

/// The public half in `authorized_keys`/`known_hosts` form.
pub fn public_line(key: &PrivateKey) -> Result<String, ssh_key::Error> {
    key.public_key().to_openssh()
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
