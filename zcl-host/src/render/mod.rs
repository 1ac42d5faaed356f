//! Everything zcl-host prints about what it decoded, in one room above the decoders:
//!
//! - [`value`]: one ZCL value as JSON (the IEEE address form comes from [`zcl_frames::Eui64`]);
//! - [`names`]: cluster, command, field and attribute names from the registry;
//! - [`frame`]: a ZCL frame as JSON or one line (`zcl-host decode`, the `zcl` layer of sniff);
//! - [`sniff`]: a dissected 802.15.4 frame as one line or a JSON object (`zcl-host sniff`);
//! - [`summary`]: counting a capture's frames, layers and learned keys (`sniff --summary`).
//!
//! Dependencies point down only: `value` <- `names` <- `frame` <- `sniff`, and `summary` sits on
//! top of [`crate::capture`] (file formats) and [`crate::sniff`] (dissection), which know
//! nothing of rendering.

pub mod frame;
pub mod names;
pub mod sniff;
pub mod summary;
pub mod value;

pub use frame::{frame_json, frame_text};
pub use value::{hex_lower, ieee_string, value_json};
