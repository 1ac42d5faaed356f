//! Transports against real pseudo-terminals and local TCP sockets.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{Read, Write};
use std::time::{Duration, Instant};
use zcl_host::radio::transport::{
    pipe, ByteRead, ByteWrite, PortSpec, ReconnectPolicy, SerialSettings, TcpServer, Transport,
    TransportError,
};

const T: Duration = Duration::from_millis(100);

/// Reads until `want` bytes came or a few seconds passed.
fn read_exact_within(t: &mut impl ByteRead, want: usize) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut got = Vec::new();
    let mut buf = [0u8; 64];
    while got.len() < want && Instant::now() < deadline {
        let n = t.read(&mut buf, T).unwrap();
        got.extend_from_slice(&buf[..n]);
    }
    got
}

/// Reads until an error comes (bounded), returning it; data read meanwhile is dropped.
fn read_until_error(t: &mut Transport) -> TransportError {
    let mut buf = [0u8; 64];
    for _ in 0..200 {
        if let Err(e) = t.read(&mut buf, T) {
            return e;
        }
    }
    panic!("no error after 200 reads");
}

#[cfg(unix)]
mod pty {
    use super::*;
    use zcl_host::radio::transport::PtyPair;

    fn open_slave(path: &str) -> Box<dyn serialport::SerialPort> {
        serialport::new(path, 115_200)
            .timeout(Duration::from_secs(2))
            .open()
            .unwrap()
    }

    fn slave_read(port: &mut Box<dyn serialport::SerialPort>, want: usize) -> Vec<u8> {
        let mut got = vec![0u8; want];
        port.read_exact(&mut got).unwrap();
        got
    }

    #[test]
    fn pty_bytes_both_ways() {
        let (mut master, path) = PtyPair::open().unwrap();
        assert!(path.starts_with("/dev/"), "{path}");
        assert!(master.describe().contains(&path));
        let mut host = open_slave(&path);
        host.write_all(&[0x1a, 0xc0, 0x38, 0xbc, 0x7e]).unwrap();
        assert_eq!(
            read_exact_within(&mut master, 5),
            [0x1a, 0xc0, 0x38, 0xbc, 0x7e]
        );
        // Every byte value passes untouched (raw mode on both sides).
        let all: Vec<u8> = (0..=255).collect();
        master.write_all(&all).unwrap();
        assert_eq!(slave_read(&mut host, 256), all);
    }

    #[test]
    fn pty_master_read_times_out_with_zero_before_any_host() {
        let (mut master, _path) = PtyPair::open().unwrap();
        let mut buf = [0u8; 8];
        assert_eq!(master.read(&mut buf, Duration::from_millis(20)).unwrap(), 0);
    }

    #[test]
    fn pty_survives_host_closing_and_reopening() {
        let (mut master, path) = PtyPair::open().unwrap();
        for round in 0u8..4 {
            let mut host = open_slave(&path);
            host.write_all(&[round, 0x7e]).unwrap();
            assert_eq!(
                read_exact_within(&mut master, 2),
                [round, 0x7e],
                "round {round}"
            );
            master.write_all(&[0xa0 | round]).unwrap();
            assert_eq!(slave_read(&mut host, 1), [0xa0 | round]);
            drop(host);
            // No host now: the master neither fails nor returns data.
            let mut buf = [0u8; 8];
            assert_eq!(master.read(&mut buf, Duration::from_millis(20)).unwrap(), 0);
        }
    }

    #[test]
    fn pty_split_reader_thread() {
        let (master, path) = PtyPair::open().unwrap();
        let (mut reader, mut writer) = master.split();
        let mut host = open_slave(&path);
        let reader_thread = std::thread::spawn(move || read_exact_within(&mut reader, 3));
        host.write_all(b"abc").unwrap();
        assert_eq!(reader_thread.join().unwrap(), b"abc");
        writer.write_all(b"xyz").unwrap();
        assert_eq!(slave_read(&mut host, 3), b"xyz");
    }

    #[test]
    fn serial_transport_over_pty_and_exclusive_open() {
        let (mut master, path) = PtyPair::open().unwrap();
        let spec: PortSpec = path.parse().unwrap();
        let mut host = Transport::open(&spec, &SerialSettings::default()).unwrap();
        assert!(
            host.describe().contains("115200 baud"),
            "{}",
            host.describe()
        );
        host.write_all(b"\x1a\xc0").unwrap();
        assert_eq!(read_exact_within(&mut master, 2), b"\x1a\xc0");
        master.write_all(b"\x7e").unwrap();
        assert_eq!(read_exact_within(&mut host, 1), b"\x7e");
        // Timeout is Ok(0).
        let mut buf = [0u8; 4];
        assert_eq!(host.read(&mut buf, Duration::from_millis(20)).unwrap(), 0);
        // Control lines on a pty are accepted or refused, but never panic.
        let _ = host.set_dtr(true);
        let _ = host.set_rts(false);
        // A second open of the same port is refused.
        let second = Transport::open(&spec, &SerialSettings::default()).unwrap_err();
        assert!(matches!(second, TransportError::Busy { .. }), "{second:?}");
        assert!(second.to_string().contains(&path));
        drop(host);
        // Closed and reopened through the Transport too.
        let mut host = Transport::open(&spec, &SerialSettings::default()).unwrap();
        host.write_all(b"again").unwrap();
        assert_eq!(read_exact_within(&mut master, 5), b"again");
    }
}

#[test]
fn nonexistent_serial_port_is_not_found() {
    let path = if cfg!(windows) {
        "COM250"
    } else {
        "/dev/ttyUSB9-does-not-exist"
    };
    let e = Transport::open(&path.parse().unwrap(), &SerialSettings::default()).unwrap_err();
    if cfg!(unix) {
        assert!(matches!(e, TransportError::NotFound { .. }), "{e:?}");
        assert_eq!(e.to_string(), format!("no such serial port {path}"));
        assert!(!e.is_retryable());
    }
}

#[test]
fn port_spec_parsing_from_the_outside() {
    assert_eq!(
        "socket://10.0.0.5:6638".parse::<PortSpec>().unwrap(),
        PortSpec::Tcp {
            host: "10.0.0.5".into(),
            port: 6638
        }
    );
    let e = "socket://10.0.0.5".parse::<PortSpec>().unwrap_err();
    assert!(e.to_string().contains("socket://10.0.0.5"), "{e}");
}

fn quick_policy() -> ReconnectPolicy {
    ReconnectPolicy {
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        give_up_after: Some(Duration::from_millis(600)),
        connect_timeout: Duration::from_millis(200),
        ..ReconnectPolicy::default()
    }
}

fn tcp_spec(server: &TcpServer) -> PortSpec {
    format!("socket://{}", server.local_addr()).parse().unwrap()
}

#[test]
fn tcp_server_reports_real_port_and_times_out() {
    let server = TcpServer::bind("127.0.0.1:0").unwrap();
    assert_ne!(server.local_addr().port(), 0);
    assert!(server
        .accept(Some(Duration::from_millis(20)))
        .unwrap()
        .is_none());
}

#[test]
fn tcp_client_reconnects_then_gives_up() {
    let server = TcpServer::bind("127.0.0.1:0").unwrap();
    let spec = tcp_spec(&server);
    let mut client =
        Transport::open_with(&spec, &SerialSettings::default(), &quick_policy()).unwrap();
    assert_eq!(client.generation(), 0);
    let (mut conn, _peer) = server
        .accept(Some(Duration::from_secs(5)))
        .unwrap()
        .unwrap();
    client.write_all(b"hello").unwrap();
    assert_eq!(read_exact_within(&mut conn, 5), b"hello");
    conn.write_all(b"world").unwrap();
    assert_eq!(read_exact_within(&mut client, 5), b"world");

    // The server drops the client: the client reconnects by itself and says so.
    drop(conn);
    let e = read_until_error(&mut client);
    assert!(
        matches!(e, TransportError::Reconnected { generation: 1, .. }),
        "{e:?}"
    );
    assert!(e.is_retryable());
    assert_eq!(client.generation(), 1);
    let (mut conn, _peer) = server
        .accept(Some(Duration::from_secs(5)))
        .unwrap()
        .unwrap();
    client.write_all(b"again").unwrap();
    assert_eq!(read_exact_within(&mut conn, 5), b"again");
    conn.write_all(b"ok").unwrap();
    assert_eq!(read_exact_within(&mut client, 2), b"ok");

    // The server goes away for good: the client gives up within its deadline.
    drop(conn);
    drop(server);
    let e = read_until_error(&mut client);
    let TransportError::GaveUp { attempts, .. } = &e else {
        panic!("expected GaveUp, got {e:?}");
    };
    assert!(*attempts >= 1);
    let text = e.to_string();
    assert!(
        text.starts_with(&format!("{spec}: could not reconnect after ")),
        "{text}"
    );
    assert!(!e.is_retryable());
    // Final: reads and writes keep failing the same way.
    assert!(matches!(
        client.write_all(b"x"),
        Err(TransportError::GaveUp { .. })
    ));
    assert!(matches!(
        read_until_error(&mut client),
        TransportError::GaveUp { .. }
    ));
}

#[test]
fn tcp_max_attempts_gives_up() {
    let server = TcpServer::bind("127.0.0.1:0").unwrap();
    let spec = tcp_spec(&server);
    let policy = ReconnectPolicy {
        max_attempts: Some(3),
        give_up_after: None,
        ..quick_policy()
    };
    let mut client = Transport::open_with(&spec, &SerialSettings::default(), &policy).unwrap();
    let (conn, _) = server
        .accept(Some(Duration::from_secs(5)))
        .unwrap()
        .unwrap();
    drop(conn);
    drop(server);
    let e = read_until_error(&mut client);
    assert!(
        matches!(e, TransportError::GaveUp { attempts: 3, .. }),
        "{e:?}"
    );
}

#[test]
fn tcp_split_writer_learns_of_reconnection_by_reader() {
    let server = TcpServer::bind("127.0.0.1:0").unwrap();
    let spec = tcp_spec(&server);
    let client = Transport::open_with(&spec, &SerialSettings::default(), &quick_policy()).unwrap();
    let (mut reader, mut writer) = client.split();
    let (conn, _) = server
        .accept(Some(Duration::from_secs(5)))
        .unwrap()
        .unwrap();
    drop(conn);
    let reader_thread = std::thread::spawn(move || {
        let mut buf = [0u8; 16];
        for _ in 0..200 {
            if let Err(e) = reader.read(&mut buf, T) {
                return (e, reader);
            }
        }
        panic!("reader saw no reconnection");
    });
    let (e, mut reader) = reader_thread.join().unwrap();
    assert!(
        matches!(e, TransportError::Reconnected { generation: 1, .. }),
        "{e:?}"
    );
    // The writer reports the same reconnection once (nothing sent), then works.
    let w = writer.write_all(b"lost").unwrap_err();
    assert!(
        matches!(w, TransportError::Reconnected { generation: 1, .. }),
        "{w:?}"
    );
    writer.write_all(b"sent").unwrap();
    let (mut conn, _) = server
        .accept(Some(Duration::from_secs(5)))
        .unwrap()
        .unwrap();
    assert_eq!(read_exact_within(&mut conn, 4), b"sent");
    conn.write_all(b"back").unwrap();
    assert_eq!(read_exact_within(&mut reader, 4), b"back");
}

#[test]
fn tcp_server_sees_client_disconnect_and_accepts_the_next() {
    let server = TcpServer::bind("127.0.0.1:0").unwrap();
    let spec = tcp_spec(&server);
    for round in 0u8..3 {
        let mut client =
            Transport::open_with(&spec, &SerialSettings::default(), &ReconnectPolicy::never())
                .unwrap();
        let (mut conn, peer) = server
            .accept(Some(Duration::from_secs(5)))
            .unwrap()
            .unwrap();
        assert!(peer.ip().is_loopback());
        client.write_all(&[round]).unwrap();
        assert_eq!(read_exact_within(&mut conn, 1), [round]);
        drop(client);
        let e = read_until_error(&mut conn);
        assert!(matches!(e, TransportError::Closed { .. }), "{e:?}");
    }
}

#[test]
fn tcp_connect_refused_is_a_clear_retryable_error() {
    let server = TcpServer::bind("127.0.0.1:0").unwrap();
    let spec = tcp_spec(&server);
    drop(server);
    let e = Transport::open(&spec, &SerialSettings::default()).unwrap_err();
    assert!(matches!(e, TransportError::Connect { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with(&format!("{spec}: could not connect")),
        "{e}"
    );
    assert!(e.is_retryable());
}

#[test]
fn pipe_through_the_traits() {
    fn echo(r: &mut impl ByteRead, w: &mut impl ByteWrite) {
        let mut buf = [0u8; 16];
        let n = r.read(&mut buf, Duration::from_secs(2)).unwrap();
        w.write_all(&buf[..n]).unwrap();
    }
    let (mut a, b) = pipe();
    let (mut br, mut bw) = b.split();
    let t = std::thread::spawn(move || echo(&mut br, &mut bw));
    a.write_all(b"ping").unwrap();
    t.join().unwrap();
    assert_eq!(read_exact_within(&mut a, 4), b"ping");
}

#[test]
fn ports_subcommand_runs() {
    for args in [&["ports"][..], &["ports", "--json"][..]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        // The same ports the library lists (this machine's, so the test holds anywhere).
        let ports = zcl_host::radio::ports::list_ports().unwrap();
        if args.len() == 2 {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                v["ports"].as_array().map(Vec::len),
                Some(ports.len()),
                "{v}"
            );
        } else {
            assert_eq!(text, zcl_host::cli::ports::ports_text(&ports));
        }
    }
}
