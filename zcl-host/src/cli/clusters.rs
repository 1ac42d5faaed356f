//! `zcl-host clusters`: lists the cluster registry (id, manufacturer, name, attribute and command
//! counts) and prints totals.

use super::CliError;
use serde_json::json;
use std::io::Write as _;
use std::process::ExitCode;
use zcl_clusters::registry;
use zcl_core::Direction;

/// Arguments of `zcl-host clusters`.
#[derive(Debug, clap::Args)]
pub struct ClustersArgs {
    /// Print JSON (one object with `clusters` and `totals`) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list each cluster's attributes and commands.
    #[arg(long, short = 'a', visible_alias = "verbose")]
    pub verbose: bool,
}

/// Runs `zcl-host clusters`.
pub fn run(args: &ClustersArgs) -> Result<ExitCode, CliError> {
    let out = std::io::stdout();
    let mut out = out.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &registry_json(args.verbose))?;
        writeln!(out)?;
    } else {
        out.write_all(registry_table(args.verbose).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn hex_mfr(m: Option<u16>) -> String {
    m.map_or_else(|| "-".to_string(), |m| format!("0x{m:04x}"))
}

/// The registry as JSON: `{"clusters": [...], "totals": {...}}`.
pub fn registry_json(verbose: bool) -> serde_json::Value {
    let clusters: Vec<_> = registry::all()
        .iter()
        .map(|e| {
            let m = e.meta;
            let mut o = json!({
                "id": m.id,
                "id_hex": format!("0x{:04x}", m.id),
                "manufacturer": m.manufacturer,
                "name": m.name,
                "attributes": m.attributes.len(),
                "commands": m.commands.len(),
            });
            if let (true, Some(obj)) = (verbose, o.as_object_mut()) {
                let attributes: serde_json::Value = m
                    .attributes
                    .iter()
                    .map(|a| {
                        json!({"id": a.id, "name": a.name, "type": a.data_type.name(),
                               "manufacturer": a.manufacturer})
                    })
                    .collect();
                let commands: serde_json::Value = m
                    .commands
                    .iter()
                    .map(|c| {
                        json!({"id": c.id, "name": c.name,
                               "direction": direction_name(c.direction)})
                    })
                    .collect();
                obj.insert("attribute_list".into(), attributes);
                obj.insert("command_list".into(), commands);
            }
            o
        })
        .collect();
    let (n, mfr, attrs, cmds) = registry::totals();
    json!({
        "clusters": clusters,
        "totals": {
            "clusters": n,
            "manufacturer_specific_clusters": mfr,
            "attributes": attrs,
            "commands": cmds,
        }
    })
}

fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::ClientToServer => "client_to_server",
        Direction::ServerToClient => "server_to_client",
    }
}

/// The registry as a text table with a totals line.
pub fn registry_table(verbose: bool) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<8} {:<8} {:>5} {:>5}  name",
        "cluster", "mfr", "attrs", "cmds"
    );
    for e in registry::all() {
        let m = e.meta;
        let _ = writeln!(
            s,
            "0x{:04x}   {:<8} {:>5} {:>5}  {}",
            m.id,
            hex_mfr(m.manufacturer),
            m.attributes.len(),
            m.commands.len(),
            m.name
        );
        if verbose {
            for a in m.attributes {
                let _ = writeln!(
                    s,
                    "             attribute 0x{:04x} {} ({})",
                    a.id,
                    a.name,
                    a.data_type.name()
                );
            }
            for c in m.commands {
                let _ = writeln!(
                    s,
                    "             command   0x{:02x} {} ({})",
                    c.id,
                    c.name,
                    direction_name(c.direction)
                );
            }
        }
    }
    let (n, mfr, attrs, cmds) = registry::totals();
    let _ = writeln!(
        s,
        "total: {n} clusters ({mfr} manufacturer-specific), {attrs} attributes, {cmds} commands"
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lists_on_off_and_totals() {
        let t = registry_table(false);
        assert!(t.contains("0x0006   -"), "{t}");
        assert!(t.lines().last().unwrap().starts_with("total: "));
        let j = registry_json(true);
        let on_off = j["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == 6)
            .unwrap();
        assert_eq!(on_off["name"], "On/Off");
        assert!(on_off["command_list"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "toggle"));
    }
}
