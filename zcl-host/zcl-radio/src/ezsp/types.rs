//! EZSP value types: status codes, identifiers and the structures commands carry (UG100 §4).
//!
//! Codes are newtypes over their wire integer with named constants, so unknown values decode,
//! re-encode unchanged and print as hex.

use std::fmt;

use super::version::ProtocolVersion;
use super::wire::{ezsp_struct, DecodeError, Reader, Wire};

/// Declares a code newtype with named constants.
macro_rules! code_type {
    (
        $(#[$m:meta])* pub struct $name:ident($int:ty) { $( $k:ident = $val:expr, )* }
    ) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub $int);

        #[allow(missing_docs)]
        impl $name {
            $( #[doc = concat!("`", stringify!($k), "`")] pub const $k: Self = Self($val); )*
            const NAMES: &'static [(&'static str, $int)] = &[$( (stringify!($k), $val), )*];

            /// The constant's name, if the value is known.
            #[must_use]
            pub fn name(self) -> Option<&'static str> {
                Self::NAMES.iter().find(|(_, v)| *v == self.0).map(|(n, _)| *n)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}::{}", stringify!($name), n),
                    None => write!(f, "{}({:#x})", stringify!($name), self.0),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{:#x}", self.0),
                }
            }
        }

        impl Wire for $name {
            fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
                self.0.encode(out, v);
            }
            fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
                <$int>::decode(r, v).map(Self)
            }
        }

        #[cfg(test)]
        impl $crate::ezsp::tests::Sample for $name {
            fn sample(rng: &mut $crate::ezsp::tests::Rng) -> Self {
                Self($crate::ezsp::tests::Sample::sample(rng))
            }
        }
    };
}

code_type! {
    /// An `EmberStatus` code (8-bit, EZSP v8-v13).
    pub struct EmberStatus(u8) {
        SUCCESS = 0x0,
        ERR_FATAL = 0x1,
        BAD_ARGUMENT = 0x2,
        NOT_FOUND = 0x3,
        EEPROM_MFG_STACK_VERSION_MISMATCH = 0x4,
        INCOMPATIBLE_STATIC_MEMORY_DEFINITIONS = 0x5,
        EEPROM_MFG_VERSION_MISMATCH = 0x6,
        EEPROM_STACK_VERSION_MISMATCH = 0x7,
        NO_BUFFERS = 0x18,
        PACKET_HANDOFF_DROP_PACKET = 0x19,
        SERIAL_INVALID_BAUD_RATE = 0x20,
        SERIAL_INVALID_PORT = 0x21,
        SERIAL_TX_OVERFLOW = 0x22,
        SERIAL_RX_OVERFLOW = 0x23,
        SERIAL_RX_FRAME_ERROR = 0x24,
        SERIAL_RX_PARITY_ERROR = 0x25,
        SERIAL_RX_EMPTY = 0x26,
        SERIAL_RX_OVERRUN_ERROR = 0x27,
        MAC_TRANSMIT_QUEUE_FULL = 0x39,
        MAC_UNKNOWN_HEADER_TYPE = 0x3a,
        MAC_ACK_HEADER_TYPE = 0x3b,
        MAC_SCANNING = 0x3d,
        MAC_NO_DATA = 0x31,
        MAC_JOINED_NETWORK = 0x32,
        MAC_BAD_SCAN_DURATION = 0x33,
        MAC_INCORRECT_SCAN_TYPE = 0x34,
        MAC_INVALID_CHANNEL_MASK = 0x35,
        MAC_COMMAND_TRANSMIT_FAILURE = 0x36,
        MAC_NO_ACK_RECEIVED = 0x40,
        MAC_RADIO_NETWORK_SWITCH_FAILED = 0x41,
        MAC_INDIRECT_TIMEOUT = 0x42,
        SIM_EEPROM_ERASE_PAGE_GREEN = 0x43,
        SIM_EEPROM_ERASE_PAGE_RED = 0x44,
        SIM_EEPROM_FULL = 0x45,
        ERR_FLASH_WRITE_INHIBITED = 0x46,
        ERR_FLASH_VERIFY_FAILED = 0x47,
        SIM_EEPROM_INIT_1_FAILED = 0x48,
        SIM_EEPROM_INIT_2_FAILED = 0x49,
        SIM_EEPROM_INIT_3_FAILED = 0x4a,
        ERR_FLASH_PROG_FAIL = 0x4b,
        ERR_FLASH_ERASE_FAIL = 0x4c,
        SIM_EEPROM_REPAIRING = 0x4d,
        ERR_BOOTLOADER_TRAP_TABLE_BAD = 0x58,
        ERR_BOOTLOADER_TRAP_UNKNOWN = 0x59,
        ERR_BOOTLOADER_NO_IMAGE = 0x5a,
        DELIVERY_FAILED = 0x66,
        BINDING_INDEX_OUT_OF_RANGE = 0x69,
        ADDRESS_TABLE_INDEX_OUT_OF_RANGE = 0x6a,
        INVALID_BINDING_INDEX = 0x6c,
        INVALID_CALL = 0x70,
        COST_NOT_KNOWN = 0x71,
        MAX_MESSAGE_LIMIT_REACHED = 0x72,
        MESSAGE_TOO_LONG = 0x74,
        BINDING_IS_ACTIVE = 0x75,
        ADDRESS_TABLE_ENTRY_IS_ACTIVE = 0x76,
        TRANSMISSION_SUSPENDED = 0x77,
        ID_DISCOVERY_FAILED = 0xc8,
        NO_APS_ACK = 0xc9,
        APS_MESSAGE_CANCELED = 0xca,
        ID_DISCOVERY_NOT_ENABLED = 0xcb,
        ID_DISCOVERY_UNDERWAY = 0xcc,
        SEND_UNICAST_ROUTE_DISCOVERY_UNDERWAY = 0xcd,
        SEND_UNICAST_FAILURE = 0xce,
        SEND_UNICAST_NO_ROUTE = 0xcf,
        BROADCAST_TO_SLEEPY_CHILDREN_TIMEOUT = 0xd0,
        BROADCAST_RELAY_FAILED = 0xd1,
        TRANSMIT_INCOMPLETE = 0xd2,
        MATCH = 0x78,
        DROP_FRAME = 0x79,
        PASS_UNPROCESSED = 0x7a,
        TX_THEN_DROP = 0x7b,
        NO_SECURITY = 0x7c,
        COUNTER_FAILURE = 0x7d,
        AUTH_FAILURE = 0x7e,
        UNPROCESSED = 0x7f,
        ADC_CONVERSION_DONE = 0x80,
        ADC_CONVERSION_BUSY = 0x81,
        ADC_CONVERSION_DEFERRED = 0x82,
        ADC_NO_CONVERSION_PENDING = 0x84,
        SLEEP_INTERRUPTED = 0x85,
        PHY_TX_SCHED_FAIL = 0x87,
        PHY_TX_UNDERFLOW = 0x88,
        PHY_TX_INCOMPLETE = 0x89,
        PHY_INVALID_CHANNEL = 0x8a,
        PHY_INVALID_POWER = 0x8b,
        PHY_TX_BUSY = 0x8c,
        PHY_TX_CCA_FAIL = 0x8d,
        PHY_TX_BLOCKED = 0x8e,
        PHY_ACK_RECEIVED = 0x8f,
        NETWORK_UP = 0x90,
        NETWORK_DOWN = 0x91,
        JOIN_FAILED = 0x94,
        MOVE_FAILED = 0x96,
        CANNOT_JOIN_AS_ROUTER = 0x98,
        NODE_ID_CHANGED = 0x99,
        PAN_ID_CHANGED = 0x9a,
        CHANNEL_CHANGED = 0x9b,
        NETWORK_OPENED = 0x9c,
        NETWORK_CLOSED = 0x9d,
        NO_BEACONS = 0xab,
        RECEIVED_KEY_IN_THE_CLEAR = 0xac,
        NO_NETWORK_KEY_RECEIVED = 0xad,
        NO_LINK_KEY_RECEIVED = 0xae,
        PRECONFIGURED_KEY_REQUIRED = 0xaf,
        NOT_JOINED = 0x93,
        INVALID_SECURITY_LEVEL = 0x95,
        NETWORK_BUSY = 0xa1,
        INVALID_ENDPOINT = 0xa3,
        BINDING_HAS_CHANGED = 0xa4,
        INSUFFICIENT_RANDOM_DATA = 0xa5,
        APS_ENCRYPTION_ERROR = 0xa6,
        TRUST_CENTER_MASTER_KEY_NOT_SET = 0xa7,
        SECURITY_STATE_NOT_SET = 0xa8,
        KEY_TABLE_INVALID_ADDRESS = 0xb3,
        SECURITY_CONFIGURATION_INVALID = 0xb7,
        TOO_SOON_FOR_SWITCH_KEY = 0xb8,
        KEY_NOT_AUTHORIZED = 0xbb,
        SECURITY_DATA_INVALID = 0xbd,
        SOURCE_ROUTE_FAILURE = 0xa9,
        MANY_TO_ONE_ROUTE_FAILURE = 0xaa,
        STACK_AND_HARDWARE_MISMATCH = 0xb0,
        INDEX_OUT_OF_RANGE = 0xb1,
        KEY_INVALID = 0xb2,
        TABLE_FULL = 0xb4,
        TABLE_ENTRY_ERASED = 0xb6,
        LIBRARY_NOT_PRESENT = 0xb5,
        SIGNATURE_VERIFY_FAILURE = 0xb9,
        OPERATION_IN_PROGRESS = 0xba,
        TRUST_CENTER_EUI_HAS_CHANGED = 0xbc,
        IEEE_ADDRESS_DISCOVERY_IN_PROGRESS = 0xbe,
        NVM3_TOKEN_NO_VALID_PAGES = 0xc0,
        NVM3_ERR_OPENED_WITH_OTHER_PARAMETERS = 0xc1,
        NVM3_ERR_ALIGNMENT_INVALID = 0xc2,
        NVM3_ERR_SIZE_TOO_SMALL = 0xc3,
        NVM3_ERR_PAGE_SIZE_NOT_SUPPORTED = 0xc4,
        NVM3_ERR_TOKEN_INIT = 0xc5,
        NVM3_ERR_UPGRADE = 0xc6,
        NVM3_ERR_UNKNOWN = 0xc7,
        APPLICATION_ERROR_0 = 0xf0,
        APPLICATION_ERROR_1 = 0xf1,
        APPLICATION_ERROR_2 = 0xf2,
        APPLICATION_ERROR_3 = 0xf3,
        APPLICATION_ERROR_4 = 0xf4,
        APPLICATION_ERROR_5 = 0xf5,
        APPLICATION_ERROR_6 = 0xf6,
        APPLICATION_ERROR_7 = 0xf7,
        APPLICATION_ERROR_8 = 0xf8,
        APPLICATION_ERROR_9 = 0xf9,
        APPLICATION_ERROR_10 = 0xfa,
        APPLICATION_ERROR_11 = 0xfb,
        APPLICATION_ERROR_12 = 0xfc,
        APPLICATION_ERROR_13 = 0xfd,
        APPLICATION_ERROR_14 = 0xfe,
        APPLICATION_ERROR_15 = 0xff,
    }
}

code_type! {
    /// An `EzspStatus` code (8-bit, EZSP v8-v13).
    pub struct EzspStatus(u8) {
        SUCCESS = 0x0,
        SPI_ERR_FATAL = 0x10,
        SPI_ERR_NCP_RESET = 0x11,
        SPI_ERR_OVERSIZED_FRAME = 0x12,
        SPI_ERR_ABORTED_TRANSACTION = 0x13,
        SPI_ERR_MISSING_FRAME_TERMINATOR = 0x14,
        SPI_ERR_WAIT_SECTION_TIMEOUT = 0x15,
        SPI_ERR_NO_FRAME_TERMINATOR = 0x16,
        SPI_ERR_COMMAND_OVERSIZED = 0x17,
        SPI_ERR_RESPONSE_OVERSIZED = 0x18,
        SPI_WAITING_FOR_RESPONSE = 0x19,
        SPI_ERR_HANDSHAKE_TIMEOUT = 0x1a,
        SPI_ERR_STARTUP_TIMEOUT = 0x1b,
        SPI_ERR_STARTUP_FAIL = 0x1c,
        SPI_ERR_UNSUPPORTED_SPI_COMMAND = 0x1d,
        ASH_IN_PROGRESS = 0x20,
        HOST_FATAL_ERROR = 0x21,
        ASH_NCP_FATAL_ERROR = 0x22,
        DATA_FRAME_TOO_LONG = 0x23,
        DATA_FRAME_TOO_SHORT = 0x24,
        NO_TX_SPACE = 0x25,
        NO_RX_SPACE = 0x26,
        NO_RX_DATA = 0x27,
        NOT_CONNECTED = 0x28,
        ERROR_VERSION_NOT_SET = 0x30,
        ERROR_INVALID_FRAME_ID = 0x31,
        ERROR_WRONG_DIRECTION = 0x32,
        ERROR_TRUNCATED = 0x33,
        ERROR_OVERFLOW = 0x34,
        ERROR_OUT_OF_MEMORY = 0x35,
        ERROR_INVALID_VALUE = 0x36,
        ERROR_INVALID_ID = 0x37,
        ERROR_INVALID_CALL = 0x38,
        ERROR_NO_RESPONSE = 0x39,
        ERROR_COMMAND_TOO_LONG = 0x40,
        ERROR_QUEUE_FULL = 0x41,
        ERROR_COMMAND_FILTERED = 0x42,
        ERROR_SECURITY_KEY_ALREADY_SET = 0x43,
        ERROR_SECURITY_TYPE_INVALID = 0x44,
        ERROR_SECURITY_PARAMETERS_INVALID = 0x45,
        ERROR_SECURITY_PARAMETERS_ALREADY_SET = 0x46,
        ERROR_SECURITY_KEY_NOT_SET = 0x47,
        ERROR_SECURITY_PARAMETERS_NOT_SET = 0x48,
        ERROR_UNSUPPORTED_CONTROL = 0x49,
        ERROR_UNSECURE_FRAME = 0x4a,
        ASH_ERROR_VERSION = 0x50,
        ASH_ERROR_TIMEOUTS = 0x51,
        ASH_ERROR_RESET_FAIL = 0x52,
        ASH_ERROR_NCP_RESET = 0x53,
        ERROR_SERIAL_INIT = 0x54,
        ASH_ERROR_NCP_TYPE = 0x55,
        ASH_ERROR_RESET_METHOD = 0x56,
        ASH_ERROR_XON_XOFF = 0x57,
        ASH_STARTED = 0x70,
        ASH_CONNECTED = 0x71,
        ASH_DISCONNECTED = 0x72,
        ASH_ACK_TIMEOUT = 0x73,
        ASH_CANCELLED = 0x74,
        ASH_OUT_OF_SEQUENCE = 0x75,
        ASH_BAD_CRC = 0x76,
        ASH_COMM_ERROR = 0x77,
        ASH_BAD_ACKNUM = 0x78,
        ASH_TOO_SHORT = 0x79,
        ASH_TOO_LONG = 0x7a,
        ASH_BAD_CONTROL = 0x7b,
        ASH_BAD_LENGTH = 0x7c,
        ASH_ACK_RECEIVED = 0x7d,
        ASH_ACK_SENT = 0x7e,
        ASH_NAK_RECEIVED = 0x7f,
        ASH_NAK_SENT = 0x80,
        ASH_RST_RECEIVED = 0x81,
        ASH_RST_SENT = 0x82,
        ASH_STATUS = 0x83,
        ASH_TX = 0x84,
        ASH_RX = 0x85,
        CPC_ERROR_INIT = 0x86,
        NO_ERROR = 0xff,
    }
}

code_type! {
    /// A Silicon Labs `sl_status_t` code (32-bit, EZSP v12+ security manager and v14+ everywhere).
    pub struct SlStatus(u32) {
        OK = 0x0,
        FAIL = 0x1,
        INVALID_STATE = 0x2,
        NOT_READY = 0x3,
        BUSY = 0x4,
        IN_PROGRESS = 0x5,
        ABORT = 0x6,
        TIMEOUT = 0x7,
        PERMISSION = 0x8,
        WOULD_BLOCK = 0x9,
        IDLE = 0xa,
        IS_WAITING = 0xb,
        NONE_WAITING = 0xc,
        SUSPENDED = 0xd,
        NOT_AVAILABLE = 0xe,
        NOT_SUPPORTED = 0xf,
        INITIALIZATION = 0x10,
        NOT_INITIALIZED = 0x11,
        ALREADY_INITIALIZED = 0x12,
        DELETED = 0x13,
        ISR = 0x14,
        NETWORK_UP = 0x15,
        NETWORK_DOWN = 0x16,
        NOT_JOINED = 0x17,
        NO_BEACONS = 0x18,
        ALLOCATION_FAILED = 0x19,
        NO_MORE_RESOURCE = 0x1a,
        EMPTY = 0x1b,
        FULL = 0x1c,
        WOULD_OVERFLOW = 0x1d,
        HAS_OVERFLOWED = 0x1e,
        OWNERSHIP = 0x1f,
        IS_OWNER = 0x20,
        INVALID_PARAMETER = 0x21,
        NULL_POINTER = 0x22,
        INVALID_CONFIGURATION = 0x23,
        INVALID_MODE = 0x24,
        INVALID_HANDLE = 0x25,
        INVALID_TYPE = 0x26,
        INVALID_INDEX = 0x27,
        INVALID_RANGE = 0x28,
        INVALID_KEY = 0x29,
        INVALID_CREDENTIALS = 0x2a,
        INVALID_COUNT = 0x2b,
        INVALID_SIGNATURE = 0x2c,
        NOT_FOUND = 0x2d,
        ALREADY_EXISTS = 0x2e,
        IO = 0x2f,
        IO_TIMEOUT = 0x30,
        TRANSMIT = 0x31,
        TRANSMIT_UNDERFLOW = 0x32,
        TRANSMIT_INCOMPLETE = 0x33,
        TRANSMIT_BUSY = 0x34,
        RECEIVE = 0x35,
        OBJECT_READ = 0x36,
        OBJECT_WRITE = 0x37,
        MESSAGE_TOO_LONG = 0x38,
        EEPROM_MFG_VERSION_MISMATCH = 0x39,
        EEPROM_STACK_VERSION_MISMATCH = 0x3a,
        FLASH_WRITE_INHIBITED = 0x3b,
        FLASH_VERIFY_FAILED = 0x3c,
        FLASH_PROGRAM_FAILED = 0x3d,
        FLASH_ERASE_FAILED = 0x3e,
        MAC_NO_DATA = 0x3f,
        MAC_NO_ACK_RECEIVED = 0x40,
        MAC_INDIRECT_TIMEOUT = 0x41,
        MAC_UNKNOWN_HEADER_TYPE = 0x42,
        MAC_ACK_HEADER_TYPE = 0x43,
        MAC_COMMAND_TRANSMIT_FAILURE = 0x44,
        CLI_STORAGE_NVM_OPEN_ERROR = 0x45,
        SECURITY_IMAGE_CHECKSUM_ERROR = 0x46,
        SECURITY_DECRYPT_ERROR = 0x47,
        COMMAND_IS_INVALID = 0x48,
        COMMAND_TOO_LONG = 0x49,
        COMMAND_INCOMPLETE = 0x4a,
        BUS_ERROR = 0x4b,
        CCA_FAILURE = 0x4c,
        MAC_SCANNING = 0x4d,
        MAC_INCORRECT_SCAN_TYPE = 0x4e,
        INVALID_CHANNEL_MASK = 0x4f,
        BAD_SCAN_DURATION = 0x50,
        MAC_TRANSMIT_QUEUE_FULL = 0x53,
        TRANSMIT_SCHEDULER_FAIL = 0x54,
        TRANSMIT_INVALID_CHANNEL = 0x55,
        TRANSMIT_INVALID_POWER = 0x56,
        TRANSMIT_ACK_RECEIVED = 0x57,
        TRANSMIT_BLOCKED = 0x58,
        NVM3_ALIGNMENT_INVALID = 0x59,
        NVM3_SIZE_TOO_SMALL = 0x5a,
        NVM3_PAGE_SIZE_NOT_SUPPORTED = 0x5b,
        NVM3_TOKEN_INIT_FAILED = 0x5c,
        NVM3_OPENED_WITH_OTHER_PARAMETERS = 0x5d,
        NVM3_NO_VALID_PAGES = 0x5e,
        NVM3_OBJECT_SIZE_NOT_SUPPORTED = 0x5f,
        NVM3_OBJECT_IS_NOT_DATA = 0x60,
        NVM3_OBJECT_IS_NOT_A_COUNTER = 0x61,
        NVM3_WRITE_DATA_SIZE = 0x62,
        NVM3_READ_DATA_SIZE = 0x63,
        NVM3_INIT_WITH_FULL_NVM = 0x64,
        NVM3_RESIZE_PARAMETER = 0x65,
        NVM3_RESIZE_NOT_ENOUGH_SPACE = 0x66,
        NVM3_ERASE_COUNT_ERROR = 0x67,
        NVM3_NVM_ACCESS = 0x68,
        NVM3_WRITE_TO_NOT_ERASED = 0x6d,
        NVM3_INVALID_ADDR = 0x6e,
        NVM3_KEY_MISMATCH = 0x6f,
        NVM3_SIZE_ERROR = 0x70,
        NVM3_EMULATOR = 0x71,
        SECURITY_ENCRYPT_ERROR = 0x72,
        SECURITY_KEY_ERROR = 0x73,
        SECURITY_RANDOM_NUM_GEN_ERROR = 0x74,
        COMPUTE_DRIVER_FAULT = 0x1501,
        COMPUTE_DRIVER_ALU_NAN = 0x1502,
        COMPUTE_DRIVER_ALU_OVERFLOW = 0x1503,
        COMPUTE_DRIVER_ALU_UNDERFLOW = 0x1504,
        COMPUTE_DRIVER_STORE_CONVERSION_OVERFLOW = 0x1505,
        COMPUTE_DRIVER_STORE_CONVERSION_UNDERFLOW = 0x1506,
        COMPUTE_DRIVER_STORE_CONVERSION_INFINITY = 0x1507,
        COMPUTE_DRIVER_STORE_CONVERSION_NAN = 0x1508,
        COMPUTE_MATH_NAN = 0x1512,
        COMPUTE_MATH_INFINITY = 0x1513,
        COMPUTE_MATH_OVERFLOW = 0x1514,
        COMPUTE_MATH_UNDERFLOW = 0x1515,
        ZIGBEE_PACKET_HANDOFF_DROPPED = 0xc01,
        ZIGBEE_DELIVERY_FAILED = 0xc02,
        ZIGBEE_MAX_MESSAGE_LIMIT_REACHED = 0xc03,
        ZIGBEE_BINDING_IS_ACTIVE = 0xc04,
        ZIGBEE_ADDRESS_TABLE_ENTRY_IS_ACTIVE = 0xc05,
        ZIGBEE_MOVE_FAILED = 0xc06,
        ZIGBEE_NODE_ID_CHANGED = 0xc07,
        ZIGBEE_INVALID_SECURITY_LEVEL = 0xc08,
        ZIGBEE_IEEE_ADDRESS_DISCOVERY_IN_PROGRESS = 0xc09,
        ZIGBEE_APS_ENCRYPTION_ERROR = 0xc0a,
        ZIGBEE_SECURITY_STATE_NOT_SET = 0xc0b,
        ZIGBEE_TOO_SOON_FOR_SWITCH_KEY = 0xc0c,
        ZIGBEE_SIGNATURE_VERIFY_FAILURE = 0xc0d,
        ZIGBEE_KEY_NOT_AUTHORIZED = 0xc0e,
        ZIGBEE_BINDING_HAS_CHANGED = 0xc0f,
        ZIGBEE_TRUST_CENTER_SWAP_EUI_HAS_CHANGED = 0xc10,
        ZIGBEE_TRUST_CENTER_SWAP_EUI_HAS_NOT_CHANGED = 0xc11,
        ZIGBEE_INSUFFICIENT_RANDOM_DATA = 0xc12,
        ZIGBEE_SOURCE_ROUTE_FAILURE = 0xc13,
        ZIGBEE_MANY_TO_ONE_ROUTE_FAILURE = 0xc14,
        ZIGBEE_STACK_AND_HARDWARE_MISMATCH = 0xc15,
        ZIGBEE_PAN_ID_CHANGED = 0xc16,
        ZIGBEE_CHANNEL_CHANGED = 0xc17,
        ZIGBEE_NETWORK_OPENED = 0xc18,
        ZIGBEE_NETWORK_CLOSED = 0xc19,
        ZIGBEE_RECEIVED_KEY_IN_THE_CLEAR = 0xc1a,
        ZIGBEE_NO_NETWORK_KEY_RECEIVED = 0xc1b,
        ZIGBEE_NO_LINK_KEY_RECEIVED = 0xc1c,
        ZIGBEE_PRECONFIGURED_KEY_REQUIRED = 0xc1d,
        ZIGBEE_EZSP_ERROR = 0xc1e,
        ZIGBEE_ID_DISCOVERY_FAILED = 0xc1f,
        ZIGBEE_NO_APS_ACK = 0xc20,
        ZIGBEE_APS_MESSAGE_CANCELED = 0xc21,
        ZIGBEE_ID_DISCOVERY_NOT_ENABLED = 0xc22,
        ZIGBEE_ID_DISCOVERY_UNDERWAY = 0xc23,
        ZIGBEE_SEND_UNICAST_ROUTE_DISCOVERY_UNDERWAY = 0xc24,
        ZIGBEE_SEND_UNICAST_FAILURE = 0xc25,
        ZIGBEE_SEND_UNICAST_NO_ROUTE = 0xc26,
        ZIGBEE_BROADCAST_TO_SLEEPY_CHILDREN_TIMEOUT = 0xc27,
        ZIGBEE_BROADCAST_RELAY_FAILED = 0xc28,
    }
}

code_type! {
    /// An `EzspValueId` for `getValue`/`setValue`.
    pub struct ValueId(u8) {
        VALUE_TOKEN_STACK_NODE_DATA = 0x0,
        VALUE_MAC_PASSTHROUGH_FLAGS = 0x1,
        VALUE_EMBERNET_PASSTHROUGH_SOURCE_ADDRESS = 0x2,
        VALUE_FREE_BUFFERS = 0x3,
        VALUE_UART_SYNCH_CALLBACKS = 0x4,
        VALUE_MAXIMUM_INCOMING_TRANSFER_SIZE = 0x5,
        VALUE_MAXIMUM_OUTGOING_TRANSFER_SIZE = 0x6,
        VALUE_STACK_TOKEN_WRITING = 0x7,
        VALUE_STACK_IS_PERFORMING_REJOIN = 0x8,
        VALUE_MAC_FILTER_LIST = 0x9,
        VALUE_EXTENDED_SECURITY_BITMASK = 0xa,
        VALUE_NODE_SHORT_ID = 0xb,
        VALUE_DESCRIPTOR_CAPABILITY = 0xc,
        VALUE_STACK_DEVICE_REQUEST_SEQUENCE_NUMBER = 0xd,
        VALUE_RADIO_HOLD_OFF = 0xe,
        VALUE_ENDPOINT_FLAGS = 0xf,
        VALUE_MFG_SECURITY_CONFIG = 0x10,
        VALUE_VERSION_INFO = 0x11,
        VALUE_NEXT_HOST_REJOIN_REASON = 0x12,
        VALUE_LAST_REJOIN_REASON = 0x13,
        VALUE_NEXT_ZIGBEE_SEQUENCE_NUMBER = 0x14,
        VALUE_CCA_THRESHOLD = 0x15,
        VALUE_RF4CE_DISCOVERY_LQI_THRESHOLD = 0x16,
        VALUE_SET_COUNTER_THRESHOLD = 0x17,
        VALUE_RESET_COUNTER_THRESHOLDS = 0x18,
        VALUE_CLEAR_COUNTERS = 0x19,
        VALUE_CERTIFICATE_283K1 = 0x1a,
        VALUE_PUBLIC_KEY_283K1 = 0x1b,
        VALUE_PRIVATE_KEY_283K1 = 0x1c,
        VALUE_RF4CE_GDP_BINDING_RECIPIENT_PARAMETERS = 0x1d,
        VALUE_RF4CE_GDP_PUSH_BUTTON_STIMULUS_RECEIVED_PENDING_FLAG = 0x1e,
        VALUE_RF4CE_GDP_BINDING_PROXY_FLAG = 0x1f,
        VALUE_RF4CE_GDP_APPLICATION_SPECIFIC_USER_STRING = 0x20,
        VALUE_RF4CE_MSO_USER_STRING = 0x21,
        VALUE_RF4CE_MSO_BINDING_RECIPIENT_PARAMETERS = 0x22,
        VALUE_NWK_FRAME_COUNTER = 0x23,
        VALUE_APS_FRAME_COUNTER = 0x24,
        VALUE_RETRY_DEVICE_TYPE = 0x25,
        VALUE_RF4CE_BASE_CHANNEL = 0x26,
        VALUE_RF4CE_SUPPORTED_DEVICE_TYPES_LIST = 0x27,
        VALUE_RF4CE_SUPPORTED_PROFILES_LIST = 0x28,
        VALUE_ENABLE_R21_BEHAVIOR = 0x29,
        VALUE_ANTENNA_MODE = 0x30,
        VALUE_ENABLE_PTA = 0x31,
        VALUE_PTA_OPTIONS = 0x32,
        VALUE_MFGLIB_OPTIONS = 0x33,
        VALUE_USE_NEGOTIATED_POWER_BY_LPD = 0x34,
        VALUE_PTA_PWM_OPTIONS = 0x35,
        VALUE_PTA_DIRECTIONAL_PRIORITY_PULSE_WIDTH = 0x36,
        VALUE_PTA_PHY_SELECT_TIMEOUT = 0x37,
        VALUE_ANTENNA_RX_MODE = 0x38,
        VALUE_NWK_KEY_TIMEOUT = 0x39,
        VALUE_FORCE_TX_AFTER_FAILED_CCA_ATTEMPTS = 0x3a,
        VALUE_TRANSIENT_KEY_TIMEOUT_S = 0x3b,
        VALUE_COULOMB_COUNTER_USAGE = 0x3c,
        VALUE_MAX_BEACONS_TO_STORE = 0x3d,
        VALUE_END_DEVICE_TIMEOUT_OPTIONS_MASK = 0x3e,
        VALUE_END_DEVICE_KEEP_ALIVE_SUPPORT_MODE = 0x3f,
        VALUE_GPIO_RADIO_POWER_MASK = 0x40,
        VALUE_ACTIVE_RADIO_CONFIG = 0x41,
        VALUE_TRANSIENT_DEVICE_TIMEOUT = 0x43,
        VALUE_KEY_STORAGE_VERSION = 0x44,
        VALUE_DELAYED_JOIN_ACTIVATION = 0x45,
        VALUE_MAX_NWK_RETRIES = 0x46,
        VALUE_REJOIN_MODE = 0x47,
        VALUE_JOIN_USE_INSTALL_CODE_ENABLE = 0x48,
    }
}

code_type! {
    /// An `EzspExtendedValueId` for `getExtendedValue`.
    pub struct ExtendedValueId(u8) {
        EXTENDED_VALUE_ENDPOINT_FLAGS = 0x0,
        EXTENDED_VALUE_LAST_LEAVE_REASON = 0x1,
        EXTENDED_VALUE_GET_SOURCE_ROUTE_OVERHEAD = 0x2,
        EXTENDED_VALUE_MEMORY_USAGE_DATA = 0x3,
    }
}

code_type! {
    /// An `EzspConfigId` for `getConfigurationValue`/`setConfigurationValue`.
    pub struct ConfigId(u8) {
        CONFIG_PACKET_BUFFER_COUNT = 0x1,
        CONFIG_NEIGHBOR_TABLE_SIZE = 0x2,
        CONFIG_APS_UNICAST_MESSAGE_COUNT = 0x3,
        CONFIG_BINDING_TABLE_SIZE = 0x4,
        CONFIG_ADDRESS_TABLE_SIZE = 0x5,
        CONFIG_MULTICAST_TABLE_SIZE = 0x6,
        CONFIG_ROUTE_TABLE_SIZE = 0x7,
        CONFIG_DISCOVERY_TABLE_SIZE = 0x8,
        CONFIG_BROADCAST_ALARM_DATA_SIZE = 0x9,
        CONFIG_UNICAST_ALARM_DATA_SIZE = 0xa,
        CONFIG_STACK_PROFILE = 0xc,
        CONFIG_SECURITY_LEVEL = 0xd,
        CONFIG_MAX_HOPS = 0x10,
        CONFIG_MAX_END_DEVICE_CHILDREN = 0x11,
        CONFIG_INDIRECT_TRANSMISSION_TIMEOUT = 0x12,
        CONFIG_END_DEVICE_POLL_TIMEOUT = 0x13,
        CONFIG_MOBILE_NODE_POLL_TIMEOUT = 0x14,
        CONFIG_RESERVED_MOBILE_CHILD_ENTRIES = 0x15,
        CONFIG_TX_POWER_MODE = 0x17,
        CONFIG_DISABLE_RELAY = 0x18,
        CONFIG_TRUST_CENTER_ADDRESS_CACHE_SIZE = 0x19,
        CONFIG_SOURCE_ROUTE_TABLE_SIZE = 0x1a,
        CONFIG_END_DEVICE_POLL_TIMEOUT_SHIFT = 0x1b,
        CONFIG_FRAGMENT_WINDOW_SIZE = 0x1c,
        CONFIG_FRAGMENT_DELAY_MS = 0x1d,
        CONFIG_KEY_TABLE_SIZE = 0x1e,
        CONFIG_APS_ACK_TIMEOUT = 0x1f,
        CONFIG_ACTIVE_SCAN_DURATION = 0x20,
        CONFIG_END_DEVICE_BIND_TIMEOUT = 0x21,
        CONFIG_PAN_ID_CONFLICT_REPORT_THRESHOLD = 0x22,
        CONFIG_REQUEST_KEY_TIMEOUT = 0x24,
        CONFIG_CERTIFICATE_TABLE_SIZE = 0x29,
        CONFIG_APPLICATION_ZDO_FLAGS = 0x2a,
        CONFIG_BROADCAST_TABLE_SIZE = 0x2b,
        CONFIG_MAC_FILTER_TABLE_SIZE = 0x2c,
        CONFIG_SUPPORTED_NETWORKS = 0x2d,
        CONFIG_SEND_MULTICASTS_TO_SLEEPY_ADDRESS = 0x2e,
        CONFIG_ZLL_GROUP_ADDRESSES = 0x2f,
        CONFIG_ZLL_RSSI_THRESHOLD = 0x30,
        CONFIG_RF4CE_PAIRING_TABLE_SIZE = 0x31,
        CONFIG_RF4CE_PENDING_OUTGOING_PACKET_TABLE_SIZE = 0x32,
        CONFIG_MTORR_FLOW_CONTROL = 0x33,
        CONFIG_RETRY_QUEUE_SIZE = 0x34,
        CONFIG_NEW_BROADCAST_ENTRY_THRESHOLD = 0x35,
        CONFIG_TRANSIENT_KEY_TIMEOUT_S = 0x36,
        CONFIG_BROADCAST_MIN_ACKS_NEEDED = 0x37,
        CONFIG_TC_REJOINS_USING_WELL_KNOWN_KEY_TIMEOUT_S = 0x38,
        CONFIG_CTUNE_VALUE = 0x39,
        CONFIG_ASSUME_TC_CONCENTRATOR_TYPE = 0x40,
        CONFIG_GP_PROXY_TABLE_SIZE = 0x41,
        EZSP_CONFIG_GP_SINK_TABLE_SIZE = 0x42,
    }
}

code_type! {
    /// An `EzspPolicyId` for `setPolicy`/`getPolicy`.
    pub struct PolicyId(u8) {
        TRUST_CENTER_POLICY = 0x0,
        BINDING_MODIFICATION_POLICY = 0x1,
        UNICAST_REPLIES_POLICY = 0x2,
        POLL_HANDLER_POLICY = 0x3,
        MESSAGE_CONTENTS_IN_CALLBACK_POLICY = 0x4,
        TC_KEY_REQUEST_POLICY = 0x5,
        APP_KEY_REQUEST_POLICY = 0x6,
        PACKET_VALIDATE_LIBRARY_POLICY = 0x7,
        ZLL_POLICY = 0x8,
        TC_REJOINS_USING_WELL_KNOWN_KEY_POLICY = 0x9,
        RF4CE_DISCOVERY_REQUEST_POLICY = 0xa,
        RF4CE_DISCOVERY_POLICY = 0xb,
        RF4CE_PAIR_REQUEST_POLICY = 0xc,
    }
}

code_type! {
    /// An `EzspDecisionId` (or decision bitmask, for the trust center policy).
    pub struct DecisionId(u8) {
        ALLOW_JOINS = 0x0,
        ALLOW_JOINS_REJOINS_HAVE_LINK_KEY = 0x4,
        ALLOW_PRECONFIGURED_KEY_JOINS = 0x1,
        ALLOW_REJOINS_ONLY = 0x2,
        DISALLOW_ALL_JOINS_AND_REJOINS = 0x3,
        IGNORE_TRUST_CENTER_REJOINS = 0x5,
        BDB_JOIN_USES_INSTALL_CODE_KEY = 0x6,
        DEFER_JOINS_REJOINS_HAVE_LINK_KEY = 0x7,
        DISALLOW_BINDING_MODIFICATION = 0x10,
        ALLOW_BINDING_MODIFICATION = 0x11,
        CHECK_BINDING_MODIFICATIONS_ARE_VALID_ENDPOINT_CLUSTERS = 0x12,
        HOST_WILL_NOT_SUPPLY_REPLY = 0x20,
        HOST_WILL_SUPPLY_REPLY = 0x21,
        POLL_HANDLER_IGNORE = 0x30,
        POLL_HANDLER_CALLBACK = 0x31,
        MESSAGE_TAG_ONLY_IN_CALLBACK = 0x40,
        MESSAGE_TAG_AND_CONTENTS_IN_CALLBACK = 0x41,
        DENY_TC_KEY_REQUESTS = 0x50,
        ALLOW_TC_KEY_REQUESTS_AND_SEND_CURRENT_KEY = 0x51,
        ALLOW_TC_KEY_REQUEST_AND_GENERATE_NEW_KEY = 0x52,
        DENY_APP_KEY_REQUESTS = 0x60,
        ALLOW_APP_KEY_REQUESTS = 0x61,
        PACKET_VALIDATE_LIBRARY_CHECKS_ENABLED = 0x62,
        PACKET_VALIDATE_LIBRARY_CHECKS_DISABLED = 0x63,
        RF4CE_DISCOVERY_AND_PAIRING_PROFILE_BEHAVIOR_ENABLED = 0x70,
        RF4CE_DISCOVERY_AND_PAIRING_PROFILE_BEHAVIOR_DISABLED = 0x71,
        RF4CE_DISCOVERY_REQUEST_RESPOND = 0x72,
        RF4CE_DISCOVERY_REQUEST_IGNORE = 0x73,
        RF4CE_DISCOVERY_MAX_DISCOVERY_TRIALS = 0x74,
        RF4CE_DISCOVERY_STOP_ON_MATCHING_RESPONSE = 0x75,
        RF4CE_PAIR_REQUEST_ACCEPT = 0x76,
        RF4CE_PAIR_REQUEST_DENY = 0x77,
    }
}

code_type! {
    /// An `EmberNetworkStatus` (`networkState`).
    pub struct NetworkStatus(u8) {
        NO_NETWORK = 0x0,
        JOINING_NETWORK = 0x1,
        JOINED_NETWORK = 0x2,
        JOINED_NETWORK_NO_PARENT = 0x3,
        LEAVING_NETWORK = 0x4,
    }
}

code_type! {
    /// An `EmberNodeType`.
    pub struct NodeType(u8) {
        UNKNOWN_DEVICE = 0x0,
        COORDINATOR = 0x1,
        ROUTER = 0x2,
        END_DEVICE = 0x3,
        SLEEPY_END_DEVICE = 0x4,
        MOBILE_END_DEVICE = 0x5,
        RF4CE_TARGET = 0x6,
        RF4CE_CONTROLLER = 0x7,
        UNKNOWN_NODE_TYPE = 0xff,
    }
}

code_type! {
    /// An `EmberKeyType` (`getKey`, v8-v12).
    pub struct KeyType(u8) {
        TRUST_CENTER_LINK_KEY = 0x1,
        TRUST_CENTER_MASTER_KEY = 0x2,
        CURRENT_NETWORK_KEY = 0x3,
        NEXT_NETWORK_KEY = 0x4,
        APPLICATION_LINK_KEY = 0x5,
        APPLICATION_MASTER_KEY = 0x6,
    }
}

code_type! {
    /// An `EmberIncomingMessageType`.
    pub struct IncomingMessageType(u8) {
        INCOMING_UNICAST = 0x0,
        INCOMING_UNICAST_REPLY = 0x1,
        INCOMING_MULTICAST = 0x2,
        INCOMING_MULTICAST_LOOPBACK = 0x3,
        INCOMING_BROADCAST = 0x4,
        INCOMING_BROADCAST_LOOPBACK = 0x5,
        INCOMING_MANY_TO_ONE_ROUTE_REQUEST = 0x6,
    }
}

code_type! {
    /// An `EmberOutgoingMessageType`.
    pub struct OutgoingMessageType(u8) {
        OUTGOING_DIRECT = 0x0,
        OUTGOING_VIA_ADDRESS_TABLE = 0x1,
        OUTGOING_VIA_BINDING = 0x2,
        OUTGOING_MULTICAST = 0x3,
        OUTGOING_MULTICAST_WITH_ALIAS = 0x4,
        OUTGOING_BROADCAST_WITH_ALIAS = 0x5,
        OUTGOING_BROADCAST = 0x6,
    }
}

code_type! {
    /// An `EmberDeviceUpdate` (`trustCenterJoinHandler`).
    pub struct DeviceUpdate(u8) {
        STANDARD_SECURITY_SECURED_REJOIN = 0x0,
        STANDARD_SECURITY_UNSECURED_JOIN = 0x1,
        DEVICE_LEFT = 0x2,
        STANDARD_SECURITY_UNSECURED_REJOIN = 0x3,
        HIGH_SECURITY_SECURED_REJOIN = 0x4,
        HIGH_SECURITY_UNSECURED_JOIN = 0x5,
        HIGH_SECURITY_UNSECURED_REJOIN = 0x7,
    }
}

code_type! {
    /// An `EmberJoinDecision` (`trustCenterJoinHandler`).
    pub struct JoinDecision(u8) {
        USE_PRECONFIGURED_KEY = 0x0,
        SEND_KEY_IN_THE_CLEAR = 0x1,
        DENY_JOIN = 0x2,
        NO_ACTION = 0x3,
    }
}

code_type! {
    /// An `EzspNetworkScanType` (`startScan`).
    pub struct ScanType(u8) {
        ENERGY_SCAN = 0x0,
        ACTIVE_SCAN = 0x1,
    }
}

code_type! {
    /// An `EzspMfgTokenId` (`getMfgToken`/`setMfgToken`).
    pub struct MfgTokenId(u8) {
        MFG_CUSTOM_VERSION = 0x0,
        MFG_STRING = 0x1,
        MFG_BOARD_NAME = 0x2,
        MFG_MANUF_ID = 0x3,
        MFG_PHY_CONFIG = 0x4,
        MFG_BOOTLOAD_AES_KEY = 0x5,
        MFG_ASH_CONFIG = 0x6,
        MFG_STORAGE = 0x7,
        STACK_CAL_DATA = 0x8,
        MFG_CBKE_DATA = 0x9,
        MFG_INSTALLATION_CODE = 0xa,
        STACK_CAL_FILTER = 0xb,
        MFG_CUSTOM_EUI_64 = 0xc,
        MFG_CTUNE = 0xd,
    }
}

code_type! {
    /// An `sl_zb_sec_man_key_type_t` (security manager core key type).
    pub struct SecurityKeyType(u8) {
        NONE = 0x0,
        NETWORK = 0x1,
        TC_LINK = 0x2,
        TC_LINK_WITH_TIMEOUT = 0x3,
        APP_LINK = 0x4,
        SECURE_EZSP_KEY = 0x5,
        ZLL_ENCRYPTION_KEY = 0x6,
        ZLL_PRECONFIGURED_KEY = 0x7,
        GREEN_POWER_PROXY_TABLE_KEY = 0x8,
        GREEN_POWER_SINK_TABLE_KEY = 0x9,
        INTERNAL = 0xa,
    }
}

code_type! {
    /// An `EmberJoinMethod`.
    pub struct JoinMethod(u8) {
        USE_MAC_ASSOCIATION = 0x0,
        USE_NWK_REJOIN = 0x1,
        USE_NWK_REJOIN_HAVE_NWK_KEY = 0x2,
        USE_CONFIGURED_NWK_STATE = 0x3,
    }
}

/// Pairs of Ember and `sl_status_t` codes that mean the same thing (used to convert a status
/// when a layout of the other generation is encoded).
const EMBER_SL: &[(u8, u32)] = &[
    (0x00, 0x0000), // SUCCESS / OK
    (0x01, 0x0001), // ERR_FATAL / FAIL
    (0x02, 0x0021), // BAD_ARGUMENT / INVALID_PARAMETER
    (0x03, 0x002D), // NOT_FOUND
    (0x18, 0x0019), // NO_BUFFERS / ALLOCATION_FAILED
    (0x19, 0x0C01), // PACKET_HANDOFF_DROP_PACKET / ZIGBEE_PACKET_HANDOFF_DROPPED
    (0x31, 0x003F), // MAC_NO_DATA
    (0x34, 0x004E), // MAC_INCORRECT_SCAN_TYPE
    (0x36, 0x0044), // MAC_COMMAND_TRANSMIT_FAILURE
    (0x39, 0x0053), // MAC_TRANSMIT_QUEUE_FULL
    (0x3D, 0x004D), // MAC_SCANNING
    (0x40, 0x0040), // MAC_NO_ACK_RECEIVED
    (0x42, 0x0041), // MAC_INDIRECT_TIMEOUT
    (0x66, 0x0C02), // DELIVERY_FAILED / ZIGBEE_DELIVERY_FAILED
    (0x70, 0x0002), // INVALID_CALL / INVALID_STATE
    (0x72, 0x0C03), // MAX_MESSAGE_LIMIT_REACHED
    (0x75, 0x0C04), // BINDING_IS_ACTIVE
    (0x76, 0x0C05), // ADDRESS_TABLE_ENTRY_IS_ACTIVE
    (0x90, 0x0015), // NETWORK_UP
    (0x91, 0x0016), // NETWORK_DOWN
    (0x93, 0x0017), // NOT_JOINED
    (0x95, 0x0C08), // INVALID_SECURITY_LEVEL
    (0x96, 0x0C06), // MOVE_FAILED
    (0x99, 0x0C07), // NODE_ID_CHANGED
    (0x9A, 0x0C16), // PAN_ID_CHANGED
    (0x9B, 0x0C17), // CHANNEL_CHANGED
    (0x9C, 0x0C18), // NETWORK_OPENED
    (0x9D, 0x0C19), // NETWORK_CLOSED
    (0xA4, 0x0C0F), // BINDING_HAS_CHANGED
    (0xA5, 0x0C12), // INSUFFICIENT_RANDOM_DATA
    (0xA6, 0x0C0A), // APS_ENCRYPTION_ERROR
    (0xA8, 0x0C0B), // SECURITY_STATE_NOT_SET
    (0xA9, 0x0C13), // SOURCE_ROUTE_FAILURE
    (0xAA, 0x0C14), // MANY_TO_ONE_ROUTE_FAILURE
    (0xAB, 0x0018), // NO_BEACONS
    (0xAC, 0x0C1A), // RECEIVED_KEY_IN_THE_CLEAR
    (0xAD, 0x0C1B), // NO_NETWORK_KEY_RECEIVED
    (0xAE, 0x0C1C), // NO_LINK_KEY_RECEIVED
    (0xAF, 0x0C1D), // PRECONFIGURED_KEY_REQUIRED
    (0xB0, 0x0C15), // STACK_AND_HARDWARE_MISMATCH
    (0xB2, 0x0029), // KEY_INVALID / INVALID_KEY
    (0xB4, 0x001C), // TABLE_FULL / FULL
    (0xB8, 0x0C0C), // TOO_SOON_FOR_SWITCH_KEY
    (0xB9, 0x0C0D), // SIGNATURE_VERIFY_FAILURE
    (0xBB, 0x0C0E), // KEY_NOT_AUTHORIZED
    (0xC8, 0x0C1F), // ID_DISCOVERY_FAILED
    (0xC9, 0x0C20), // NO_APS_ACK
];

/// An 8-bit status of the pre-v14 generation that has an `sl_status_t` counterpart.
pub trait LegacyStatus: Copy + Eq + fmt::Debug + Default {
    /// The raw code.
    fn raw(self) -> u8;
    /// From a raw code.
    fn from_raw(raw: u8) -> Self;
    /// The equivalent `sl_status_t` (`FAIL` when there is none).
    fn to_sl(self) -> SlStatus {
        if self.raw() == 0 {
            return SlStatus::OK;
        }
        EMBER_SL
            .iter()
            .find(|(e, _)| *e == self.raw())
            .map_or(SlStatus::FAIL, |(_, s)| SlStatus(*s))
    }
    /// The equivalent legacy code (`ERR_FATAL`-like 1 when there is none).
    fn from_sl(sl: SlStatus) -> Self {
        if sl == SlStatus::OK {
            return Self::from_raw(0);
        }
        Self::from_raw(
            EMBER_SL
                .iter()
                .find(|(_, s)| *s == sl.0)
                .map_or(1, |(e, _)| *e),
        )
    }
}

impl LegacyStatus for EmberStatus {
    fn raw(self) -> u8 {
        self.0
    }
    fn from_raw(raw: u8) -> Self {
        Self(raw)
    }
}

impl LegacyStatus for EzspStatus {
    fn raw(self) -> u8 {
        self.0
    }
    fn from_raw(raw: u8) -> Self {
        Self(raw)
    }
    fn to_sl(self) -> SlStatus {
        if self.0 == 0 {
            SlStatus::OK
        } else {
            SlStatus::FAIL
        }
    }
    fn from_sl(sl: SlStatus) -> Self {
        if sl == SlStatus::OK {
            Self::SUCCESS
        } else {
            Self(0x21) // HOST_FATAL_ERROR as a generic failure
        }
    }
}

impl From<EmberStatus> for SlStatus {
    fn from(s: EmberStatus) -> Self {
        s.to_sl()
    }
}

impl From<SlStatus> for EmberStatus {
    fn from(s: SlStatus) -> Self {
        Self::from_sl(s)
    }
}

/// A status field whose width depends on the version: the 8-bit legacy code `L` (an
/// [`EmberStatus`] or [`EzspStatus`]) before v14, a 32-bit [`SlStatus`] from v14.
///
/// Decoding gives the variant of the version; encoding the other variant converts it through
/// the code mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status<L> {
    /// An 8-bit code (v8-v13).
    Legacy(L),
    /// A 32-bit `sl_status_t` (v14+).
    Sl(SlStatus),
}

/// A status that is an [`EmberStatus`] before v14 and an [`SlStatus`] from v14.
pub type EmberOrSl = Status<EmberStatus>;
/// A status that is an [`EzspStatus`] before v14 and an [`SlStatus`] from v14.
pub type EzspOrSl = Status<EzspStatus>;

impl<L: LegacyStatus> Status<L> {
    /// Success in either generation.
    pub const fn success_sl() -> Self {
        Self::Sl(SlStatus::OK)
    }

    /// Success for version `v`.
    #[must_use]
    pub fn success(v: ProtocolVersion) -> Self {
        if v.uses_sl_status() {
            Self::Sl(SlStatus::OK)
        } else {
            Self::Legacy(L::from_raw(0))
        }
    }

    /// Whether the status means success.
    #[must_use]
    pub fn is_success(self) -> bool {
        match self {
            Self::Legacy(l) => l.raw() == 0,
            Self::Sl(s) => s == SlStatus::OK,
        }
    }

    /// As an `sl_status_t` (mapped for legacy codes).
    #[must_use]
    pub fn to_sl(self) -> SlStatus {
        match self {
            Self::Legacy(l) => l.to_sl(),
            Self::Sl(s) => s,
        }
    }

    /// As the legacy code (mapped for `sl_status_t`).
    #[must_use]
    pub fn to_legacy(self) -> L {
        match self {
            Self::Legacy(l) => l,
            Self::Sl(s) => L::from_sl(s),
        }
    }

    /// The variant version `v` puts on the wire.
    #[must_use]
    pub fn for_version(self, v: ProtocolVersion) -> Self {
        if v.uses_sl_status() {
            Self::Sl(self.to_sl())
        } else {
            Self::Legacy(self.to_legacy())
        }
    }
}

impl<L: LegacyStatus> Default for Status<L> {
    fn default() -> Self {
        Self::Legacy(L::from_raw(0))
    }
}

impl<L: LegacyStatus> Wire for Status<L> {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        if v.uses_sl_status() {
            self.to_sl().encode(out, v);
        } else {
            out.push(self.to_legacy().raw());
        }
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        if v.uses_sl_status() {
            SlStatus::decode(r, v).map(Self::Sl)
        } else {
            u8::decode(r, v).map(|b| Self::Legacy(L::from_raw(b)))
        }
    }
}

/// A 16-bit value carried in one byte before version `SINCE` (the low byte is sent) and in
/// two bytes from it: the message tag of the send commands (v14), the derived key type of the
/// security manager context (v13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct U8OrU16<const SINCE: u8>(pub u16);

impl<const SINCE: u8> Wire for U8OrU16<SINCE> {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        if v.at_least(SINCE) {
            self.0.encode(out, v);
        } else {
            out.push(self.0.to_le_bytes()[0]);
        }
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        if v.at_least(SINCE) {
            u16::decode(r, v).map(Self)
        } else {
            u8::decode(r, v).map(|b| Self(u16::from(b)))
        }
    }
}

/// A 32-bit value carried in one byte before version `SINCE` (the low byte is sent): the token
/// count (v18) and token size (v19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct U8OrU32<const SINCE: u8>(pub u32);

impl<const SINCE: u8> Wire for U8OrU32<SINCE> {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        if v.at_least(SINCE) {
            self.0.encode(out, v);
        } else {
            out.push(self.0.to_le_bytes()[0]);
        }
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        if v.at_least(SINCE) {
            u32::decode(r, v).map(Self)
        } else {
            u8::decode(r, v).map(|b| Self(u32::from(b)))
        }
    }
}

/// A 64-bit IEEE address (`EmberEUI64`, least significant byte first on the wire): the frame
/// layers' typed address, so EZSP, Z-Stack and the sniffer print IEEE addresses one way.
pub use zcl_frames::Eui64;

impl Wire for Eui64 {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        self.0.encode(out, v);
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        u64::decode(r, v).map(Eui64)
    }
}

/// A 128-bit key.
pub type Key = [u8; 16];

ezsp_struct! {
    /// `EmberNetworkParameters`.
    pub struct NetworkParameters {
        /// Extended PAN id (wire order).
        pub extended_pan_id: Eui64,
        /// PAN id.
        pub pan_id: u16,
        /// Transmit power, dBm.
        pub radio_tx_power: u8,
        /// Channel.
        pub radio_channel: u8,
        /// Join method.
        pub join_method: JoinMethod,
        /// Network manager node id.
        pub nwk_manager_id: u16,
        /// Network update id.
        pub nwk_update_id: u8,
        /// Channel mask.
        pub channels: u32,
    }
}

ezsp_struct! {
    /// `EmberInitialSecurityState` (`setInitialSecurityState`).
    pub struct InitialSecurityState {
        /// `EmberInitialSecurityBitmask`.
        pub bitmask: u16,
        /// Preconfigured (trust center link) key.
        pub preconfigured_key: Key,
        /// Network key.
        pub network_key: Key,
        /// Network key sequence number.
        pub network_key_sequence_number: u8,
        /// Trust center EUI64 when preconfigured.
        pub preconfigured_trust_center_eui64: Eui64,
    }
}

ezsp_struct! {
    /// `EmberCurrentSecurityState` (`getCurrentSecurityState`).
    pub struct CurrentSecurityState {
        /// `EmberCurrentSecurityBitmask`.
        pub bitmask: u16,
        /// Trust center IEEE address.
        pub trust_center_long_address: Eui64,
    }
}

ezsp_struct! {
    /// `EmberKeyStruct` (`getKey`, `getKeyTableEntry`, v8-v12).
    pub struct KeyStruct {
        /// `EmberKeyStructBitmask`.
        pub bitmask: u16,
        /// Key type.
        pub key_type: KeyType,
        /// Key.
        pub key: Key,
        /// Outgoing frame counter.
        pub outgoing_frame_counter: u32,
        /// Incoming frame counter.
        pub incoming_frame_counter: u32,
        /// Key sequence number.
        pub sequence_number: u8,
        /// Partner IEEE address.
        pub partner_eui64: Eui64,
    }
}

ezsp_struct! {
    /// `sl_zb_sec_man_context_t` (v12+). The derived key type is 8-bit in v12, 16-bit from v13.
    pub struct SecurityManagerContext {
        /// Core key type.
        pub core_key_type: SecurityKeyType,
        /// Key table index.
        pub key_index: u8,
        /// `sl_zb_sec_man_derived_key_type_t`.
        pub derived_type: U8OrU16<13>,
        /// Partner IEEE address.
        pub eui64: Eui64,
        /// Network index.
        pub multi_network_index: u8,
        /// `sl_zb_sec_man_flags_t`.
        pub flags: u8,
        /// PSA key algorithm permission.
        pub psa_key_alg_permission: u32,
    }
}

ezsp_struct! {
    /// `sl_zb_sec_man_network_key_info_t` (`getNetworkKeyInfo`, v13+).
    pub struct NetworkKeyInfo {
        /// Whether a network key is set.
        pub network_key_set: bool,
        /// Whether an alternate network key is set.
        pub alternate_network_key_set: bool,
        /// Network key sequence number.
        pub network_key_sequence_number: u8,
        /// Alternate key sequence number.
        pub alt_network_key_sequence_number: u8,
        /// Network key outgoing frame counter.
        pub network_key_frame_counter: u32,
    }
}

ezsp_struct! {
    /// `sl_zb_sec_man_aps_key_metadata_t` (v12+).
    pub struct ApsKeyMetadata {
        /// `EmberKeyStructBitmask`.
        pub bitmask: u16,
        /// Outgoing frame counter.
        pub outgoing_frame_counter: u32,
        /// Incoming frame counter.
        pub incoming_frame_counter: u32,
        /// Remaining lifetime of a transient key.
        pub ttl_in_seconds: u16,
    }
}

ezsp_struct! {
    /// `EmberApsFrame`.
    pub struct ApsFrame {
        /// Profile id.
        pub profile_id: u16,
        /// Cluster id.
        pub cluster_id: u16,
        /// Source endpoint.
        pub source_endpoint: u8,
        /// Destination endpoint.
        pub destination_endpoint: u8,
        /// `EmberApsOption` bitmask.
        pub options: u16,
        /// Group id (multicast) or fragmentation info.
        pub group_id: u16,
        /// APS sequence number.
        pub sequence: u8,
    }
}

ezsp_struct! {
    /// `EmberChildData` (`getChildData`/`setChildData`); `timeout_remaining` exists from v10.
    pub struct ChildData {
        /// Child IEEE address.
        pub eui64: Eui64,
        /// Node type.
        pub node_type: NodeType,
        /// Child node id.
        pub id: u16,
        /// PHY index.
        pub phy: u8,
        /// Power.
        pub power: u8,
        /// Timeout code.
        pub timeout: u8,
        /// Remaining timeout (v10+).
        [since 10] pub timeout_remaining: u32,
    }
}

ezsp_struct! {
    /// `EmberRouteTableEntry` (`getRouteTableEntry`).
    pub struct RouteTableEntry {
        /// Destination node id.
        pub destination: u16,
        /// Next hop.
        pub next_hop: u16,
        /// Entry status.
        pub status: u8,
        /// Age.
        pub age: u8,
        /// Concentrator type.
        pub concentrator_type: u8,
        /// Route record state.
        pub route_record_state: u8,
    }
}

ezsp_struct! {
    /// `EmberMulticastTableEntry` (`getMulticastTableEntry` / `setMulticastTableEntry`).
    pub struct MulticastTableEntry {
        /// Group id.
        pub multicast_id: u16,
        /// Member endpoint (0: entry unused).
        pub endpoint: u8,
        /// Network index.
        pub network_index: u8,
    }
}

ezsp_struct! {
    /// `EmberNeighborTableEntry` (`getNeighbor`).
    pub struct NeighborTableEntry {
        /// Neighbor node id.
        pub short_id: u16,
        /// Average LQI.
        pub average_lqi: u8,
        /// Incoming cost.
        pub in_cost: u8,
        /// Outgoing cost.
        pub out_cost: u8,
        /// Age.
        pub age: u8,
        /// Neighbor IEEE address.
        pub long_id: Eui64,
    }
}

ezsp_struct! {
    /// `EmberTokenInfo` (`getTokenInfo`, v9+); `size` is 32-bit from v19.
    pub struct TokenInfo {
        /// NVM3 key.
        pub nvm3_key: u32,
        /// Whether the token is a counter.
        pub is_cnt: bool,
        /// Whether the token is indexed.
        pub is_idx: bool,
        /// Size of one element.
        pub size: U8OrU32<19>,
        /// Number of elements.
        pub array_size: u8,
    }
}

ezsp_struct! {
    /// `EmberZigbeeNetwork` (`networkFoundHandler`).
    pub struct ZigbeeNetwork {
        /// Channel.
        pub channel: u8,
        /// PAN id.
        pub pan_id: u16,
        /// Extended PAN id (wire order).
        pub extended_pan_id: Eui64,
        /// Whether the network permits joining.
        pub allowing_join: bool,
        /// Stack profile.
        pub stack_profile: u8,
        /// Network update id.
        pub nwk_update_id: u8,
    }
}
