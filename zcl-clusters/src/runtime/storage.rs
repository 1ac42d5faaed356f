//! The hook through which persistent attributes reach non-volatile memory.

/// Which attribute a stored value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct StorageKey {
    /// Endpoint.
    pub endpoint: u8,
    /// Cluster id.
    pub cluster: u16,
    /// Manufacturer code of a manufacturer-specific cluster.
    pub manufacturer: Option<u16>,
    /// Attribute id.
    pub attribute: u16,
}

/// Non-volatile storage for attribute values (flash, EEPROM, a file). Values are the attribute's
/// wire encoding without type id. An implementation should skip writing unchanged values to save
/// flash wear.
pub trait Storage {
    /// Copies the stored value into `buf` and returns its length, or `None` when nothing is
    /// stored (or it does not fit).
    fn load(&mut self, key: StorageKey, buf: &mut [u8]) -> Option<usize>;
    /// Stores a value.
    fn save(&mut self, key: StorageKey, value: &[u8]);
}

/// A RAM-backed [`Storage`] holding up to `N` values of at most 8 bytes (tests, simulations).
#[derive(Debug, Clone, Default)]
pub struct MemoryStorage<const N: usize> {
    entries: heapless::Vec<(StorageKey, heapless::Vec<u8, 8>), N>,
    /// Number of `save` calls that changed a value.
    pub writes: usize,
}

impl<const N: usize> MemoryStorage<N> {
    /// Empty storage.
    pub const fn new() -> Self {
        MemoryStorage {
            entries: heapless::Vec::new(),
            writes: 0,
        }
    }
}

impl<const N: usize> Storage for MemoryStorage<N> {
    fn load(&mut self, key: StorageKey, buf: &mut [u8]) -> Option<usize> {
        let (_, v) = self.entries.iter().find(|(k, _)| *k == key)?;
        buf.get_mut(..v.len())?.copy_from_slice(v);
        Some(v.len())
    }

    fn save(&mut self, key: StorageKey, value: &[u8]) {
        let Ok(v) = heapless::Vec::from_slice(value) else {
            return;
        };
        if let Some(e) = self.entries.iter_mut().find(|(k, _)| *k == key) {
            if e.1 != v {
                e.1 = v;
                self.writes += 1;
            }
        } else if self.entries.push((key, v)).is_ok() {
            self.writes += 1;
        }
    }
}
