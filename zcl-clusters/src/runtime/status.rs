//! Stand-in for `zcl_core::Status` until that lands on main; same names and codes.
#![allow(missing_docs)]

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Status {
    Success,
    Failure,
    NotAuthorized,
    MalformedCommand,
    UnsupClusterCommand,
    UnsupGeneralCommand,
    UnsupManufClusterCommand,
    UnsupManufGeneralCommand,
    InvalidField,
    UnsupportedAttribute,
    InvalidValue,
    ReadOnly,
    InsufficientSpace,
    DuplicateExists,
    NotFound,
    UnreportableAttribute,
    InvalidDataType,
    WriteOnly,
    UnsupportedCluster,
    Unknown(u8),
}

impl Status {
    pub const fn to_u8(self) -> u8 {
        match self {
            Status::Success => 0x00,
            Status::Failure => 0x01,
            Status::NotAuthorized => 0x7e,
            Status::MalformedCommand => 0x80,
            Status::UnsupClusterCommand => 0x81,
            Status::UnsupGeneralCommand => 0x82,
            Status::UnsupManufClusterCommand => 0x83,
            Status::UnsupManufGeneralCommand => 0x84,
            Status::InvalidField => 0x85,
            Status::UnsupportedAttribute => 0x86,
            Status::InvalidValue => 0x87,
            Status::ReadOnly => 0x88,
            Status::InsufficientSpace => 0x89,
            Status::DuplicateExists => 0x8a,
            Status::NotFound => 0x8b,
            Status::UnreportableAttribute => 0x8c,
            Status::InvalidDataType => 0x8d,
            Status::WriteOnly => 0x8f,
            Status::UnsupportedCluster => 0xc3,
            Status::Unknown(c) => c,
        }
    }
}
