//! Basic server (ZCL 3.2): device information from constants, a writable location
//! description, and Reset to Factory Defaults.

use crate::clusters::basic::attr_id::{
    APPLICATION_VERSION, DATE_CODE, DEVICE_ENABLED, HW_VERSION, LOCATION_DESCRIPTION,
    MANUFACTURER_NAME, MODEL_IDENTIFIER, PHYSICAL_ENVIRONMENT, POWER_SOURCE, STACK_VERSION,
    SW_BUILD_ID, VERSION,
};
use crate::clusters::basic::ResetToFactoryDefaults;
use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{AttrValue, ClusterServer, Context, Outcome, Status};

/// Fixed device information served by the Basic cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct BasicInfo {
    /// ZCLVersion (8 for ZCL revision 8).
    pub zcl_version: u8,
    /// ApplicationVersion.
    pub application_version: u8,
    /// StackVersion.
    pub stack_version: u8,
    /// HWVersion.
    pub hw_version: u8,
    /// ManufacturerName (at most 32 bytes).
    pub manufacturer_name: &'static str,
    /// ModelIdentifier (at most 32 bytes).
    pub model_identifier: &'static str,
    /// DateCode (at most 16 bytes).
    pub date_code: &'static str,
    /// PowerSource (0x01 mains single phase, 0x03 battery, ...).
    pub power_source: u8,
    /// SWBuildID (at most 16 bytes).
    pub sw_build_id: &'static str,
}

/// The Basic cluster server.
#[derive(Debug, Clone)]
pub struct BasicServer {
    info: BasicInfo,
    location: heapless::Vec<u8, 16>,
    physical_environment: u8,
    device_enabled: bool,
    resets: u16,
}

impl BasicServer {
    /// A server answering with `info`.
    pub fn new(info: BasicInfo) -> Self {
        BasicServer {
            info,
            location: heapless::Vec::new(),
            physical_environment: 0,
            device_enabled: true,
            resets: 0,
        }
    }

    /// How many factory resets were requested.
    pub fn factory_resets(&self) -> u16 {
        self.resets
    }
}

impl ClusterServer for BasicServer {
    fn meta(&self) -> &'static ClusterMeta {
        &crate::clusters::basic::META
    }

    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        let i = &self.info;
        let s = |v: &'static str| AttrValue::Bytes(Some(v.as_bytes()));
        Some(match attr.id {
            VERSION => AttrValue::Raw(i.zcl_version.into()),
            APPLICATION_VERSION => AttrValue::Raw(i.application_version.into()),
            STACK_VERSION => AttrValue::Raw(i.stack_version.into()),
            HW_VERSION => AttrValue::Raw(i.hw_version.into()),
            MANUFACTURER_NAME => s(i.manufacturer_name),
            MODEL_IDENTIFIER => s(i.model_identifier),
            DATE_CODE => s(i.date_code),
            POWER_SOURCE => AttrValue::Raw(i.power_source.into()),
            LOCATION_DESCRIPTION => AttrValue::Bytes(Some(&self.location)),
            PHYSICAL_ENVIRONMENT => AttrValue::Raw(self.physical_environment.into()),
            DEVICE_ENABLED => AttrValue::bool(self.device_enabled),
            SW_BUILD_ID => s(i.sw_build_id),
            _ => return None,
        })
    }

    fn check_write(&self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        match (attr.id, value) {
            (LOCATION_DESCRIPTION, AttrValue::Bytes(Some(b))) if b.len() <= 16 => Ok(()),
            (LOCATION_DESCRIPTION, _) => Err(Status::InvalidValue),
            (DEVICE_ENABLED, AttrValue::Raw(v)) if v > 1 => Err(Status::InvalidValue),
            _ => Ok(()),
        }
    }

    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        self.check_write(attr, value)?;
        match (attr.id, value) {
            (LOCATION_DESCRIPTION, AttrValue::Bytes(Some(b))) => {
                self.location = heapless::Vec::from_slice(b).map_err(|_| Status::InvalidValue)?;
            }
            (PHYSICAL_ENVIRONMENT, AttrValue::Raw(v)) => self.physical_environment = v as u8,
            (DEVICE_ENABLED, AttrValue::Raw(v)) => self.device_enabled = v == 1,
            _ => return Err(Status::UnsupportedAttribute),
        }
        Ok(())
    }

    fn persistent(&self, attr: u16) -> bool {
        matches!(attr, PHYSICAL_ENVIRONMENT | DEVICE_ENABLED)
    }

    fn supports_command(&self, id: u8, direction: zcl_core::Direction) -> bool {
        id == ResetToFactoryDefaults::ID && direction == zcl_core::Direction::ClientToServer
    }

    fn command(&mut self, cx: &mut Context<'_, '_>, command_id: u8, _payload: &[u8]) -> Outcome {
        match command_id {
            // Reset to Factory Defaults (3.2.2.3.1): every cluster of the device, not the network.
            ResetToFactoryDefaults::ID => {
                self.resets = self.resets.saturating_add(1);
                cx.requests.factory_reset = true;
                Outcome::Status(Status::Success)
            }
            _ => Outcome::Status(Status::UnsupClusterCommand),
        }
    }

    fn reset(&mut self) {
        self.location.clear();
        self.physical_environment = 0;
        self.device_enabled = true;
    }
}
