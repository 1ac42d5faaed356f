//! Manufacturer-specific clusters, keyed by (cluster id, manufacturer code). Each module names
//! the public source its facts come from.

pub mod develco;
pub mod ikea;
pub mod legrand;
pub mod philips;
pub mod schneider;
pub mod smartthings;
pub mod sonoff;
pub mod tuya;
pub mod ubisys;
pub mod xiaomi;

#[cfg(test)]
mod tests {
    /// Every command of every manufacturer-specific cluster round-trips and decodes by name.
    #[test]
    fn roundtrip_every_manufacturer_command() {
        let n = super::tuya::roundtrip_all()
            + super::xiaomi::roundtrip_all()
            + super::philips::hue_button::roundtrip_all()
            + super::philips::hue_effects::roundtrip_all()
            + super::philips::hue_entertainment::roundtrip_all()
            + super::ikea::remote_buttons::roundtrip_all()
            + super::legrand::pilot_wire::roundtrip_all()
            + super::legrand::devices3::roundtrip_all()
            + super::smartthings::arrival_sensor::roundtrip_all();
        assert_eq!(n, 19 + 1 + 1 + 5 + 5 + 1 + 1 + 1);
    }

    #[test]
    fn at_least_fifteen_manufacturer_clusters_are_registered() {
        let (_, mfr, _, _) = crate::registry::totals();
        assert!(mfr >= 15, "{mfr}");
    }
}
