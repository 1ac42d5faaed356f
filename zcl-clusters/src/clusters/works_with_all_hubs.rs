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
        /// enable_aps_link_key_authorization.
        0x00 EnableApsLinkKeyAuthorization<'a> "enable_aps_link_key_authorization" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// disable_aps_link_key_authorization.
        0x01 DisableApsLinkKeyAuthorization<'a> "disable_aps_link_key_authorization" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// aps_link_key_authorization_query.
        0x02 ApsLinkKeyAuthorizationQuery "aps_link_key_authorization_query" optional { cluster_id: ClusterId }
        /// request_new_aps_link_key.
        0x03 RequestNewApsLinkKey "request_new_aps_link_key" optional {  }
        /// enable_wwah_app_event_retry_algorithm.
        0x04 EnableWwahAppEventRetryAlgorithm "enable_wwah_app_event_retry_algorithm" optional { first_backoff_time_seconds: u8, backoff_seq_common_ratio: u8, max_backoff_time_seconds: u32, max_redelivery_attempts: u8 }
        /// disable_wwah_app_event_retry_algorithm.
        0x05 DisableWwahAppEventRetryAlgorithm "disable_wwah_app_event_retry_algorithm" optional {  }
        /// request_time.
        0x06 RequestTime "request_time" optional {  }
        /// enable_wwah_rejoin_algorithm.
        0x07 EnableWwahRejoinAlgorithm "enable_wwah_rejoin_algorithm" optional { fast_rejoin_timeout_seconds: u16, duration_between_rejoins_seconds: u16, fast_rejoin_first_backoff_seconds: u16, max_backoff_time_seconds: u16, max_backoff_iterations: u16 }
        /// disable_wwah_rejoin_algorithm.
        0x08 DisableWwahRejoinAlgorithm "disable_wwah_rejoin_algorithm" optional {  }
        /// set_ias_zone_enrollment_method.
        0x09 SetIasZoneEnrollmentMethod "set_ias_zone_enrollment_method" optional { enrollment_mode: Enum8 }
        /// clear_binding_table.
        0x0a ClearBindingTable "clear_binding_table" optional {  }
        /// enable_periodic_router_check_ins.
        0x0b EnablePeriodicRouterCheckIns "enable_periodic_router_check_ins" optional { check_in_interval: u16 }
        /// disable_periodic_router_check_ins.
        0x0c DisablePeriodicRouterCheckIns "disable_periodic_router_check_ins" optional {  }
        /// set_mac_poll_failure_wait_time.
        0x0d SetMacPollFailureWaitTime "set_mac_poll_failure_wait_time" optional { wait_time: u8 }
        /// set_pending_network_update.
        0x0e SetPendingNetworkUpdate "set_pending_network_update" optional { channel: u8, pan_id: u16 }
        /// require_aps_acks_on_unicasts.
        0x0f RequireApsAcksOnUnicasts<'a> "require_aps_acks_on_unicasts" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// remove_aps_acks_on_unicasts_requirement.
        0x10 RemoveApsAcksOnUnicastsRequirement "remove_aps_acks_on_unicasts_requirement" optional {  }
        /// aps_ack_requirement_query.
        0x11 ApsAckRequirementQuery "aps_ack_requirement_query" optional {  }
        /// debug_report_query.
        0x12 DebugReportQuery "debug_report_query" optional { debug_report_id: u8 }
        /// survey_beacons.
        0x13 SurveyBeacons "survey_beacons" optional { standard_beacons: bool }
        /// disable_ota_downgrades.
        0x14 DisableOtaDowngrades "disable_ota_downgrades" optional {  }
        /// disable_mgmt_leave_without_rejoin.
        0x15 DisableMgmtLeaveWithoutRejoin "disable_mgmt_leave_without_rejoin" optional {  }
        /// disable_touchlink_interpan_message_support.
        0x16 DisableTouchlinkInterpanMessageSupport "disable_touchlink_interpan_message_support" optional {  }
        /// enable_wwah_parent_classification.
        0x17 EnableWwahParentClassification "enable_wwah_parent_classification" optional {  }
        /// disable_wwah_parent_classification.
        0x18 DisableWwahParentClassification "disable_wwah_parent_classification" optional {  }
        /// enable_tc_security_on_ntwk_key_rotation.
        0x19 EnableTcSecurityOnNtwkKeyRotation "enable_tc_security_on_ntwk_key_rotation" optional {  }
        /// enable_wwah_bad_parent_recovery.
        0x1a EnableWwahBadParentRecovery "enable_wwah_bad_parent_recovery" optional {  }
        /// disable_wwah_bad_parent_recovery.
        0x1b DisableWwahBadParentRecovery "disable_wwah_bad_parent_recovery" optional {  }
        /// enable_configuration_mode.
        0x1c EnableConfigurationMode "enable_configuration_mode" optional {  }
        /// disable_configuration_mode.
        0x1d DisableConfigurationMode "disable_configuration_mode" optional {  }
        /// use_trust_center_for_cluster_server.
        0x1e UseTrustCenterForClusterServer<'a> "use_trust_center_for_cluster_server" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// trust_center_for_cluster_server_query.
        0x1f TrustCenterForClusterServerQuery "trust_center_for_cluster_server_query" optional {  }
    }
    generated {
        /// aps_link_key_authorization_query_response.
        0x00 ApsLinkKeyAuthorizationQueryResponse "aps_link_key_authorization_query_response" optional { cluster_id: ClusterId, aps_link_key_auth_status: bool }
        /// powering_off_notification.
        0x01 PoweringOffNotification<'a> "powering_off_notification" optional { power_notification_reason: Enum8, manufacturer_id: u16, manufacturer_reason: List<'a, Count8, u8> }
        /// powering_on_notification.
        0x02 PoweringOnNotification<'a> "powering_on_notification" optional { power_notification_reason: Enum8, manufacturer_id: u16, manufacturer_reason: List<'a, Count8, u8> }
        /// short_address_change.
        0x03 ShortAddressChange "short_address_change" optional { device_eui64: IeeeAddress, device_short: u16 }
        /// aps_ack_enablement_query_response.
        0x04 ApsAckEnablementQueryResponse<'a> "aps_ack_enablement_query_response" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// power_descriptor_change.
        0x05 PowerDescriptorChange "power_descriptor_change" optional { current_power_mode: u32, available_power_sources: u32, current_power_source: u32, current_power_source_level: u32 }
        /// new_debug_report_notification.
        0x06 NewDebugReportNotification "new_debug_report_notification" optional { debug_report_id: u8, debug_report_size: u32 }
        /// debug_report_query_response.
        0x07 DebugReportQueryResponse<'a> "debug_report_query_response" optional { debug_report_id: u8, debug_report_data: List<'a, Count8, u8> }
        /// trust_center_for_cluster_server_query_response.
        0x08 TrustCenterForClusterServerQueryResponse<'a> "trust_center_for_cluster_server_query_response" optional { cluster_id: List<'a, Count8, ClusterId> }
        /// survey_beacons_response.
        0x09 SurveyBeaconsResponse<'a> "survey_beacons_response" optional { beacon: List<'a, Count8, OctStr<'a>> }
        /// use_trust_center_for_cluster_server_response.
        0x9e UseTrustCenterForClusterServerResponse<'a> "use_trust_center_for_cluster_server_response" optional { status: Enum8, cluster_status: List<'a, Count8, OctStr<'a>> }
    }
}
