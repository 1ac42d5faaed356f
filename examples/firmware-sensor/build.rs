//! Chooses the memory layout for the target and passes cortex-m-rt's linker script.
use std::{env, fs, path::PathBuf};

fn main() {
    let target = env::var("TARGET").unwrap_or_default();
    // mps2-an386 (Cortex-M4F) has 4 MiB at 0x0; the micro:bit (Cortex-M0) 256 KiB flash, 16 KiB RAM.
    let memory = if target.starts_with("thumbv6m") {
        "MEMORY\n{\n  FLASH : ORIGIN = 0x00000000, LENGTH = 256K\n  RAM : ORIGIN = 0x20000000, LENGTH = 16K\n}\n"
    } else {
        "MEMORY\n{\n  FLASH : ORIGIN = 0x00000000, LENGTH = 4M\n  RAM : ORIGIN = 0x20000000, LENGTH = 4M\n}\n"
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    fs::write(out.join("memory.x"), memory).unwrap_or_default();
    // Interrupt handlers come from main.rs (__INTERRUPTS), so device.x provides nothing.
    fs::write(out.join("device.x"), "").unwrap_or_default();
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    // Identical functions folded into one (Rust promises no distinct function addresses).
    println!("cargo:rustc-link-arg-bins=--icf=all");
    println!("cargo:rerun-if-changed=build.rs");
}
