//! Read Attributes (ZCL 2.5.1) and Read Attributes Response (ZCL 2.5.2).

use crate::foundation::list_command;

list_command! {
    /// Read Attributes (0x00, ZCL 2.5.1): a list of attribute ids (u16 each) to read.
    view ReadAttributes;
    /// Encoder of Read Attributes.
    repr ReadAttributesRepr;
    /// The attribute ids, read lazily.
    records attribute_ids: u16;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::foundation::test_util::check_emit;
    use crate::DecodeError;
    use proptest::prelude::*;

    #[test]
    fn parse_and_emit_read_attributes() {
        // Checked against zigpy: foundation.GENERAL_COMMANDS[0x00] schema serialize([4, 5]).
        let bytes = [
            0x04, 0x00, // attribute id 0x0004 (Basic: manufacturer name)
            0x05, 0x00, // attribute id 0x0005 (Basic: model identifier)
        ];
        let v = ReadAttributes::parse(&bytes).unwrap();
        let ids: Vec<u16> = v.attribute_ids().map(Result::unwrap).collect();
        assert_eq!(ids, [0x0004, 0x0005]);
        let repr = ReadAttributesRepr {
            attribute_ids: &ids[..],
        };
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
        // An iterator of ids by value works as well.
        let repr = ReadAttributesRepr {
            attribute_ids: [4u16, 5],
        };
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn parse_empty_list() {
        let v = ReadAttributes::parse(&[]).unwrap();
        assert_eq!(v.attribute_ids().count(), 0);
        let repr = ReadAttributesRepr {
            attribute_ids: [0u16; 0],
        };
        check_emit(&[], repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_odd_length_with_offset_of_the_cut_id() {
        let bytes = [0x04, 0x00, 0x05];
        let v = ReadAttributes::parse(&bytes).unwrap();
        let got: Vec<_> = v.attribute_ids().collect();
        assert_eq!(
            got,
            [
                Ok(4),
                Err(DecodeError::Truncated {
                    offset: 2,
                    needed: 1
                })
            ]
        );
    }

    proptest! {
        #[test]
        fn roundtrip_read_attributes(ids in proptest::collection::vec(any::<u16>(), 0..40)) {
            let repr = ReadAttributesRepr { attribute_ids: &ids[..] };
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            let back: Vec<u16> = ReadAttributes::parse(&buf[..n])
                .unwrap()
                .attribute_ids()
                .collect::<Result<_, _>>()
                .unwrap();
            prop_assert_eq!(back, ids);
        }

        #[test]
        fn roundtrip_read_attributes_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let v = ReadAttributes::parse(&bytes).unwrap();
            let ids: Result<Vec<u16>, _> = v.attribute_ids().collect();
            prop_assert_eq!(ids.is_ok(), bytes.len() % 2 == 0);
            if let Ok(ids) = ids {
                let mut buf = vec![0xffu8; bytes.len()];
                let n = ReadAttributesRepr { attribute_ids: &ids[..] }.emit(&mut buf).unwrap();
                prop_assert_eq!(&buf[..n], &bytes[..]);
            }
        }
    }
}
