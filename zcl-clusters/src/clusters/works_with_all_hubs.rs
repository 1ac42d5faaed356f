//! Works With All Hubs (cluster 0xfc57).
//!
//! Definitions of ids, names and types as zigpy 2.4 defines them (facts read by tools/peer_facts.py into tools/peer_facts.json).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Works With All Hubs (0xfc57).
    cluster 0xfc57 mfr 0x1217 "Works With All Hubs";
    enums {
    }
    bitmaps {
    }
    structs {
        /// One surveyed beacon: the sender's short address, its RSSI and a classification mask.
        SurveyedBeacon { device_short: u16, rssi: i8, classification_mask: Map8 }
        /// A cluster and the status of the request for it.
        ClusterStatus { cluster_id: ClusterId, status: Enum8 }
    }
    attributes {
        /// Disable_ota_downgrades.
        0x0002 DISABLE_OTA_DOWNGRADES "disable_ota_downgrades": Bool [R] optional;
        /// Mgmt_leave_without_rejoin_enabled.
        0x0003 MGMT_LEAVE_WITHOUT_REJOIN_ENABLED "mgmt_leave_without_rejoin_enabled": Bool [R] optional;
        /// Nwk_retry_count.
        0x0004 NWK_RETRY_COUNT "nwk_retry_count": Uint8 [R] optional;
        /// Mac_retry_count.
        0x0005 MAC_RETRY_COUNT "mac_retry_count": Uint8 [R] optional;
        /// Router_checkin_enabled.
        0x0006 ROUTER_CHECKIN_ENABLED "router_checkin_enabled": Bool [R] optional;
        /// Touchlink_interpan_enabled.
        0x0007 TOUCHLINK_INTERPAN_ENABLED "touchlink_interpan_enabled": Bool [R] optional;
        /// Wwah_parent_classification_enabled.
        0x0008 WWAH_PARENT_CLASSIFICATION_ENABLED "wwah_parent_classification_enabled": Bool [R] optional;
        /// Wwah_app_event_retry_enabled.
        0x0009 WWAH_APP_EVENT_RETRY_ENABLED "wwah_app_event_retry_enabled": Bool [R] optional;
        /// Wwah_app_event_retry_queue_size.
        0x000a WWAH_APP_EVENT_RETRY_QUEUE_SIZE "wwah_app_event_retry_queue_size": Uint8 [R] optional;
        /// Wwah_rejoin_enabled.
        0x000b WWAH_REJOIN_ENABLED "wwah_rejoin_enabled": Bool [R] optional;
        /// Mac_poll_failure_wait_time.
        0x000c MAC_POLL_FAILURE_WAIT_TIME "mac_poll_failure_wait_time": Uint8 [R] optional;
        /// Configuration_mode_enabled.
        0x000d CONFIGURATION_MODE_ENABLED "configuration_mode_enabled": Bool [R] optional;
        /// Current_debug_report_id.
        0x000e CURRENT_DEBUG_REPORT_ID "current_debug_report_id": Uint8 [R] optional;
        /// Tc_security_on_ntwk_key_rotation_enabled.
        0x000f TC_SECURITY_ON_NTWK_KEY_ROTATION_ENABLED "tc_security_on_ntwk_key_rotation_enabled": Bool [R] optional;
        /// Wwah_bad_parent_recovery_enabled.
        0x0010 WWAH_BAD_PARENT_RECOVERY_ENABLED "wwah_bad_parent_recovery_enabled": Bool [R] optional;
        /// Pending_network_update_channel.
        0x0011 PENDING_NETWORK_UPDATE_CHANNEL "pending_network_update_channel": Uint8 [R] optional;
        /// Pending_network_update_panid.
        0x0012 PENDING_NETWORK_UPDATE_PANID "pending_network_update_panid": Uint16 [R] optional;
        /// Ota_max_offline_duration.
        0x0013 OTA_MAX_OFFLINE_DURATION "ota_max_offline_duration": Uint16 [R] optional;
    }
    received {
        /// Enable aps link key authorization (command 0x00).
        0x00 EnableApsLinkKeyAuthorization<'a> "enable_aps_link_key_authorization" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// Disable aps link key authorization (command 0x01).
        0x01 DisableApsLinkKeyAuthorization<'a> "disable_aps_link_key_authorization" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// Aps link key authorization query (command 0x02).
        0x02 ApsLinkKeyAuthorizationQuery "aps_link_key_authorization_query" optional { cluster_id: ClusterId }
        /// Request new aps link key (command 0x03).
        0x03 RequestNewApsLinkKey "request_new_aps_link_key" optional {  }
        /// Enable wwah app event retry algorithm (command 0x04).
        0x04 EnableWwahAppEventRetryAlgorithm "enable_wwah_app_event_retry_algorithm" optional { first_backoff_time_seconds: u8, backoff_seq_common_ratio: u8, max_backoff_time_seconds: u32, max_redelivery_attempts: u8 }
        /// Disable wwah app event retry algorithm (command 0x05).
        0x05 DisableWwahAppEventRetryAlgorithm "disable_wwah_app_event_retry_algorithm" optional {  }
        /// Request time (command 0x06).
        0x06 RequestTime "request_time" optional {  }
        /// Enable wwah rejoin algorithm (command 0x07).
        0x07 EnableWwahRejoinAlgorithm "enable_wwah_rejoin_algorithm" optional { fast_rejoin_timeout_seconds: u16, duration_between_rejoins_seconds: u16, fast_rejoin_first_backoff_seconds: u16, max_backoff_time_seconds: u16, max_backoff_iterations: u16 }
        /// Disable wwah rejoin algorithm (command 0x08).
        0x08 DisableWwahRejoinAlgorithm "disable_wwah_rejoin_algorithm" optional {  }
        /// Set ias zone enrollment method (command 0x09).
        0x09 SetIasZoneEnrollmentMethod "set_ias_zone_enrollment_method" optional { enrollment_mode: Enum8 }
        /// Clear binding table (command 0x0a).
        0x0a ClearBindingTable "clear_binding_table" optional {  }
        /// Enable periodic router check ins (command 0x0b).
        0x0b EnablePeriodicRouterCheckIns "enable_periodic_router_check_ins" optional { check_in_interval: u16 }
        /// Disable periodic router check ins (command 0x0c).
        0x0c DisablePeriodicRouterCheckIns "disable_periodic_router_check_ins" optional {  }
        /// Set mac poll failure wait time (command 0x0d).
        0x0d SetMacPollFailureWaitTime "set_mac_poll_failure_wait_time" optional { wait_time: u8 }
        /// Set pending network update (command 0x0e).
        0x0e SetPendingNetworkUpdate "set_pending_network_update" optional { channel: u8, pan_id: u16 }
        /// Require aps acks on unicasts (command 0x0f).
        0x0f RequireApsAcksOnUnicasts<'a> "require_aps_acks_on_unicasts" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// Remove aps acks on unicasts requirement (command 0x10).
        0x10 RemoveApsAcksOnUnicastsRequirement "remove_aps_acks_on_unicasts_requirement" optional {  }
        /// Aps ack requirement query (command 0x11).
        0x11 ApsAckRequirementQuery "aps_ack_requirement_query" optional {  }
        /// Debug report query (command 0x12).
        0x12 DebugReportQuery "debug_report_query" optional { debug_report_id: u8 }
        /// Survey beacons (command 0x13).
        0x13 SurveyBeacons "survey_beacons" optional { standard_beacons: bool }
        /// Disable ota downgrades (command 0x14).
        0x14 DisableOtaDowngrades "disable_ota_downgrades" optional {  }
        /// Disable mgmt leave without rejoin (command 0x15).
        0x15 DisableMgmtLeaveWithoutRejoin "disable_mgmt_leave_without_rejoin" optional {  }
        /// Disable touchlink interpan message support (command 0x16).
        0x16 DisableTouchlinkInterpanMessageSupport "disable_touchlink_interpan_message_support" optional {  }
        /// Enable wwah parent classification (command 0x17).
        0x17 EnableWwahParentClassification "enable_wwah_parent_classification" optional {  }
        /// Disable wwah parent classification (command 0x18).
        0x18 DisableWwahParentClassification "disable_wwah_parent_classification" optional {  }
        /// Enable tc security on ntwk key rotation (command 0x19).
        0x19 EnableTcSecurityOnNtwkKeyRotation "enable_tc_security_on_ntwk_key_rotation" optional {  }
        /// Enable wwah bad parent recovery (command 0x1a).
        0x1a EnableWwahBadParentRecovery "enable_wwah_bad_parent_recovery" optional {  }
        /// Disable wwah bad parent recovery (command 0x1b).
        0x1b DisableWwahBadParentRecovery "disable_wwah_bad_parent_recovery" optional {  }
        /// Enable configuration mode (command 0x1c).
        0x1c EnableConfigurationMode "enable_configuration_mode" optional {  }
        /// Disable configuration mode (command 0x1d).
        0x1d DisableConfigurationMode "disable_configuration_mode" optional {  }
        /// Use trust center for cluster server (command 0x1e).
        0x1e UseTrustCenterForClusterServer<'a> "use_trust_center_for_cluster_server" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// Trust center for cluster server query (command 0x1f).
        0x1f TrustCenterForClusterServerQuery "trust_center_for_cluster_server_query" optional {  }
    }
    generated {
        /// Aps link key authorization query response (command 0x00).
        0x00 ApsLinkKeyAuthorizationQueryResponse "aps_link_key_authorization_query_response" optional { cluster_id: ClusterId, aps_link_key_auth_status: bool }
        /// Powering off notification (command 0x01).
        0x01 PoweringOffNotification<'a> "powering_off_notification" optional { power_notification_reason: Enum8, manufacturer_id: u16, manufacturer_reason: List<'a, Count8, u8> }
        /// Powering on notification (command 0x02).
        0x02 PoweringOnNotification<'a> "powering_on_notification" optional { power_notification_reason: Enum8, manufacturer_id: u16, manufacturer_reason: List<'a, Count8, u8> }
        /// Short address change (command 0x03).
        0x03 ShortAddressChange "short_address_change" optional { device_eui64: IeeeAddress, device_short: u16 }
        /// Aps ack enablement query response (command 0x04).
        0x04 ApsAckEnablementQueryResponse<'a> "aps_ack_enablement_query_response" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// Power descriptor change (command 0x05).
        0x05 PowerDescriptorChange "power_descriptor_change" optional { current_power_mode: u32, available_power_sources: u32, current_power_source: u32, current_power_source_level: u32 }
        /// New debug report notification (command 0x06).
        0x06 NewDebugReportNotification "new_debug_report_notification" optional { debug_report_id: u8, debug_report_size: u32 }
        /// Debug report query response (command 0x07).
        0x07 DebugReportQueryResponse<'a> "debug_report_query_response" optional { debug_report_id: u8, debug_report_data: List<'a, Count8, u8> }
        /// Trust center for cluster server query response (command 0x08).
        0x08 TrustCenterForClusterServerQueryResponse<'a> "trust_center_for_cluster_server_query_response" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// Survey beacons response (command 0x09).
        0x09 SurveyBeaconsResponse<'a> "survey_beacons_response" optional { beacon: List<'a, Count8, SurveyedBeacon> }
        /// Use trust center for cluster server response (command 0x9e).
        0x9e UseTrustCenterForClusterServerResponse<'a> "use_trust_center_for_cluster_server_response" optional { status: Enum8, cluster_status: List<'a, Count8, ClusterStatus> }
    }
}
