//! Any bytes through the firmware's reads (no error details) and through the parsers: the frame
//! header, the fixed foundation payloads and every record list must give the same records, and
//! `None` exactly where the parser gives an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zcl_core::foundation::{
    AttributeRecordOf, AttributeReportingConfigurationRecordOf, DiscoverAttributes,
    DiscoverCommands, ReadReportingConfigurationRecord, Record, Records,
};
use zcl_core::value::{RawValue, Value};
use zcl_core::Frame;

fn same_records<'a, R: Record<'a> + PartialEq + core::fmt::Debug>(bytes: &'a [u8]) {
    let records = Records::<R>::new(bytes, 0);
    let parsed: Vec<Option<R>> = records.clone().map(Result::ok).collect();
    let read: Vec<Option<R>> = records.clone().read_each().collect();
    // Compared as printed: a float value may be NaN, which is not equal to itself.
    assert_eq!(format!("{read:?}"), format!("{parsed:?}"));
    assert_eq!(records.all_read(), parsed.iter().all(Option::is_some));
}

fuzz_target!(|data: &[u8]| {
    assert_eq!(Frame::read(data), Frame::parse(data).ok());
    assert_eq!(DiscoverAttributes::read(data), DiscoverAttributes::parse(data).ok());
    assert_eq!(DiscoverCommands::read(data), DiscoverCommands::parse(data).ok());
    same_records::<u8>(data);
    same_records::<u16>(data);
    same_records::<AttributeRecordOf<RawValue<'_>>>(data);
    same_records::<AttributeRecordOf<Value<'_>>>(data);
    same_records::<ReadReportingConfigurationRecord>(data);
    same_records::<AttributeReportingConfigurationRecordOf<RawValue<'_>>>(data);
    same_records::<AttributeReportingConfigurationRecordOf<Value<'_>>>(data);
});
