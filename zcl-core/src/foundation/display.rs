//! One-line text forms of foundation commands and their records, for logs, the host tool's
//! decoder and the sniffer (like a tcpdump line).
//!
//! A command prints as its snake-case name followed by its records separated by `, `:
//! `report_attributes 0x0000=int16 2150, 0x0001=bool true`. Attribute ids print as 4-digit hex,
//! values as `type value`, statuses by name. A record that fails to decode prints as
//! `<error: ...>` and ends the line.

use core::fmt::{self, Display, Formatter};

use super::{
    AttributeAccessControl, AttributeRecord, AttributeReportingConfigurationRecord,
    AttributeStatusRecord, DefaultResponse, DiscoverAttributes, DiscoverCommands,
    DiscoveredAttribute, DiscoveredAttributeExtended, GlobalCommand, ReadAttributeStatusRecord,
    ReadReportingConfigurationRecord, Record, Records, ReportingConfigurationStatusRecord,
    ReportingParameters, Selector, StructuredAttributeRecord, WriteAttributeStatusRecord,
    WriteAttributeStructuredRecord, WriteAttributeStructuredStatusRecord,
};
use crate::value::Value;

/// Writes a typed value as `type value`.
fn typed(f: &mut Formatter<'_>, v: &Value<'_>) -> fmt::Result {
    write!(f, "{} {}", v.data_type().name(), v)
}

/// Writes ` r0, r1, ...` for a record list; an error prints as `<error: ...>` and ends it.
fn list<'a, R: Record<'a> + Display>(
    f: &mut Formatter<'_>,
    records: Records<'a, R>,
) -> fmt::Result {
    for (i, r) in records.enumerate() {
        f.write_str(if i == 0 { " " } else { ", " })?;
        match r {
            Ok(r) => r.fmt(f)?,
            Err(e) => write!(f, "<error: {e}>")?,
        }
    }
    Ok(())
}

impl Display for Selector {
    /// `[i0,i1]` for the indexes (nothing for the whole attribute), with ` add`, ` remove` or
    /// ` op=N` when the indicator's high nibble is set.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.index_count() > 0 {
            f.write_str("[")?;
            for (i, x) in self.indexes().iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                write!(f, "{x}")?;
            }
            f.write_str("]")?;
        }
        match self.operation() {
            0 => Ok(()),
            1 => f.write_str(" add"),
            2 => f.write_str(" remove"),
            op => write!(f, " op={op}"),
        }
    }
}

impl Display for AttributeRecord<'_> {
    /// `0x0000=int16 2150`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:04x}=", self.attribute_id)?;
        typed(f, &self.value)
    }
}

impl Display for ReadAttributeStatusRecord<'_> {
    /// `0x0004=string "IKEA"` on success, `0x0006:unsupported_attribute` otherwise.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) if self.status.is_success() => {
                write!(f, "0x{:04x}=", self.attribute_id)?;
                typed(f, v)
            }
            _ => write!(f, "0x{:04x}:{}", self.attribute_id, self.status),
        }
    }
}

impl Display for WriteAttributeStatusRecord {
    /// `0x0000:read_only`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:04x}:{}", self.attribute_id, self.status)
    }
}

impl Display for AttributeStatusRecord {
    /// `0x0005:unreportable_attribute reported`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "0x{:04x}:{} {}",
            self.attribute_id, self.status, self.direction
        )
    }
}

impl Display for ReadReportingConfigurationRecord {
    /// `0x0000 reported`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:04x} {}", self.attribute_id, self.direction)
    }
}

impl Display for ReportingParameters<'_> {
    /// `reported int16 min=30 max=900 change=100` or `received timeout=300`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ReportingParameters::Reported {
                data_type,
                minimum_reporting_interval,
                maximum_reporting_interval,
                reportable_change,
            } => {
                write!(
                    f,
                    "reported {} min={} max={}",
                    data_type.name(),
                    minimum_reporting_interval,
                    maximum_reporting_interval
                )?;
                match reportable_change {
                    Some(c) => write!(f, " change={c}"),
                    None => Ok(()),
                }
            }
            ReportingParameters::Received { timeout_period } => {
                write!(f, "received timeout={timeout_period}")
            }
        }
    }
}

impl Display for AttributeReportingConfigurationRecord<'_> {
    /// `0x0000 reported int16 min=30 max=900 change=100`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:04x} {}", self.attribute_id, self.parameters)
    }
}

impl Display for ReportingConfigurationStatusRecord<'_> {
    /// Like a configuration record on success, `0x0001:unreportable_attribute reported`
    /// otherwise.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.parameters {
            Some(p) if self.status.is_success() => {
                write!(f, "0x{:04x} {}", self.attribute_id, p)
            }
            _ => write!(
                f,
                "0x{:04x}:{} {}",
                self.attribute_id, self.status, self.direction
            ),
        }
    }
}

impl Display for DiscoveredAttribute {
    /// `0x0000:uint8`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:04x}:{}", self.attribute_id, self.data_type.name())
    }
}

impl Display for AttributeAccessControl {
    /// `rwp` with `-` for a missing right, and `+0xNN` for undefined bits.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(if self.readable() { "r" } else { "-" })?;
        f.write_str(if self.writeable() { "w" } else { "-" })?;
        f.write_str(if self.reportable() { "p" } else { "-" })?;
        let other = self.0 & !0x07;
        if other != 0 {
            write!(f, "+0x{other:02x}")?;
        }
        Ok(())
    }
}

impl Display for DiscoveredAttributeExtended {
    /// `0x0000:bool:r-p`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "0x{:04x}:{}:{}",
            self.attribute_id,
            self.data_type.name(),
            self.access_control
        )
    }
}

impl Display for StructuredAttributeRecord {
    /// `0x4000[3,1]`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:04x}{}", self.attribute_id, self.selector)
    }
}

impl Display for WriteAttributeStructuredRecord<'_> {
    /// `0x4000[2]=uint16 4660`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:04x}{}=", self.attribute_id, self.selector)?;
        typed(f, &self.value)
    }
}

impl Display for WriteAttributeStructuredStatusRecord {
    /// `0x4000[5]:invalid_selector`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "0x{:04x}{}:{}",
            self.attribute_id, self.selector, self.status
        )
    }
}

impl Display for DefaultResponse {
    /// `command=0x02 status=unsupported_attribute`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "command=0x{:02x} status={}",
            self.command_id, self.status
        )
    }
}

impl Display for DiscoverAttributes {
    /// `start=0x0000 max=16`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "start=0x{:04x} max={}",
            self.start_attribute_id, self.max_attribute_ids
        )
    }
}

impl Display for DiscoverCommands {
    /// `start=0x00 max=255`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "start=0x{:02x} max={}",
            self.start_command_id, self.max_command_ids
        )
    }
}

/// Writes ` complete` or ` incomplete` (or the raw byte when it is neither 0 nor 1).
fn complete(f: &mut Formatter<'_>, flag: u8) -> fmt::Result {
    match flag {
        0 => f.write_str(" incomplete"),
        1 => f.write_str(" complete"),
        other => write!(f, " complete=0x{other:02x}"),
    }
}

/// A short-form response prints ` success`.
fn short_or_list<'a, R: Record<'a> + Display>(
    f: &mut Formatter<'_>,
    short: bool,
    records: Records<'a, R>,
) -> fmt::Result {
    if short {
        f.write_str(" success")
    } else {
        list(f, records)
    }
}

impl Display for GlobalCommand<'_> {
    /// The command name and its fields or records on one line, e.g.
    /// `read_attributes_response 0x0004=string "IKEA", 0x0006:unsupported_attribute`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use GlobalCommand as C;
        f.write_str(self.name())?;
        match self {
            C::ReadAttributes(v) => {
                for (i, id) in v.attribute_ids().enumerate() {
                    f.write_str(if i == 0 { " " } else { ", " })?;
                    match id {
                        Ok(id) => write!(f, "0x{id:04x}")?,
                        Err(e) => write!(f, "<error: {e}>")?,
                    }
                }
                Ok(())
            }
            C::ReadAttributesResponse(v) => list(f, v.records()),
            C::WriteAttributes(v)
            | C::WriteAttributesUndivided(v)
            | C::WriteAttributesNoResponse(v) => list(f, v.records()),
            C::WriteAttributesResponse(v) => short_or_list(f, v.is_short_form(), v.records()),
            C::ConfigureReporting(v) => list(f, v.records()),
            C::ConfigureReportingResponse(v) => short_or_list(f, v.is_short_form(), v.records()),
            C::ReadReportingConfiguration(v) => list(f, v.records()),
            C::ReadReportingConfigurationResponse(v) => list(f, v.records()),
            C::ReportAttributes(v) => list(f, v.reports()),
            C::DefaultResponse(d) => write!(f, " {d}"),
            C::DiscoverAttributes(d) | C::DiscoverAttributesExtended(d) => write!(f, " {d}"),
            C::DiscoverAttributesResponse(v) => {
                complete(f, v.discovery_complete())?;
                list(f, v.attributes())
            }
            C::ReadAttributesStructured(v) => list(f, v.records()),
            C::WriteAttributesStructured(v) => list(f, v.records()),
            C::WriteAttributesStructuredResponse(v) => {
                short_or_list(f, v.is_short_form(), v.records())
            }
            C::DiscoverCommandsReceived(d) | C::DiscoverCommandsGenerated(d) => write!(f, " {d}"),
            C::DiscoverCommandsReceivedResponse(v) | C::DiscoverCommandsGeneratedResponse(v) => {
                complete(f, v.discovery_complete())?;
                for (i, id) in v.command_ids().enumerate() {
                    f.write_str(if i == 0 { " " } else { ", " })?;
                    match id {
                        Ok(id) => write!(f, "0x{id:02x}")?,
                        Err(e) => write!(f, "<error: {e}>")?,
                    }
                }
                Ok(())
            }
            C::DiscoverAttributesExtendedResponse(v) => {
                complete(f, v.discovery_complete())?;
                list(f, v.attributes())
            }
            C::Unknown {
                command_id,
                payload,
            } => {
                write!(f, "(0x{command_id:02x}) <")?;
                for b in *payload {
                    write!(f, "{b:02x}")?;
                }
                f.write_str(">")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: u8, payload: &[u8]) -> String {
        GlobalCommand::parse(id, payload).unwrap().to_string()
    }

    #[test]
    fn display_commands_on_one_line() {
        assert_eq!(
            line(
                0x0a,
                &[0x00, 0x00, 0x29, 0x66, 0x08, 0x01, 0x00, 0x10, 0x01]
            ),
            "report_attributes 0x0000=int16 2150, 0x0001=bool true"
        );
        assert_eq!(
            line(
                0x01,
                &[0x04, 0x00, 0x00, 0x42, 0x02, b'h', b'i', 0x06, 0x00, 0x86]
            ),
            "read_attributes_response 0x0004=string \"hi\", 0x0006:unsupported_attribute"
        );
        assert_eq!(
            line(0x00, &[0x04, 0x00, 0x05, 0x00]),
            "read_attributes 0x0004, 0x0005"
        );
        assert_eq!(line(0x04, &[0x00]), "write_attributes_response success");
        assert_eq!(
            line(0x04, &[0x88, 0x00, 0x00]),
            "write_attributes_response 0x0000:read_only"
        );
        assert_eq!(
            line(
                0x06,
                &[
                    0x00, 0x00, 0x00, 0x29, 0x1e, 0x00, 0x84, 0x03, 0x64, 0x00, 0x01, 0x21, 0x00,
                    0x2c, 0x01
                ]
            ),
            "configure_reporting 0x0000 reported int16 min=30 max=900 change=100, \
             0x0021 received timeout=300"
        );
        assert_eq!(
            line(0x07, &[0x8c, 0x00, 0x05, 0x00]),
            "configure_reporting_response 0x0005:unreportable_attribute reported"
        );
        assert_eq!(
            line(0x09, &[0x8c, 0x00, 0x01, 0x00]),
            "read_reporting_configuration_response 0x0001:unreportable_attribute reported"
        );
        assert_eq!(
            line(0x0b, &[0x02, 0x86]),
            "default_response command=0x02 status=unsupported_attribute"
        );
        assert_eq!(
            line(0x0d, &[0x01, 0x00, 0x00, 0x20]),
            "discover_attributes_response complete 0x0000:uint8"
        );
        assert_eq!(
            line(0x16, &[0x00, 0x00, 0x00, 0x10, 0x05]),
            "discover_attributes_extended_response incomplete 0x0000:bool:r-p"
        );
        assert_eq!(
            line(0x0f, &[0x00, 0x40, 0x11, 0x02, 0x00, 0x20, 0x07]),
            "write_attributes_structured 0x4000[2] add=uint8 7"
        );
        assert_eq!(
            line(0x12, &[0x01, 0x00, 0x01]),
            "discover_commands_received_response complete 0x00, 0x01"
        );
        assert_eq!(
            line(0x13, &[0x00, 0xff]),
            "discover_commands_generated start=0x00 max=255"
        );
        assert_eq!(line(0x40, &[0xab, 0x01]), "unknown(0x40) <ab01>");
    }

    #[test]
    fn display_marks_a_bad_record_and_stops() {
        assert_eq!(
            line(0x0a, &[0x00, 0x00, 0x29, 0x66, 0x08, 0x01, 0x00, 0x21, 0x01]),
            "report_attributes 0x0000=int16 2150, <error: truncated at byte 8: 1 more byte(s) needed>"
        );
    }
}
