//! Static metadata describing clusters, attributes and commands.
//!
//! The cluster declaration macro produces one [`ClusterMeta`] per cluster (a `static`), which the
//! registry (host side) and the device runtime's attribute store (firmware side) both read.
//! A firmware links only the `ClusterMeta` statics it names.

use zcl_core::{DataType, Direction};

bitflags::bitflags! {
    /// What may be done with an attribute (ZCL 2.3.5, the "access" column of attribute tables).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Access: u8 {
        /// Readable with Read Attributes.
        const READ = 0x01;
        /// Writable with Write Attributes.
        const WRITE = 0x02;
        /// May be configured for reporting.
        const REPORT = 0x04;
        /// Part of a scene's extension field set.
        const SCENE = 0x08;
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Access {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Access({=u8:#x})", self.bits());
    }
}

/// An attribute's default value as the specification gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum DefaultValue {
    /// An integer, bitmap, enum or boolean default (raw, as it would be sent, sign-extended for
    /// signed types).
    Int(i64),
    /// An unsigned default too large for `i64` (only 64-bit types).
    Uint(u64),
    /// A floating point default.
    Float(f64),
    /// A character or octet string default.
    Str(&'static str),
}

/// The names of an attribute's values from its cluster definition: a named enum (one name per
/// code) or a bitmap (one name per bit mask). Kept by the registry only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum ValueNames {
    /// An enumeration: (code, name) pairs.
    Enum(&'static [(u64, &'static str)]),
    /// A bitmap: (mask, name) pairs.
    Bitmap(&'static [(u64, &'static str)]),
}

impl ValueNames {
    /// The name of enum code `v` (`None` for a code the definition does not name, or a bitmap).
    pub fn name(&self, v: u64) -> Option<&'static str> {
        match self {
            ValueNames::Enum(items) => items.iter().find(|(c, _)| *c == v).map(|(_, n)| *n),
            ValueNames::Bitmap(_) => None,
        }
    }

    /// The names of the bitmap's flags set in `v`, in definition order (empty for an enum).
    pub fn flags(&self, v: u64) -> impl Iterator<Item = &'static str> + '_ {
        let items: &'static [(u64, &'static str)] = match self {
            ValueNames::Bitmap(items) => items,
            ValueNames::Enum(_) => &[],
        };
        items
            .iter()
            .filter(move |(m, _)| *m != 0 && v & m == *m)
            .map(|(_, n)| *n)
    }
}

/// An attribute's default value and range, where the specification gives them. Kept out of
/// line (attributes point to it) so that the many attributes without limits cost nothing and
/// identical limits are stored once. A missing bound is kept as `i64::MIN` / `i64::MAX`, which
/// no value passes, so the limits take 32 bytes instead of 48 (firmware flash); build them with
/// [`AttributeLimits::new`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AttributeLimits {
    default: Option<DefaultValue>,
    min: i64,
    max: i64,
}

impl AttributeLimits {
    /// Limits with this default value, smallest and largest allowed value (raw integers; for
    /// strings, `max` is the longest length). A bound of `i64::MIN` (min) or `i64::MAX` (max)
    /// is the same as none.
    pub const fn new(default: Option<DefaultValue>, min: Option<i64>, max: Option<i64>) -> Self {
        AttributeLimits {
            default,
            min: match min {
                Some(m) => m,
                None => i64::MIN,
            },
            max: match max {
                Some(m) => m,
                None => i64::MAX,
            },
        }
    }

    /// Default value.
    pub const fn default_value(&self) -> Option<DefaultValue> {
        self.default
    }

    /// Smallest allowed value (raw integer; for strings, unused).
    pub const fn min(&self) -> Option<i64> {
        if self.min == i64::MIN {
            None
        } else {
            Some(self.min)
        }
    }

    /// Largest allowed value (raw integer; for strings, the longest length).
    pub const fn max(&self) -> Option<i64> {
        if self.max == i64::MAX {
            None
        } else {
            Some(self.max)
        }
    }

    /// The range as two bounds, `i64::MIN` and `i64::MAX` where there is none.
    pub(crate) const fn bounds(&self) -> (i64, i64) {
        (self.min, self.max)
    }
}

/// One attribute of a cluster. Without the `registry` feature it carries no name, so firmware
/// pays only for the fields the runtime uses (16 bytes an attribute on a 32-bit target).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AttributeMeta {
    /// Attribute id.
    pub id: u16,
    /// snake_case name (only with the `registry` feature; see [`AttributeMeta::name`]).
    #[cfg(feature = "registry")]
    pub name: &'static str,
    /// Wire data type.
    pub data_type: DataType,
    /// Access rights.
    pub access: Access,
    /// Whether the specification makes the attribute mandatory.
    pub mandatory: bool,
    /// Manufacturer code for a manufacturer-specific attribute of a standard cluster.
    pub manufacturer: Option<u16>,
    /// Default and range, where the specification gives any.
    pub limits: Option<&'static AttributeLimits>,
}

impl AttributeMeta {
    /// snake_case name, or `""` when the crate is built without the `registry` feature.
    pub fn name(&self) -> &'static str {
        #[cfg(feature = "registry")]
        {
            self.name
        }
        #[cfg(not(feature = "registry"))]
        {
            ""
        }
    }

    /// Default value, where the specification gives one.
    pub fn default_value(&self) -> Option<DefaultValue> {
        self.limits.and_then(|l| l.default)
    }

    /// Smallest allowed value (raw integer), where the specification gives one.
    pub fn min(&self) -> Option<i64> {
        self.limits.and_then(AttributeLimits::min)
    }

    /// Largest allowed value (raw integer), where the specification gives one.
    pub fn max(&self) -> Option<i64> {
        self.limits.and_then(AttributeLimits::max)
    }

    /// The range as two bounds, `i64::MIN` and `i64::MAX` where there is none.
    pub(crate) fn bounds(&self) -> (i64, i64) {
        self.limits
            .map_or((i64::MIN, i64::MAX), AttributeLimits::bounds)
    }
}

/// One command of a cluster. Without the `registry` feature it carries no name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct CommandMeta {
    /// Command id.
    pub id: u8,
    /// snake_case name ("move_to_level_with_on_off"; only with the `registry` feature).
    #[cfg(feature = "registry")]
    pub name: &'static str,
    /// `ClientToServer` for commands the server receives, `ServerToClient` for commands it
    /// generates.
    pub direction: Direction,
    /// Whether the specification makes the command mandatory.
    pub mandatory: bool,
}

impl CommandMeta {
    /// snake_case name, or `""` when the crate is built without the `registry` feature.
    pub fn name(&self) -> &'static str {
        #[cfg(feature = "registry")]
        {
            self.name
        }
        #[cfg(not(feature = "registry"))]
        {
            ""
        }
    }
}

/// One cluster.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ClusterMeta {
    /// Cluster id.
    pub id: u16,
    /// Manufacturer code for a manufacturer-specific cluster, `None` for a standard one.
    pub manufacturer: Option<u16>,
    /// Name as the specification writes it ("Level Control").
    pub name: &'static str,
    /// Attributes, sorted by (id, manufacturer).
    pub attributes: &'static [AttributeMeta],
    /// Commands in both directions, sorted by (direction, id).
    pub commands: &'static [CommandMeta],
}

impl ClusterMeta {
    /// The attribute with this id (standard attributes first, then manufacturer-specific ones of
    /// `manufacturer`).
    pub fn attribute(&self, id: u16, manufacturer: Option<u16>) -> Option<&'static AttributeMeta> {
        let attrs: &'static [AttributeMeta] = self.attributes;
        attrs
            .iter()
            .find(|a| a.id == id && (a.manufacturer.is_none() || a.manufacturer == manufacturer))
    }

    /// The command with this id travelling in `direction`.
    pub fn command(&self, id: u8, direction: Direction) -> Option<&'static CommandMeta> {
        let cmds: &'static [CommandMeta] = self.commands;
        cmds.iter().find(|c| c.id == id && c.direction == direction)
    }
}

#[cfg(all(test, feature = "registry"))]
mod value_name_tests {
    use super::ValueNames;

    #[test]
    fn enum_and_bitmap_names_from_the_definitions() {
        // On/Off StartUpOnOff (ZCL 3.8.2.2.5): 0xff is "previous", 0x03 has no name.
        let e = crate::clusters::on_off::attribute_values(0x4003).unwrap();
        assert_eq!(e.name(0xff), Some("Previous"));
        assert_eq!(e.name(0x03), None);
        assert_eq!(e.flags(0xff).count(), 0);
        // IAS Zone ZoneStatus (ZCL 8.2.2.2.1.3): 0x0209 = alarm1 (0x1), battery (0x8),
        // battery defect (0x200); 0x8000 is reserved and named by nothing.
        let b = crate::registry::attribute_values(0x0500, None, 0x0002).unwrap();
        assert!(matches!(b, ValueNames::Bitmap(_)));
        let set: Vec<_> = b.flags(0x8209).collect();
        assert_eq!(set, ["ALARM1", "BATTERY", "BATTERY_DEFECT"]);
        assert_eq!(b.name(1), None);
        // An attribute without named values, and one that does not exist.
        assert!(crate::registry::attribute_values(0x0006, None, 0x0000).is_none());
        assert!(crate::registry::attribute_values(0x0006, None, 0x7777).is_none());
    }
}
