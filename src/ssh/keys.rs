//! OpenSSH public keys as people hand them over (`id_ed25519.pub`), read into what the
//! identity room stores: the fingerprint a login is matched by, and the key itself.

use russh::keys::ssh_key::{HashAlg, PublicKey};

use crate::identity::ports::PublicKeyEntry;

/// The one key in `text` (an OpenSSH public key line; blank and `#` lines skipped).
pub fn parse_public_key(text: &str) -> Result<PublicKeyEntry, String> {
    if text.contains("PRIVATE KEY") {
        return Err("this is a private key: give the .pub file".into());
    }
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let Some(line) = lines.next() else {
        return Err("no public key in the file".into());
    };
    if lines.next().is_some() {
        return Err("one key per file, please".into());
    }
    let key =
        PublicKey::from_openssh(line).map_err(|e| format!("not an OpenSSH public key ({e})"))?;
    Ok(entry_of(&key))
}

pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

fn entry_of(key: &PublicKey) -> PublicKeyEntry {
    let comment = key.comment().to_string();
    let mut bare = key.clone();
    bare.set_comment("");
    PublicKeyEntry {
        fingerprint: fingerprint(key),
        key: bare.to_openssh().unwrap_or_default().trim().to_string(),
        comment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ed25519_key_line_is_read_with_its_fingerprint() {
        let key = russh::keys::PrivateKey::random(
            &mut rand::rng(),
            russh::keys::ssh_key::Algorithm::Ed25519,
        )
        .unwrap();
        let line = format!("{} anna@laptop\n", key.public_key().to_openssh().unwrap());
        let entry = parse_public_key(&line).unwrap();
        assert!(entry.fingerprint.starts_with("SHA256:"));
        assert_eq!(entry.comment, "anna@laptop");
        assert!(entry.key.starts_with("ssh-ed25519 "));
        assert_eq!(entry.fingerprint, fingerprint(key.public_key()));
    }

    #[test]
    fn garbage_private_keys_and_empty_files_are_refused_with_a_reason() {
        assert!(parse_public_key("").unwrap_err().contains("no public key"));
        assert!(
            parse_public_key("ssh-ed25519 notbase64")
                .unwrap_err()
                .contains("not an OpenSSH")
        );
        assert!(
            parse_public_key("-----BEGIN OPENSSH PRIVATE KEY-----")
                .unwrap_err()
                .contains("private key")
        );
    }
}
