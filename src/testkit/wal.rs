//! Write-ahead logs as an attacker crafts them: SQLite's checksums are no secret, so a
//! `-wal` can say anything and still hold together.

use std::path::Path;

/// SQLite's WAL checksum over `data` (whole 8-byte pairs), continuing from `sum`.
fn checksum(big_endian: bool, data: &[u8], (mut s0, mut s1): (u32, u32)) -> (u32, u32) {
    for pair in data.chunks_exact(8) {
        let word = |at: usize| {
            let b: [u8; 4] = pair[at..at + 4].try_into().unwrap();
            if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        s0 = s0.wrapping_add(word(0)).wrapping_add(s1);
        s1 = s1.wrapping_add(word(4)).wrapping_add(s0);
    }
    (s0, s1)
}

/// Makes the last commit of the `-wal` at `wal` claim a database of `pages` pages after
/// it (the frames after that commit are cut off), its checksums made good again.
pub fn claim_pages(wal: &Path, pages: u32) {
    let mut bytes = std::fs::read(wal).unwrap();
    let be = |b: &[u8], at: usize| u32::from_be_bytes(b[at..at + 4].try_into().unwrap());
    let big_endian = be(&bytes, 0) & 1 == 1;
    let frame = 24 + be(&bytes, 8) as usize;
    let frames = (bytes.len() - 32) / frame;
    let last = (0..frames)
        .rev()
        .find(|i| be(&bytes, 32 + i * frame + 4) != 0)
        .expect("a commit frame");
    let at = 32 + last * frame;
    bytes[at + 4..at + 8].copy_from_slice(&pages.to_be_bytes());
    bytes.truncate(at + frame);
    let mut sum = (be(&bytes, 24), be(&bytes, 28));
    for i in 0..=last {
        let at = 32 + i * frame;
        sum = checksum(big_endian, &bytes[at..at + 8], sum);
        sum = checksum(big_endian, &bytes[at + 24..at + frame], sum);
        bytes[at + 16..at + 20].copy_from_slice(&sum.0.to_be_bytes());
        bytes[at + 20..at + 24].copy_from_slice(&sum.1.to_be_bytes());
    }
    std::fs::write(wal, bytes).unwrap();
}
