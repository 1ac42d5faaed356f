//! Endpoints and their simple descriptors (Zigbee specification 2.3.2.5).

use super::server::ClusterServer;
use zcl_core::{EncodeError, Writer};

/// The Home Automation profile id (ZCL 2.2, profile 0x0104).
pub const PROFILE_HOME_AUTOMATION: u16 = 0x0104;

/// One application endpoint: its descriptor fields and the cluster servers it holds.
pub struct Endpoint<'a> {
    /// Endpoint number (1-240).
    pub id: u8,
    /// Application profile id.
    pub profile: u16,
    /// Application device id (e.g. 0x0101 Dimmable Light).
    pub device_id: u16,
    /// Application device version (4 bits).
    pub device_version: u8,
    /// The cluster servers (input clusters).
    pub servers: &'a mut [&'a mut dyn ClusterServer],
    /// Cluster ids of the client (output) clusters.
    pub client_clusters: &'a [u16],
}

impl<'a> Endpoint<'a> {
    /// An endpoint with servers and client clusters.
    pub fn new(
        id: u8,
        profile: u16,
        device_id: u16,
        device_version: u8,
        servers: &'a mut [&'a mut dyn ClusterServer],
        client_clusters: &'a [u16],
    ) -> Self {
        Endpoint {
            id,
            profile,
            device_id,
            device_version,
            servers,
            client_clusters,
        }
    }

    /// Input (server) cluster ids, in order, without duplicates for manufacturer variants.
    pub fn server_clusters(&self) -> impl Iterator<Item = u16> + use<'_, 'a> {
        self.servers
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                let id = s.meta().id;
                !self.servers.iter().take(*i).any(|p| p.meta().id == id)
            })
            .map(|(_, s)| s.meta().id)
    }

    /// Whether the endpoint holds a server for `cluster` (any manufacturer).
    pub fn has_server(&self, cluster: u16) -> bool {
        self.servers.iter().any(|s| s.meta().id == cluster)
    }

    /// Length of the simple descriptor [`Endpoint::emit_simple_descriptor`] writes.
    pub fn simple_descriptor_len(&self) -> usize {
        8 + 2 * (self.server_clusters().count() + self.client_clusters.len())
    }

    /// Writes the simple descriptor (Zigbee 2.3.2.5, table 2.39): endpoint, profile, device id,
    /// version, input cluster count and list, output cluster count and list.
    ///
    /// # Errors
    /// [`EncodeError::BufferTooSmall`], or [`EncodeError::ValueOutOfRange`] for more than 255
    /// clusters.
    pub fn emit_simple_descriptor(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        w.u8(self.id)?;
        w.u16(self.profile)?;
        w.u16(self.device_id)?;
        w.u8(self.device_version & 0x0f)?;
        let count = |n: usize| {
            u8::try_from(n).map_err(|_| EncodeError::ValueOutOfRange {
                field: "cluster count",
            })
        };
        w.u8(count(self.server_clusters().count())?)?;
        for c in self.server_clusters() {
            w.u16(c)?;
        }
        w.u8(count(self.client_clusters.len())?)?;
        for c in self.client_clusters {
            w.u16(*c)?;
        }
        Ok(w.len())
    }
}
