#![no_std]
#![no_main]
use cortex_m as _;
use cortex_m_rt::entry;

#[entry]
fn main() -> ! {
    semihosting::println!("hello");
    semihosting::process::exit(3)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    semihosting::process::exit(101)
}
