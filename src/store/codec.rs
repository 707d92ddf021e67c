//! The value codec: a format-version byte, then the bincode encoding of a serde value.
//!
//! The version byte is the envelope that lets the file format evolve: a reader that meets a
//! byte it does not know refuses the value with a clear error instead of misreading it, and a
//! later version can swap the codec behind a new byte without breaking old files.

use crate::error::{Error, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The envelope byte of values this build writes.
pub const VALUE_VERSION: u8 = 1;

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Encodes `value` behind the version byte.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = vec![VALUE_VERSION];
    bincode::serde::encode_into_std_write(value, &mut out, config())
        .map_err(|e| Error::Format(format!("cannot encode a value: {e}")))?;
    Ok(out)
}

/// Decodes a value written by [`encode`].
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    match bytes.split_first() {
        Some((&VALUE_VERSION, body)) => bincode::serde::decode_from_slice(body, config())
            .map(|(value, _)| value)
            .map_err(|e| Error::Format(format!("a stored value is damaged: {e}"))),
        Some((version, _)) => Err(Error::Format(format!(
            "a stored value has format version {version}, which this build of mtodir cannot read"
        ))),
        None => Err(Error::Format("a stored value is empty".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_unknown_versions() {
        let bytes = encode(&("annie", 7u32)).unwrap();
        assert_eq!(bytes[0], VALUE_VERSION);
        assert_eq!(decode::<(String, u32)>(&bytes).unwrap(), ("annie".to_owned(), 7));
        let mut future = bytes.clone();
        future[0] = 99;
        assert!(matches!(decode::<(String, u32)>(&future), Err(Error::Format(_))));
        assert!(decode::<(String, u32)>(&[]).is_err());
    }
}
