//! Numbers and bytes as people type them on a command line or in a key file: one parser for
//! each, shared by the command line, the key store and the coordinator.

/// Parses a 16-bit id (cluster, group, ...) written in decimal or as `0x....`.
///
/// # Errors
/// Not a number, or out of range.
pub fn parse_u16(s: &str) -> Result<u16, String> {
    let t = s.trim();
    let parsed = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        u16::from_str_radix(h, 16)
    } else {
        t.parse::<u16>()
    };
    parsed.map_err(|e| format!("not a 16-bit id: {s:?} ({e})"))
}

/// Decodes a hex string, ignoring whitespace, `:`, `-` and `_` separators and a leading `0x`.
///
/// # Errors
/// A character that is not a hex digit, or an odd number of digits.
pub fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let t = s.trim();
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    let clean: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ':' | '-' | '_'))
        .collect();
    hex::decode(&clean).map_err(|e| format!("invalid hex: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_numbers_and_hex() {
        assert_eq!(parse_u16("0x0006"), Ok(6));
        assert_eq!(parse_u16(" 768 "), Ok(768));
        assert!(parse_u16("65536").unwrap_err().contains("not a 16-bit id"));
        assert_eq!(parse_hex("0x01:02-03_04 05"), Ok(vec![1, 2, 3, 4, 5]));
        assert_eq!(parse_hex(""), Ok(vec![]));
        assert_eq!(
            parse_hex("abc"),
            Err("invalid hex: Odd number of digits".to_owned())
        );
    }
}
