//! The cluster declaration macro, [`zcl_cluster!`](crate::zcl_cluster).
//!
//! One invocation declares one cluster in the module it is invoked in:
//!
//! ```
//! mod on_off {
//! use zcl_clusters::field::*;
//! zcl_clusters::zcl_cluster! {
//!     /// On/Off (ZCL 3.8).
//!     cluster 0x0006 "On/Off";
//!     enums {
//!         /// Effect of Off With Effect (ZCL 3.8.2.3.4.1).
//!         OnOffEffectIdentifier: enum8 { DelayedAllOff = 0, DyingLight = 1 }
//!     }
//!     bitmaps {
//!         /// Options of On With Timed Off.
//!         OnOffControl: map8 { ACCEPT_ONLY_WHEN_ON = 0x01 }
//!     }
//!     structs {}
//!     attributes {
//!         /// Whether the device is on.
//!         0x0000 ON_OFF "on_off": Bool [R P S] mandatory def(Int(0)) range(0, 1);
//!         /// A manufacturer-specific attribute of a standard cluster.
//!         0xff01 VENDOR_STATE "vendor_state": OctetString [R P] optional mfr(0x115f);
//!     }
//!     received {
//!         /// Turns the device off.
//!         0x00 Off "off" mandatory {}
//!         /// Turns the device on for a while.
//!         0x42 OnWithTimedOff "on_with_timed_off" optional {
//!             on_off_control: OnOffControl, on_time: u16, off_wait_time: u16
//!         }
//!     }
//!     generated {}
//! }
//! }
//! use zcl_clusters::Command;
//! let c = on_off::OnWithTimedOff::parse_payload(&[0x01, 0x1e, 0x00, 0x0a, 0x00]).unwrap();
//! assert_eq!(c.on_time, 30);
//! assert_eq!(on_off::META.attributes.len(), 2);
//! ```
//!
//! Attributes: id, constant name, snake_case name, data type (a `zcl_core::DataType` variant),
//! access (`R` read, `W` write, `P` report, `S` scene), `mandatory`/`optional`, then optional
//! `def(Int(..))`/`def(Uint(..))`/`def(Float(..))`/`def(Str(..))`, `range(min, max)`,
//! `mfr(code)` and `values(Name)` (an enum or bitmap of the cluster naming the attribute's values,
//! which the registry prints). A cluster of one vendor is declared `cluster 0xfc11 mfr 0x1286 "Sonoff";`.
//!
//! Fields are Rust types implementing [`Field`](crate::field::Field); a field may carry one
//! presence clause in brackets after its type:
//! * `[opt]`: trailing optional field, read when bytes are left (type becomes `Option<T>`);
//! * `[if EXPR]`: present when `EXPR` (over earlier fields, through [`raw`](crate::field::raw))
//!   holds (type becomes `Option<T>`);
//! * `[opt if EXPR]`: present when `EXPR` holds and bytes are left (a trailing field the
//!   specification ties to a condition, which senders in practice also leave out);
//! * `[count EXPR]`: a [`List`](crate::field::List) whose element count is `EXPR`.
//!
//! Lists with a count prefix are `List<'a, Count8, T>`, lists that run to the end of the frame
//! `List<'a, ToEnd, T>`.
//!
//! Generated: `ID`, `MANUFACTURER`, a typed [`Attribute`](crate::field::Attribute) constant per
//! attribute (and its id as a `u16` in the `attr_id` module, for `match`), the enums (with `Unknown(..)`), bitmaps (newtypes that keep reserved bits), structs,
//! one struct per command implementing [`Command`](crate::field::Command), the `static META:
//! ClusterMeta`, and with the `registry` feature `visit_command`, which decodes a command by id
//! into a [`FieldVisitor`](crate::registry::FieldVisitor).

/// Declares a cluster (see the [module documentation](crate::macros)).
#[macro_export]
macro_rules! zcl_cluster {
    (
        $(#[$cm:meta])*
        cluster $id:literal $(mfr $mfr:literal)? $name:literal;
        enums { $( $(#[$em:meta])* $ename:ident : $erepr:ident { $( $(#[$vm:meta])* $var:ident = $val:literal ),* $(,)? } )* }
        bitmaps { $( $(#[$bm:meta])* $bname:ident : $brepr:ident { $( $(#[$fm:meta])* $flag:ident = $mask:literal ),* $(,)? } )* }
        structs { $( $(#[$sm:meta])* $sname:ident $(<$slt:lifetime>)? { $($sbody:tt)* } )* }
        attributes { $(
            $(#[$am:meta])* $aid:literal $aconst:ident $aname:literal : $aty:ident
            [ $($acc:ident)* ] $amand:ident $(def($dk:ident($dv:expr)))? $(range($min:literal, $max:literal))?
            $(mfr($amfr:literal))? $(values($avals:ident))? ;
        )* }
        received { $( $(#[$rm:meta])* $rid:literal $rname:ident $(<$rlt:lifetime>)? $rstr:literal $rmand:ident { $($rbody:tt)* } )* }
        generated { $( $(#[$gm:meta])* $gid:literal $gname:ident $(<$glt:lifetime>)? $gstr:literal $gmand:ident { $($gbody:tt)* } )* }
    ) => {
        /// Cluster id.
        pub const ID: u16 = $id;
        /// Manufacturer code (`None` for a cluster of the ZCL).
        pub const MANUFACTURER: Option<u16> = $crate::__zcl_opt!($($mfr)?);

        $(
            $(#[$em])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[cfg_attr(feature = "defmt", derive(defmt::Format))]
            pub enum $ename {
                $( $(#[$vm])* #[doc = concat!("`", stringify!($val), "`")] $var, )*
                /// A value this definition does not name (kept as read).
                Unknown($crate::__zcl_repr!($erepr)),
            }
            $crate::__zcl_enum_impl!($ename, $erepr, $( $var = $val ),*);
        )*

        $(
            $(#[$bm])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            #[cfg_attr(feature = "defmt", derive(defmt::Format))]
            pub struct $bname(pub $crate::__zcl_repr!($brepr));
            impl $bname {
                $( $(#[$fm])* #[doc = concat!("Bit mask `", stringify!($mask), "`.")] pub const $flag: Self = Self($mask); )*
            }
            $crate::__zcl_bitmap_impl!($bname, $brepr, $( $flag = $mask ),*);
        )*

        $(
            $crate::__zcl_struct!($(#[$sm])* $sname $(<$slt>)? { $($sbody)* });
        )*

        $(
            $(#[$am])*
            #[doc = concat!("Attribute ", stringify!($aid), " (`", $aname, "`).")]
            pub const $aconst: $crate::field::Attribute<$crate::__zcl_attr_ty!($aty)> =
                $crate::field::Attribute::new($aid, $crate::__zcl_core::DataType::$aty);
        )*

        /// The attribute ids as plain `u16` constants (usable as `match` patterns).
        pub mod attr_id {
            $(
                #[doc = concat!("Attribute id ", stringify!($aid), " (`", $aname, "`).")]
                pub const $aconst: u16 = $aid;
            )*
        }

        $(
            $crate::__zcl_struct!($(#[$rm])* $rname $(<$rlt>)? { $($rbody)* });
            $crate::__zcl_command_impl!($rname $(<$rlt>)?, $id, $rid, ClientToServer, $rstr);
        )*
        $(
            $crate::__zcl_struct!($(#[$gm])* $gname $(<$glt>)? { $($gbody)* });
            $crate::__zcl_command_impl!($gname $(<$glt>)?, $id, $gid, ServerToClient, $gstr);
        )*

        $(#[$cm])*
        pub static META: $crate::meta::ClusterMeta = $crate::meta::ClusterMeta {
            id: $id,
            manufacturer: $crate::__zcl_opt!($($mfr)?),
            name: $crate::__zcl_name!($name),
            attributes: &[$(
                $crate::meta::AttributeMeta {
                    id: $aid,
                    #[cfg(feature = "registry")]
                    name: $aname,
                    data_type: $crate::__zcl_core::DataType::$aty,
                    access: $crate::meta::Access::from_bits_retain(0 $(| $crate::__zcl_access!($acc))*),
                    mandatory: $crate::__zcl_mandatory!($amand),
                    manufacturer: $crate::__zcl_opt!($($amfr)?),
                    limits: $crate::__zcl_limits!(
                        [$($crate::meta::DefaultValue::$dk($dv))?] [$($min)?] [$($max)?]
                    ),
                },
            )*],
            commands: &[
                $( $crate::meta::CommandMeta {
                    id: $rid,
                    #[cfg(feature = "registry")]
                    name: $rstr,
                    direction: $crate::__zcl_core::Direction::ClientToServer,
                    mandatory: $crate::__zcl_mandatory!($rmand),
                }, )*
                $( $crate::meta::CommandMeta {
                    id: $gid,
                    #[cfg(feature = "registry")]
                    name: $gstr,
                    direction: $crate::__zcl_core::Direction::ServerToClient,
                    mandatory: $crate::__zcl_mandatory!($gmand),
                }, )*
            ],
        };

        /// The names of the values of attribute `id` (a named enum or bitmap of this cluster),
        /// for printing; `None` when the definition names none.
        #[cfg(feature = "registry")]
        pub fn attribute_values(id: u16) -> Option<&'static $crate::meta::ValueNames> {
            match id {
                $( $aid => $crate::__zcl_values!($($avals)?), )*
                _ => None,
            }
        }

        /// Decodes the payload of command `id` travelling in `direction` into `v`, by name.
        /// `None` when this cluster does not define the command.
        #[cfg(feature = "registry")]
        pub fn visit_command(
            direction: $crate::__zcl_core::Direction,
            id: u8,
            payload: &[u8],
            v: &mut dyn $crate::registry::FieldVisitor,
        ) -> Option<Result<(), $crate::__zcl_core::DecodeError>> {
            match (direction, id) {
                $( ($crate::__zcl_core::Direction::ClientToServer, $rid) =>
                    Some($crate::registry::visit_payload::<$rname>(payload, v)), )*
                $( ($crate::__zcl_core::Direction::ServerToClient, $gid) =>
                    Some($crate::registry::visit_payload::<$gname>(payload, v)), )*
                _ => {
                    let _ = (payload, v);
                    None
                }
            }
        }

        /// Round-trips a sample of every command (generated test helper).
        #[cfg(test)]
        #[allow(dead_code, unused_mut)]
        pub(crate) fn roundtrip_all() -> usize {
            let mut n = 0;
            $( $crate::registry::tests_support::roundtrip::<$rname>(); n += 1; )*
            $( $crate::registry::tests_support::roundtrip::<$gname>(); n += 1; )*
            n
        }
    };
}

/// Declares a structure (command payload or a structure inside one).
#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_struct {
    ($(#[$m:meta])* $name:ident $(<$lt:lifetime>)? {
        $( $(#[$fm:meta])* $f:ident : $t:ty $([$($cond:tt)*])? ),* $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct $name $(<$lt>)? {
            $( $(#[$fm])* #[doc = concat!("`", stringify!($f), "`")] pub $f: $crate::__zcl_fty!([$($($cond)*)?] $t), )*
        }
        $crate::__zcl_field_impl!([$($lt)?] $name { $( $f : $t [$($($cond)*)?] ),* });
    };
}

/// `impl Field` for a declared struct, with or without a lifetime.
#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_field_impl {
    ([$lt:lifetime] $name:ident { $($fields:tt)* }) => {
        $crate::__zcl_field_body!([$lt] $name<$lt> { $($fields)* });
        impl $crate::field::Raw for $name<'_> {
            fn raw_value(&self) -> u64 { 0 }
        }
    };
    ([] $name:ident { $($fields:tt)* }) => {
        $crate::__zcl_field_body!(['zx] $name { $($fields)* });
        impl $crate::field::Raw for $name {
            fn raw_value(&self) -> u64 { 0 }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_field_body {
    ([$lt:lifetime] $ty:ty { $( $f:ident : $t:ty [$($cond:tt)*] ),* }) => {
        impl<$lt> $crate::field::Field<$lt> for $ty {
            #[allow(unused_variables, clippy::needless_late_init)]
            fn parse(r: &mut $crate::__zcl_core::Reader<$lt>) -> Result<Self, $crate::__zcl_core::DecodeError> {
                $( let $f = $crate::__zcl_parse!(r, [$($cond)*] $t); )*
                Ok(Self { $($f),* })
            }
            #[allow(unused_variables, clippy::needless_late_init)]
            fn read(r: &mut $crate::__zcl_core::Reader<$lt>) -> Option<Self> {
                $( let $f = $crate::__zcl_read!(r, [$($cond)*] $t); )*
                Some(Self { $($f),* })
            }
            #[allow(unused_variables)]
            fn encoded_len(&self) -> usize {
                let Self { $($f),* } = self;
                0 $( + $crate::__zcl_len!([$($cond)*] $f) )*
            }
            #[allow(unused_variables)]
            fn emit(&self, w: &mut $crate::__zcl_core::Writer<'_>) -> Result<(), $crate::__zcl_core::EncodeError> {
                let Self { $($f),* } = self;
                $( $crate::__zcl_emit!(w, [$($cond)*] $f); )*
                Ok(())
            }
            #[cfg(feature = "registry")]
            #[allow(unused_variables)]
            fn visit(&self, name: &'static str, v: &mut dyn $crate::registry::FieldVisitor) {
                let Self { $($f),* } = self;
                v.begin_struct(name);
                $( $crate::__zcl_visit!(v, [$($cond)*] $f); )*
                v.end_struct();
            }
            #[cfg(test)]
            #[allow(unused_variables)]
            fn sample() -> Self {
                $( let $f = $crate::__zcl_sample!([$($cond)*] $t); )*
                Self { $($f),* }
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_command_impl {
    ($name:ident <$lt:lifetime>, $cluster:expr, $id:literal, $dir:ident, $str:literal) => {
        impl $name<'_> {
            /// The command id (usable as a `match` pattern).
            pub const ID: u8 = $id;
        }
        impl<$lt> $crate::field::Command<$lt> for $name<$lt> {
            const CLUSTER_ID: u16 = $cluster;
            const MANUFACTURER: Option<u16> = MANUFACTURER;
            const ID: u8 = $id;
            const DIRECTION: $crate::__zcl_core::Direction = $crate::__zcl_core::Direction::$dir;
            const NAME: &'static str = $str;
        }
    };
    ($name:ident, $cluster:expr, $id:literal, $dir:ident, $str:literal) => {
        impl $name {
            /// The command id (usable as a `match` pattern).
            pub const ID: u8 = $id;
        }
        impl<'zx> $crate::field::Command<'zx> for $name {
            const CLUSTER_ID: u16 = $cluster;
            const MANUFACTURER: Option<u16> = MANUFACTURER;
            const ID: u8 = $id;
            const DIRECTION: $crate::__zcl_core::Direction = $crate::__zcl_core::Direction::$dir;
            const NAME: &'static str = $str;
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_fty {
    ([] $t:ty) => { $t };
    ([opt] $t:ty) => { Option<$t> };
    ([opt if $($e:tt)*] $t:ty) => { Option<$t> };
    ([if $($e:tt)*] $t:ty) => { Option<$t> };
    ([count $($e:tt)*] $t:ty) => { $t };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_parse {
    ($r:ident, [] $t:ty) => { <$t as $crate::field::Field>::parse($r)? };
    ($r:ident, [opt] $t:ty) => {
        if $r.is_empty() { None } else { Some(<$t as $crate::field::Field>::parse($r)?) }
    };
    ($r:ident, [opt if $($e:tt)*] $t:ty) => {
        if ($($e)*) && !$r.is_empty() {
            Some(<$t as $crate::field::Field>::parse($r)?)
        } else {
            None
        }
    };
    ($r:ident, [if $($e:tt)*] $t:ty) => {
        if $($e)* { Some(<$t as $crate::field::Field>::parse($r)?) } else { None }
    };
    ($r:ident, [count $($e:tt)*] $t:ty) => {
        <$t>::parse_counted($r, usize::try_from($($e)*).unwrap_or(usize::MAX))?
    };
}

/// One field of a generated `Field::read`: [`__zcl_parse!`] without error details.
#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_read {
    ($r:ident, [] $t:ty) => { <$t as $crate::field::Field>::read($r)? };
    ($r:ident, [opt] $t:ty) => {
        if $r.is_empty() { None } else { Some(<$t as $crate::field::Field>::read($r)?) }
    };
    ($r:ident, [opt if $($e:tt)*] $t:ty) => {
        if ($($e)*) && !$r.is_empty() {
            Some(<$t as $crate::field::Field>::read($r)?)
        } else {
            None
        }
    };
    ($r:ident, [if $($e:tt)*] $t:ty) => {
        if $($e)* { Some(<$t as $crate::field::Field>::read($r)?) } else { None }
    };
    ($r:ident, [count $($e:tt)*] $t:ty) => {
        <$t>::read_counted($r, usize::try_from($($e)*).unwrap_or(usize::MAX))?
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_sample {
    ([] $t:ty) => { <$t as $crate::field::Field>::sample() };
    ([opt] $t:ty) => { Some(<$t as $crate::field::Field>::sample()) };
    ([opt if $($e:tt)*] $t:ty) => {
        if $($e)* { Some(<$t as $crate::field::Field>::sample()) } else { None }
    };
    ([if $($e:tt)*] $t:ty) => {
        if $($e)* { Some(<$t as $crate::field::Field>::sample()) } else { None }
    };
    ([count $($e:tt)*] $t:ty) => { <$t>::sample_n(usize::try_from($($e)*).unwrap_or(0)) };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_len {
    ([] $f:ident) => {
        $crate::field::Field::encoded_len($f)
    };
    ([count $($e:tt)*] $f:ident) => {
        $crate::field::Field::encoded_len($f)
    };
    ([$($c:tt)*] $f:ident) => {
        $f.as_ref().map_or(0, $crate::field::Field::encoded_len)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_emit {
    ($w:ident, [] $f:ident) => {
        $crate::field::Field::emit($f, $w)?
    };
    ($w:ident, [count $($e:tt)*] $f:ident) => {
        $crate::field::Field::emit($f, $w)?
    };
    ($w:ident, [$($c:tt)*] $f:ident) => {
        if let Some(x) = $f {
            $crate::field::Field::emit(x, $w)?
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_visit {
    ($v:ident, [] $f:ident) => {
        $crate::field::Field::visit($f, stringify!($f), $v)
    };
    ($v:ident, [count $($e:tt)*] $f:ident) => {
        $crate::field::Field::visit($f, stringify!($f), $v)
    };
    ($v:ident, [$($c:tt)*] $f:ident) => {
        if let Some(x) = $f {
            $crate::field::Field::visit(x, stringify!($f), $v)
        }
    };
}

/// The out-of-line limits of an attribute: `None` when it has neither default nor range.
#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_limits {
    ([] [] []) => {
        None
    };
    ([$($d:expr)?] [$($min:expr)?] [$($max:expr)?]) => {
        Some(&$crate::meta::AttributeLimits::new(
            $crate::__zcl_opt!($($d)?),
            $crate::__zcl_opt!($($min)?),
            $crate::__zcl_opt!($($max)?),
        ))
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_values {
    () => {
        None
    };
    ($t:ident) => {
        Some(&$t::VALUE_NAMES)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_opt {
    () => {
        None
    };
    ($e:expr) => {
        Some($e)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_mandatory {
    (mandatory) => {
        true
    };
    (optional) => {
        false
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_access {
    (R) => {
        $crate::meta::Access::READ.bits()
    };
    (W) => {
        $crate::meta::Access::WRITE.bits()
    };
    (P) => {
        $crate::meta::Access::REPORT.bits()
    };
    (S) => {
        $crate::meta::Access::SCENE.bits()
    };
}

/// Names are kept only with the `registry` feature, so a firmware does not carry them.
#[cfg(feature = "registry")]
#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_name {
    ($s:literal) => {
        $s
    };
}

/// Names are kept only with the `registry` feature, so a firmware does not carry them.
#[cfg(not(feature = "registry"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_name {
    ($s:literal) => {
        ""
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_repr {
    (enum8) => {
        u8
    };
    (enum16) => {
        u16
    };
    (map8) => {
        u8
    };
    (map16) => {
        u16
    };
    (map24) => {
        u32
    };
    (map32) => {
        u32
    };
    (map64) => {
        u64
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_width {
    (enum8) => {
        1
    };
    (enum16) => {
        2
    };
    (map8) => {
        1
    };
    (map16) => {
        2
    };
    (map24) => {
        3
    };
    (map32) => {
        4
    };
    (map64) => {
        8
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_value {
    (enum8, $v:expr) => {
        $crate::registry::Value::Enum8($v)
    };
    (enum16, $v:expr) => {
        $crate::registry::Value::Enum16($v)
    };
    (map8, $v:expr) => {
        $crate::registry::Value::Map8($v)
    };
    (map16, $v:expr) => {
        $crate::registry::Value::Map16($v)
    };
    (map24, $v:expr) => {
        $crate::registry::Value::Map24($v)
    };
    (map32, $v:expr) => {
        $crate::registry::Value::Map32($v)
    };
    (map64, $v:expr) => {
        $crate::registry::Value::Map64($v)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_enum_impl {
    ($name:ident, $repr:ident, $( $var:ident = $val:literal ),*) => {
        impl $name {
            /// The value for a wire code (unknown codes are kept).
            pub const fn from_raw(v: $crate::__zcl_repr!($repr)) -> Self {
                match v {
                    $( $val => $name::$var, )*
                    other => $name::Unknown(other),
                }
            }
            /// The wire code.
            pub const fn to_raw(self) -> $crate::__zcl_repr!($repr) {
                match self {
                    $( $name::$var => $val, )*
                    $name::Unknown(other) => other,
                }
            }
            /// The names of the values, for printing (registry only: firmware does not carry
            /// them).
            #[cfg(feature = "registry")]
            #[allow(clippy::unnecessary_cast)]
            pub const VALUE_NAMES: $crate::meta::ValueNames =
                $crate::meta::ValueNames::Enum(&[$( ($val as u64, stringify!($var)), )*]);
            /// The value's name as the definition writes it ("unknown" for unnamed codes).
            pub const fn name(self) -> &'static str {
                match self {
                    $( $name::$var => stringify!($var), )*
                    $name::Unknown(_) => "unknown",
                }
            }
        }
        impl<'zx> $crate::field::Field<'zx> for $name {
            fn parse(r: &mut $crate::__zcl_core::Reader<'zx>) -> Result<Self, $crate::__zcl_core::DecodeError> {
                #[allow(clippy::cast_possible_truncation)]
                r.uint_n($crate::__zcl_width!($repr))
                    .map(|v| $name::from_raw(v as $crate::__zcl_repr!($repr)))
            }
            #[inline]
            fn read(r: &mut $crate::__zcl_core::Reader<'zx>) -> Option<Self> {
                #[allow(clippy::cast_possible_truncation)]
                r.uint_n_or_none($crate::__zcl_width!($repr))
                    .map(|v| $name::from_raw(v as $crate::__zcl_repr!($repr)))
            }
            fn encoded_len(&self) -> usize {
                $crate::__zcl_width!($repr)
            }
            fn emit(&self, w: &mut $crate::__zcl_core::Writer<'_>) -> Result<(), $crate::__zcl_core::EncodeError> {
                w.uint_n(u64::from(self.to_raw()), $crate::__zcl_width!($repr))
            }
            #[cfg(feature = "registry")]
            fn visit(&self, name: &'static str, v: &mut dyn $crate::registry::FieldVisitor) {
                v.value(name, $crate::__zcl_value!($repr, self.to_raw()));
            }
            #[cfg(test)]
            fn sample() -> Self {
                $name::from_raw(1)
            }
        }
        impl $crate::field::Raw for $name {
            fn raw_value(&self) -> u64 {
                u64::from(self.to_raw())
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_bitmap_impl {
    ($name:ident, $repr:ident, $( $flag:ident = $mask:literal ),*) => {
        impl $name {
            /// The names of the bits, for printing (registry only: firmware does not carry them).
            #[cfg(feature = "registry")]
            #[allow(clippy::unnecessary_cast)]
            pub const VALUE_NAMES: $crate::meta::ValueNames =
                $crate::meta::ValueNames::Bitmap(&[$( ($mask as u64, stringify!($flag)), )*]);
            /// The raw bits (reserved bits included).
            pub const fn bits(self) -> $crate::__zcl_repr!($repr) {
                self.0
            }
            /// Whether every bit of `other` is set.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
        }
        impl core::ops::BitOr for $name {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                Self(self.0 | rhs.0)
            }
        }
        impl core::ops::BitAnd for $name {
            type Output = Self;
            fn bitand(self, rhs: Self) -> Self {
                Self(self.0 & rhs.0)
            }
        }
        impl<'zx> $crate::field::Field<'zx> for $name {
            fn parse(
                r: &mut $crate::__zcl_core::Reader<'zx>,
            ) -> Result<Self, $crate::__zcl_core::DecodeError> {
                #[allow(clippy::cast_possible_truncation)]
                r.uint_n($crate::__zcl_width!($repr))
                    .map(|v| $name(v as $crate::__zcl_repr!($repr)))
            }
            #[inline]
            fn read(r: &mut $crate::__zcl_core::Reader<'zx>) -> Option<Self> {
                #[allow(clippy::cast_possible_truncation)]
                r.uint_n_or_none($crate::__zcl_width!($repr))
                    .map(|v| $name(v as $crate::__zcl_repr!($repr)))
            }
            fn encoded_len(&self) -> usize {
                $crate::__zcl_width!($repr)
            }
            fn emit(
                &self,
                w: &mut $crate::__zcl_core::Writer<'_>,
            ) -> Result<(), $crate::__zcl_core::EncodeError> {
                w.uint_n(u64::from(self.0), $crate::__zcl_width!($repr))
            }
            #[cfg(feature = "registry")]
            fn visit(&self, name: &'static str, v: &mut dyn $crate::registry::FieldVisitor) {
                v.value(name, $crate::__zcl_value!($repr, self.0));
            }
            #[cfg(test)]
            fn sample() -> Self {
                $name(0x01)
            }
        }
        impl $crate::field::Raw for $name {
            fn raw_value(&self) -> u64 {
                u64::from(self.0)
            }
        }
    };
}

/// The Rust type of an attribute's value, by its data type.
#[doc(hidden)]
#[macro_export]
macro_rules! __zcl_attr_ty {
    (NoData) => { $crate::field::NoData };
    (Data8) => { $crate::field::Data8 };
    (Data16) => { $crate::field::Data16 };
    (Data24) => { u32 };
    (Data32) => { $crate::field::Data32 };
    (Data40) => { u64 };
    (Data48) => { u64 };
    (Data56) => { u64 };
    (Data64) => { u64 };
    (Bool) => { bool };
    (Map8) => { $crate::field::Map8 };
    (Map16) => { $crate::field::Map16 };
    (Map24) => { $crate::field::Map24 };
    (Map32) => { $crate::field::Map32 };
    (Map40) => { u64 };
    (Map48) => { u64 };
    (Map56) => { u64 };
    (Map64) => { $crate::field::Map64 };
    (Uint8) => { u8 };
    (Uint16) => { u16 };
    (Uint24) => { $crate::field::U24 };
    (Uint32) => { u32 };
    (Uint40) => { $crate::field::U40 };
    (Uint48) => { $crate::field::U48 };
    (Uint56) => { $crate::field::U56 };
    (Uint64) => { u64 };
    (Int8) => { i8 };
    (Int16) => { i16 };
    (Int24) => { $crate::field::I24 };
    (Int32) => { i32 };
    (Int40) => { $crate::field::I40 };
    (Int48) => { $crate::field::I48 };
    (Int56) => { i64 };
    (Int64) => { i64 };
    (Enum8) => { $crate::field::Enum8 };
    (Enum16) => { $crate::field::Enum16 };
    (Semi) => { u16 };
    (Single) => { f32 };
    (Double) => { f64 };
    (OctetString) => { $crate::field::OctStr<'static> };
    (CharString) => { $crate::field::CharStr<'static> };
    (LongOctetString) => { $crate::field::LongOctStr<'static> };
    (LongCharString) => { $crate::field::LongCharStr<'static> };
    (Array) => { $crate::field::Rest<'static> };
    (Structure) => { $crate::field::Rest<'static> };
    (Set) => { $crate::field::Rest<'static> };
    (Bag) => { $crate::field::Rest<'static> };
    (TimeOfDay) => { $crate::field::TimeOfDay };
    (Date) => { $crate::field::Date };
    (UtcTime) => { $crate::field::UtcTime };
    (ClusterId) => { $crate::field::ClusterId };
    (AttributeId) => { $crate::field::AttributeId };
    (BacnetOid) => { $crate::field::BacnetOid };
    (IeeeAddress) => { $crate::field::IeeeAddress };
    (SecurityKey) => { $crate::field::SecurityKey };
    (Unk) => { $crate::field::NoData };
}
