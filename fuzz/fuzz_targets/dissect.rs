//! Any bytes as one 802.15.4 frame (FCS removed) through the sniffer's dissector, with a key
//! store holding the default trust-center key and a network key, so every layer is reached:
//! MAC (beacons, commands), NWK and its commands, APS and its commands (Transport Key learning
//! included), Green Power, touchlink, ZDP and ZCL (as the sniffer prints them). Nothing may
//! panic, and a frame whose MIC fails must not be decoded past its security header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zcl_host::sniff::{dissect, KeyStore};

fuzz_target!(|data: &[u8]| {
    let mut keys = KeyStore::new();
    let _ = keys.add_network_key(*b"0123456789abcdef", Some(0), None);
    let d = dissect(data, &mut keys);
    // Walk every view the dissection offers.
    let _ = d.mac();
    let _ = d.nwk();
    let _ = d.nwk_command();
    let _ = d.gp();
    let _ = d.gp_command();
    let _ = d.aps();
    let _ = d.aps_command();
    let _ = d.tunneled_command();
    let _ = d.touchlink();
    if let Some(app) = d.app() {
        if app.is_zdp() {
            let _ = zcl_core::zdp::ZdpFrame::parse(app.cluster, app.payload);
        } else {
            let _ = zcl_host::render::frame_json(app.cluster, app.payload);
        }
    }
    // The one-line form touches every field again.
    let line = d.to_string();
    assert!(!line.is_empty());
    if d.undecrypted() {
        assert!(d.app().is_none(), "an undecrypted frame was decoded: {line}");
    }
});
