//! IAS Zone server (ZCL 8.2): enrollment with the CIE (Zone Enroll Request on a written CIE
//! address, Zone Enroll Response) and Zone Status Change Notifications.

use crate::clusters::ias_zone::{
    IasEnrollResponseCode, IasZoneStatus, IasZoneType, InitiateNormalOperationMode,
    InitiateTestMode, ZoneEnrollRequest, ZoneEnrollResponse, ZoneStatusChangeNotification,
};
use crate::field::{Command, Map8};
use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{Address, AttrValue, ClusterServer, Context, Outcome, Status};

use crate::clusters::ias_zone::attr_id::{
    IAS_CIE_ADDRESS, ZONE_ID, ZONE_STATE, ZONE_STATUS, ZONE_TYPE,
};

/// The IAS Zone cluster server of a sensor (zone type e.g. 0x0015 contact switch).
#[derive(Debug, Clone)]
pub struct IasZoneServer {
    zone_type: u16,
    manufacturer_code: u16,
    enrolled: bool,
    zone_status: u16,
    cie_address: u64,
    zone_id: u8,
    /// CIE endpoint the frames go to.
    pub cie_endpoint: u8,
    enroll_pending: bool,
    notify_pending: bool,
}

impl IasZoneServer {
    /// A zone of `zone_type`, sending requests with `manufacturer_code`.
    pub fn new(zone_type: u16, manufacturer_code: u16) -> Self {
        IasZoneServer {
            zone_type,
            manufacturer_code,
            enrolled: false,
            zone_status: 0,
            cie_address: 0,
            zone_id: 0xff,
            cie_endpoint: 1,
            enroll_pending: false,
            notify_pending: false,
        }
    }

    /// Whether the CIE enrolled this zone.
    pub fn is_enrolled(&self) -> bool {
        self.enrolled
    }

    /// The zone id the CIE gave.
    pub fn zone_id(&self) -> u8 {
        self.zone_id
    }
}

impl ClusterServer for IasZoneServer {
    fn meta(&self) -> &'static ClusterMeta {
        &crate::clusters::ias_zone::META
    }

    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        Some(AttrValue::Raw(match attr.id {
            ZONE_STATE => self.enrolled.into(),
            ZONE_TYPE => self.zone_type.into(),
            ZONE_STATUS => self.zone_status.into(),
            IAS_CIE_ADDRESS => self.cie_address,
            ZONE_ID => self.zone_id.into(),
            _ => return None,
        }))
    }

    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        let v = value.raw().ok_or(Status::InvalidValue)?;
        match attr.id {
            // Writing the CIE address starts enrollment (auto-enroll-request, 8.2.2.2.3).
            IAS_CIE_ADDRESS => {
                self.cie_address = v;
                self.enroll_pending = v != 0 && !self.enrolled;
            }
            // The application changes the zone status; a notification follows.
            ZONE_STATUS => {
                if self.zone_status != v as u16 {
                    self.zone_status = v as u16;
                    self.notify_pending = true;
                }
            }
            _ => return Err(Status::ReadOnly),
        }
        Ok(())
    }

    fn command(&mut self, _cx: &mut Context<'_, '_>, command_id: u8, payload: &[u8]) -> Outcome {
        let malformed = Outcome::Status(Status::MalformedCommand);
        match command_id {
            ZoneEnrollResponse::ID => {
                let Some(c) = ZoneEnrollResponse::read_payload(payload) else {
                    return malformed;
                };
                self.enroll_pending = false;
                if c.enroll_response_code == IasEnrollResponseCode::Success {
                    self.enrolled = true;
                    self.zone_id = c.zone_id;
                } else {
                    self.enrolled = false;
                    self.zone_id = 0xff;
                }
                Outcome::Status(Status::Success)
            }
            // Initiate Normal Operation Mode / Test Mode: nothing to change in this zone.
            InitiateNormalOperationMode::ID => {
                match InitiateNormalOperationMode::read_payload(payload) {
                    Some(_) => Outcome::Status(Status::Success),
                    None => malformed,
                }
            }
            InitiateTestMode::ID => match InitiateTestMode::read_payload(payload) {
                Some(_) => Outcome::Status(Status::Success),
                None => malformed,
            },
            _ => Outcome::Status(Status::UnsupClusterCommand),
        }
    }

    fn tick(&mut self, cx: &mut Context<'_, '_>) {
        if self.cie_address == 0 {
            return;
        }
        let dst = Address::Ieee(self.cie_address);
        if self.enroll_pending {
            let request = ZoneEnrollRequest {
                zone_type: IasZoneType::from_raw(self.zone_type),
                manufacturer_code: self.manufacturer_code,
            };
            if cx.send_command(dst, self.cie_endpoint, &request).is_ok() {
                self.enroll_pending = false;
            }
        }
        if self.notify_pending && self.enrolled {
            // No extended status and no delay (in quarter seconds).
            let notification = ZoneStatusChangeNotification {
                zone_status: IasZoneStatus(self.zone_status),
                extended_status: Map8(0),
                zone_id: self.zone_id,
                delay: 0,
            };
            if cx
                .send_command(dst, self.cie_endpoint, &notification)
                .is_ok()
            {
                self.notify_pending = false;
            }
        }
    }

    fn persistent(&self, attr: u16) -> bool {
        matches!(attr, IAS_CIE_ADDRESS)
    }

    fn reset(&mut self) {
        *self = IasZoneServer {
            cie_endpoint: self.cie_endpoint,
            ..IasZoneServer::new(self.zone_type, self.manufacturer_code)
        };
    }
}
