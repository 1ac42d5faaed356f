//! The simulated ZNP in-process: answers, NV semantics, formation and what a reboot keeps.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::time::Duration;

use zcl_radio::mt::commands::{app_cnf, rpc, sys, util, Command, Request};
use zcl_radio::mt::frame::{Frame, Header};
use zcl_radio::mt::nv::{Nib, NwkKeyDesc, OsalNvId};
use zcl_radio::mt::types::{
    BdbCommissioningMode, Channels, NvSysId, ResetReason, RpcErrorCode, Status,
};
use zcl_radio::mt::wire::{LongBytes, ShortBytes};

use super::nvram::ALIGNMENT;
use super::ZnpNcp;
use crate::sim::{Network, NetworkConfig, NetworkStatus};

fn ncp() -> ZnpNcp {
    let mut ncp = ZnpNcp::new(Network::new(NetworkConfig::default()), None);
    ncp.set_log(Box::new(|_| {}));
    ncp
}

/// Sends `request`; returns its decoded SRSP and the AREQs that followed at once.
fn ask<R: Request>(ncp: &mut ZnpNcp, request: &R) -> (R::Response, Vec<Frame>) {
    let mut out = ncp.handle_frame(&request.to_frame().unwrap());
    let rsp = out.remove(0);
    (R::Response::from_frame(&rsp).unwrap(), out)
}

fn rpc_error(ncp: &mut ZnpNcp, frame: &Frame) -> rpc::RpcError {
    let out = ncp.handle_frame(frame);
    assert_eq!(out.len(), 1);
    rpc::RpcError::from_frame(&out[0]).unwrap()
}

fn osal_write(ncp: &mut ZnpNcp, id: OsalNvId, value: &[u8]) -> Status {
    ask(
        ncp,
        &sys::OsalNvWriteExt {
            id: id.0,
            offset: 0,
            value: LongBytes(value.to_vec()),
        },
    )
    .0
    .status
}

fn osal_read(ncp: &mut ZnpNcp, id: OsalNvId) -> Vec<u8> {
    let (r, _) = ask(
        ncp,
        &sys::OsalNvReadExt {
            id: id.0,
            offset: 0,
        },
    );
    assert_eq!(r.status, Status::Success, "{id:?}");
    r.value.0
}

/// Runs the coprocessor for a moment and returns the AREQs it sent.
fn run_for(ncp: &mut ZnpNcp, ms: u64) -> Vec<Frame> {
    let mut out = Vec::new();
    let until = std::time::Instant::now() + Duration::from_millis(ms);
    while std::time::Instant::now() < until {
        out.extend(ncp.tick());
        std::thread::sleep(Duration::from_millis(5));
    }
    out
}

fn form(ncp: &mut ZnpNcp) {
    assert_eq!(
        osal_write(ncp, OsalNvId::PANID, &0x1A62u16.to_le_bytes()),
        Status::Success
    );
    assert_eq!(
        osal_write(ncp, OsalNvId::APS_USE_EXT_PANID, &[0xDD; 8]),
        Status::Success
    );
    assert_eq!(
        osal_write(ncp, OsalNvId::PRECFGKEY, &[0x11; 16]),
        Status::Success
    );
    ask(
        ncp,
        &app_cnf::BdbSetChannel {
            is_primary: true,
            channel: Channels(1 << 20),
        },
    );
    let (r, _) = ask(
        ncp,
        &app_cnf::BdbStartCommissioning {
            mode: BdbCommissioningMode::NWK_FORMATION,
        },
    );
    assert_eq!(r.status, Status::Success);
}

#[test]
fn answers_ping_version_and_refuses_what_it_lacks() {
    let mut ncp = ncp();
    let (ping, _) = ask(&mut ncp, &sys::Ping {});
    assert_eq!(ping.capabilities.0, super::CAPABILITIES);
    let (version, _) = ask(&mut ncp, &sys::Version {});
    assert_eq!(
        (version.product_id, version.code_revision),
        (1, Some(20_230_507))
    );
    // MAC (subsystem 2) is not in the capabilities: RPC error "invalid subsystem".
    let mac = Frame::new(Header::from_bytes(0x22, 0x00), vec![]).unwrap();
    let e = rpc_error(&mut ncp, &mac);
    assert_eq!(
        (e.error_code, e.request),
        (RpcErrorCode::InvalidSubsystem, mac.header)
    );
    // An id SYS does not have: "invalid command id".
    let unknown = Frame::new(Header::from_bytes(0x21, 0x7E), vec![]).unwrap();
    assert_eq!(
        rpc_error(&mut ncp, &unknown).error_code,
        RpcErrorCode::InvalidCommandId
    );
    // SYS_OSAL_NV_READ with a truncated payload: refused and counted, never guessed at.
    let short = Frame::new(Header::from_bytes(0x21, 0x08), vec![0x21]).unwrap();
    assert_eq!(
        rpc_error(&mut ncp, &short).error_code,
        RpcErrorCode::InvalidParameter
    );
    assert_eq!(ncp.malformed, 1);
    // A SRSP from the host is not something a host sends: dropped.
    let srsp = Frame::new(Header::from_bytes(0x61, 0x01), vec![0, 0]).unwrap();
    assert!(ncp.handle_frame(&srsp).is_empty());
    // Loopback echoes.
    let (echo, _) = ask(
        &mut ncp,
        &util::Loopback {
            data: zcl_radio::mt::wire::RestBytes(vec![1, 2, 3]),
        },
    );
    assert_eq!(echo.data.0, [1, 2, 3]);
}

#[test]
fn osal_nv_items_behave_as_z_stack_reports_them() {
    let mut ncp = ncp();
    let id = 0x0F42;
    let (len, _) = ask(&mut ncp, &sys::OsalNvLength { id });
    assert_eq!(len.item_len, 0, "missing items have length 0");
    let (r, _) = ask(&mut ncp, &sys::OsalNvReadExt { id, offset: 0 });
    assert_eq!(r.status, Status::NvOperFailed);
    let init = sys::OsalNvItemInit {
        id,
        item_len: 4,
        init_value: ShortBytes(vec![9, 9]),
    };
    assert_eq!(
        ask(&mut ncp, &init).0.status,
        Status::NvItemUninit,
        "created"
    );
    assert_eq!(
        ask(&mut ncp, &init).0.status,
        Status::Success,
        "already there"
    );
    let (r, _) = ask(&mut ncp, &sys::OsalNvRead { id, offset: 0 });
    assert_eq!(r.value.0, [9, 9, 0, 0]);
    let w = sys::OsalNvWriteExt {
        id,
        offset: 2,
        value: LongBytes(vec![7, 8]),
    };
    assert_eq!(ask(&mut ncp, &w).0.status, Status::Success);
    let (r, _) = ask(&mut ncp, &sys::OsalNvReadExt { id, offset: 1 });
    assert_eq!(r.value.0, [9, 7, 8]);
    let past_end = sys::OsalNvWriteExt {
        id,
        offset: 3,
        value: LongBytes(vec![1, 2]),
    };
    assert_eq!(ask(&mut ncp, &past_end).0.status, Status::NvOperFailed);
    let wrong_len = sys::OsalNvDelete { id, item_len: 3 };
    assert_eq!(ask(&mut ncp, &wrong_len).0.status, Status::NvOperFailed);
    let delete = sys::OsalNvDelete { id, item_len: 4 };
    assert_eq!(ask(&mut ncp, &delete).0.status, Status::Success);
    assert_eq!(ask(&mut ncp, &sys::OsalNvLength { id }).0.item_len, 0);
    // The same item seen through the extended NV commands (system Z-Stack, item LEGACY).
    let (len, _) = ask(
        &mut ncp,
        &sys::NvLength {
            sys_id: NvSysId::ZStack,
            item_id: 0,
            sub_id: OsalNvId::NIB.0,
        },
    );
    assert_eq!(len.length, 116, "an aligned NIB");
    // Extended tables exist from the first boot, and end where a real 3.30 table ends.
    let entry = |sub_id| sys::NvLength {
        sys_id: NvSysId::ZStack,
        item_id: 0x0004,
        sub_id,
    };
    assert_eq!(ask(&mut ncp, &entry(0)).0.length, 20);
    assert_eq!(
        ask(&mut ncp, &entry(super::nvram::TCLK_ENTRIES)).0.length,
        0
    );
}

#[test]
fn bdb_formation_writes_the_network_to_nv_and_a_reboot_keeps_it() {
    let mut ncp = ncp();
    form(&mut ncp);
    let areqs = run_for(&mut ncp, 150);
    let states: Vec<u8> = areqs
        .iter()
        .filter(|f| f.header == zcl_radio::mt::commands::zdo::StateChangeInd::header())
        .map(|f| f.payload()[0])
        .collect();
    assert_eq!(states, [0x08, 0x09], "starting, then coordinator");
    let notes: Vec<(u8, u8)> = areqs
        .iter()
        .filter(|f| f.header == app_cnf::BdbCommissioningNotification::header())
        .map(|f| (f.payload()[0], f.payload()[2]))
        .collect();
    assert_eq!(
        notes,
        [(0x01, 0x04), (0x00, 0x00)],
        "in progress, then success"
    );
    let nib = Nib::parse(&osal_read(&mut ncp, OsalNvId::NIB), ALIGNMENT).unwrap();
    assert_eq!(
        (
            nib.nwk_pan_id,
            nib.nwk_logical_channel,
            nib.extended_pan_id.0
        ),
        (0x1A62, 20, 0xDDDD_DDDD_DDDD_DDDD)
    );
    assert_eq!(nib.nwk_key_loaded, 1);
    let key = NwkKeyDesc::parse(&osal_read(&mut ncp, OsalNvId::NWK_ACTIVE_KEY_INFO)).unwrap();
    assert_eq!(key.key, [0x11; 16]);
    assert_eq!(osal_read(&mut ncp, OsalNvId::BDBNODEISONANETWORK), [1]);
    assert_eq!(ncp.network().status(), NetworkStatus::Joined);

    let ind = ncp.reboot(ResetReason::External);
    assert_eq!(ind.header, sys::ResetInd::header());
    assert_eq!(
        ncp.network().status(),
        NetworkStatus::NoNetwork,
        "held until started"
    );
    assert_eq!(ncp.network().params().unwrap().pan_id, 0x1A62);
    let (r, _) = ask(
        &mut ncp,
        &zcl_radio::mt::commands::zdo::StartupFromApp { start_delay: 0 },
    );
    assert_eq!(
        r.state,
        zcl_radio::mt::types::StartupState::RestoredNetworkState
    );
    assert_eq!(ncp.network().status(), NetworkStatus::Joined);
}

#[test]
fn a_restored_nib_takes_effect_at_the_next_boot_and_clear_state_forgets_it() {
    let mut ncp = ncp();
    form(&mut ncp);
    // A host restoring a backup writes the NIB (and keys) and resets.
    let mut nib = Nib::parse(&osal_read(&mut ncp, OsalNvId::NIB), ALIGNMENT).unwrap();
    nib.nwk_pan_id = 0x4321;
    nib.nwk_logical_channel = 25;
    assert_eq!(
        osal_write(&mut ncp, OsalNvId::NIB, &nib.emit(ALIGNMENT)),
        Status::Success
    );
    assert_eq!(
        ncp.network().params().unwrap().pan_id,
        0x1A62,
        "the running stack is unchanged"
    );
    ncp.reboot(ResetReason::External);
    let p = *ncp.network().params().unwrap();
    assert_eq!((p.pan_id, p.channel), (0x4321, 25));
    // STARTUP_OPTION bit 1 (clear state) wipes the network at the next boot.
    assert_eq!(
        osal_write(&mut ncp, OsalNvId::STARTUP_OPTION, &[0x02]),
        Status::Success
    );
    ncp.reboot(ResetReason::External);
    assert!(ncp.network().params().is_none());
    assert_eq!(osal_read(&mut ncp, OsalNvId::BDBNODEISONANETWORK), [0]);
    assert_eq!(osal_read(&mut ncp, OsalNvId::STARTUP_OPTION), [0]);
    let nib = Nib::parse(&osal_read(&mut ncp, OsalNvId::NIB), ALIGNMENT).unwrap();
    assert_eq!((nib.nwk_logical_channel, nib.nwk_key_loaded), (0, 0));
}

#[test]
fn af_needs_a_network_and_a_registered_endpoint() {
    let mut ncp = ncp();
    let send = zcl_radio::mt::commands::af::DataRequest {
        dst_addr: 0x1234,
        dst_endpoint: 1,
        src_endpoint: 1,
        cluster_id: 6,
        tsn: 1,
        options: zcl_radio::mt::types::TransmitOptions(0),
        radius: 30,
        data: ShortBytes(vec![0x01, 0x01, 0x02]),
    };
    assert_eq!(
        ask(&mut ncp, &send).0.status,
        Status::NwkInvalidRequest,
        "no network"
    );
    form(&mut ncp);
    assert_eq!(
        ask(&mut ncp, &send).0.status,
        Status::InvalidParameter,
        "endpoint 1 not registered"
    );
}
