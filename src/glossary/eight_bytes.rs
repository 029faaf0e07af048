//! Eight bytes at a time: loading a few bytes of text as one number and lower-casing
//! ASCII letters in all eight at once, for the word lookups that run over every word of
//! the prose.

/// The first eight bytes of `bytes` (fewer, zero-padded, if it is shorter) as a
/// little-endian number, ASCII letters lower-cased.
pub(crate) fn load_lower(bytes: &[u8]) -> u64 {
    lower_ascii_letters(load_zero_padded(bytes, 0, bytes.len().min(8)))
}

/// `word` with every byte from `A` to `Z` lower-cased, eight bytes at once (non-ASCII
/// bytes are left alone).
pub(crate) fn lower_ascii_letters(word: u64) -> u64 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    let ascii = word & (0x7f * EACH);
    // High bit of each byte: at least `A`; above `Z` (no carry crosses a byte: a byte
    // below 0x80 plus at most 0x3f stays below 0x100).
    let from_a = ascii + (0x80 - u64::from(b'A')) * EACH;
    let past_z = ascii + (0x7f - u64::from(b'Z')) * EACH;
    let upper = from_a & !past_z & !word & (0x80 * EACH);
    word | (upper >> 2)
}

/// The first (up to) eight bytes of a lower-case ASCII string and the mask of them:
/// text whose next eight bytes, lower-cased ([`load_lower`]), differ under the mask
/// cannot start with the string. One comparison of numbers rules most places out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Prefix {
    // Fixed width in the glossary cache: these are bit patterns, whose variable-length
    // encoding takes ten bytes and a loop to read.
    #[serde(with = "postcard::fixint::le")]
    bytes: u64,
    #[serde(with = "postcard::fixint::le")]
    mask: u64,
}

impl Prefix {
    /// The prefix of `lower` (lower-case; only its first eight bytes count).
    pub(crate) fn of(lower: &[u8]) -> Prefix {
        Prefix {
            bytes: load_lower(lower),
            mask: mask_of(lower.len()),
        }
    }

    /// Whether text whose next eight bytes are `loaded` ([`load_lower`]) starts with
    /// the prefix.
    pub(crate) fn starts(self, loaded: u64) -> bool {
        loaded & self.mask == self.bytes
    }
}

/// The mask of the first `n` bytes of a little-endian number (all eight from eight).
pub(crate) fn mask_of(n: usize) -> u64 {
    match n {
        0 => 0,
        1..8 => (1u64 << (8 * n)) - 1,
        _ => u64::MAX,
    }
}

/// Whether `text` equals `lower` (lower-case ASCII) but for the case of ASCII letters.
pub(crate) fn eq_lower(text: &[u8], lower: &[u8]) -> bool {
    text.len() == lower.len()
        && text
            .chunks(8)
            .zip(lower.chunks(8))
            .all(|(t, l)| load_lower(t) == load_lower(l))
}

/// The `n` (at most eight) bytes at `at` as a little-endian number, zero-padded: one
/// load and a mask where eight bytes can be read (no copy of a few bytes, which is a
/// call to `memcpy`).
pub(crate) fn load_zero_padded(bytes: &[u8], at: usize, n: usize) -> u64 {
    match bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        Some(chunk) => u64::from_le_bytes(*chunk) & mask_of(n),
        None => {
            let mut chunk = [0u8; 8];
            chunk[..n].copy_from_slice(&bytes[at..at + n]);
            u64::from_le_bytes(chunk)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::any;

    proptest::proptest! {
        #[test]
        fn eight_bytes_lower_case_as_each_byte_does(bytes in proptest::collection::vec(any::<u8>(), 0..12)) {
            let lowered: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
            let mut expected = [0u8; 8];
            let n = lowered.len().min(8);
            expected[..n].copy_from_slice(&lowered[..n]);
            proptest::prop_assert_eq!(load_lower(&bytes), u64::from_le_bytes(expected));
            proptest::prop_assert_eq!(
                eq_lower(&bytes, &lowered),
                true
            );
            proptest::prop_assert_eq!(
                eq_lower(&bytes, &bytes.to_ascii_lowercase()[..bytes.len().saturating_sub(1)]),
                bytes.is_empty()
            );
        }
    }

    #[test]
    fn masks_cover_the_first_bytes() {
        assert_eq!(mask_of(0), 0);
        assert_eq!(mask_of(3), 0xff_ffff);
        assert_eq!(mask_of(8), u64::MAX);
        assert_eq!(mask_of(20), u64::MAX);
        assert_eq!(
            load_zero_padded(b"abcdefghij", 8, 2),
            u64::from(b'i') | u64::from(b'j') << 8
        );
        assert_eq!(
            load_zero_padded(b"abcdefghij", 1, 2),
            u64::from(b'b') | u64::from(b'c') << 8
        );
    }
}
