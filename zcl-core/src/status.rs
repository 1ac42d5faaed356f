//! ZCL status codes (ZCL revision 8, section 2.6.3, table 2-12).
//!
//! A [`Status`] is a value carried inside frames (Default Response, write and read status
//! records, ...). It is not a codec error: codec errors are [`crate::DecodeError`] and
//! [`crate::EncodeError`].

use core::fmt;

macro_rules! statuses {
    ($( $(#[$m:meta])* $variant:ident = $code:literal, $name:literal; )*) => {
        /// A ZCL status code (ZCL 2.6.3). Codes the specification does not define are kept as
        /// [`Status::Unknown`] so they round-trip.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[non_exhaustive]
        pub enum Status {
            $( $(#[$m])* $variant, )*
            /// A code the ZCL does not define (or a cluster-specific one).
            Unknown(u8),
        }

        /// The variants in declaration order, for [`Status::to_u8`].
        #[allow(dead_code)]
        enum Position {
            $( $variant, )*
            Unknown,
        }

        /// The wire codes in declaration order.
        const CODES: &[u8] = &[$( $code, )*];

        impl Status {
            /// Every status the ZCL defines, in code order.
            pub const ALL: &'static [Status] = &[$(Status::$variant,)*];

            /// The status for a wire code.
            #[inline]
            pub const fn from_u8(code: u8) -> Self {
                match code {
                    $( $code => Status::$variant, )*
                    other => Status::Unknown(other),
                }
            }

            /// The wire code.
            // Out of line: inlined into the record parsers it made them larger (thumbv7em).
            #[inline(never)]
            pub const fn to_u8(self) -> u8 {
                // The position folds to the enum's own tag, so this is a bounds check and a
                // table load rather than a jump table with one branch per variant.
                let i = self.position() as usize;
                if i < CODES.len() {
                    #[allow(clippy::indexing_slicing)] // `i` is checked just above.
                    CODES[i]
                } else if let Status::Unknown(other) = self {
                    other
                } else {
                    0
                }
            }

            /// The declaration position of the variant (`Unknown` last).
            #[inline(always)]
            const fn position(self) -> u8 {
                match self {
                    $( Status::$variant => Position::$variant as u8, )*
                    Status::Unknown(_) => Position::Unknown as u8,
                }
            }

            /// The specification's name in snake case ("unsupported_attribute", ...);
            /// "unknown" for codes it does not define.
            pub const fn name(self) -> &'static str {
                match self {
                    $( Status::$variant => $name, )*
                    Status::Unknown(_) => "unknown",
                }
            }
        }
    };
}

statuses! {
    /// The operation was successful (0x00).
    Success = 0x00, "success";
    /// The operation was not successful (0x01).
    Failure = 0x01, "failure";
    /// The sender is not authorized to carry out the command (0x7e).
    NotAuthorized = 0x7e, "not_authorized";
    /// A reserved field of the command was not zero (0x7f).
    ReservedFieldNotZero = 0x7f, "reserved_field_not_zero";
    /// The command has wrong or missing fields (0x80).
    MalformedCommand = 0x80, "malformed_command";
    /// The cluster-specific command is not supported (0x81; UNSUP_COMMAND in revision 8).
    UnsupClusterCommand = 0x81, "unsup_cluster_command";
    /// The general command is not supported (0x82).
    UnsupGeneralCommand = 0x82, "unsup_general_command";
    /// The manufacturer-specific cluster command is not supported (0x83).
    UnsupManufClusterCommand = 0x83, "unsup_manuf_cluster_command";
    /// The manufacturer-specific general command is not supported (0x84).
    UnsupManufGeneralCommand = 0x84, "unsup_manuf_general_command";
    /// A field of the command holds an incorrect value (0x85).
    InvalidField = 0x85, "invalid_field";
    /// The attribute is not supported on this device (0x86).
    UnsupportedAttribute = 0x86, "unsupported_attribute";
    /// The value is out of range or otherwise invalid (0x87).
    InvalidValue = 0x87, "invalid_value";
    /// The attribute is read-only (0x88).
    ReadOnly = 0x88, "read_only";
    /// Not enough space to carry out the operation (0x89).
    InsufficientSpace = 0x89, "insufficient_space";
    /// A duplicate entry already exists (0x8a).
    DuplicateExists = 0x8a, "duplicate_exists";
    /// The requested information was not found (0x8b).
    NotFound = 0x8b, "not_found";
    /// Periodic reports cannot be issued for this attribute (0x8c).
    UnreportableAttribute = 0x8c, "unreportable_attribute";
    /// The data type is not the attribute's type (0x8d).
    InvalidDataType = 0x8d, "invalid_data_type";
    /// The selector of a structured attribute access is wrong (0x8e).
    InvalidSelector = 0x8e, "invalid_selector";
    /// The attribute is write-only (0x8f).
    WriteOnly = 0x8f, "write_only";
    /// Setting the value would leave the device inconsistent at start-up (0x90).
    InconsistentStartupState = 0x90, "inconsistent_startup_state";
    /// The value is set by other means and cannot be written over the air (0x91).
    DefinedOutOfBand = 0x91, "defined_out_of_band";
    /// The supplied values are inconsistent (0x92).
    Inconsistent = 0x92, "inconsistent";
    /// The credentials are not sufficient for the action (0x93).
    ActionDenied = 0x93, "action_denied";
    /// The exchange was aborted because of a timeout (0x94).
    Timeout = 0x94, "timeout";
    /// The client or server aborted the upgrade (0x95).
    Abort = 0x95, "abort";
    /// The OTA image is invalid (0x96).
    InvalidImage = 0x96, "invalid_image";
    /// The server does not have the data block yet (0x97).
    WaitForData = 0x97, "wait_for_data";
    /// No OTA image is available for this client (0x98).
    NoImageAvailable = 0x98, "no_image_available";
    /// The client still needs more images (0x99).
    RequireMoreImage = 0x99, "require_more_image";
    /// The command was received and is being processed (0x9a).
    NotificationPending = 0x9a, "notification_pending";
    /// A hardware failure occurred (0xc0; FAILURE is preferred in revision 8).
    HardwareFailure = 0xc0, "hardware_failure";
    /// A software failure occurred (0xc1; FAILURE is preferred in revision 8).
    SoftwareFailure = 0xc1, "software_failure";
    /// A calibration error occurred (0xc2).
    CalibrationError = 0xc2, "calibration_error";
    /// The cluster is not supported (0xc3).
    UnsupportedCluster = 0xc3, "unsupported_cluster";
    /// A limit was reached (0xc4; SUCCESS is preferred in revision 8).
    LimitReached = 0xc4, "limit_reached";
}

impl Status {
    /// Whether this is [`Status::Success`].
    #[inline]
    pub const fn is_success(self) -> bool {
        matches!(self, Status::Success)
    }
}

impl From<u8> for Status {
    #[inline]
    fn from(code: u8) -> Self {
        Status::from_u8(code)
    }
}

impl From<Status> for u8 {
    #[inline]
    fn from(s: Status) -> u8 {
        s.to_u8()
    }
}

impl fmt::Display for Status {
    /// The snake-case name, or `unknown(0xNN)` for an undefined code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Status::Unknown(code) => write!(f, "unknown(0x{code:02x})"),
            other => f.write_str(other.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_unknown_codes_are_kept() {
        for code in 0..=255u8 {
            assert_eq!(Status::from_u8(code).to_u8(), code);
        }
        assert_eq!(Status::ALL.len(), 36);
        for s in Status::ALL {
            assert_ne!(s.name(), "unknown");
            assert!(!matches!(s, Status::Unknown(_)));
        }
        assert_eq!(Status::from_u8(0x02), Status::Unknown(0x02));
        assert_eq!(Status::from_u8(0xc5), Status::Unknown(0xc5));
    }

    #[test]
    fn codes_match_table_2_12() {
        // Spot checks against the specification table, and the list zigpy's Status carries.
        let expected: [(u8, &str); 8] = [
            (0x00, "success"),
            (0x7e, "not_authorized"),
            (0x81, "unsup_cluster_command"),
            (0x86, "unsupported_attribute"),
            (0x8d, "invalid_data_type"),
            (0x9a, "notification_pending"),
            (0xc3, "unsupported_cluster"),
            (0xc4, "limit_reached"),
        ];
        for (code, name) in expected {
            assert_eq!(Status::from_u8(code).name(), name);
        }
        assert!(Status::Success.is_success());
        assert!(!Status::Failure.is_success());
    }

    #[test]
    fn display_uses_snake_case_names() {
        assert_eq!(
            Status::UnsupportedAttribute.to_string(),
            "unsupported_attribute"
        );
        assert_eq!(Status::Unknown(0x42).to_string(), "unknown(0x42)");
    }
}
