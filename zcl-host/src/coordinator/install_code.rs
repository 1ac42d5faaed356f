//! Install codes (Zigbee specification 4.6.3.4, Base Device Behavior 5.3.4): a device may
//! join with a link key derived from the code printed on it instead of the well-known key.

use crate::sniff::security::install_code_link_key;

/// Parses `IEEE:CODE` (the IEEE address as 16 hex digits or colon-separated, the code as hex
/// with its CRC-16 at the end, 6, 8, 12 or 16 bytes of code plus 2 of CRC) and derives the
/// link key (AES-MMO hash of the code and CRC).
///
/// # Errors
/// The address does not parse, the code has a wrong length or its CRC does not match.
pub fn parse(text: &str) -> Result<(u64, [u8; 16]), String> {
    // The IEEE address may itself contain colons: the code is the last field.
    let (ieee, code) = text
        .rsplit_once(':')
        .ok_or_else(|| format!("install code {text:?}: give IEEE:CODE"))?;
    let ieee = super::db::parse_ieee(ieee)
        .ok_or_else(|| format!("install code {text:?}: {ieee:?} is not an IEEE address"))?;
    let bytes = crate::text::parse_hex(code).map_err(|e| format!("install code {text:?}: {e}"))?;
    let key = install_code_link_key(&bytes).map_err(|e| format!("install code {text:?}: {e}"))?;
    Ok((ieee, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_with_good_crc_gives_the_key_and_a_bad_crc_is_refused() {
        // The example of the Base Device Behavior specification: code
        // 83FED3407A939723A5C639B26916D505 with CRC C3B5 gives key
        // 66B6900981E1EE3CA4206B6B861C02BB.
        let (ieee, key) =
            parse("00:11:22:33:44:55:66:77:83FED3407A939723A5C639B26916D505C3B5").unwrap();
        assert_eq!(ieee, 0x0011_2233_4455_6677);
        assert_eq!(hex::encode(key), "66b6900981e1ee3ca4206b6b861c02bb");
        let e = parse("0011223344556677:83FED3407A939723A5C639B26916D505C3B6").unwrap_err();
        assert!(e.contains("CRC"), "{e}");
        assert_eq!(
            parse("0011:83FE"),
            Err("install code \"0011:83FE\": \"0011\" is not an IEEE address".to_owned())
        );
    }
}
